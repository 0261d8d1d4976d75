"""Optimizer step tables: momentum, AdaGrad, RMSProp and Adam on one parameter, given its gradients."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from grader.latex import num
from grader.schema import Strict
from grader.traces import Family, Setup, markdown_table
from reference.optimizers import adagrad_step, adam_step, momentum_step, rmsprop_step


class OptimizerSettings(Strict):
    theta0: float
    grads: list[float] = Field(min_length=2, max_length=6)
    lr: float = Field(gt=0)
    eps: float = Field(1e-8, ge=0)


class GradientSequence(Family):
    """Shared shape: a state that starts at zero, θ from theta0, one row per given gradient."""

    zero_state: tuple[str, ...] = ()

    def setup(self, s: OptimizerSettings) -> Setup:
        initial = {name: 0.0 for name in self.zero_state} | {"theta": s.theta0}
        return Setup(initial, [{"g": g, "t": t} for t, g in enumerate(s.grads, start=1)])

    def steps_table(self, s, setup):
        return markdown_table(["row $t$", "gradient $g_t$"], [[st["t"], st["g"]] for st in setup.steps])

    def start(self, s) -> str:
        zeros = ", ".join(f"${name} = 0$" for name in self.zero_state)
        return f"Start from $\\theta = {num(s.theta0)}$ and {zeros}; learning rate $\\eta = {num(s.lr)}$."


class MomentumSettings(OptimizerSettings):
    beta: float = Field(0.9, ge=0, lt=1)
    sign: Literal[1, -1] = 1


class Momentum(GradientSequence):
    name = "momentum"
    Settings = MomentumSettings
    columns = ("v", "theta")
    state_columns = ("v", "theta")
    zero_state = ("v",)

    def step(self, state, step, s, given=None):
        return momentum_step(state["theta"], state["v"], step["g"], lr=s.lr, beta=s.beta, sign=s.sign, given=given)

    def conventions(self, s) -> str:
        return (f"{self.start(s)} SGD with momentum, $\\beta = {num(s.beta)}$: "
                f"$v \\leftarrow \\beta v + \\eta g$, then $\\theta \\leftarrow \\theta - v$.")


class AdagradSettings(OptimizerSettings):
    pass


class Adagrad(GradientSequence):
    name = "adagrad"
    Settings = AdagradSettings
    columns = ("G", "theta")
    state_columns = ("G", "theta")
    zero_state = ("G",)

    def step(self, state, step, s, given=None):
        return adagrad_step(state["theta"], state["G"], step["g"], lr=s.lr, eps=s.eps, given=given)

    def conventions(self, s) -> str:
        return (f"{self.start(s)} AdaGrad: $G \\leftarrow G + g^2$, then "
                f"$\\theta \\leftarrow \\theta - \\eta\\, g / (\\sqrt{{G}} + \\epsilon)$ with $\\epsilon = {s.eps:g}$.")


class RmsPropSettings(OptimizerSettings):
    rho: float = Field(0.9, ge=0, lt=1)
    decay_weight: bool = True


class RmsProp(GradientSequence):
    name = "rmsprop"
    Settings = RmsPropSettings
    columns = ("s", "theta")
    state_columns = ("s", "theta")
    zero_state = ("s",)

    def step(self, state, step, s, given=None):
        return rmsprop_step(state["theta"], state["s"], step["g"], lr=s.lr, rho=s.rho, eps=s.eps, decay_weight=s.decay_weight, given=given)

    def conventions(self, s) -> str:
        return (f"{self.start(s)} RMSProp, $\\rho = {num(s.rho)}$: $s \\leftarrow \\rho s + (1 - \\rho) g^2$, then "
                f"$\\theta \\leftarrow \\theta - \\eta\\, g / (\\sqrt{{s}} + \\epsilon)$ with $\\epsilon = {s.eps:g}$.")


class AdamSettings(OptimizerSettings):
    beta1: float = Field(0.9, ge=0, lt=1)
    beta2: float = Field(0.999, ge=0, lt=1)
    bias_correction: bool = True


class Adam(GradientSequence):
    name = "adam"
    Settings = AdamSettings
    columns = ("m", "v", "m_hat", "v_hat", "theta")
    state_columns = ("m", "v", "theta")
    zero_state = ("m", "v")

    def step(self, state, step, s, given=None):
        return adam_step(state["theta"], state["m"], state["v"], step["g"], step["t"], lr=s.lr, beta1=s.beta1,
                         beta2=s.beta2, eps=s.eps, bias_correction=s.bias_correction, given=given)

    def conventions(self, s) -> str:
        return (f"{self.start(s)} Adam with $\\beta_1 = {num(s.beta1)}$, $\\beta_2 = {num(s.beta2)}$, $\\epsilon = {s.eps:g}$ "
                f"(outside the square root): $m \\leftarrow \\beta_1 m + (1-\\beta_1) g$, $v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2$, "
                f"$\\hat m = m / (1 - \\beta_1^t)$, $\\hat v = v / (1 - \\beta_2^t)$, "
                f"$\\theta \\leftarrow \\theta - \\eta\\, \\hat m / (\\sqrt{{\\hat v}} + \\epsilon)$, with $t$ counting from 1.")
