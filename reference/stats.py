"""Descriptive statistics with an explicit divisor."""

from __future__ import annotations

import numpy as np


def mean(x) -> float:
    return float(np.mean(np.asarray(x, dtype=float)))


def variance(x, ddof: int) -> float:
    """Sum of squared deviations from the mean divided by n - ddof (ddof=0: population, 1: sample)."""
    x = np.asarray(x, dtype=float)
    return float(np.sum((x - x.mean()) ** 2) / (x.size - ddof))


def std(x, ddof: int) -> float:
    return float(np.sqrt(variance(x, ddof)))
