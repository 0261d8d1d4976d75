"""Forward and backward pass of a 2-2-1 network: ReLU hidden layer, linear output, squared error.

z1 = W1 x + b1, a1 = ReLU(z1), ŷ = w2·a1 + b2, L = ½(ŷ − y)² (``half``) or (ŷ − y)²; then one
gradient-descent step with learning rate η on W1, b1, w2, b2.
"""

from __future__ import annotations

import numpy as np

from reference.cells import Cells


def mlp_step(W1, b1, w2, b2, x, y, *, lr, loss="half", relu_grad=True, update_bias=True, given=None) -> dict:
    """Cells in order: z1, a1, y_hat, loss, d_yhat, dw2, db2, dz1, dW1, db1, W1, b1, w2, b2."""
    c = Cells(given)
    W1, b1, w2, x = (np.asarray(a, dtype=float) for a in (W1, b1, w2, x))
    z1 = c("z1", W1 @ x + b1)
    a1 = c("a1", np.maximum(z1, 0.0))
    y_hat = c("y_hat", float(w2 @ a1 + b2))
    c("loss", 0.5 * (y_hat - y) ** 2 if loss == "half" else (y_hat - y) ** 2)
    d_yhat = c("d_yhat", (y_hat - y) if loss == "half" else 2 * (y_hat - y))
    dw2 = c("dw2", d_yhat * a1)
    db2 = c("db2", d_yhat)
    dz1 = c("dz1", d_yhat * w2 * ((z1 > 0) if relu_grad else 1.0))
    dW1 = c("dW1", np.outer(dz1, x))
    db1 = c("db1", dz1)
    c("W1", W1 - lr * dW1)
    c("b1", b1 - lr * db1 if update_bias else b1)
    c("w2", w2 - lr * dw2)
    c("b2", float(b2 - lr * db2) if update_bias else float(b2))
    return c.values
