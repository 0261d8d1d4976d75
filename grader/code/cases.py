"""Hidden test cases of the code problems, drawn per student: shapes, strides, paddings, dtypes
and edge cases. Each generator returns (label, args); labels describe a case without its answer."""

from __future__ import annotations

import numpy as np

from grader.sandbox import NamedFunction

Case = tuple[str, list]


def _ints(rng, shape, low=-5, high=6):
    return rng.integers(low, high, size=shape).astype(float)


def matmul(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, k, m in [(1, 1, 1), (1, 7, 1), (5, 1, 4), tuple(rng.integers(2, 9, size=3)), tuple(rng.integers(2, 9, size=3))]:
        a, b = rng.normal(size=(n, k)), rng.normal(size=(k, m))
        cases.append((f"A {n}×{k}, B {k}×{m}", [a, b]))
    n, k, m = rng.integers(2, 6, size=3)
    cases.append((f"integer entries, A {n}×{k}, B {k}×{m}", [_ints(rng, (n, k)), _ints(rng, (k, m))]))
    return cases


def conv2d(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, c, h, w, f, hh, stride, pad in [
        (1, 1, 4, 4, 1, 1, 1, 0),            # 1×1 kernel
        (2, 3, 5, 7, 2, 3, 2, 1),            # non-square input, stride 2 not dividing evenly
        (1, 2, 6, 6, 3, 3, 3, 0),            # stride 3
        (int(rng.integers(1, 3)), int(rng.integers(1, 4)), int(rng.integers(4, 8)), int(rng.integers(4, 8)),
         int(rng.integers(1, 4)), int(rng.choice([1, 3])), int(rng.integers(1, 3)), int(rng.integers(0, 2))),
    ]:
        x, weights, bias = rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, hh, hh)), rng.normal(size=f)
        cases.append((f"x {n}×{c}×{h}×{w}, {f} filters {hh}×{hh}, stride {stride}, padding {pad}", [x, weights, bias, stride, pad]))
    return cases


def softmax(rng: np.random.Generator) -> list[Case]:
    return [
        ("a single row", [rng.normal(size=5)]),
        ("rows of large scores (overflow test)", [rng.normal(size=(3, 4)) * 10 + 1000]),
        ("rows of very negative scores", [rng.normal(size=(2, 6)) - 1000]),
        ("a batch", [rng.normal(size=(int(rng.integers(2, 6)), int(rng.integers(2, 8))))]),
        ("equal scores", [np.zeros((2, 3))]),
    ]


def bce(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n in (1, 4, int(rng.integers(5, 20))):
        p = rng.uniform(0.02, 0.98, size=n)
        y = rng.integers(0, 2, size=n).astype(float)
        cases.append((f"{n} predictions", [p, y]))
    return cases


def numerical_gradient(rng: np.random.Generator) -> list[Case]:
    return [(f"{name} at a point in R^{n}", [NamedFunction(name), rng.uniform(-2, 2, size=n)])
            for name, n in (("quadratic", 3), ("sin_chain", int(rng.integers(2, 6))), ("logsumexp", 4))]


def perceptron(rng: np.random.Generator) -> list[Case]:
    from reference.perceptron import INPUTS, gate_target  # instructor side only: drawing hidden cases

    cases = []
    X = np.array(INPUTS, dtype=float)
    for gate in rng.permutation(["AND", "OR", "NAND"])[:2]:
        cases.append((f"{gate} gate, η 0.5, 3 epochs", [X, np.array([gate_target(gate, x) for x in INPUTS], dtype=float), 0.5, 3]))
    X = rng.normal(size=(6, 3))
    cases.append(("6 random samples in R^3, η 0.1, 2 epochs", [X, (X @ rng.normal(size=3) > 0).astype(float), 0.1, 2]))
    return cases


def adam(rng: np.random.Generator) -> list[Case]:
    cases = []
    for t, shape in ((1, (3,)), (2, (2, 2)), (int(rng.integers(3, 50)), (4,))):
        theta, grad = rng.normal(size=shape), rng.normal(size=shape)
        m, v = rng.normal(size=shape) * 0.1, rng.uniform(0, 0.1, size=shape)
        cases.append((f"step t = {t}, parameter of shape {shape}", [theta, grad, m, v, t, 0.01]))
    return cases


def pca(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, d, k in ((30, 2, 1), (50, 4, 2), (int(rng.integers(20, 60)), 3, 3)):
        scales = np.sort(rng.uniform(0.5, 4, size=d))[::-1] * np.linspace(1.6, 1, d)
        X = rng.normal(size=(n, d)) * scales @ np.linalg.qr(rng.normal(size=(d, d)))[0] + rng.normal(size=d) * 5
        cases.append((f"{n} points in R^{d}, k = {k}", [X, k]))
    return cases


GENERATORS = {fn.__name__: fn for fn in (matmul, conv2d, softmax, bce, numerical_gradient, perceptron, adam, pca)}
