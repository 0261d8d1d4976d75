"""Compare spans: is a student's list of vectors a basis of the expected space?

Scale-invariant: vectors are normalised before their distance to the space is measured, so
any nonzero multiple, any sign and any other basis of the same space is accepted.
"""

from __future__ import annotations

import numpy as np


def orthonormal_rows(vectors: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """An orthonormal basis (rows) of the span of ``vectors`` (rows)."""
    if vectors.size == 0:
        return vectors.reshape(0, vectors.shape[-1] if vectors.ndim == 2 else 0)
    _, s, vt = np.linalg.svd(np.asarray(vectors, dtype=float), full_matrices=False)
    return vt[s > tol * max(1.0, s.max())]


def numerical_rank(vectors: np.ndarray, rtol: float) -> int:
    units = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    s = np.linalg.svd(units, compute_uv=False)
    return int(np.sum(s > rtol))


def outside_span(vectors: np.ndarray, basis: np.ndarray, rtol: float) -> list[int]:
    """1-based indices of the vectors farther than ``rtol`` (relative) from span(basis)."""
    q = orthonormal_rows(basis)
    out = []
    for i, v in enumerate(vectors, start=1):
        unit = v / np.linalg.norm(v)
        if np.linalg.norm(unit - q.T @ (q @ unit)) > rtol:
            out.append(i)
    return out


def span_problem(vectors: np.ndarray, basis: np.ndarray, rtol: float, space: str) -> str | None:
    """Why ``vectors`` (rows) is not a basis of span(``basis``), or None when it is."""
    zero = [i for i, v in enumerate(vectors, start=1) if np.linalg.norm(v) == 0]
    if zero:
        return f"vector {zero[0]} is the zero vector, which belongs to no basis"
    outside = outside_span(vectors, basis, rtol)
    if outside:
        which = ", ".join(map(str, outside))
        return f"vector{'s' if len(outside) > 1 else ''} {which} {'are' if len(outside) > 1 else 'is'} not in the {space}"
    rank = numerical_rank(vectors, rtol)
    if rank < len(vectors):
        return f"your {len(vectors)} vectors are linearly dependent (they span only {rank} dimension{'s' if rank > 1 else ''})"
    if rank < len(orthonormal_rows(basis)):
        return f"your vectors lie in the {space} but do not span all of it: a basis needs more vectors"
    return None
