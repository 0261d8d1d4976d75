"""Entropy, cross-entropy and KL divergence of discrete distributions, in a stated log base.

Terms with p_i = 0 contribute 0 (the limit of p log p); ``base`` is 2 (bits), e (nats) or 10.
"""

from __future__ import annotations

import numpy as np


def _log(x: np.ndarray, base: float | str) -> np.ndarray:
    b = np.e if base == "e" else float(base)
    return np.log(x) / np.log(b)


def entropy(p, base: float | str = 2) -> float:
    """H(P) = -sum p_i log p_i."""
    p = np.asarray(p, dtype=float)
    nz = p > 0
    return float(-np.sum(p[nz] * _log(p[nz], base)))


def cross_entropy(p, q, base: float | str = 2) -> float:
    """H(P, Q) = -sum p_i log q_i (infinite if some q_i = 0 where p_i > 0)."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    nz = p > 0
    with np.errstate(divide="ignore"):
        return float(-np.sum(p[nz] * _log(q[nz], base)))


def kl_divergence(p, q, base: float | str = 2) -> float:
    """D_KL(P || Q) = sum p_i log(p_i / q_i) = H(P, Q) - H(P)."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    nz = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[nz] * _log(p[nz] / q[nz], base)))
