"""One forward and backward pass of a 2-2-1 ReLU network, and the weight update."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from grader.latex import latex, num
from grader.schema import Strict
from grader.traces import Family, Setup
from reference.mlp import mlp_step


class MlpSettings(Strict):
    x: list[float] = Field(min_length=2, max_length=2)
    y: float
    W1: list[list[float]]
    b1: list[float] = Field(min_length=2, max_length=2)
    w2: list[float] = Field(min_length=2, max_length=2)
    b2: float
    lr: float = Field(gt=0)
    loss: Literal["half", "squared"] = "half"
    relu_grad: bool = True
    update_bias: bool = True


class MlpStep(Family):
    name = "mlp"
    Settings = MlpSettings
    columns = ("z1", "a1", "y_hat", "loss", "d_yhat", "dw2", "db2", "dz1", "dW1", "db1", "W1", "b1", "w2", "b2")
    state_columns = ("W1", "b1", "w2", "b2")

    def setup(self, s: MlpSettings) -> Setup:
        initial = {"W1": np.array(s.W1), "b1": np.array(s.b1), "w2": np.array(s.w2), "b2": s.b2}
        return Setup(initial, [{"x": np.array(s.x), "y": s.y}])

    def step(self, state, step, s: MlpSettings, given=None):
        return mlp_step(state["W1"], state["b1"], state["w2"], state["b2"], step["x"], step["y"], lr=s.lr, loss=s.loss,
                        relu_grad=s.relu_grad, update_bias=s.update_bias, given=given)

    def steps_table(self, s, setup) -> str:
        return (f"Input $\\mathbf{{x}} = {latex(s.x)}^\\top$, target $y = {num(s.y)}$; "
                f"$W_1 = {latex(s.W1)}$, $\\mathbf{{b}}_1 = {latex(s.b1)}^\\top$, "
                f"$\\mathbf{{w}}_2 = {latex(s.w2)}$, $b_2 = {num(s.b2)}$.")

    def conventions(self, s: MlpSettings) -> str:
        loss = r"\tfrac12(\hat y - y)^2" if s.loss == "half" else r"(\hat y - y)^2"
        return (f"$\\mathbf{{z}}_1 = W_1 \\mathbf{{x}} + \\mathbf{{b}}_1$, $\\mathbf{{a}}_1 = \\mathrm{{ReLU}}(\\mathbf{{z}}_1)$, "
                f"$\\hat y = \\mathbf{{w}}_2 \\cdot \\mathbf{{a}}_1 + b_2$, $L = {loss}$. Backward: "
                f"$d\\hat y = \\partial L/\\partial \\hat y$, $d\\mathbf{{w}}_2$, $db_2$, $d\\mathbf{{z}}_1$ (through ReLU, "
                f"whose derivative is 1 where $z > 0$, else 0), $dW_1$ (row $i$: output $i$), $d\\mathbf{{b}}_1$; then one step "
                f"$\\theta \\leftarrow \\theta - \\eta\\, d\\theta$ with $\\eta = {num(s.lr)}$ for $W_1, \\mathbf{{b}}_1, \\mathbf{{w}}_2, b_2$. "
                f"Give one row: a mapping of the 14 named quantities (vectors and matrices as lists).")

    def ill_posed(self, s, setup, rows) -> str | None:
        z1 = rows[0]["z1"]
        if np.any(z1 == 0):
            return "a hidden pre-activation z1 is 0, where ReLU has no derivative"
        if not np.any(z1 > 0):
            return "every hidden unit is off (z1 ≤ 0): no gradient reaches the first layer"
        if rows[0]["d_yhat"] == 0:
            return "the prediction is already exact: every gradient is 0"
        return None
