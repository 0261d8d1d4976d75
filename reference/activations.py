"""Activation functions."""

from __future__ import annotations

import numpy as np


def softmax(z) -> np.ndarray:
    """Numerically stable softmax: exp(z - max z) / sum exp(z - max z)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_base(z, base: float) -> np.ndarray:
    """Softmax with ``base`` in place of e: the result of writing 2**z (or 10**z) by mistake."""
    z = np.asarray(z, dtype=float)
    e = np.power(float(base), z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def normalize(z) -> np.ndarray:
    """z / sum(z): normalising without exponentiating, a common slip when computing softmax."""
    z = np.asarray(z, dtype=float)
    return z / z.sum()
