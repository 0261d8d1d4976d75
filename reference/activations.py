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


def softmax_columns(z) -> np.ndarray:
    """Softmax down each column (axis 0): the wrong axis for a batch of rows."""
    return softmax(np.asarray(z, dtype=float).T).T


def tanh(z) -> np.ndarray:
    return np.tanh(np.asarray(z, dtype=float))


def leaky_relu(z, alpha: float) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def relu(z, alpha: float = 0.0) -> np.ndarray:
    """max(0, z): Leaky ReLU's slope for negative inputs forgotten."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def neuron(w, x, b: float, activation: str) -> float:
    """One neuron: activation(w·x + b), with ``sigmoid`` or ``step`` (1 if z ≥ 0)."""
    z = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)) + b)
    return float(sigmoid(z)) if activation == "sigmoid" else float(z >= 0)


def neuron_pre_activation(w, x, b: float, activation: str) -> float:
    """z = w·x + b: the activation never applied."""
    return float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)) + b)


def inverted_dropout(a, mask, p_drop: float) -> np.ndarray:
    """Training-time inverted dropout: a · mask / (1 − p)."""
    return np.asarray(a, dtype=float) * np.asarray(mask, dtype=float) / (1 - p_drop)


def dropout_unscaled(a, mask, p_drop: float) -> np.ndarray:
    """a · mask: the surviving activations not scaled up."""
    return np.asarray(a, dtype=float) * np.asarray(mask, dtype=float)


def dropout_scaled_by_p(a, mask, p_drop: float) -> np.ndarray:
    """a · mask / p: divided by the drop rate instead of the keep rate."""
    return np.asarray(a, dtype=float) * np.asarray(mask, dtype=float) / p_drop
