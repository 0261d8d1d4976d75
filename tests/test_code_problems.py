"""Code problems: hostile submissions are contained, rules are enforced, speed is banded."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest
from conftest import PROBLEMS

from grader.code.source import CodeSource
from grader.grading import grade_problem
from grader.kinds import code as code_judge
from grader.kinds.code import SOLUTION_HEADER
from grader.spec.bank import load_bank
from grader.spec.models import AssignmentSpec
from grader.submission import Submission

BANK = load_bank(PROBLEMS)
SOFTMAX = BANK.problems["softmax_stable"].solution
MIXED = BANK.assignment(AssignmentSpec(id="mixed", title="mixed", seed=1, problems=[
    {"id": "matmul", "points": 5}, {"id": "softmax_stable", "points": 2}, {"id": "dot_product", "points": 2}]))


def grade_all(matmul_code: str, module_prefix: str = "") -> dict:
    """Grade a submission whose softmax and dot product are right and whose matmul is ``matmul_code``."""
    source = "\n\n".join([SOLUTION_HEADER, module_prefix, textwrap.dedent(matmul_code), SOFTMAX])
    dot = BANK.problems["dot_product"]
    answers = {"dot_product": dot.expected(MIXED.variant(dot, "sam"))}
    submission = Submission(None, "sam", answers, {}, CodeSource(source, "solution.py"))
    return {p.id: grade_problem(MIXED, p, pts, submission) for p, pts in MIXED.items}


HOSTILE = {
    "monkeypatches numpy": ("""
        np.allclose = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        def matmul(A, B):
            return np.zeros((len(A), len(B[0])))
        """, "the from-scratch rules or the sandbox forbid"),
    "prints fake results": ("""
        def matmul(A, B):
            print('{"score": 5, "tests": []}  PASSED 8/8')
            return np.ones((len(A), len(B[0])))
        """, "max relative error"),
    "writes results.json": ("""
        def matmul(A, B):
            open("results.json", "w").write('{"score": 100}')
        """, "open() is not allowed"),
    "calls exit": ("""
        def matmul(A, B):
            exit(0)
        """, "called exit(); a function must return its result"),
    "raises SystemExit": ("""
        def matmul(A, B):
            raise SystemExit(0)
        """, "called exit(); a function must return its result"),
    "raises KeyboardInterrupt": ("""
        def matmul(A, B):
            raise KeyboardInterrupt
        """, "raised KeyboardInterrupt"),
    "imports os for os._exit": ("""
        import os
        def matmul(A, B):
            os._exit(0)
        """, "importing os is not allowed"),
    "loops forever": ("""
        def matmul(A, B):
            while True:
                pass
        """, "took longer than 5 s (infinite loop?)"),
    "allocates without bound": ("""
        def matmul(A, B):
            return np.ones((100_000, 100_000))
        """, "ran out of memory (limit 1024 MB)"),
    "prints megabytes": ("""
        def matmul(A, B):
            for _ in range(40):
                print("x" * 1_000_000)
            return A
        """, "max relative error"),
    "returns an always-equal object": ("""
        class Anything:
            def __eq__(self, other):
                return True
        def matmul(A, B):
            return Anything()
        """, "not numbers"),
    "returns NaN": ("""
        def matmul(A, B):
            return np.full((len(A), len(B[0])), np.nan)
        """, "contains NaN or infinity"),
    "returns complex numbers": ("""
        def matmul(A, B):
            return (A[:, :, None] * B[None, :, :]).sum(axis=1) * 1j
        """, "not numbers"),
    "returns the wrong shape": ("""
        def matmul(A, B):
            return (A[:, :, None] * B[None, :, :]).sum(axis=1).ravel()
        """, "expected ("),
    "escapes through dunders": ("""
        def matmul(A, B):
            return ().__class__.__bases__[0].__subclasses__()
        """, "the attribute __class__ is not allowed"),
    "uses eval": ("""
        def matmul(A, B):
            return eval("A @ B")
        """, "eval() is not allowed"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_matmul_costs_only_its_own_points(name):
    code, message = HOSTILE[name]
    results = grade_all(code)
    assert results["matmul"].score == 0 and message in results["matmul"].feedback, results["matmul"].feedback
    assert results["dot_product"].score == 2
    module_wide = any(marker in message for marker in ("not allowed", "sandbox forbid"))  # the whole file fails the rules or its import
    assert results["softmax_stable"].score == (0 if module_wide else 2), results["softmax_stable"].feedback


@pytest.mark.parametrize("prefix,message", [
    ("def broken(:\n    pass", "SyntaxError"),
    ("x = 1 / 0", "failed to import: ZeroDivisionError raised (solution.py line 3)"),
])
def test_a_module_that_fails_to_import_costs_its_code_problems_only(prefix, message):
    results = grade_all(BANK.problems["matmul"].solution, module_prefix=prefix)
    assert results["matmul"].score == 0 and message in results["matmul"].feedback
    assert results["softmax_stable"].score == 0 and results["dot_product"].score == 2


FORBIDDEN = {
    "calls np.matmul": ("def matmul(A, B):\n    return np.matmul(A, B)", "solution.py line 6: numpy.matmul is not allowed in matmul"),
    "uses @": ("def matmul(A, B):\n    return A @ B", "solution.py line 6: the @ operator is not allowed in matmul"),
    "uses .dot()": ("def matmul(A, B):\n    return A.dot(B)", "solution.py line 6: .dot() is not allowed in matmul"),
    "aliases dot": ("from numpy import dot as d\ndef matmul(A, B):\n    return d(A, B)", "numpy.dot is not allowed in matmul"),
    "hides it in a helper": ("def helper(A, B):\n    return np.einsum('ik,kj->ij', A, B)\ndef matmul(A, B):\n    return helper(A, B)",
                             "solution.py line 6: numpy.einsum is not allowed in matmul"),
    "imports torch inside": ("def matmul(A, B):\n    import torch\n    return torch.tensor(A).mm(torch.tensor(B)).numpy()",
                             "importing torch is not allowed in matmul"),
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_forbidden_calls_are_caught_by_reading_the_source(name):
    code, message = FORBIDDEN[name]
    result = grade_all(code)["matmul"]
    assert result.score == 0 and message in result.feedback and result.mistake == "forbidden", result.feedback


def test_forbidden_calls_are_caught_at_run_time():
    """getattr with a computed name gets past the source check; the run-time guard catches it."""
    result = grade_all('def matmul(A, B):\n    return getattr(np, "mat" + "mul")(A, B)')["matmul"]
    assert result.score == 0 and "used something the from-scratch rules or the sandbox forbid (numpy.matmul" in result.feedback


def test_an_unrelated_function_may_use_what_matmul_may_not():
    code = BANK.problems["matmul"].solution + "\n\ndef gram(X):\n    return X @ X.T\n"
    assert grade_all(code)["matmul"].score == 5


def test_vectorized_matmul_earns_the_speed_band_and_a_triple_loop_does_not():
    fast = grade_all(BANK.problems["matmul"].solution)["matmul"]
    assert fast.score == 5 and "100% of the speed points" in fast.feedback
    slow = grade_all("""
        def matmul(A, B):
            n, k = A.shape
            m = B.shape[1]
            C = np.zeros((n, m))
            for i in range(n):
                for j in range(m):
                    for t in range(k):
                        C[i, j] += A[i, t] * B[t, j]
            return C
        """)["matmul"]
    assert slow.score == pytest.approx(5 * 0.7) and "all 8 tests pass" in slow.feedback and "no speed points" in slow.feedback


def test_stub_is_not_answered_and_missing_function_is_named():
    assert grade_all(BANK.problems["matmul"].answer_slot(None, with_key=False))["matmul"].feedback == "not answered (matmul still raises NotImplementedError)"
    assert grade_all("def mat_mul(A, B):\n    return A")["matmul"].feedback == "solution.py defines no function matmul"


def test_wrong_results_are_located_without_the_expected_values():
    result = grade_all("def matmul(A, B):\n    return (A[:, :, None] * B[None, :, :]).sum(axis=1) + (A.shape[1] == 1)")["matmul"]
    assert 0 < result.score < 5 * 0.7 and "hidden case" in result.feedback and "max relative error" in result.feedback


def test_each_model_solution_scores_full_and_a_wrong_one_does_not():
    wrong = {
        "softmax_stable": "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)",
        "binary_cross_entropy": "def bce(p, y):\n    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
        "pca": "def pca(X, k):\n    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))\n    return vectors[:, :k].T",
        "numerical_gradient": "def numerical_gradient(f, x):\n    return np.zeros_like(x)",
        "adam_step": "def adam_step(theta, grad, m, v, t, lr):\n    return theta - lr * grad, m, v",
        "perceptron_train": "def train_perceptron(X, y, eta, epochs):\n    return np.zeros(np.shape(X)[1] + 1)",
    }
    for pid, code in wrong.items():
        problem = BANK.problems[pid]
        variant = problem.draw(np.random.default_rng(3))
        assert problem.check(variant, problem.as_submitted(problem.expected(variant))).fraction == 1, pid
        bad = problem.check(variant, problem.as_submitted(code))
        assert bad.fraction < 1 and bad.feedback, pid


def test_locked_code_check_runs_public_cases_only():

    problem = BANK.problems["softmax_stable"]
    variant = problem.draw(np.random.default_rng(1))
    lock = json.loads(json.dumps(problem.lock(variant, "salt")))  # as stored in the student folder
    assert len(lock["cases"]) == len(problem.public) and "solution" not in json.dumps(lock)
    right = code_judge.check_locked(lock, "salt", problem.id, problem.as_submitted(problem.expected(variant)))
    assert right.fraction == 1 and right.checked
    naive = "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)"
    assert code_judge.check_locked(lock, "salt", problem.id, problem.as_submitted(naive)).fraction < 1  # the public 1000s overflow
    no_public = BANK.problems["numerical_gradient"]
    lock = no_public.lock(no_public.draw(np.random.default_rng(1)), "salt")
    later = code_judge.check_locked(lock, "salt", no_public.id, no_public.as_submitted(no_public.expected(None)))
    assert not later.checked and later.feedback == "follows the rules; its tests run when graded"


def test_a_failing_public_case_shows_returned_and_expected_and_a_hidden_one_does_not():
    result = grade_all("def matmul(A, B):\n    return (A[:, :, None] * B[None, :, :]).sum(axis=1) + 1")["matmul"]
    assert "public case 1 (public case): max relative error" in result.feedback
    assert "returned [[20., 23.], [44., 51.]], expected [[19., 22.], [43., 50.]]" in result.feedback
    hidden = [part for part in result.feedback.split("; hidden")[1:]]
    assert all("expected [" not in part for part in hidden)
