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


def cubic_square_derivative(x: float) -> float:
    """d/dx (x³ + 2x)² = 2(x³ + 2x)(3x² + 2)."""
    return float(2 * (x**3 + 2 * x) * (3 * x**2 + 2))


def cubic_square_outer_only(x: float) -> float:
    """2(x³ + 2x): the inner derivative 3x² + 2 forgotten."""
    return float(2 * (x**3 + 2 * x))


def exp_sin_square_derivative(x: float) -> float:
    """d/dx e^{sin x²} = e^{sin x²} cos(x²) 2x."""
    return float(np.exp(np.sin(x**2)) * np.cos(x**2) * 2 * x)


def exp_sin_square_no_innermost(x: float) -> float:
    """e^{sin x²} cos(x²): the factor 2x from x² forgotten."""
    return float(np.exp(np.sin(x**2)) * np.cos(x**2))


def sigmoid_derivative(z: float) -> float:
    """σ′(z) = σ(z)(1 − σ(z))."""
    s = 1 / (1 + np.exp(-z))
    return float(s * (1 - s))


def sigmoid_value(z: float) -> float:
    return float(1 / (1 + np.exp(-z)))


def forward_difference_cube(x: float, h: float) -> float:
    """(f(x + h) − f(x)) / h for f(x) = x³."""
    return float(((x + h) ** 3 - x**3) / h)


def cube_derivative(x: float, h: float) -> float:
    """3x², the exact derivative: what the difference approximates, not what it gives."""
    return float(3 * x**2)


def central_difference_cube(x: float, h: float) -> float:
    return float(((x + h) ** 3 - (x - h) ** 3) / (2 * h))


def exp_product_gradient(x: float, y: float) -> list[float]:
    """∇ of f(x, y) = x²y + e^{xy}: [2xy + y e^{xy}, x² + x e^{xy}]."""
    e = np.exp(x * y)
    return [float(2 * x * y + y * e), float(x**2 + x * e)]


def exp_product_gradient_no_chain(x: float, y: float) -> list[float]:
    """[2xy + e^{xy}, x² + e^{xy}]: the chain rule's factor on the exponential forgotten."""
    e = np.exp(x * y)
    return [float(2 * x * y + e), float(x**2 + e)]


def least_squares_gradient(X, w, y) -> np.ndarray:
    """∇_w of (1/2n)‖Xw − y‖² = (1/n) Xᵀ(Xw − y)."""
    X, w, y = (np.asarray(v, dtype=float) for v in (X, w, y))
    return X.T @ (X @ w - y) / len(y)


def least_squares_gradient_no_mean(X, w, y) -> np.ndarray:
    """Xᵀ(Xw − y): the 1/n dropped."""
    X, w, y = (np.asarray(v, dtype=float) for v in (X, w, y))
    return X.T @ (X @ w - y)


def normal_equation(X, y) -> np.ndarray:
    """w = (XᵀX)⁻¹Xᵀy, the least-squares solution."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X, X.T @ y)


def sigmoid_squared_error_dw(w: float, b: float, x: float, t: float) -> float:
    """∂E/∂w for E = ½(σ(wx + b) − t)²: (σ − t) σ(1 − σ) x."""
    s = 1 / (1 + np.exp(-(w * x + b)))
    return float((s - t) * s * (1 - s) * x)


def sigmoid_squared_error_no_sigmoid_derivative(w: float, b: float, x: float, t: float) -> float:
    """(σ − t) x: the sigmoid's derivative left out of the chain."""
    s = 1 / (1 + np.exp(-(w * x + b)))
    return float((s - t) * x)


def vanishing_product(z) -> float:
    """∏ σ′(zᵢ): how much of the gradient survives a chain of sigmoid layers (weights 1)."""
    s = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return float(np.prod(s * (1 - s)))


def vanishing_product_of_sigmoids(z) -> float:
    """∏ σ(zᵢ): the activations multiplied instead of their derivatives."""
    return float(np.prod(1 / (1 + np.exp(-np.asarray(z, dtype=float)))))
