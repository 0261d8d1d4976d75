"""Gradient-descent epochs (batch, stochastic, mini-batch) for ŷ = w x + b."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from grader.latex import num
from grader.schema import Strict
from grader.traces import Family, Setup, markdown_table
from reference.descent import descent_step

LOSSES = {
    "half_mean": r"L = \frac{1}{2m}\sum_i (\hat y_i - y_i)^2",
    "mean": r"L = \frac{1}{m}\sum_i (\hat y_i - y_i)^2",
    "half_sum": r"L = \frac{1}{2}\sum_i (\hat y_i - y_i)^2",
}


class DescentSettings(Strict):
    mode: Literal["batch", "stochastic", "minibatch"]
    batch_size: int = Field(2, ge=1)
    x: list[float] = Field(min_length=2, max_length=8)
    y: list[float] = Field(min_length=2, max_length=8)
    w0: float = 0.0
    b0: float = 0.0
    lr: float = Field(gt=0)
    epochs: int = Field(1, ge=1, le=3)
    loss: Literal["half_mean", "mean", "half_sum"] = "half_mean"
    sign: Literal[1, -1] = 1
    #: False: the model is y = wx (b stays at b0, its gradient column is 0).
    fit_bias: bool = True

    @model_validator(mode="after")
    def _same_length(self) -> DescentSettings:
        if len(self.x) != len(self.y):
            raise ValueError(f"x has {len(self.x)} values but y has {len(self.y)}")
        return self


class GradientDescent(Family):
    name = "gradient_descent"
    Settings = DescentSettings
    columns = ("dw", "db", "w", "b", "loss")
    state_columns = ("w", "b")

    def _batches(self, s: DescentSettings) -> list[list[int]]:
        n = len(s.x)
        size = {"batch": n, "stochastic": 1, "minibatch": s.batch_size}[s.mode]
        return [list(range(i, min(i + size, n))) for i in range(0, n, size)]

    def setup(self, s: DescentSettings) -> Setup:
        steps = [{"batch": batch} for _ in range(s.epochs) for batch in self._batches(s)]
        return Setup({"w": s.w0, "b": s.b0}, steps)

    def step(self, state, step, s: DescentSettings, given=None):
        x, y = np.array(s.x), np.array(s.y)
        idx = step["batch"]
        return descent_step(state["w"], state["b"], x[idx], y[idx], x, y, lr=s.lr, loss_convention=s.loss, sign=s.sign, fit_bias=s.fit_bias, given=given)

    def steps_table(self, s, setup):
        data = markdown_table(["sample", "$x$", "$y$"], [[i + 1, xi, yi] for i, (xi, yi) in enumerate(zip(s.x, s.y))])
        order = markdown_table(["row", "samples used"], [[k, ", ".join(str(i + 1) for i in st["batch"])] for k, st in enumerate(setup.steps, 1)])
        return data + "\n\n" + order

    def conventions(self, s: DescentSettings) -> str:
        if not s.fit_bias:
            return (f"Model $\\hat y = wx$ (no bias: write $\\partial L/\\partial b = 0$ and $b = 0$ in every row), starting from "
                    f"$w = {num(s.w0)}$. Loss ${LOSSES[s.loss]}$ over the $m$ samples in use. {s.mode.capitalize()} gradient descent "
                    f"with learning rate $\\eta = {num(s.lr)}$: each row uses the samples listed for it, computes "
                    f"$\\partial L/\\partial w$ on them, updates $w \\leftarrow w - \\eta\\,\\partial L/\\partial w$, and reports the "
                    f"loss on **all** {len(s.x)} samples after the update.")
        return (f"Model $\\hat y = wx + b$, starting from $w = {num(s.w0)}$, $b = {num(s.b0)}$. Loss ${LOSSES[s.loss]}$ over the "
                f"$m$ samples in use. {s.mode.capitalize()} gradient descent with learning rate $\\eta = {num(s.lr)}$: each row "
                f"uses the samples listed for it, computes $\\partial L/\\partial w$ and $\\partial L/\\partial b$ on them, updates "
                f"$w \\leftarrow w - \\eta\\,\\partial L/\\partial w$ and $b \\leftarrow b - \\eta\\,\\partial L/\\partial b$, and "
                f"reports the loss on **all** {len(s.x)} samples after the update.")

    def ill_posed(self, s, setup, rows) -> str | None:
        flat = [k for k, r in enumerate(rows, 1) if abs(r["dw"]) <= 1e-9]
        return f"the gradient ∂L/∂w is 0 in row {flat[0]}: nothing moves" if flat else None
