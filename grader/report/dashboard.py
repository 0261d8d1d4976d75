"""The course report made from the gradebook, without regrading: per-student feedback files
(Markdown and HTML), an LMS import file with the roster's columns, and an HTML dashboard whose
charts are matplotlib figures embedded as SVG (score histogram, per-problem mean and
discrimination, the most frequent named mistakes, timing ratios of the code problems)."""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from grader.grading import ProblemResult
from grader.jinja import template
from grader.report.spreadsheet import write_csv
from grader.roster import Student
from grader.spec.bank import Assignment

RATIO = re.compile(r"speed: ([0-9.e+]+)× the reference")
#: Mistake names that say an answer could not be read, not a mathematical slip.
NOT_MISTAKES = ("format", "unreadable", "error", "missing", "syntax", "import", "forbidden")


@dataclass(frozen=True)
class Counted:
    """The submission that counts for one student, with what the report shows of it."""

    student: str
    submission: str
    results: list[ProblemResult]
    total: float
    late_penalty: float


def write_report(counted: list[Counted], assignment: Assignment, roster: dict[str, Student] | None, out: Path) -> Path:
    """Feedback files, the LMS file and the dashboard; returns the dashboard's path."""
    for entry in counted:
        write_feedback(entry, assignment, out / "feedback")
    write_lms_csv(counted, assignment, roster, out / "lms.csv")
    dashboard = out / "dashboard.html"
    dashboard.write_text(dashboard_html(counted, assignment), encoding="utf-8")
    return dashboard


def write_feedback(entry: Counted, assignment: Assignment, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    context = {"title": assignment.spec.title, "entry": entry, "max_total": assignment.spec.total_points}
    (folder / f"{entry.student}.md").write_text(template("grader.report", "feedback.md.j2").render(context), encoding="utf-8")
    (folder / f"{entry.student}.html").write_text(template("grader.report", "feedback.html.j2").render(context), encoding="utf-8")


def write_lms_csv(counted: list[Counted], assignment: Assignment, roster: dict[str, Student] | None, path: Path) -> None:
    """One row per student, as Canvas (Student, ID, SIS User ID) and Moodle (Email address) import it."""
    rows = []
    for entry in sorted(counted, key=lambda e: e.student):
        person = (roster or {}).get(entry.student)
        rows.append([person.name if person else entry.student, person.lms_id if person else "", entry.student,
                     person.email if person else "", f"{entry.total:g}"])
    write_csv(path, ["Student", "ID", "SIS User ID", "Email address", f"{assignment.spec.title} ({assignment.spec.total_points:g})"], rows)


def dashboard_html(counted: list[Counted], assignment: Assignment) -> str:
    charts = [(title, _svg(draw, counted, assignment)) for title, draw in CHARTS]
    return template("grader.report", "dashboard.html.j2").render(title=assignment.spec.title, count=len(counted), charts=charts,
                                                 mean=statistics.mean(e.total for e in counted) if counted else 0,
                                                 max_total=assignment.spec.total_points)


def _histogram(ax, counted, assignment) -> None:
    ax.hist([e.total for e in counted], bins=min(20, max(5, len(counted))), range=(0, assignment.spec.total_points), color="#3b6ea5")
    ax.set_xlabel("total score")
    ax.set_ylabel("students")


def _problems(ax, counted, assignment) -> None:
    """Mean share of the points per problem, and its discrimination: the correlation of the
    problem's score with the rest of the total (low or negative: the problem does not tell
    stronger students from weaker ones)."""
    ids = [p.id for p, _ in assignment.items]
    means, discrimination = [], []
    for i, (_, points) in enumerate(assignment.items):
        scores = [e.results[i].score / points if i < len(e.results) else 0.0 for e in counted]
        rest = [e.total - (e.results[i].score if i < len(e.results) else 0.0) for e in counted]
        means.append(statistics.mean(scores) if scores else 0.0)
        discrimination.append(_correlation(scores, rest))
    positions = range(len(ids))
    ax.bar([x - 0.2 for x in positions], means, width=0.4, label="mean share of points", color="#3b6ea5")
    ax.bar([x + 0.2 for x in positions], discrimination, width=0.4, label="discrimination", color="#e0a030")
    ax.set_xticks(list(positions), ids, rotation=70, ha="right", fontsize=7)
    ax.axhline(0, color="black", linewidth=0.5)
    ax.legend(fontsize=8)


def _correlation(xs: list[float], ys: list[float]) -> float:
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return 0.0
    return statistics.correlation(xs, ys)


def _mistakes(ax, counted, assignment) -> None:
    counts = Counter((r.problem_id, r.mistake) for e in counted for r in e.results if r.mistake and r.mistake not in NOT_MISTAKES)
    top = counts.most_common(12)[::-1]
    ax.barh([f"{problem}: {mistake}" for (problem, mistake), _ in top] or ["none"], [n for _, n in top] or [0], color="#a5473b")
    ax.set_xlabel("students")
    ax.tick_params(axis="y", labelsize=7)


def _timing(ax, counted, assignment) -> None:
    ratios: dict[str, list[float]] = {}
    for e in counted:
        for r in e.results:
            match = RATIO.search(r.feedback)
            if match:
                ratios.setdefault(r.problem_id, []).append(float(match.group(1)))
    names = sorted(ratios)
    if names:
        ax.boxplot([ratios[n] for n in names], tick_labels=names, vert=False)
        ax.set_xscale("log")
    ax.set_xlabel("student time / reference time (log scale)")


CHARTS = (("Score histogram", _histogram), ("Per problem: mean and discrimination", _problems),
          ("Most frequent named mistakes", _mistakes), ("Timing ratios of the code problems", _timing))


def _svg(draw, counted, assignment) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, ax = pyplot.subplots(figsize=(7, 3.6))
    try:
        draw(ax, counted, assignment)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()[buffer.getvalue().index("<svg"):]
