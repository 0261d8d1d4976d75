"""Vectors and matrices: products, transposes, shapes."""

from __future__ import annotations

import numpy as np


def dot(a, b) -> float:
    """The dot product sum_i a_i b_i of two vectors of equal length."""
    return float(np.dot(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))


def matmul(a, b) -> np.ndarray:
    """The matrix product AB of an (m, k) and a (k, n) matrix."""
    return np.asarray(a, dtype=float) @ np.asarray(b, dtype=float)


def hadamard(a, b) -> np.ndarray:
    """The elementwise (Hadamard) product of two arrays of one shape: a common stand-in for AB."""
    return np.asarray(a, dtype=float) * np.asarray(b, dtype=float)


def transpose(a) -> np.ndarray:
    return np.asarray(a, dtype=float).T


def frobenius_inner(a, b) -> float:
    """sum_ij A_ij B_ij: the dot product of two matrices seen as long vectors."""
    return float(np.sum(np.asarray(a, dtype=float) * np.asarray(b, dtype=float)))


def matmul_shape(m: int, k: int, n: int) -> list[int]:
    """Shape of the product of an (m, k) and a (k, n) matrix."""
    return [m, n]



def sum_of_sums(a, b) -> float:
    """sum(a) + sum(b): what adding instead of multiplying matching entries gives."""
    return float(np.sum(a) + np.sum(b))


def det2(a) -> float:
    """ad − bc of a 2×2 matrix."""
    (p, q), (r, s) = np.asarray(a, dtype=float)
    return float(p * s - q * r)


def det2_plus(a) -> float:
    """ad + bc: the sign of the cross term lost."""
    (p, q), (r, s) = np.asarray(a, dtype=float)
    return float(p * s + q * r)


def inverse2(a) -> np.ndarray:
    """(1/(ad − bc)) [[d, −b], [−c, a]]."""
    return adjugate2(a) / det2(a)


def adjugate2(a) -> np.ndarray:
    """[[d, −b], [−c, a]]: the inverse without the division by the determinant."""
    (p, q), (r, s) = np.asarray(a, dtype=float)
    return np.array([[s, -q], [-r, p]])


def characteristic_polynomial2(a) -> list[float]:
    """Coefficients of det(A − λI) = λ² − tr(A) λ + det(A), highest power first."""
    a = np.asarray(a, dtype=float)
    return [1.0, float(-np.trace(a)), det2(a)]


def characteristic_polynomial2_trace_sign(a) -> list[float]:
    """λ² + tr(A) λ + det(A): the sign of the trace term slipped."""
    a = np.asarray(a, dtype=float)
    return [1.0, float(np.trace(a)), det2(a)]


def cosine_similarity(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def cosine_squared_norms(a, b) -> float:
    """a·b / (‖a‖²‖b‖²): the norms left squared."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / ((a @ a) * (b @ b)))


def norms(x) -> list[float]:
    """[L1, L2, L∞] of a vector."""
    x = np.asarray(x, dtype=float)
    return [float(np.abs(x).sum()), float(np.sqrt(x @ x)), float(np.abs(x).max())]


def norms_l2_squared(x) -> list[float]:
    """[L1, ‖x‖², L∞]: the square root of the L2 norm forgotten."""
    x = np.asarray(x, dtype=float)
    return [float(np.abs(x).sum()), float(x @ x), float(np.abs(x).max())]


def distances(a, b) -> list[float]:
    """[Manhattan (L1), Euclidean (L2), Chebyshev (L∞)] distances between two vectors."""
    return norms(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))


def distances_without_abs(a, b) -> list[float]:
    """Σ(aᵢ − bᵢ) for L1 and max(aᵢ − bᵢ) for L∞: the absolute values forgotten."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return [float(d.sum()), float(np.sqrt(d @ d)), float(d.max())]


def rank_k_error(a, k: int) -> float:
    """‖A − A_k‖_F for the best rank-k approximation: √(Σ of the discarded σᵢ²) (Eckart–Young)."""
    s = np.linalg.svd(np.asarray(a, dtype=float), compute_uv=False)
    return float(np.sqrt(np.sum(s[int(k):] ** 2)))


def rank_k_error_sum_sigma(a, k: int) -> float:
    """Σ of the discarded σᵢ, not squared and rooted."""
    s = np.linalg.svd(np.asarray(a, dtype=float), compute_uv=False)
    return float(np.sum(s[int(k):]))


def first_row(a) -> np.ndarray:
    """The first row: read off instead of the diagonal."""
    return np.sort(np.asarray(a, dtype=float)[0])
