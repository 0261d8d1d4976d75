"""Null space, column space and row space, computed exactly with fractions.

Bases are returned as rows of integers (each basis vector scaled to clear denominators), so
answer keys read as a student would write them.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm

import numpy as np


def rref(a) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form over the rationals, and the pivot columns."""
    rows = [[Fraction(x) for x in row] for row in np.asarray(a).tolist()]
    m, n = len(rows), len(rows[0]) if rows else 0
    pivots: list[int] = []
    r = 0
    for c in range(n):
        pivot = next((i for i in range(r, m) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [x / rows[r][c] for x in rows[r]]
        for i in range(m):
            if i != r and rows[i][c] != 0:
                rows[i] = [x - rows[i][c] * y for x, y in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
        if r == m:
            break
    return rows, pivots


def _integer(vector: list[Fraction]) -> list[int]:
    """Scale a rational vector to the smallest integer vector with the same direction."""
    scale = lcm(*(x.denominator for x in vector)) if vector else 1
    ints = [int(x * scale) for x in vector]
    common = gcd(*ints) or 1
    return [x // common for x in ints]


def null_space(a) -> np.ndarray:
    """A basis of {x : A x = 0}, one vector per free column, as rows."""
    rows, pivots = rref(a)
    n = np.shape(a)[1]
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        v = [Fraction(0)] * n
        v[free] = Fraction(1)
        for r, p in enumerate(pivots):
            v[p] = -rows[r][free]
        basis.append(_integer(v))
    return np.array(basis, dtype=float).reshape(len(basis), n)


def column_space(a) -> np.ndarray:
    """A basis of the column space: the pivot columns of A, as rows."""
    _, pivots = rref(a)
    return np.asarray(a, dtype=float)[:, pivots].T


def row_space(a) -> np.ndarray:
    """A basis of the row space: the nonzero rows of the RREF, scaled to integers."""
    rows, pivots = rref(a)
    return np.array([_integer(rows[i]) for i in range(len(pivots))], dtype=float).reshape(len(pivots), np.shape(a)[1])


def rank(a) -> int:
    return len(rref(a)[1])
