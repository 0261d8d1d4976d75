"""A scalar, vector or matrix answer computed by a reference function from drawn parameters.

Besides right/wrong, the check names common mistakes: the ones a spec lists (an alternative
formula and its message) and three that apply everywhere (transposed, sign, rounded too coarsely).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from grader.core import Outcome, Variant
from grader.draw.formula import Formula
from grader.judge.locks import ROUNDED_SIGFIGS, lock_array
from grader.judge.numbers import as_written, describe_shape
from grader.judge.numeric import Agrees, Comparison, judge
from grader.kinds.drawn import DrawnProblem
from grader.kinds.tolerance import Tolerance
from grader.schema import Slug


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
    def _formulas_resolve(self) -> NumericProblem:
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

    def _expected(self, variant: Variant) -> np.ndarray:
        value = self._value(self.answer, variant)
        if value is None:
            raise ValueError(f"{self.id}: the answer formula fails on this variant")
        return value

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        expected = self._expected(variant)

        def near(value: np.ndarray, rounded_to: int | None = None) -> Agrees:
            def agrees(got: np.ndarray) -> np.ndarray:
                if got.shape != value.shape:
                    return np.zeros(got.shape, dtype=bool)
                close = self.tolerance.close(got, value)
                return close | as_written(got, value, rounded_to) if rounded_to else close
            return agrees

        mistakes = [(m.name, m.message, near(value, rounded_to=2)) for m in self.mistakes
                    if (value := self._value(m, variant)) is not None]
        coarse = lambda got: bool(np.all(np.abs(got - expected) <= 0.5 * 10.0 ** -_decimals(got) + 1e-12))
        compare = Comparison(near(expected), mistakes, coarse, self.tolerance.describe(),
                             f"not within tolerance ({self.tolerance.describe()})")
        return judge(submitted, expected.shape, self.match == "unordered", compare)

    def lock(self, variant: Variant, salt: str) -> dict:
        expected = self._expected(variant)
        exact = bool(self.tolerance.rtol == 0 and np.all(expected == np.round(expected)))
        mistakes = []
        for mistake in self.mistakes:
            value = self._value(mistake, variant)
            if value is not None and value.shape == expected.shape:
                key = f"{self.id}/{mistake.name}"
                mistakes.append({"name": mistake.name, "message": mistake.message, "entries": lock_array(salt, key, value, exact),
                                 "rounded": {} if exact else {str(n): lock_array(salt, key, value, exact, n) for n in ROUNDED_SIGFIGS}})
        return {"shape": list(expected.shape), "exact": exact, "match": self.match,
                "entries": lock_array(salt, self.id, expected, exact), "mistakes": mistakes}

    def format_lock(self, variant: Variant) -> dict:
        return {"shape": list(self._expected(variant).shape)}


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
