"""The pytest plugin: every problem of every submission is one test item carrying its points.

Two ways in. ``grader check`` and plain ``pytest`` in a student folder load this module (the
folder's ``conftest.py`` names it), and :func:`pytest_configure` grades that folder from its
metadata. ``grader grade`` registers a :class:`GraderSession` for many submissions itself, with
the problems taken from the instructor's bank, never from the submission.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from grader.core import Gradable, GradedAssignment
from grader.folder_check import RESULTS, results_output, table_title
from grader.grading import ProblemResult, grade_problem
from grader.report.gradescope import write_results_json
from grader.report.terminal import markdown_table, render_table
from grader.submission import META, Submission, find_folder, read_metadata, read_submission

SESSION_PLUGIN = "grader-session"


@dataclass
class GradingJob:
    """One submission to grade, and where its results go."""

    assignment: GradedAssignment  # the bank's Assignment (instructor) or a LocalAssignment (a student folder)
    submission: Submission
    #: Where to write Gradescope's results.json when the session ends (None: the caller reports).
    results_path: Path | None
    label: str = ""
    results: dict[str, ProblemResult] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def ordered_results(self) -> list[ProblemResult]:
        return [self.results[p.id] for p, _ in self.assignment.items if p.id in self.results]


class ProblemFailed(Exception):
    """Raised by an item whose answer earned less than full points."""


class ProblemItem(pytest.Item):
    def __init__(self, *, job: GradingJob, problem: Gradable, points: float, **kwargs):
        super().__init__(**kwargs)
        self.job, self.problem, self.points = job, problem, points

    def runtest(self) -> None:
        result = grade_problem(self.job.assignment, self.problem, self.points, self.job.submission)
        self.job.results[self.problem.id] = result
        self.user_properties += [("score", result.score), ("max_score", result.max_score)]
        if not result.checked:
            pytest.skip(result.feedback)
        if not result.passed:
            raise ProblemFailed(f"{result.score:g}/{result.max_score:g} points: {result.feedback}")

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ProblemFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.job.submission.directory, None, self.name


class GraderSession:
    """Adds the items of its jobs to the session and writes their reports at the end."""

    def __init__(self, jobs: list[GradingJob], markdown: Path | None = None):
        self.jobs = jobs
        #: Where to append a Markdown summary (a CI job summary), if anywhere.
        self.markdown = markdown

    def pytest_collection_modifyitems(self, session: pytest.Session, items: list[pytest.Item]) -> None:
        for job in self.jobs:
            prefix = f"{job.label}::" if job.label else ""
            for problem, points in job.assignment.items:
                items.append(
                    ProblemItem.from_parent(session, name=problem.id, nodeid=prefix + problem.id, job=job, problem=problem, points=points)
                )

    def pytest_sessionfinish(self) -> None:
        for job in self.jobs:
            results = job.ordered_results()
            if results and job.results_path is not None:
                write_results_json(job.results_path, results, time.perf_counter() - job.started, results_output(job.assignment, job.submission))
            if results and self.markdown is not None:
                with open(self.markdown, "a", encoding="utf-8") as summary:
                    summary.write(markdown_table(f"{job.assignment.spec.title} · {job.label or job.submission.student}", results))

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for job in self.jobs:
            results = job.ordered_results()
            if not results:
                continue
            terminalreporter.write(render_table(table_title(job.assignment, job.submission, job.label), results))
            if job.results_path is not None:
                terminalreporter.write_line(f"results: {job.results_path}")


def find_assignment_folder(config: pytest.Config) -> Path | None:
    starts = [Path(a.split("::")[0]) for a in config.args] or [config.invocation_params.dir]
    return next((folder for folder in map(find_folder, starts) if folder is not None), None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--grader-markdown", default=None, help="append a Markdown summary of the grades to this file")


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin(SESSION_PLUGIN):
        return
    folder = find_assignment_folder(config)
    if folder is None:
        return
    try:
        assignment, student = read_metadata(folder)
    except Exception as exc:
        raise pytest.UsageError(f"cannot read {folder / META}: {exc}") from None
    job = GradingJob(assignment, read_submission(folder, student, assignment), folder / RESULTS)
    markdown = config.getoption("--grader-markdown")
    config.pluginmanager.register(GraderSession([job], Path(markdown) if markdown else None), SESSION_PLUGIN)


def run_session(jobs: list[GradingJob], select: str = "") -> int:
    """Grade ``jobs`` in a pytest session of their own, silently: no files are collected, no
    conftest or third-party plugin is loaded, and the items come from the jobs alone."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="grader-") as empty:
        ini = Path(empty) / "pytest.ini"
        ini.write_text("[pytest]\n")
        args = [empty, f"--rootdir={empty}", "-c", str(ini), "--noconftest", "-p", "no:cacheprovider",
                "--disable-plugin-autoload", "-p", "no:terminal", *(["-k", select] if select else [])]
        code = pytest.main(args, plugins=[GraderSession(jobs)])
    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt  # pytest caught Ctrl-C (or our SIGTERM/SIGHUP handler): the batch stops too
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED):
        raise RuntimeError(f"the grading session failed (pytest exit code {int(code)})")
    return int(code)
