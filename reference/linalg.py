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
