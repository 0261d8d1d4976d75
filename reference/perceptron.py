"""The perceptron learning rule on logic gates, one sample a step."""

from __future__ import annotations

import numpy as np

from reference.cells import Cells

GATES = {
    "AND": lambda a, b: a & b,
    "OR": lambda a, b: a | b,
    "NAND": lambda a, b: 1 - (a & b),
    "NOR": lambda a, b: 1 - (a | b),
}
INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def gate_target(gate: str, x) -> int:
    return int(GATES[gate](int(x[0]), int(x[1])))


def perceptron_step(w, b, x, y, *, eta, threshold=0.0, update_bias=True, sign=1, given=None) -> dict:
    """One sample: z = w·x + b, ŷ = 1 if z ≥ threshold else 0, then
    w ← w + η (y − ŷ) x and b ← b + η (y − ŷ). Cells: z, y_hat, w, b."""
    c = Cells(given)
    x = np.asarray(x, dtype=float)
    z = c("z", float(np.dot(w, x) + b))
    y_hat = c("y_hat", 1.0 if z >= threshold else 0.0)
    error = y - y_hat
    c("w", np.asarray(w, dtype=float) + sign * eta * error * x)
    c("b", float(b + sign * eta * error) if update_bias else float(b))
    return c.values
