"""Numeric answers: tolerance, shapes, accepted forms, and named mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from grader.core import Variant
from grader.judge import numeric as numeric_judge
from grader.kinds.numeric import NumericProblem
from grader.kinds.tolerance import Tolerance


def problem(**extra) -> NumericProblem:
    spec = {"id": "p", "kind": "numeric", "title": "t", "prompt": "p",
            "params": {"A": {"shape": [2, 3], "low": -3, "high": 3}, "B": {"shape": [3, 2], "low": -3, "high": 3}},
            "answer": {"ref": "linalg.matmul", "args": ["A", "B"]}} | extra
    return NumericProblem.model_validate(spec)


A = np.array([[1, 2, 0], [0, 1, -1]])
B = np.array([[1, 0], [2, 1], [1, 3]])
AB = (A @ B).tolist()  # [[5, 2], [1, -2]], not symmetric
VARIANT = Variant("p", {"A": A, "B": B})


def test_right_answer_and_equivalent_forms():
    p = problem()
    assert p.check(VARIANT, AB).fraction == 1
    assert p.check(VARIANT, [["5", "2.0"], [1, "-4/2"]]).fraction == 1


def test_wrong_entries_are_located_without_revealing_values():
    outcome = problem().check(VARIANT, [[5, 3], [1, -2]])
    assert outcome.fraction == 0 and outcome.feedback == "1 of 4 entries are wrong: (1, 2)"


def test_shape_mismatch_is_a_message_not_a_crash():
    outcome = problem().check(VARIANT, [5, 2, 1, -2])
    assert outcome.mistake == "shape" and outcome.feedback == "expected a 2×2 matrix, got a vector of length 4"
    assert problem().check(VARIANT, [[1, 2], [3]]).feedback.startswith("rows have different lengths")


def test_transposed_and_sign_mistakes_are_named():
    p = problem()
    assert p.check(VARIANT, np.array(AB).T.tolist()).mistake == "transposed"
    assert p.check(VARIANT, (-np.array(AB)).tolist()).mistake == "sign"


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", True, {"x": 1}, [["a", 1], [1, 1]]])
def test_unreadable_values_score_zero_with_reason(bad):
    outcome = problem().check(VARIANT, bad)
    assert outcome.fraction == 0 and outcome.mistake == "format" and outcome.feedback


def test_spec_named_mistake_is_reported():
    p = problem(mistakes=[{"name": "order", "ref": "linalg.matmul", "args": ["B", "A"], "message": "you computed BA"}],
                answer={"ref": "linalg.matmul", "args": ["A", "B"]})
    square = Variant("p", {"A": np.array([[1, 2], [3, 4]]), "B": np.array([[0, 1], [1, 0]])})
    ba = (square.values["B"] @ square.values["A"]).tolist()
    outcome = p.check(square, ba)
    assert outcome.fraction == 0 and outcome.mistake == "order" and outcome.feedback == "you computed BA"


def test_rounded_too_coarsely():
    p = NumericProblem.model_validate({"id": "e", "kind": "numeric", "title": "t", "prompt": "p",
                                       "params": {"x": {"values": [[0.2, 0.3, 0.5]]}},
                                       "answer": {"ref": "information.entropy", "args": ["x"], "kwargs": {"base": 2}}})
    variant = Variant("e", {"x": [0.2, 0.3, 0.5]})  # H = 1.48548 bits
    assert p.check(variant, 1.4855).fraction == 1
    assert p.check(variant, 1.49).mistake == "rounding"
    assert p.check(variant, 1.6).mistake is None


def test_tolerance_rules():
    rel = Tolerance(rtol=1e-3, atol=0)
    assert rel.close(np.array(1000.9), np.array(1000.0)) and not rel.close(np.array(1001.1), np.array(1000.0))
    sig = Tolerance(sigfigs=3)
    assert sig.close(np.array(3.14), np.array(np.pi)) and not sig.close(np.array(3.15), np.array(np.pi))
    assert sig.close(np.array(0.0123), np.array(0.01234)) and not sig.close(np.array(0.0124), np.array(0.01234))
    assert Tolerance().close(np.array(1e-7), np.array(0.0))  # absolute part covers zero


def test_a_transposed_non_square_answer_is_named_when_graded_as_when_checked():
    """A 2×3 answer's transpose (3×2) used to end in "operands could not be broadcast" when graded."""
    p = problem(answer={"ref": "linalg.transpose", "args": ["A"]})  # the answer is 3×2
    outcome = p.check(VARIANT, A.tolist())
    assert outcome.mistake == "transposed" and outcome.feedback == "your result is the transpose of the one asked for"
    locked = numeric_judge.check_locked(p.lock(VARIANT, "salt"), "salt", "p", A.tolist())
    assert locked.mistake == outcome.mistake and locked.feedback == outcome.feedback


def test_a_named_mistake_is_named_at_the_precision_the_student_rounded_to():
    """The forgotten inner derivative rounded to two significant figures (0.0066 for 0.006623…) is
    still named; rounded to one it is not (it could be anything)."""
    from conftest import PROBLEMS

    from grader.draw.params import variant_rng
    from grader.spec.bank import load_bank

    problem = load_bank(PROBLEMS).problems["sigmoid_chain_rule"]
    mistake = next(m for m in problem.mistakes if m.name == "forgot_inner_derivative")
    for seed in range(20):
        variant = problem.draw(variant_rng(1, f"s{seed}", problem.id))
        value = float(problem._value(mistake, variant))
        expected = float(problem.expected(variant))
        if value == 0 or abs(value - expected) < 0.05 * abs(value):
            continue
        decimals = 1 - int(np.floor(np.log10(abs(value))))  # two significant figures
        if len(f"{round(value, decimals):.12g}".partition(".")[2]) < decimals:
            continue  # 0.20 reads as 0.2: one figure, which names nothing
        assert problem.check(variant, round(value, decimals)).mistake == "forgot_inner_derivative", (value, round(value, decimals))
        assert problem.check(variant, round(value, decimals - 1)).mistake != "forgot_inner_derivative" or round(value, decimals - 1) == round(value, decimals)
        lock = problem.lock(variant, "salt")  # and the same in a student folder's local check
        for figures in (decimals, decimals + 1):
            local = numeric_judge.check_locked(lock, "salt", problem.id, round(value, figures))
            assert local.mistake == "forgot_inner_derivative", (value, figures, local.feedback)
        assert numeric_judge.check_locked(lock, "salt", problem.id, round(value * 1.2, decimals)).mistake != "forgot_inner_derivative"
