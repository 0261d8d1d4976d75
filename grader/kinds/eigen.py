"""Eigenvalues and eigenvectors of a matrix, as pairs.

Eigenvalues may come in any order (each listed as often as its multiplicity); eigenvector i
belongs to eigenvalue i and may have any nonzero scale or sign; for a repeated eigenvalue, any
basis of its eigenspace is right. Points split between values and vectors (``value_weight``).
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from grader.judge.locks import lock_array, matches
from grader.judge.numbers import AnswerFormatError, Tolerance, to_array
from grader.judge.spans import numerical_rank
from grader.kinds.base import Outcome, Variant
from grader.kinds.drawn import DrawnProblem
from grader.kinds.numeric import tidy
from grader.spec.models import FieldError, Name


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
    def _matrix_is_a_param(self) -> "EigenProblem":
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

    @classmethod
    def check_locked(cls, lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
        a = np.asarray(lock["matrix"], dtype=float)

        def same(got: np.ndarray) -> bool:
            return bool(np.all(matches(salt, problem_id, got, lock["values"], exact=False)))

        diagonal = np.sort(np.diag(a))
        return judge_pairs(a, submitted, lock["value_weight"], lock["residual"], len(a), same,
                           lambda got: bool(np.allclose(got, diagonal, rtol=1e-3, atol=1e-6)))


def judge_pairs(a: np.ndarray, submitted: Any, value_weight: float, residual: float, n_values: int,
                same: Callable[[np.ndarray], bool], is_diagonal: Callable[[np.ndarray], bool]) -> Outcome:
    """Score eigenvalue/eigenvector pairs; ``same`` says whether sorted values are the eigenvalues
    (against the reference, or against locked hashes in a student folder)."""
    if not isinstance(submitted, dict) or set(submitted) != {"values", "vectors"}:
        return Outcome.wrong("write a mapping with two entries: values: [...] and vectors: [[...], ...]", "format")
    try:
        values = to_array(submitted["values"]).reshape(-1)
        vectors = to_array(submitted["vectors"])
    except AnswerFormatError as exc:
        return Outcome.wrong(str(exc), "format")
    if vectors.ndim == 1:
        vectors = vectors.reshape(1, -1)
    if vectors.ndim != 2 or vectors.shape[1] != len(a) or len(vectors) != len(values):
        return Outcome.wrong(f"give one eigenvector with {len(a)} entries for each of your {len(values)} eigenvalues", "shape")
    values_note, values_mistake = _values_problem(a, values, n_values, same, is_diagonal)
    vectors_note = _vectors_problem(a, values, vectors, residual)
    vectors_mistake = "not_eigenvectors"
    if vectors_note and vectors.shape[0] == vectors.shape[1] and _vectors_problem(a, values, vectors.T, residual) is None:
        vectors_note = "you wrote the rows of NumPy's eigenvector matrix: its eigenvectors are the columns (vecs[:, i], or vecs.T.tolist())"
        vectors_mistake = "eigenvectors_as_rows"
    fraction = value_weight * (values_note is None) + (1 - value_weight) * (vectors_note is None)
    if fraction == 1:
        return Outcome.right()
    notes = [n for n in (values_note, vectors_note) if n]
    mistake = values_mistake or (vectors_mistake if values_note is None else None)
    if values_note is None:
        notes.insert(0, "eigenvalues right")
    return Outcome(fraction, "; ".join(notes), mistake)


def _values_problem(a: np.ndarray, values: np.ndarray, n_values: int, same, is_diagonal) -> tuple[str | None, str | None]:
    if len(values) != n_values:
        return f"a {len(a)}×{len(a)} matrix has {len(a)} eigenvalues counted with multiplicity; you gave {len(values)}", "count"
    got = np.sort(values)
    if same(got):
        return None, None
    if is_diagonal(got):
        return "those are the diagonal entries, which are the eigenvalues only of a triangular matrix", "diagonal"
    if same(np.sort(-values)):
        return "the eigenvalues have the wrong sign: solve det(A − λI) = 0", "sign"
    return "the eigenvalues are not right", None


def _vectors_problem(a: np.ndarray, values: np.ndarray, vectors: np.ndarray, residual: float) -> str | None:
    scale = max(np.linalg.norm(a, 2), 1.0)

    def fits(matrix: np.ndarray, value: float, v: np.ndarray) -> bool:
        return np.linalg.norm(matrix @ v - value * v) <= residual * scale * np.linalg.norm(v)

    for i, (value, v) in enumerate(zip(values, vectors), start=1):
        if np.linalg.norm(v) == 0:
            return f"vector {i} is the zero vector, which is never an eigenvector"
        if fits(a, value, v):
            continue
        if any(fits(a, other, v) for other in values if other != value):
            return f"vector {i} is an eigenvector of another of your eigenvalues: pair each vector with its own value"
        if fits(a.T, value, v):
            return f"vector {i} satisfies vᵀA = λvᵀ, not Av = λv: eigenvectors are the columns, not the rows"
        return f"vector {i} is not an eigenvector of its eigenvalue: Av ≠ λv"
    for value in np.unique(np.round(values, 9)):
        group = vectors[np.isclose(values, value)]
        if numerical_rank(group, residual) < len(group):
            return f"the vectors for eigenvalue {value:g} are linearly dependent: give a basis of its eigenspace"
    return None
