"""Judging the letters a student picked: one judge for the bank's options and for a student
folder's sealed ones (the option's verdict and feedback are opened by the caller).

Partial credit for multiple answers (the README documents it): each correct option picked
earns ``1/k`` of the points (``k`` correct options), each wrong option picked takes ``1/k``
away, and the score never drops below zero.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from grader.core import NOT_ANSWERED, WELL_FORMED, Outcome
from grader.judge.locks import unseal

LABELS = string.ascii_lowercase


class Verdict(Protocol):
    """What an opened option tells: whether it is correct, and what to say when it is picked wrongly."""

    @property
    def correct(self) -> bool: ...

    @property
    def feedback(self) -> str: ...


@dataclass(frozen=True)
class Opened:
    correct: bool
    feedback: str = ""


def score_picks(submitted: Any, n_options: int, multiple: bool, n_correct: int, option_of: Callable[[str], Verdict]) -> Outcome:
    """Score the letters picked; ``option_of`` opens one option (the spec's, or a locked one)."""
    valid = LABELS[:n_options]
    picks = _letters(submitted)
    if not picks:
        return Outcome.wrong("not answered")
    unknown = [p for p in picks if p not in valid]
    if unknown:
        return Outcome.wrong(f"no option {', '.join(map(repr, unknown))}: choose from {valid[0]}–{valid[-1]}", "format")
    if not multiple and len(picks) > 1:
        return Outcome.wrong(f"pick exactly one option, got {len(picks)}", "format")
    chosen = [(p, option_of(p)) for p in picks]
    wrong_picks = [(p, o) for p, o in chosen if not o.correct]
    hits = len(picks) - len(wrong_picks)
    fraction = max(0.0, (hits - len(wrong_picks)) / n_correct)
    if fraction == 1.0:
        return Outcome.right()
    notes = [f"({p}) is not right" + (f": {o.feedback}" if o.feedback else "") for p, o in wrong_picks]
    if multiple and hits < n_correct:
        missing = n_correct - hits
        notes.append(f"{missing} correct option{'s' if missing > 1 else ''} not selected")
    return Outcome(fraction, "; ".join(notes))


def _letters(submitted: Any) -> list[str]:
    """Accept ``b``, ``B``, ``(b)``, ``[a, c]`` and ``"a, c"``; return unique lowercase labels in order."""
    items = submitted if isinstance(submitted, list) else str(submitted).replace(";", ",").split(",")
    out: list[str] = []
    for item in items:
        label = str(item).strip().strip("()").strip().lower()
        if label and label not in out:
            out.append(label)
    return out


def check_locked(lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
    """The picks against sealed options: each picked letter opens its own token only."""
    return score_picks(submitted, len(lock["options"]), lock["multiple"], lock["n_correct"],
                       lambda label: Opened(**unseal(salt, f"{problem_id}/{label}", lock["options"][label])))


def check_format(lock: dict, problem_id: str, submitted: Any) -> Outcome:
    valid = LABELS[: lock["n_options"]]
    picks = _letters(submitted)
    if not picks:
        return NOT_ANSWERED
    if any(p not in valid for p in picks):
        return Outcome.wrong(f"answer with the letters {', '.join(valid)}", "format")
    if not lock["multiple"] and len(picks) != 1:
        return Outcome.wrong("pick one letter", "format")
    return Outcome(0.0, WELL_FORMED.format(", ".join(picks)), checked=False)
