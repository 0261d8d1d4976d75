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


def covariance(x, y, ddof: int) -> float:
    """Σ(xᵢ − x̄)(yᵢ − ȳ) / (n − ddof)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.sum((x - x.mean()) * (y - y.mean())) / (len(x) - ddof))


def covariance_uncentred(x, y, ddof: int) -> float:
    """Σxᵢyᵢ / (n − ddof): the means not subtracted."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.sum(x * y) / (len(x) - ddof))


def extremes(x, base: int) -> list[float]:
    """[max, argmax, min, argmin], positions counted from ``base`` (1 for "the 1st entry")."""
    x = np.asarray(x, dtype=float)
    return [float(x.max()), float(np.argmax(x) + base), float(x.min()), float(np.argmin(x) + base)]


def row_argmax(a, base: int) -> list[float]:
    """The position of each row's largest entry, counted from ``base``."""
    return (np.argmax(np.asarray(a, dtype=float), axis=1) + base).astype(float).tolist()
