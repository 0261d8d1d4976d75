"""Worked examples as fixed variants: an assignment entry pins a problem's parameters, every
student gets that example, and `grader validate` checks it as it checks drawn variants, naming
the real cause when it is ill-posed."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import DEFAULT

from grader.errors import SpecError
from grader.spec.bank import load_assignment, load_bank

NOTES_AND = {"gate": "AND", "w0": [1.2, 0.6], "b0": 0, "eta": 0.5, "threshold": 1}


def test_the_default_assignment_poses_the_notes_and_gate_to_everyone():
    assignment = load_assignment(DEFAULT)
    problem = next(p for p, _ in assignment.items if p.id == "perceptron_gate")
    tables = {student: problem.expected(assignment.variant(problem, student)) for student in ("ada", "bob", "kim")}
    # the class notes' table: the third sample (1, 0) fires wrongly, the fourth (1, 1) misses
    assert tables["ada"] == tables["bob"] == tables["kim"] == [
        [0, 0, [1.2, 0.6], 0], [0.6, 0, [1.2, 0.6], 0], [1.2, 1, [0.7, 0.6], -0.5], [0.8, 0, [1.2, 1.1], 0]]
    variant = assignment.variant(problem, "ada")
    assert problem.check(variant, tables["ada"]).fraction == 1
    slipped = [row[:] for row in tables["ada"]]
    slipped[2][3] = 0  # forgot to update the bias in row 3, carried on correctly
    outcome = problem.check(variant, slipped)
    assert 0 < outcome.fraction < 1 and "first slip: row 3, b" in outcome.feedback
    assert problem.check(variant, [[r[0], r[1], [1.2, 0.6], 0] for r in tables["ada"]]).fraction < 1  # never updating


def errors(bank, trials: int = 3) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_bank(bank.root, trials=trials)
    return [f"{p.file.split('bank/')[-1]}:{p.line}: {p.field}: {p.message}" for p in info.value.problems]


def pin(bank, problem_id: str, values: str) -> None:
    """The assignment: `pick`, then the pinned problem (its entry's pin on line 8)."""
    bank.write("assignments/hw.yaml", "id: hw\ntitle: HW\nseed: 1\nproblems:\n  - {id: pick, points: 2}\n"
                                      f"  - id: {problem_id}\n    points: 1\n    pin: {values}\n")


def test_a_pin_must_name_a_parameter_of_the_problem(tiny_bank):
    pin(tiny_bank, "dot", "{a: [1, 2, 3], c: 4}")
    assert errors(tiny_bank) == ["assignments/hw.yaml:8: problems.1.pin.c: dot has no parameter 'c' (parameters: a, b)"]
    tiny_bank.write("assignments/hw.yaml", "id: hw\ntitle: HW\nseed: 1\nproblems:\n  - {id: pick, points: 1, pin: {a: 1}}\n")
    assert errors(tiny_bank) == ["assignments/hw.yaml:5: problems.0.pin.a: pick (choice) has no parameters to pin"]


def test_an_ill_posed_pinned_trace_is_refused_with_its_real_cause(tiny_bank):
    from conftest import PROBLEMS

    tiny_bank.write("perceptron_gate.yaml", (PROBLEMS / "traces" / "perceptron_gate.yaml").read_text())
    pin(tiny_bank, "perceptron_gate", "{gate: OR, w0: [0, 0], b0: 0, eta: 0.5, threshold: 0}")
    assert errors(tiny_bank) == ["assignments/hw.yaml:8: problems.1.pin: the fixed values make an ill-posed perceptron trace: "
                                 "z equals the threshold 0 in row 1: ŷ would hang on ≥ versus >"]
    pin(tiny_bank, "perceptron_gate", "{gate: AND, w0: [1.2, 0.6], b0: 0, eta: 0.5, threshold: 1}")
    assert load_bank(tiny_bank.root, trials=3).problems["perceptron_gate"]  # the notes' example is fine


def test_a_pinned_value_that_breaks_a_requirement_is_named(tiny_bank):
    from conftest import PROBLEMS

    tiny_bank.write("eigenpairs_2x2.yaml", (PROBLEMS / "eigen" / "eigenpairs_2x2.yaml").read_text())
    pin(tiny_bank, "eigenpairs_2x2", "{A: [[1, 2], [5, 4]]}")  # the notes' matrix: eigenvalues 6 and −1
    bank = load_bank(tiny_bank.root, trials=3)
    problem = bank.assignment(next(iter(bank.assignments.values()))).items[1][0]
    variant = problem.draw(np.random.default_rng(0))
    assert problem.check(variant, {"values": [6, -1], "vectors": [[2, 5], [1, -1]]}).fraction == 1
    tiny_bank.write("dot.yaml", tiny_bank.root.joinpath("dot.yaml").read_text() + "require:\n  - {nonconstant: a}\n")
    pin(tiny_bank, "dot", "{a: [2, 2, 2], b: [1, 2, 3]}")
    assert errors(tiny_bank) == ["assignments/hw.yaml:8: problems.1.pin: the fixed values break the requirement nonconstant: a"]
