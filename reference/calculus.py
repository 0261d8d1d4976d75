"""Derivatives, gradients, Jacobians and Hessians of stated functions, from their analytic formulas."""

from __future__ import annotations

import numpy as np

from reference.activations import sigmoid


def power_chain_derivative(a: float, b: float, n: int, x: float) -> float:
    """d/dx (a x + b)^n = n a (a x + b)^(n-1)."""
    return float(n * a * (a * x + b) ** (n - 1))


def power_chain_outer_only(a: float, b: float, n: int, x: float) -> float:
    """n (a x + b)^(n-1): the chain rule without the inner derivative a."""
    return float(n * (a * x + b) ** (n - 1))


def sigmoid_affine_dw(w: float, b: float, x: float) -> float:
    """∂σ(w x + b)/∂w = σ(z)(1 − σ(z)) x with z = w x + b."""
    s = sigmoid(w * x + b)
    return float(s * (1 - s) * x)


def sigmoid_affine_dz(w: float, b: float, x: float) -> float:
    """σ'(z) alone: the chain rule without ∂z/∂w = x."""
    s = sigmoid(w * x + b)
    return float(s * (1 - s))


def sigmoid_affine_value(w: float, b: float, x: float) -> float:
    """σ(z) x: the sigmoid used where its derivative belongs."""
    return float(sigmoid(w * x + b) * x)


def quadratic_gradient(a: float, b: float, c: float, x: float, y: float) -> list[float]:
    """∇ of f(x, y) = a x² + b x y + c y² at (x, y): [2 a x + b y, b x + 2 c y]."""
    return [2 * a * x + b * y, b * x + 2 * c * y]


def quadratic_gradient_no_cross(a: float, b: float, c: float, x: float, y: float) -> list[float]:
    """The gradient with the cross term b x y forgotten."""
    return [2 * a * x, 2 * c * y]


def quadratic_hessian(a: float, b: float, c: float) -> list[list[float]]:
    """Hessian of a x² + b x y + c y²: [[2a, b], [b, 2c]] (constant)."""
    return [[2 * a, b], [b, 2 * c]]


def quadratic_hessian_halved(a: float, b: float, c: float) -> list[list[float]]:
    """[[a, b], [b, c]]: the factor 2 from differentiating the squares forgotten."""
    return [[a, b], [b, c]]


def polynomial_map_jacobian(k: float, x: float, y: float) -> list[list[float]]:
    """Jacobian of f(x, y) = (x² y, k x + y³): [[2 x y, x²], [k, 3 y²]] (rows: outputs)."""
    return [[2 * x * y, x**2], [k, 3 * y**2]]


def revenue_gradient(b: float, r: float, p: float) -> list[float]:
    """∇ of R(b, r, p) = b r² ln(1 + p): [r² ln(1+p), 2 b r ln(1+p), b r² / (1+p)]."""
    log = np.log1p(p)
    return [r**2 * log, 2 * b * r * log, b * r**2 / (1 + p)]


def revenue_gradient_log10(b: float, r: float, p: float) -> list[float]:
    """The same with log base 10 in place of the natural log."""
    log = np.log10(1 + p)
    return [r**2 * log, 2 * b * r * log, b * r**2 / ((1 + p) * np.log(10))]
