"""The contract every problem kind fulfils, and the values that pass between the phases.

Free of pydantic on purpose: a student's ``grader check`` imports this and the judges only.

A problem goes through PrairieLearn's phases: ``draw`` a variant (prepare), ``statement`` and
``answer_hint`` (render), ``read_answer`` from a submission (parse: an unreadable answer is an
:class:`Outcome` already, kept apart from a wrong one), and ``check`` it (grade). ``lock`` and
``format_lock`` give a student folder what its kind's local judge needs to check without the
answers. A new kind is one module in :mod:`grader.kinds` (a :class:`grader.schema.ProblemSpec`
subclass), its judge in :mod:`grader.judge` when it is checked locally, and one registry line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np


def plain(value: Any) -> Any:
    """Convert NumPy values to plain Python (lists, ints, floats) for YAML and JSON."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


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
    def right(cls, feedback: str = "correct") -> Outcome:
        return cls(1.0, feedback)

    @classmethod
    def wrong(cls, feedback: str, mistake: str | None = None) -> Outcome:
        return cls(0.0, feedback, mistake)


NOT_ANSWERED = Outcome(0.0, "not answered")

NOT_CHECKED_LOCALLY = Outcome(0.0, "checked when graded, not locally", checked=False)

#: What a format check says of an answer that is well-formed: no more.
WELL_FORMED = "well-formed ({}); whether it is right is judged when graded"


class Handed(Protocol):
    """What a submission hands in, as the parse phase reads it."""

    @property
    def answers(self) -> Mapping[str, Any]: ...

    @property
    def unreadable(self) -> Mapping[str, str]:
        """problem id -> why its answer could not be read; "*" for the whole answers file."""

    @property
    def code(self) -> Any:
        """The code handed in (a ``CodeSource``), or None."""


def blank(value: Any) -> bool:
    """Whether an answer slot was left empty."""
    return value is None or value == "" or value == []


def value_answer(problem_id: str, handed: Handed) -> Any:
    """A value answer (answers.yaml or the notebook's answer cell), or the Outcome saying why none counts."""
    why = handed.unreadable.get(problem_id) or handed.unreadable.get("*")
    if why:
        return Outcome.wrong(why, "unreadable")
    submitted = handed.answers.get(problem_id)
    return NOT_ANSWERED if blank(submitted) else submitted


def code_answer(handed: Handed) -> Any:
    """The code handed in (solution.py or the notebook's solution cells), or the Outcome saying there is none."""
    return handed.code if handed.code is not None else Outcome.wrong("not answered (no solution.py or notebook)")


class Gradable(Protocol):
    """What grading needs of a problem: a bank problem, or a student folder's locked copy of one."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def code_function(self) -> str | None: ...

    def read_answer(self, handed: Handed) -> Any: ...

    def check(self, variant: Any, submitted: Any) -> Outcome: ...


class GradedAssignment(Protocol):
    """What grading needs of an assignment: the bank's, or a student folder's locked one."""

    @property
    def spec(self) -> Any: ...  # has ``id`` and ``title``

    @property
    def items(self) -> tuple[tuple[Any, float], ...]: ...  # (a Gradable, its points)

    def variant(self, problem: Any, student: str) -> Any: ...


class Problem(ABC):
    """Every verb a problem kind implements. Its spec fields (``id``, ``kind``, ``title``,
    ``prompt``, …) come from :class:`grader.schema.ProblemSpec`, the pydantic base of every kind."""

    kind_name: ClassVar[str] = ""
    #: Whether loading the bank in ``grader validate`` checks each trial variant's key (cheap kinds only).
    trial_checks: ClassVar[bool] = True
    #: The spec field an answer key that does not score full is reported at.
    key_field: ClassVar[str] = "answer"

    id: str
    title: str

    # -- prepare and render -----------------------------------------------------------------
    @abstractmethod
    def draw(self, rng: np.random.Generator) -> Variant:
        """A student's variant, drawn from ``rng`` (seeded by assignment, student and problem)."""

    @abstractmethod
    def expected(self, variant: Variant) -> Any:
        """The answer key, as a student would write it in answers.yaml (or the model code)."""

    @abstractmethod
    def statement(self, variant: Variant) -> str:
        """The prompt with the variant's values, in Markdown with LaTeX."""

    @abstractmethod
    def answer_hint(self, variant: Variant) -> str:
        """How to write the answer (a shape, a format), never what it is."""

    @property
    def code_function(self) -> str | None:
        """The function a student writes for this problem; None when the answer is a value."""
        return None

    def answer_slot(self, variant: Variant, with_key: bool) -> Any:
        """What the student folder's slot for this problem holds: blank (None), or the key."""
        return self.expected(variant) if with_key else None

    # -- parse and grade -------------------------------------------------------------------
    def read_answer(self, handed: Handed) -> Any:
        """The answer handed in for this problem, or an :class:`Outcome` when none can count."""
        return value_answer(self.id, handed)

    def as_submitted(self, key: Any) -> Any:
        """The answer key as ``check`` receives it from a submission."""
        return key

    @abstractmethod
    def check(self, variant: Variant, submitted: Any) -> Outcome:
        """Judge an answer against the variant's exact reference."""

    # -- local checks in a student folder --------------------------------------------------
    def lock(self, variant: Variant, salt: str) -> dict | None:
        """What a student folder carries to check this variant locally without the answer in
        readable form (grader.judge.locks); None: not checkable locally. The kind's local judge
        (named in :mod:`grader.kinds`'s registry) checks answers against it."""
        return None

    def format_lock(self, variant: Variant) -> dict | None:
        """For an assignment in ``check: format``: what a local check needs to say whether an
        answer is well-formed (a shape, a number of options), nothing about what is right."""
        return None
