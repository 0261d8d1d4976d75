"""Variants are deterministic per (seed, student, problem), differ between students, and obey constraints."""

from __future__ import annotations

import numpy as np
import pytest

from grader.draw.params import CONSTRAINTS, ParamSpec, draw_params, variant_rng
from grader.render.folder import render_folder


def test_same_student_twice_gives_identical_files(default_assignment):
    assert render_folder(default_assignment, "alice") == render_folder(default_assignment, "alice")


def test_two_students_get_different_numbers(default_assignment):
    numeric = [p for p, _ in default_assignment.items if p.kind == "numeric"]
    differing = [p.id for p in numeric
                 if p.expected(default_assignment.variant(p, "alice")) != p.expected(default_assignment.variant(p, "bob"))]
    assert len(differing) >= len(numeric) - 1  # a small value set may coincide for one problem
    assert render_folder(default_assignment, "alice")["README.md"] != render_folder(default_assignment, "bob")["README.md"]


def test_seed_changes_variants():
    spec = {"x": ParamSpec(shape=[4], low=0, high=100)}
    a = draw_params(spec, [], variant_rng(1, "s", "p"))["x"]
    b = draw_params(spec, [], variant_rng(2, "s", "p"))["x"]
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("constraint", sorted(CONSTRAINTS))
def test_constraints_hold_on_200_draws(constraint):
    spec = {"A": ParamSpec(shape=[2, 2], low=-2, high=2)}
    for i in range(200):
        values = draw_params(spec, [{constraint: "A"}], variant_rng(0, str(i), "p"))
        assert CONSTRAINTS[constraint](values["A"])


def test_integer_grid_and_decimal_grid():
    ints = ParamSpec(shape=[50], low=-3, high=3).draw(variant_rng(0, "s", "p"))
    assert ints.dtype.kind == "i" and ints.min() >= -3 and ints.max() <= 3
    quarters = ParamSpec(shape=[50], low=-1, high=1, step=0.25, nonzero=True).draw(variant_rng(0, "s", "p"))
    assert np.all(quarters * 4 == np.round(quarters * 4)) and np.all(quarters != 0)


def test_simplex_is_a_probability_vector_on_its_grid():
    spec = ParamSpec(shape=[4], simplex=True, step=0.05)
    for i in range(200):
        p = spec.draw(variant_rng(0, str(i), "p"))
        assert abs(p.sum() - 1) < 1e-9 and np.all(p >= 0.05 - 1e-12)
        assert np.allclose(p * 20, np.round(p * 20))


def test_every_bank_problem_is_well_posed_on_200_variants():
    """The real bank, 200 variants per problem: each renders and its key scores full."""
    from conftest import PROBLEMS

    from grader.spec.bank import load_bank

    bank = load_bank(PROBLEMS, trials=200)
    assert len(bank.problems) >= 75


def test_locked_local_checks_agree_with_instructor_grading(tmp_path):
    """Every choice and numeric problem of the bank, through a student folder's locked metadata:
    the key checks as right, and a wrong answer (each named mistake, or off by one) gets the same
    score and mistake locally as when the instructor grades it."""
    from conftest import PROBLEMS

    from grader.grading import grade_problem
    from grader.render.metadata import write_metadata
    from grader.spec.bank import load_bank
    from grader.spec.models import AssignmentSpec
    from grader.submission import META, Submission, read_metadata

    bank = load_bank(PROBLEMS)
    ids = sorted(i for i, p in bank.problems.items() if p.kind in ("choice", "numeric"))
    assignment = bank.assignment(AssignmentSpec(id="everything", title="all", seed=3, problems=[{"id": i, "points": 1} for i in ids]))
    (tmp_path / META).parent.mkdir()
    (tmp_path / META).write_text(write_metadata(assignment, "quinn", {p.id: assignment.variant(p, "quinn") for p, _ in assignment.items}))
    local, student = read_metadata(tmp_path)
    assert student == "quinn"
    for (problem, points), (locked, _) in zip(assignment.items, local.items):
        variant = assignment.variant(problem, student)
        candidates = [problem.expected(variant)]
        if problem.kind == "numeric":
            candidates += [m.try_evaluate(variant.values).tolist() for m in problem.mistakes if m.try_evaluate(variant.values) is not None]
            candidates.append((np.asarray(problem.expected(variant), dtype=float) + 1).tolist())
        else:
            candidates += list("abcd"[: len(problem.options)])
        for answer in candidates:
            submission = Submission(None, student, {problem.id: answer})
            there, here = grade_problem(assignment, problem, points, submission), grade_problem(local, locked, points, submission)
            assert (here.score, here.mistake) == (there.score, there.mistake), (problem.id, answer, here, there)
