"""``grader.check("id")`` and ``grader.check_all()`` in a notebook cell: the verdicts of ``grader
check``, because they read the saved folder the same way and call the same judges.

The folder's locked assignment is read once per kernel (again when it changes on disk), and a
code problem's result is kept per version of its code, so a second check is quick even where
the first measured timing. A kernel variable that differs from the saved answer is pointed out:
what counts is the saved notebook.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.core import plain
from grader.folder_check import table_title
from grader.grading import ProblemResult, grade_problem
from grader.notebook import answer_name
from grader.report.terminal import markdown_table, render_table
from grader.submission import META, LocalAssignment, Submission, find_folder, read_metadata, read_submission

_assignments: dict[Path, tuple[float, LocalAssignment, str]] = {}
_code_results: dict[tuple[float, str, str], ProblemResult] = {}


@dataclass(frozen=True)
class Checked:
    """What a check found: shown as a table in Jupyter (Markdown) and in a terminal (text)."""

    title: str
    results: list[ProblemResult]
    notes: list[str]

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results if r.checked)

    def __repr__(self) -> str:
        return render_table(self.title, self.results) + "".join(f"note: {n}\n" for n in self.notes)

    def _repr_markdown_(self) -> str:
        return markdown_table(self.title, self.results) + "".join(f"*Note:* {n}\n\n" for n in self.notes)


def _folder() -> Path:
    folder = find_folder(Path.cwd())
    if folder is None:
        raise FileNotFoundError(f"no assignment folder here: {META} is not in {Path.cwd()} or above it; "
                                "open the notebook from the folder you were given")
    return folder


def _assignment(folder: Path) -> tuple[float, LocalAssignment, str]:
    """The folder's locked assignment, its student, and the metadata's time (read again when it changes)."""
    stamp = (folder / META).stat().st_mtime
    cached = _assignments.get(folder)
    if cached is None or cached[0] != stamp:
        cached = _assignments[folder] = (stamp, *read_metadata(folder))
    return cached


def check_problems(ids: list[str] | None, namespace: dict[str, Any]) -> Checked:
    """Check ``ids`` (all when None) of the folder the kernel runs in; ``namespace`` is the kernel's."""
    folder = _folder()
    stamp, assignment, student = _assignment(folder)
    known = {p.id: (p, points) for p, points in assignment.items}
    unknown = [i for i in ids or () if i not in known]
    if unknown:
        raise KeyError(f"no problem {unknown[0]!r} in this assignment (problems: {', '.join(known)})")
    submission = read_submission(folder, student, assignment)
    results, notes = [], []
    for problem_id in ids or list(known):
        problem, points = known[problem_id]
        results.append(_grade(assignment, stamp, problem, points, submission))
        if problem.code_function is None:
            notes += _unsaved(problem_id, namespace, submission)
    return Checked(table_title(assignment, submission), results, notes)


def _grade(assignment: LocalAssignment, stamp: float, problem, points: float, submission: Submission) -> ProblemResult:
    """A code problem's result is kept per version of the code and of the folder's locks."""
    if problem.code_function is None or submission.code is None:
        return grade_problem(assignment, problem, points, submission)
    key = (stamp, problem.id, hashlib.sha256(submission.code.text.encode()).hexdigest())
    if key not in _code_results:
        _code_results[key] = grade_problem(assignment, problem, points, submission)
    return _code_results[key]


def _unsaved(problem_id: str, namespace: dict[str, Any], submission: Submission) -> list[str]:
    """A note when the kernel holds another answer than the saved files."""
    name = answer_name(problem_id)
    if name not in namespace or namespace[name] is None:
        return []
    value, saved = plain(namespace[name]), submission.answers.get(problem_id)
    if value == saved:
        return []
    return [f"{problem_id}: your kernel has {name} = {_short(value)}, the saved files have {_short(saved)}; "
            "save the notebook (Ctrl+S) and check again: the saved notebook is what is graded"]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
