"""``grader check`` on a student folder without starting pytest: the locked problems graded by
the same function the pytest items call, and the same reports (the table, ``results.json``).
``-k`` and ``--ci`` go through pytest (its selection syntax, its JUnit XML); plain ``pytest``
in the folder goes through the plugin."""

from __future__ import annotations

import time
from pathlib import Path

from grader.core import GradedAssignment
from grader.grading import ProblemResult, grade_problem
from grader.report.gradescope import write_results_json
from grader.report.terminal import render_table
from grader.submission import Submission, read_metadata, read_submission

RESULTS = "results.json"


def table_title(assignment: GradedAssignment, submission: Submission, label: str = "") -> str:
    return f"{assignment.spec.title} · {label or submission.student} (student {submission.student}'s variant)"


def results_output(assignment: GradedAssignment, submission: Submission) -> str:
    return f"Checked locally: student {submission.student}'s variant of {assignment.spec.id}."


def failed(results: list[ProblemResult]) -> bool:
    """Whether a problem that was checked earned less than full points."""
    return any(r.checked and not r.passed for r in results)


def check_folder(folder: Path) -> int:
    """Grade the folder, print the table, write results.json; 1 when an answer is not right."""
    start = time.perf_counter()
    assignment, student = read_metadata(folder)
    submission = read_submission(folder, student, assignment)
    results = [grade_problem(assignment, problem, points, submission) for problem, points in assignment.items]
    write_results_json(folder / RESULTS, results, time.perf_counter() - start, results_output(assignment, submission))
    print(render_table(table_title(assignment, submission), results), end="")
    print(f"results: {folder / RESULTS}")
    return 1 if failed(results) else 0
