"""Judging eigenvalue/eigenvector pairs: one judge for the exact eigenvalues (grading) and
for locked ones (a student folder); the eigenvectors are checked against the matrix, which the
prompt shows anyway, so both judge them alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.core import Outcome
from grader.judge.locks import matches
from grader.judge.numbers import AnswerFormatError, to_array
from grader.judge.spans import numerical_rank


def check_locked(lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
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
    scale = max(float(np.linalg.norm(a, 2)), 1.0)

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
    for value in sorted(set(np.round(values, 9).tolist())):  # (np.unique would import numpy.ma: 10 ms of a local check)
        group = vectors[np.isclose(values, value)]
        if numerical_rank(group, residual) < len(group):
            return f"the vectors for eigenvalue {value:g} are linearly dependent: give a basis of its eigenspace"
    return None
