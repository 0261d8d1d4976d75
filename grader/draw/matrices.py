"""Structured random matrices for well-posed variants: exact rank, integer eigenvalues."""

from __future__ import annotations

import numpy as np

#: Largest entry allowed in a generated matrix, so that hand computation stays reasonable.
MAX_ENTRY = 30


class Unlucky(Exception):
    """A draw fell outside the bounds; the caller redraws."""


def unimodular(n: int, rng: np.random.Generator) -> np.ndarray:
    """An integer matrix with determinant ±1 (so its inverse is integer too): P·L·U with
    unit-triangular L, U whose off-diagonal entries are -1, 0 or 1, and a permutation P."""
    lower = np.tril(rng.integers(-1, 2, size=(n, n)), -1) + np.eye(n, dtype=int)
    upper = np.triu(rng.integers(-1, 2, size=(n, n)), 1) + np.eye(n, dtype=int)
    return np.eye(n, dtype=int)[rng.permutation(n)] @ lower @ upper


def diagonalizable(n: int, grid: np.ndarray, repeated: bool, rng: np.random.Generator) -> np.ndarray:
    """A = P D P⁻¹ with unimodular P and eigenvalues from ``grid``: all distinct, or (``repeated``)
    one eigenvalue twice, still with a full eigenspace (A stays diagonalizable)."""
    if repeated:
        base = rng.choice(grid, size=n - 1, replace=False)
        eigenvalues = np.append(base, base[0])
    else:
        eigenvalues = rng.choice(grid, size=n, replace=False)
    p = unimodular(n, rng)
    p_inv = np.round(np.linalg.inv(p)).astype(int)
    a = p @ np.diag(eigenvalues) @ p_inv
    if np.abs(a).max() > MAX_ENTRY or np.array_equal(a, np.triu(a)) or np.array_equal(a, np.tril(a)):
        raise Unlucky  # too large, or triangular (its diagonal would give the eigenvalues away)
    return a


def low_rank(shape: tuple[int, int], rank: int, grid: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """B·C with B (m×r), C (r×n) drawn from ``grid``; kept only when its rank is exactly ``rank``."""
    m, n = shape
    a = grid[rng.integers(grid.size, size=(m, rank))] @ grid[rng.integers(grid.size, size=(rank, n))]
    if np.linalg.matrix_rank(a) != rank or np.abs(a).max() > MAX_ENTRY:
        raise Unlucky
    return a


def symmetric(a: np.ndarray) -> np.ndarray:
    """The upper triangle mirrored into the lower one."""
    return np.triu(a) + np.triu(a, 1).T
