"""Reference solutions of the code problems: what a student's function must return."""

from __future__ import annotations

import numpy as np

from reference.activations import softmax
from reference.linalg import matmul
from reference.perceptron import perceptron_step

__all__ = ["matmul", "softmax"]  # the code problems' references, kept where the other problems find them


def conv2d(x, w, b, stride: int = 1, padding: int = 0) -> np.ndarray:
    """NCHW cross-correlation: x (N, C, H, W), w (F, C, HH, WW), b (F,) → (N, F, H', W')."""
    x = np.pad(np.asarray(x, dtype=float), ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    w = np.asarray(w, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    return np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2) + np.asarray(b, dtype=float)[None, :, None, None]


def bce_with_grad(p, y) -> tuple[float, np.ndarray]:
    """Mean binary cross-entropy of probabilities p against labels y, and its gradient dL/dp."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    n = p.size
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(loss), (p - y) / (p * (1 - p)) / n


def perceptron_train(X, y, eta: float, epochs: int) -> np.ndarray:
    """Train from zero weights, samples in order, threshold 0; return [w..., b]."""
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(epochs)):
        for xi, yi in zip(X, y):
            row = perceptron_step(w, b, xi, float(yi), eta=eta)
            w, b = row["w"], row["b"]
    return np.append(w, b)


def adam_step(theta, grad, m, v, t: int, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
    """One Adam update of arrays; returns (theta, m, v)."""
    theta, grad, m, v = (np.asarray(a, dtype=float) for a in (theta, grad, m, v))
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def pca(X, k: int) -> np.ndarray:
    """The top-k principal directions (rows, unit length) of the centred data X, by variance."""
    X = np.asarray(X, dtype=float)
    cov = np.cov(X - X.mean(axis=0), rowvar=False)
    values, vectors = np.linalg.eigh(cov)
    return vectors[:, np.argsort(values)[::-1][:k]].T


# The functions that numerical-gradient problems pass by name (the sandbox defines them the same
# way), and their analytic gradients.
TEST_FUNCTIONS = {
    "quadratic": "f(x) = Σᵢ (i + 1)·xᵢ²",
    "sin_chain": "f(x) = Σᵢ sin(xᵢ)·xᵢ₊₁",
    "logsumexp": "f(x) = log Σᵢ exp(xᵢ)",
}


def analytic_gradient(name: str, x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if name == "quadratic":
        return 2 * np.arange(1, x.size + 1) * x
    if name == "sin_chain":
        g = np.zeros_like(x)
        g[:-1] += np.cos(x[:-1]) * x[1:]
        g[1:] += np.sin(x[:-1])
        return g
    if name == "logsumexp":
        e = np.exp(x - x.max())
        return e / e.sum()
    raise KeyError(name)
