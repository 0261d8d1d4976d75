"""Learnable parameters of dense (fully connected) networks."""

from __future__ import annotations

import numpy as np


def dense_parameter_count(*sizes: int) -> int:
    """Σ over consecutive layers of n_in · n_out weights + n_out biases."""
    return int(sum(a * b + b for a, b in zip(sizes, sizes[1:])))


def dense_weight_count(*sizes: int) -> int:
    """Weights only: the biases forgotten."""
    return int(sum(a * b for a, b in zip(sizes, sizes[1:])))


def dense_bias_per_input(*sizes: int) -> int:
    """One bias per input node instead of per neuron."""
    return int(sum(a * b + a for a, b in zip(sizes, sizes[1:])))


def regularised_loss(pred, y, w, lam: float, kind: str) -> float:
    """Mean squared error plus λ‖w‖₂² (``l2``) or λ‖w‖₁ (``l1``)."""
    pred, y, w = (np.asarray(v, dtype=float) for v in (pred, y, w))
    penalty = np.sum(w**2) if kind == "l2" else np.sum(np.abs(w))
    return float(np.mean((pred - y) ** 2) + lam * penalty)


def regularised_loss_wrong_penalty(pred, y, w, lam: float, kind: str) -> float:
    """The other penalty: λ‖w‖₁ for L2 or λ‖w‖₂² for L1."""
    return regularised_loss(pred, y, w, lam, "l1" if kind == "l2" else "l2")


def cnn_parameter_count(k: int, c_in: int, filters: int, size: int, n_out: int) -> int:
    """A k×k convolution (``filters`` filters, same padding, stride 1) on a size×size×c_in input,
    flattened into a dense layer of n_out units: (k²c_in + 1)·filters + (size²·filters + 1)·n_out."""
    return int((k * k * c_in + 1) * filters + (size * size * filters + 1) * n_out)


def cnn_parameter_count_no_channels(k: int, c_in: int, filters: int, size: int, n_out: int) -> int:
    """The kernels counted as k² weights, without the input channels."""
    return int((k * k + 1) * filters + (size * size * filters + 1) * n_out)


def conv_output_shape(n: int, f: int, padding: int, stride: int, filters: int) -> list[int]:
    """[height, width, depth] of a convolution's output: the depth is the number of filters."""
    side = (n + 2 * padding - f) // stride + 1
    return [side, side, filters]


def conv_output_shape_input_depth(n: int, f: int, padding: int, stride: int, filters: int, c_in: int) -> list[int]:
    """The depth kept at the input's channels."""
    side = (n + 2 * padding - f) // stride + 1
    return [side, side, c_in]


def updates_per_epoch(n: int, batch: int) -> list[int]:
    """Parameter updates in one epoch of n samples: [batch GD, SGD, mini-batch of ``batch``]."""
    return [1, int(n), int(-(-n // batch))]


def updates_per_epoch_floor(n: int, batch: int) -> list[int]:
    """The last, smaller mini-batch dropped: ⌊n / batch⌋."""
    return [1, int(n), int(n // batch)]


def inverse_sqrt_schedule(lr0: float, steps: int) -> list[float]:
    """η_t = η₀ / √t for t = 1 … steps."""
    return [float(lr0 / np.sqrt(t)) for t in range(1, int(steps) + 1)]


def inverse_schedule(lr0: float, steps: int) -> list[float]:
    """η₀ / t: the square root forgotten."""
    return [float(lr0 / t) for t in range(1, int(steps) + 1)]
