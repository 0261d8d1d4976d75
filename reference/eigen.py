"""Eigenvalues and eigenvectors of real matrices with real eigenvalues; trace/det; conditioning."""

from __future__ import annotations

import numpy as np

from reference.subspaces import null_space


def eigenvalues(a) -> np.ndarray:
    """Real eigenvalues in ascending order, each repeated by its algebraic multiplicity."""
    values = np.linalg.eigvals(np.asarray(a, dtype=float))
    if np.max(np.abs(values.imag)) > 1e-6:
        raise ValueError("complex eigenvalues")
    real = np.sort(values.real)
    nearest = np.round(real)
    # Repeated and integer eigenvalues come back with rounding noise; snap it away.
    return np.where(np.abs(real - nearest) < 1e-6, nearest, real) + 0.0


def eigenpairs(a) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending, with multiplicity) and one eigenvector per listed value (rows).

    For integer matrices with integer eigenvalues the vectors are exact integer bases of each
    eigenspace; a repeated eigenvalue gets as many independent vectors as its eigenspace has.
    """
    a = np.asarray(a, dtype=float)
    values = eigenvalues(a)
    distinct = np.unique(np.round(values, 9))
    vectors: list[np.ndarray] = []
    listed: list[float] = []
    for value in distinct:
        shifted = a - value * np.eye(len(a))
        if float(value).is_integer() and np.all(a == np.round(a)):
            basis = null_space(np.round(shifted).astype(int))
        else:
            _, s, vt = np.linalg.svd(shifted)
            basis = vt[s < 1e-9 * max(1.0, s.max())]
        vectors.extend(basis)
        listed.extend([value] * len(basis))
    return np.array(listed), np.array(vectors)


def diagonal(a) -> np.ndarray:
    """The diagonal entries, sorted: what students give when they mistake A for triangular."""
    return np.sort(np.diag(np.asarray(a, dtype=float)))


def trace_and_determinant(a) -> list[float]:
    """[trace, determinant] = [sum, product] of the eigenvalues."""
    a = np.asarray(a, dtype=float)
    return [float(np.trace(a)), float(np.round(np.linalg.det(a), 9))]


def determinant_and_trace(a) -> list[float]:
    """The two numbers in the other order: sum and product mixed up."""
    return trace_and_determinant(a)[::-1]


def condition_number(h) -> float:
    """λ_max / λ_min of a symmetric positive definite matrix (e.g. a quadratic loss's Hessian)."""
    values = np.linalg.eigvalsh(np.asarray(h, dtype=float))
    return float(values[-1] / values[0])


def inverse_condition_number(h) -> float:
    return 1.0 / condition_number(h)


def diagonal_ratio(h) -> float:
    """max/min of the diagonal: the condition number only when H is diagonal."""
    d = np.abs(np.diag(np.asarray(h, dtype=float)))
    return float(d.max() / d.min())


def multiplicities(a) -> list[float]:
    """For a 2×2 matrix with one repeated eigenvalue λ: [λ, algebraic multiplicity, geometric
    multiplicity] (the dimension of the null space of A − λI)."""
    a = np.asarray(a, dtype=float)
    lam = float(np.trace(a) / 2)
    geometric = 2 - int(np.linalg.matrix_rank(a - lam * np.eye(2), tol=1e-9))
    return [lam, 2.0, float(geometric)]


def multiplicities_assumed_full(a) -> list[float]:
    """Both multiplicities 2: a full set of eigenvectors assumed."""
    lam = float(np.trace(np.asarray(a, dtype=float)) / 2)
    return [lam, 2.0, 2.0]
