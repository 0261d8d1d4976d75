"""Convolution layers: output sizes, feature maps (cross-correlation), pooling, parameter counts."""

from __future__ import annotations

import math

import numpy as np


def conv_output_size(n: int, f: int, padding: int, stride: int) -> int:
    """⌊(n + 2p − f) / s⌋ + 1."""
    return (n + 2 * padding - f) // stride + 1


def conv_output_size_ceil(n: int, f: int, padding: int, stride: int) -> int:
    return math.ceil((n + 2 * padding - f) / stride) + 1


def conv_output_size_one_side_padding(n: int, f: int, padding: int, stride: int) -> int:
    return (n + padding - f) // stride + 1


def conv_output_size_no_plus_one(n: int, f: int, padding: int, stride: int) -> int:
    return (n + 2 * padding - f) // stride


def feature_map(image, kernel, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Cross-correlation (what deep-learning libraries call convolution) of a 2-D image."""
    image = np.pad(np.asarray(image, dtype=float), padding)
    kernel = np.asarray(kernel, dtype=float)
    f = kernel.shape[0]
    n = conv_output_size(image.shape[0] - 2 * padding, f, padding, stride)
    m = conv_output_size(image.shape[1] - 2 * padding, kernel.shape[1], padding, stride)
    out = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            out[i, j] = np.sum(image[i * stride : i * stride + f, j * stride : j * stride + kernel.shape[1]] * kernel)
    return out


def flipped_feature_map(image, kernel, stride: int = 1, padding: int = 0) -> np.ndarray:
    """True convolution (kernel flipped in both axes): a mix-up with cross-correlation."""
    return feature_map(image, np.flip(np.asarray(kernel), (0, 1)), stride, padding)


def pool(image, size: int, stride: int, mode: str = "max") -> np.ndarray:
    image = np.asarray(image, dtype=float)
    n = conv_output_size(image.shape[0], size, 0, stride)
    m = conv_output_size(image.shape[1], size, 0, stride)
    reduce = np.max if mode == "max" else np.mean
    return np.array([[reduce(image[i * stride : i * stride + size, j * stride : j * stride + size]) for j in range(m)] for i in range(n)])


def average_pool(image, size: int, stride: int) -> np.ndarray:
    return pool(image, size, stride, "mean")


def max_pool(image, size: int, stride: int) -> np.ndarray:
    return pool(image, size, stride, "max")


def conv_parameter_count(f: int, c_in: int, c_out: int) -> int:
    """(f·f·c_in + 1)·c_out: one f×f×c_in kernel and one bias per output channel."""
    return (f * f * c_in + 1) * c_out


def conv_parameter_count_no_bias(f: int, c_in: int, c_out: int) -> int:
    return f * f * c_in * c_out


def conv_parameter_count_no_input_channels(f: int, c_in: int, c_out: int) -> int:
    return (f * f + 1) * c_out
