"""Perceptron training on a logic gate, one sample per row."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from grader.latex import latex, num
from grader.schema import Strict
from grader.traces import Family, Setup, markdown_table
from reference.perceptron import INPUTS, gate_target, perceptron_step


class PerceptronSettings(Strict):
    gate: Literal["AND", "OR", "NAND", "NOR"]
    w0: list[float] = Field(min_length=2, max_length=2)
    b0: float
    eta: float = Field(gt=0)
    threshold: float = 0.0
    epochs: int = Field(1, ge=1, le=3)
    order: list[int] = Field(default_factory=lambda: [0, 1, 2, 3])
    update_bias: bool = True
    sign: Literal[1, -1] = 1


class Perceptron(Family):
    name = "perceptron"
    Settings = PerceptronSettings
    columns = ("z", "y_hat", "w", "b")
    state_columns = ("w", "b")

    def setup(self, s: PerceptronSettings) -> Setup:
        steps = [{"x": INPUTS[i], "y": gate_target(s.gate, INPUTS[i])} for _ in range(s.epochs) for i in s.order]
        return Setup({"w": np.array(s.w0), "b": s.b0}, steps)

    def step(self, state, step, s: PerceptronSettings, given=None):
        return perceptron_step(state["w"], state["b"], step["x"], step["y"], eta=s.eta, threshold=s.threshold,
                               update_bias=s.update_bias, sign=s.sign, given=given)

    def steps_table(self, s, setup):
        return markdown_table(["row", "$x_1$", "$x_2$", "$y$"], [[k, *st["x"], st["y"]] for k, st in enumerate(setup.steps, 1)])

    def conventions(self, s: PerceptronSettings) -> str:
        return (f"Start from $\\mathbf{{w}} = {latex(s.w0)}$, $b = {num(s.b0)}$. For each sample in the order listed "
                f"({s.epochs} pass{'es' if s.epochs > 1 else ''} over the {s.gate} truth table): "
                f"$z = \\mathbf{{w}}\\cdot\\mathbf{{x}} + b$; $\\hat y = 1$ if $z \\ge {num(s.threshold)}$, else $0$; "
                f"then $\\mathbf{{w}} \\leftarrow \\mathbf{{w}} + \\eta (y - \\hat y)\\mathbf{{x}}$ and "
                f"$b \\leftarrow b + \\eta (y - \\hat y)$ with $\\eta = {num(s.eta)}$ (the bias is a weight whose input is always 1). "
                f"Each row holds $z$, $\\hat y$ and the weights **after** that sample's update.")

    def ill_posed(self, s, setup, rows) -> str | None:
        ties = [k for k, r in enumerate(rows, 1) if r["z"] == s.threshold]
        if ties:
            return f"z equals the threshold {num(s.threshold)} in row {ties[0]}: ŷ would hang on ≥ versus >"
        updates = sum(r["y_hat"] != st["y"] for r, st in zip(rows, setup.steps))
        if updates < min(2, len(rows)):
            return f"only {updates} of the {len(rows)} samples change the weights (a table worth working needs {min(2, len(rows))})"
        return None
