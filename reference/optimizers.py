"""One step of SGD with momentum, AdaGrad, RMSProp and Adam on a parameter θ, given its gradient g.

Conventions (stated in every prompt): momentum v ← βv + ηg, θ ← θ − v; AdaGrad G ← G + g²,
θ ← θ − η g / (√G + ε); RMSProp s ← ρ s + (1 − ρ) g², θ ← θ − η g / (√s + ε); Adam
m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
θ ← θ − η m̂ / (√v̂ + ε). ε sits outside the square root, as in PyTorch.
"""

from __future__ import annotations

import math

from reference.cells import Cells


def momentum_step(theta, v, g, *, lr, beta, sign=1, given=None) -> dict:
    c = Cells(given)
    v = c("v", beta * v + lr * g)
    c("theta", theta - sign * v)
    return c.values


def adagrad_step(theta, G, g, *, lr, eps, given=None) -> dict:
    c = Cells(given)
    G = c("G", G + g * g)
    c("theta", theta - lr * g / (math.sqrt(G) + eps))
    return c.values


def rmsprop_step(theta, s, g, *, lr, rho, eps, decay_weight=True, given=None) -> dict:
    """``decay_weight=False`` drops the (1 − ρ) factor: a common slip."""
    c = Cells(given)
    s = c("s", rho * s + ((1 - rho) if decay_weight else 1.0) * g * g)
    c("theta", theta - lr * g / (math.sqrt(s) + eps))
    return c.values


def adam_step(theta, m, v, g, t, *, lr, beta1, beta2, eps, bias_correction=True, given=None) -> dict:
    c = Cells(given)
    m = c("m", beta1 * m + (1 - beta1) * g)
    v = c("v", beta2 * v + (1 - beta2) * g * g)
    m_hat = c("m_hat", m / (1 - beta1**t) if bias_correction else m)
    v_hat = c("v_hat", v / (1 - beta2**t) if bias_correction else v)
    c("theta", theta - lr * m_hat / (math.sqrt(v_hat) + eps))
    return c.values
