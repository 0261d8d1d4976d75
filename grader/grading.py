"""Grade one problem of one submission: always a result, never an exception."""

from __future__ import annotations

import time
from dataclasses import dataclass

from grader.core import Gradable, GradedAssignment, Outcome
from grader.submission import Submission


@dataclass(frozen=True)
class ProblemResult:
    problem_id: str
    title: str
    score: float
    max_score: float
    feedback: str
    mistake: str | None = None
    #: False when a local check could not judge this answer (it is judged when graded).
    checked: bool = True
    #: Wall time of checking this answer (for code problems: the sandbox runs and the timing).
    seconds: float = 0.0
    #: Why an instructor should review this answer, if anything.
    flag: str | None = None

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score - 1e-9


def grade_problem(assignment: GradedAssignment, problem: Gradable, points: float, submission: Submission) -> ProblemResult:
    start = time.perf_counter()
    outcome = _outcome(assignment, problem, submission)
    score = round(points * min(max(outcome.fraction, 0.0), 1.0), 4)
    return ProblemResult(problem.id, problem.title, score, points, outcome.feedback, outcome.mistake, outcome.checked,
                         round(time.perf_counter() - start, 4), outcome.flag)


def _outcome(assignment: GradedAssignment, problem: Gradable, submission: Submission) -> Outcome:
    submitted = problem.read_answer(submission)
    if isinstance(submitted, Outcome):
        return submitted  # unreadable or not answered: kept apart from a wrong answer
    try:
        variant = assignment.variant(problem, submission.student)
        return problem.check(variant, submitted)
    except Exception as exc:  # one broken check costs this problem only
        return Outcome.wrong(f"could not check this answer ({type(exc).__name__}: {exc})", "error")
