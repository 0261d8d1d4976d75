"""What the sandboxed harness may hand to student code besides arrays: named test functions,
the library calls that timing compares against, and the generators of timing inputs.

Plain NumPy, no answers and no reference code of the course. The file is bound read-only into
the sandbox beside the harness, so it imports nothing from the grader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def quadratic(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(np.arange(1, x.size + 1) * x**2))


def sin_chain(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(np.sin(x[:-1]) * x[1:]))


def logsumexp(x):
    x = np.asarray(x, dtype=float)
    return float(x.max() + np.log(np.sum(np.exp(x - x.max()))))


FUNCTIONS = {"quadratic": quadratic, "sin_chain": sin_chain, "logsumexp": logsumexp}


def conv2d(x, w, b, stride=1, padding=0):
    """Cross-correlation NCHW by sliding windows and one tensordot (im2col without the copy)."""
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    return np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2) + b[None, :, None, None]


@dataclass(frozen=True)
class Reference:
    """A library call a timed problem is compared with, and how the handout names it."""

    function: Callable
    title: str


REFERENCES = {
    "numpy.matmul": Reference(np.matmul, "`numpy.matmul`"),
    "numpy.conv2d_windows": Reference(conv2d, "a NumPy convolution (`sliding_window_view` + `numpy.tensordot`)"),
}


def matmul_96(rng: np.random.Generator, count: int) -> list[list]:
    """``count`` pairs of 96×96 matrices, drawn in one vectorized call."""
    drawn = rng.standard_normal((count, 2, 96, 96))
    return [[drawn[k, 0], drawn[k, 1]] for k in range(count)]


def conv2d_24(rng: np.random.Generator, count: int) -> list[list]:
    """``count`` convolutions of a 2×3×24×24 batch with 8 filters 3×3, stride 1, padding 1."""
    x = rng.standard_normal((count, 2, 3, 24, 24))
    w = rng.standard_normal((count, 8, 3, 3, 3))
    b = rng.standard_normal((count, 8))
    return [[x[k], w[k], b[k], 1, 1] for k in range(count)]


#: Timing inputs by name: (generator, a description of the shapes for the handout).
TIMING_INPUTS = {"matmul_96": (matmul_96, "two 96×96 matrices"), "conv2d_24": (conv2d_24, "x 2×3×24×24, 8 filters 3×3, stride 1, padding 1")}


def timing_inputs(name: str, seed: int, count: int) -> list[list]:
    """The inputs of one timed batch: the same on both sides of the sandbox for the same seed."""
    return TIMING_INPUTS[name][0](np.random.default_rng(seed), count)
