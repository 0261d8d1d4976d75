"""A scalar, vector or matrix answer computed by a reference function from drawn parameters.

Besides right/wrong, the check names common mistakes: the ones a spec lists (an alternative
formula and its message) and three that apply everywhere (transposed, sign, rounded too coarsely).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from grader.judge.locks import ROUNDED_SIGFIGS, SIGFIGS, lock_array, matches
from grader.judge.numbers import AnswerFormatError, Tolerance, as_written, describe_shape, significant_figures, to_array
from grader.kinds.base import WELL_FORMED, Outcome, Variant
from grader.kinds.drawn import DrawnProblem
from grader.spec.formula import Formula
from grader.spec.models import Slug


class Mistake(Formula):
    """A wrong formula students often use, and what to tell them when their answer matches it."""

    name: Slug
    message: str = Field(min_length=1)


class NumericProblem(DrawnProblem):
    kind_name: ClassVar[str] = "numeric"

    kind: Literal["numeric"]
    answer: Formula
    tolerance: Tolerance = Field(default_factory=Tolerance)
    #: ``unordered``: a vector answer whose entries may come in any order (e.g. eigenvalues).
    match: Literal["ordered", "unordered"] = "ordered"
    mistakes: list[Mistake] = Field(default_factory=list)

    @model_validator(mode="after")
    def _formulas_resolve(self) -> "NumericProblem":
        self.verify_formulas("answer", self.answer, self.mistakes)
        return self

    # -- verbs -----------------------------------------------------------------------------
    def expected(self, variant: Variant) -> Any:
        return tidy(self.answer.evaluate(variant.values))

    def answer_hint(self, variant: Variant) -> str:
        shape = np.shape(self.answer.evaluate(variant.values))
        example = {0: "e.g. 0.25", 1: "as a list, e.g. [1, 2.5, -3]", 2: "as a list of rows, e.g. [[1, 2], [3, 4]]"}
        return f"{describe_shape(shape)}, {example.get(len(shape), 'as nested lists')}"

    def _value(self, formula: Formula, variant: Variant) -> np.ndarray | None:
        value = formula.try_evaluate(variant.values)
        return np.sort(value) if self.match == "unordered" and value is not None else value

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        expected = self._value(self.answer, variant)
        try:
            got = to_array(submitted)
        except AnswerFormatError as exc:
            return Outcome.wrong(str(exc), "format")
        if expected.ndim == 0 and got.size == 1:
            got = got.reshape(())
        if self.match == "unordered":
            got = np.sort(got)
        symmetric = expected.ndim == 2 and expected.shape == expected.T.shape and np.allclose(expected, expected.T)
        if got.ndim == 2 and got.T.shape == expected.shape and not symmetric:
            if np.all(self.tolerance.close(got.T, expected)):
                return Outcome.wrong("your result is the transpose of the one asked for", "transposed")
        if got.shape != expected.shape:
            return Outcome.wrong(f"expected {describe_shape(expected.shape)}, got {describe_shape(got.shape)}", "shape")
        close = self.tolerance.close(got, expected)
        if np.all(close):
            return Outcome.right()
        return self._diagnose(variant, got, expected, close)

    def _diagnose(self, variant: Variant, got: np.ndarray, expected: np.ndarray, close: np.ndarray) -> Outcome:
        for mistake in self.mistakes:
            value = self._value(mistake, variant)
            if value is not None and value.shape == got.shape and np.all(self.tolerance.close(got, value) | as_written(got, value, 2)):
                return Outcome.wrong(mistake.message, mistake.name)
        if np.any(expected != 0) and np.all(self.tolerance.close(-got, expected)):
            return Outcome.wrong("the magnitude is right but the sign is wrong", "sign")
        if np.all(np.abs(got - expected) <= 0.5 * 10.0 ** -_decimals(got) + 1e-12):
            return Outcome.wrong(
                f"rounded too coarsely: keep more digits (needed: {self.tolerance.describe()})", "rounding"
            )
        return wrong_entries(close, f"not within tolerance ({self.tolerance.describe()})")

    def lock(self, variant: Variant, salt: str) -> dict:
        expected = self._value(self.answer, variant)
        exact = bool(self.tolerance.rtol == 0 and np.all(expected == np.round(expected)))
        mistakes = []
        for mistake in self.mistakes:
            value = self._value(mistake, variant)
            if value is not None and value.shape == expected.shape:
                key = f"{self.id}/{mistake.name}"
                mistakes.append({"name": mistake.name, "message": mistake.message, "entries": lock_array(salt, key, value, exact),
                                 "rounded": {str(n): lock_array(salt, key, value, exact, n) for n in ROUNDED_SIGFIGS}})
        return {"shape": list(expected.shape), "exact": exact, "match": self.match,
                "entries": lock_array(salt, self.id, expected, exact), "mistakes": mistakes}

    def format_lock(self, variant: Variant) -> dict:
        return {"shape": list(self._value(self.answer, variant).shape)}

    @classmethod
    def check_format(cls, lock: dict, problem_id: str, submitted: Any) -> Outcome:
        shape = tuple(lock["shape"])
        got = _read(submitted, shape)
        if isinstance(got, Outcome):
            return got
        if got.shape != shape:
            return Outcome.wrong(f"expected {describe_shape(shape)}, got {describe_shape(got.shape)}", "shape")
        return Outcome(0.0, WELL_FORMED.format(describe_shape(shape)), checked=False)

    @classmethod
    def check_locked(cls, lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
        shape, exact = tuple(lock["shape"]), lock["exact"]
        got = _read(submitted, shape)
        if isinstance(got, Outcome):
            return got
        if lock["match"] == "unordered":
            got = np.sort(got)

        def agrees(values: np.ndarray, key: str, entries: list[str]) -> np.ndarray:
            return matches(salt, key, values, entries, exact)

        if got.ndim == 2 and got.T.shape == shape and np.all(agrees(got.T, problem_id, lock["entries"])) and got.shape != shape:
            return Outcome.wrong("your result is the transpose of the one asked for", "transposed")
        if got.shape != shape:
            return Outcome.wrong(f"expected {describe_shape(shape)}, got {describe_shape(got.shape)}", "shape")
        close = agrees(got, problem_id, lock["entries"]).reshape(shape)
        if np.all(close):
            return Outcome.right()
        for mistake in lock["mistakes"]:
            if np.all(_agrees_as_written(salt, f"{problem_id}/{mistake['name']}", got, mistake, exact)):
                return Outcome.wrong(mistake["message"], mistake["name"])
        if np.all(agrees(-got, problem_id, lock["entries"])):
            return Outcome.wrong("the magnitude is right but the sign is wrong", "sign")
        if got.ndim == 2 and got.shape == got.T.shape and np.all(agrees(got.T, problem_id, lock["entries"])):
            return Outcome.wrong("your result is the transpose of the one asked for", "transposed")
        return wrong_entries(close, f"not right (checked locally to {SIGFIGS} significant figures)")


def wrong_entries(close: np.ndarray, scalar_message: str) -> Outcome:
    """Which entries are wrong, by position, without their values."""
    if close.ndim == 0:
        return Outcome.wrong(scalar_message)
    wrong = [", ".join(str(i + 1) for i in idx) for idx in zip(*np.nonzero(~close))]
    shown = "; ".join(f"({w})" for w in wrong[:6]) + ("; ..." if len(wrong) > 6 else "")
    return Outcome.wrong(f"{len(wrong)} of {close.size} entries are wrong: {shown}")


def _agrees_as_written(salt: str, key: str, got: np.ndarray, lock: dict, exact: bool) -> np.ndarray:
    """Entrywise: does each entry match the locked value, at 4 significant figures or at the
    coarser precision the student wrote it to (2 or 3)?"""
    hit = matches(salt, key, got, lock["entries"], exact)
    figures = np.vectorize(significant_figures, otypes=[int])(got) if got.size else np.zeros(0, dtype=int)
    for n, locked in lock.get("rounded", {}).items():
        if not exact and np.any(figures == int(n)):
            hit |= (np.ravel(figures) == int(n)) & matches(salt, key, got, locked, exact, int(n))
    return hit


def _decimals(values: np.ndarray) -> int:
    """The most decimals written in any entry (what the student's rounding kept)."""

    def written(value: float) -> int:
        text = f"{value:.12g}"
        return 12 if "e" in text else len(text.partition(".")[2])

    return max(written(float(v)) for v in np.ravel(values))


def tidy(array: np.ndarray) -> Any:
    """Plain Python for answer files: integral values as ints, others to 12 significant figures."""
    if np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        return array.astype(int).tolist()
    rounded = np.vectorize(lambda x: float(f"{x:.12g}") + 0.0, otypes=[float])(array)  # + 0.0: no -0.0
    return rounded.tolist()


def _read(submitted: Any, shape: tuple[int, ...]) -> np.ndarray | Outcome:
    """The answer as an array (a one-entry answer to a scalar question as a scalar), or why not."""
    try:
        got = to_array(submitted)
    except AnswerFormatError as exc:
        return Outcome.wrong(str(exc), "format")
    return got.reshape(()) if shape == () and got.size == 1 else got
