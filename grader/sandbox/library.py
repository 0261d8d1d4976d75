"""What the sandbox child may hand to student code besides arrays: named test functions, and
the library calls that timing compares against. Plain NumPy, no answers and no reference code."""

from __future__ import annotations

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


def timing_references() -> dict:
    """Called before student code is imported: the closures hold the real NumPy functions, so
    neither the student's patches nor the from-scratch guards can touch them."""
    matmul, pad, tensordot = np.matmul, np.pad, np.tensordot
    windows_of = np.lib.stride_tricks.sliding_window_view

    def conv2d(x, w, b, stride=1, padding=0):
        x = pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        windows = windows_of(x, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
        return tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2) + b[None, :, None, None]

    return {"numpy.matmul": matmul, "numpy.conv2d": conv2d}
