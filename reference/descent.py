"""Gradient descent for a one-feature linear model ŷ = w x + b with squared-error loss.

Loss conventions: ``half_mean`` L = (1/2m) Σ (ŷ − y)², ``mean`` L = (1/m) Σ (ŷ − y)²,
``half_sum`` L = ½ Σ (ŷ − y)², over the m samples of the batch in use.
"""

from __future__ import annotations

import numpy as np

from reference.cells import Cells

SCALE = {"half_mean": lambda m: 1 / (2 * m), "mean": lambda m: 1 / m, "half_sum": lambda m: 0.5}


def loss(w, b, x, y, convention: str) -> float:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(SCALE[convention](len(x)) * np.sum((w * x + b - y) ** 2))


def gradients(w, b, x, y, convention: str) -> tuple[float, float]:
    """(∂L/∂w, ∂L/∂b) of the loss over the samples x, y."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    k = 2 * SCALE[convention](len(x))
    residual = w * x + b - y
    return float(k * np.sum(residual * x)), float(k * np.sum(residual))


def descent_step(w, b, batch_x, batch_y, all_x, all_y, *, lr, loss_convention, sign=1, fit_bias=True, given=None) -> dict:
    """One update on a batch, then the loss on all the data. Cells: dw, db, w, b, loss. A model
    without a bias (``fit_bias=False``) keeps b at its start and has ∂L/∂b = 0."""
    c = Cells(given)
    dw_, db_ = gradients(w, b, batch_x, batch_y, loss_convention)
    dw = c("dw", dw_)
    db = c("db", db_ if fit_bias else 0.0)
    w = c("w", float(w - sign * lr * dw))
    b = c("b", float(b - sign * lr * db))
    c("loss", loss(w, b, all_x, all_y, loss_convention))
    return c.values
