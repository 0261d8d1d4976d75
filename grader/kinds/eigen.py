"""Eigenvalues and eigenvectors of a matrix, as pairs.

Eigenvalues may come in any order (each listed as often as its multiplicity); eigenvector i
belongs to eigenvalue i and may have any nonzero scale or sign; for a repeated eigenvalue, any
basis of its eigenspace is right. Points split between values and vectors (``value_weight``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from grader.core import Outcome, Variant
from grader.judge.eigen import judge_pairs
from grader.judge.locks import lock_array
from grader.kinds.drawn import DrawnProblem
from grader.kinds.numeric import tidy
from grader.kinds.tolerance import Tolerance
from grader.schema import FieldError, Name


def _reference():
    """The eigen references, imported when an instructor-side verb needs them: a student's
    installation of the grader checks locked answers and carries no references."""
    from reference import eigen

    return eigen


class EigenProblem(DrawnProblem):
    kind_name: ClassVar[str] = "eigen"

    kind: Literal["eigen"]
    #: The parameter holding the matrix.
    matrix: Name
    value_weight: float = Field(0.5, ge=0, le=1)
    tolerance: Tolerance = Field(default_factory=Tolerance)
    #: Largest ‖Av − λv‖ / (‖A‖‖v‖) for v to count as an eigenvector of λ.
    residual: float = Field(1e-3, gt=0)

    @model_validator(mode="after")
    def _matrix_is_a_param(self) -> EigenProblem:
        if self.matrix not in self.params:
            raise FieldError(("matrix",), f"{self.matrix!r} is not a parameter")
        return self

    def _a(self, variant: Variant) -> np.ndarray:
        return np.asarray(variant.values[self.matrix], dtype=float)

    def expected(self, variant: Variant) -> Any:
        values, vectors = _reference().eigenpairs(self._a(variant))
        return {"values": tidy(values), "vectors": tidy(vectors)}

    def answer_hint(self, variant: Variant) -> str:
        n = len(self._a(variant))
        return (f"a mapping `{{values: [...], vectors: [[...], ...]}}`: {n} eigenvalues (repeated ones listed "
                f"again) and, in the same order, one eigenvector with {n} entries for each")

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        a = self._a(variant)
        expected = _reference().eigenvalues(a)

        def same(got: np.ndarray) -> bool:
            return bool(np.all(self.tolerance.close(got, expected)))

        return judge_pairs(a, submitted, self.value_weight, self.residual, len(expected), same,
                           lambda got: bool(np.all(self.tolerance.close(got, np.sort(np.diag(a))))))

    def lock(self, variant: Variant, salt: str) -> dict:
        """The matrix is in the prompt anyway, so eigenvectors are checked against it locally;
        only the eigenvalues are locked."""
        a = self._a(variant)
        return {"matrix": a.tolist(), "values": lock_array(salt, self.id, _reference().eigenvalues(a), exact=False),
                "value_weight": self.value_weight, "residual": self.residual}
