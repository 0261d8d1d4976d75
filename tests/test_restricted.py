"""From-scratch rules decided on what the code resolves at run time (RestrictedPython guards),
graded through the code runner: every way around the source check earns nothing, and the
legitimate solutions still pass."""

from __future__ import annotations

import pytest
from test_code_problems import BANK, grade_all

#: Each gets past the source check (no literal forbidden name, no dunder, allowed imports only).
BYPASSES = {
    "getattr with a computed name": "def matmul(A, B):\n    return getattr(__import__('num' + 'py'), 'mat' + 'mul')(A, B)",
    "getattr on numpy": "def matmul(A, B):\n    return getattr(np, 'mat' + 'mul')(A, B)",
    "a private NumPy module": "import functools\ndef matmul(A, B):\n    core = getattr(np, '_c' + 'ore')\n    return core.multiarray.matmul(A, B)",
    "the deprecated public alias": "def matmul(A, B):\n    return np.core.multiarray.matmul(A, B)",
    "operator.matmul": "import operator\ndef matmul(A, B):\n    return operator.matmul(A, B)",
    "builtins through a module": "import dataclasses\ndef matmul(A, B):\n    return getattr(dataclasses, 'built' + 'ins').eval('A.dot(B)', {'A': A, 'B': B})",
    "sys through typing": "import typing\ndef matmul(A, B):\n    return getattr(typing, 's' + 'ys').modules['numpy'].matmul(A, B)",
    "a method with a computed name": "def matmul(A, B):\n    return getattr(A, 'd' + 'ot')(B)",
    "the method from the class": "def matmul(A, B):\n    return type(A).dot(A, B)",
    "linalg by a computed name": "def matmul(A, B):\n    return getattr(np, 'lin' + 'alg').multi_dot([A, B])",
    "methodcaller": "import operator\ndef matmul(A, B):\n    return operator.methodcaller('d' + 'ot', B)(A)",
    "getattr through map": "def matmul(A, B):\n    return list(map(getattr, [np], ['mat' + 'mul']))[0](A, B)",
    "the matrix class": "def matmul(A, B):\n    return np.asarray(np.matrix(A) * np.matrix(B))",
    "ctypes from NumPy": "def matmul(A, B):\n    lib = np.ctypeslib.load_library('libscipy_openblas64_', np.__path__[0])\n    return A",
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_a_way_around_the_source_check_earns_nothing(name):
    result = grade_all(BYPASSES[name])["matmul"]
    assert result.score == 0, result.feedback
    assert any(m in result.feedback for m in ("forbid", "does not run", "not allowed")), result.feedback


@pytest.mark.parametrize("name", ["matmul", "conv2d", "softmax_stable", "binary_cross_entropy", "numerical_gradient",
                                  "perceptron_train", "adam_step", "pca"])
def test_model_solutions_run_restricted(name):
    problem = BANK.problems[name]
    variant = problem.draw(__import__("numpy").random.default_rng(3))
    assert problem.check(variant, problem.as_submitted(problem.expected(variant))).fraction == 1.0


def test_loops_classes_and_augmented_assignment_run():
    code = """
class Accumulator:
    def __init__(self, n, m):
        self.out = np.zeros((n, m))
        self.calls = 0

    def add(self, i, j, value):
        self.out[i, j] += value
        self.calls += 1


def matmul(A, B):
    acc = Accumulator(A.shape[0], B.shape[1])
    for i, row in enumerate(A):
        for j in range(B.shape[1]):
            total = 0.0
            for t, a in enumerate(row):
                total += a * B[t, j]
            acc.add(i, j, total)
    return acc.out
"""
    assert grade_all(code)["matmul"].score == pytest.approx(5 * 0.7)  # right; a Python triple loop earns no speed points


CONV_FORBID = BANK.problems["conv2d"].forbid


@pytest.mark.parametrize("body", [
    "np.lib.stride_tricks.sliding_window_view(x, (3, 3))",
    "getattr(np.lib, '_stride' + '_tricks_impl').sliding_window_view(x, (3, 3))",
    "getattr(getattr(np, 'lib'), 'stride' + '_tricks').as_strided(x)",
    "np.tensordot(x, x)",
])
def test_conv2d_shortcuts_are_refused_by_what_they_resolve_to(body):
    from grader.sandbox import restricted

    module = type(restricted)("solution")
    restricted.load(f"import numpy as np\n\ndef conv2d(x):\n    return {body}\n", "solution.py", module, CONV_FORBID)
    with pytest.raises(restricted.ForbiddenCall):
        module.conv2d(__import__("numpy").ones((4, 4)))
