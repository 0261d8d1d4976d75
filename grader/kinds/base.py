"""What every kind shares: a drawn variant and the outcome of checking one answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Variant:
    """One student's concrete instance of a problem: drawn values and kind-specific extras."""

    problem_id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The result of checking one answer: the fraction of the points earned and why.

    ``mistake`` names a recognised common mistake when the answer matches one.
    """

    fraction: float
    feedback: str = ""
    mistake: str | None = None
    #: False when a local check cannot judge the answer (it is checked when graded).
    checked: bool = True
    #: Why an instructor should look at this answer (the score stands until they do).
    flag: str | None = None

    @classmethod
    def right(cls, feedback: str = "correct") -> "Outcome":
        return cls(1.0, feedback)

    @classmethod
    def wrong(cls, feedback: str, mistake: str | None = None) -> "Outcome":
        return cls(0.0, feedback, mistake)


NOT_ANSWERED = Outcome(0.0, "not answered")

NOT_CHECKED_LOCALLY = Outcome(0.0, "checked when graded, not locally", checked=False)

#: What a format check says of an answer that is well-formed: no more.
WELL_FORMED = "well-formed ({}); whether it is right is judged when graded"
