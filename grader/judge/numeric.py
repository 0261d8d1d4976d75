"""Judging a number, vector or matrix: one feedback order for the exact reference (grading)
and for locked hashes (a student folder), with the comparisons injected.

The order: unreadable; transposed; wrong shape; right; a named mistake; the sign; rounded too
coarsely (where the comparison can tell); which entries are wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.core import WELL_FORMED, Outcome
from grader.judge.locks import SIGFIGS, matches
from grader.judge.numbers import AnswerFormatError, describe_shape, significant_figures, to_array

#: Entrywise: does each entry of an array agree with what is compared against? (all False on a shape mismatch)
Agrees = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Comparison:
    answer: Agrees
    #: (name, message, agrees) of each named mistake.
    mistakes: list[tuple[str, str, Agrees]] = field(default_factory=list)
    #: Whether a wrong answer is the right one rounded too coarsely, and what precision is needed.
    coarse: Callable[[np.ndarray], bool] | None = None
    needed: str = ""
    #: What a wrong scalar is told.
    wrong: str = "not right"


def read(submitted: Any, shape: tuple[int, ...]) -> np.ndarray | Outcome:
    """The answer as an array (a one-entry answer to a scalar question as a scalar), or why not."""
    try:
        got = to_array(submitted)
    except AnswerFormatError as exc:
        return Outcome.wrong(str(exc), "format")
    return got.reshape(()) if shape == () and got.size == 1 else got


def judge(submitted: Any, shape: tuple[int, ...], unordered: bool, compare: Comparison) -> Outcome:
    got = read(submitted, shape)
    if isinstance(got, Outcome):
        return got
    if unordered:
        got = np.sort(got)
    if got.ndim == 2 and got.T.shape == shape and np.all(compare.answer(got.T)):
        if got.shape != shape or not np.all(compare.answer(got)):
            return Outcome.wrong("your result is the transpose of the one asked for", "transposed")
    if got.shape != shape:
        return Outcome.wrong(f"expected {describe_shape(shape)}, got {describe_shape(got.shape)}", "shape")
    close = np.asarray(compare.answer(got)).reshape(shape)
    if np.all(close):
        return Outcome.right()
    for name, message, agrees in compare.mistakes:
        if np.all(agrees(got)):
            return Outcome.wrong(message, name)
    if np.any(got != 0) and np.all(compare.answer(-got)):
        return Outcome.wrong("the magnitude is right but the sign is wrong", "sign")
    if compare.coarse is not None and compare.coarse(got):
        return Outcome.wrong(f"rounded too coarsely: keep more digits (needed: {compare.needed})", "rounding")
    return wrong_entries(close, compare.wrong)


def wrong_entries(close: np.ndarray, scalar_message: str) -> Outcome:
    """Which entries are wrong, by position, without their values."""
    if close.ndim == 0:
        return Outcome.wrong(scalar_message)
    wrong = [", ".join(str(i + 1) for i in idx) for idx in zip(*np.nonzero(~close))]
    shown = "; ".join(f"({w})" for w in wrong[:6]) + ("; ..." if len(wrong) > 6 else "")
    return Outcome.wrong(f"{len(wrong)} of {close.size} entries are wrong: {shown}")


def check_locked(lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
    """The same judge against a student folder's locked hashes."""
    exact = lock["exact"]

    def locked(key: str, entries: list[str]) -> Agrees:
        return lambda values: matches(salt, key, values, entries, exact)

    mistakes = [(m["name"], m["message"], _as_written(salt, f"{problem_id}/{m['name']}", m, exact)) for m in lock["mistakes"]]
    compare = Comparison(locked(problem_id, lock["entries"]), mistakes,
                         wrong=f"not right (checked locally to {SIGFIGS} significant figures)")
    return judge(submitted, tuple(lock["shape"]), lock["match"] == "unordered", compare)


def check_format(lock: dict, problem_id: str, submitted: Any) -> Outcome:
    shape = tuple(lock["shape"])
    got = read(submitted, shape)
    if isinstance(got, Outcome):
        return got
    if got.shape != shape:
        return Outcome.wrong(f"expected {describe_shape(shape)}, got {describe_shape(got.shape)}", "shape")
    return Outcome(0.0, WELL_FORMED.format(describe_shape(shape)), checked=False)


def _as_written(salt: str, key: str, lock: dict, exact: bool) -> Agrees:
    """Entrywise agreement with a locked value, at 4 significant figures or at the coarser
    precision the student wrote an entry to (2 or 3)."""

    def agrees(got: np.ndarray) -> np.ndarray:
        hit = matches(salt, key, got, lock["entries"], exact)
        figures = np.ravel(np.vectorize(significant_figures, otypes=[int])(got)) if got.size else np.zeros(0, dtype=int)
        for n, locked in lock.get("rounded", {}).items():
            if not exact and np.any(figures == int(n)):
                hit = hit | ((figures == int(n)) & matches(salt, key, got, locked, exact, int(n)))
        return hit

    return agrees
