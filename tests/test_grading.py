"""Grading the default assignment: the key scores full; each wrong answer loses exactly its points."""

from __future__ import annotations

import numpy as np
import pytest

from grader.grading import grade_problem
from grader.kinds.choice import LABELS
from grader.submission import Submission

STUDENT = "dana"


def valued(assignment):
    """The problems answered in answers.yaml (code problems have their own tests)."""
    return [(p, pts) for p, pts in assignment.items if p.code_function is None]


def key_answers(assignment) -> dict:
    return {p.id: p.expected(assignment.variant(p, STUDENT)) for p, _ in valued(assignment)}


def total(assignment, answers) -> tuple[float, dict]:
    submission = Submission(directory=None, student=STUDENT, answers=answers)
    results = {p.id: grade_problem(assignment, p, pts, submission) for p, pts in valued(assignment)}
    return sum(r.score for r in results.values()), results


def wrong_answers(problem, variant):
    """Every wrong option of a choice problem; for numeric ones, an off-by-one answer."""
    key = problem.expected(variant)
    if problem.kind == "choice":
        return [LABELS[i] for i, o in enumerate(problem.shown(variant)) if not o.correct]
    if problem.kind == "eigen":
        return [{"values": key["values"], "vectors": [[1] + [0] * (len(key["values"]) - 1)] * len(key["values"])}]  # right values
    if problem.kind == "trace":  # numbers no step of the table can produce, not even carried forward
        return [[[(np.zeros(np.shape(cell)) + 1000 + 37 * k + 101 * r).tolist() for k, cell in enumerate(row)] for r, row in enumerate(key)]]
    return [(np.asarray(key, dtype=float) + 1).tolist()]


def test_key_scores_full(default_assignment):
    score, results = total(default_assignment, key_answers(default_assignment))
    assert score == sum(pts for _, pts in valued(default_assignment))
    assert all(r.feedback == "correct" for r in results.values())


def test_each_wrong_answer_loses_exactly_its_points(default_assignment):
    key = key_answers(default_assignment)
    full = sum(pts for _, pts in valued(default_assignment))
    for problem, points in valued(default_assignment):
        variant = default_assignment.variant(problem, STUDENT)
        for wrong in wrong_answers(problem, variant):
            score, results = total(default_assignment, key | {problem.id: wrong})
            lost = 0.5 * points if problem.kind == "eigen" else points  # eigen: the vectors are worth half
            assert score == pytest.approx(full - lost), (problem.id, wrong)
            assert results[problem.id].feedback not in ("", "correct")


def test_a_check_that_raises_costs_only_its_problem(default_assignment, monkeypatch):
    first, points = default_assignment.items[0]
    monkeypatch.setattr(type(first), "check", lambda self, v, s: 1 / 0)
    submission = Submission(directory=None, student=STUDENT, answers={first.id: "a"})
    result = grade_problem(default_assignment, first, points, submission)
    assert result.score == 0 and "ZeroDivisionError" in result.feedback
