"""What a batch leaves beside the gradebook: a CSV for the LMS, each submission's results.json,
and a summary (mean, median, per-problem difficulty, the most common named mistakes)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime
from pathlib import Path

from grader.batch.gradebook import Gradebook
from grader.report.dashboard import Counted, write_report
from grader.report.gradescope import write_results_json
from grader.report.spreadsheet import write_csv
from grader.roster import Student
from grader.spec.bank import Assignment
from grader.spec.models import AssignmentSpec


def export_all(book: Gradebook, assignment: Assignment, out: Path, isolation: str, roster: dict[str, Student] | None = None) -> Path:
    """Everything made from the gradebook; returns the dashboard's path."""
    names = book.names()
    problems = [p.id for p, _ in assignment.items]
    chosen = counting(book, names, assignment.spec)
    write_grades_csv(book, names, problems, assignment.spec, chosen, out / "grades.csv", roster)
    for name in names:
        write_results_json(out / "results" / name / "results.json", book.results(name), 0.0, variant_line(book.submission(name)[0], assignment))
    (out / "summary.md").write_text(summary_markdown(book, names, assignment, isolation), encoding="utf-8")
    counted = []
    for name in (n for n in names if chosen[n] == n):
        student, total, _, _ = book.submission(name)
        penalty = lateness(book, name, assignment.spec)[1]
        counted.append(Counted(student, name, book.results(name), total * (1 - penalty), penalty))
    return write_report(counted, assignment, roster, out)


def lateness(book: Gradebook, name: str, spec: AssignmentSpec) -> tuple[int, float]:
    submitted, _ = book.submitted(name)
    return spec.lateness(datetime.fromisoformat(submitted) if submitted else None)


def counting(book: Gradebook, names: list[str], spec: AssignmentSpec) -> dict[str, str]:
    """For each submission, the one that counts for its student (``counts`` in the assignment:
    the latest on time, else the latest; or simply the latest)."""
    by_student: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        by_student.setdefault(book.submission(name)[0], []).append(((book.submitted(name)[0] or ""), name))
    chosen = {}
    for entries in by_student.values():
        entries.sort()
        on_time = [e for e in entries if lateness(book, e[1], spec)[0] == 0]
        pick = (on_time or entries)[-1] if spec.counts == "latest_on_time" else entries[-1]
        chosen.update({name: pick[1] for _, name in entries})
    return chosen


def write_grades_csv(book: Gradebook, names: list[str], problems: list[str], spec: AssignmentSpec, chosen: dict[str, str], path: Path,
                     roster: dict[str, Student] | None = None) -> None:
    """One row per submission: the roster's name, email and LMS id, its problems' scores (overrides
    applied), the total after any late penalty, when it came in and from where, and whether it is
    the one that counts."""
    rows = []
    for name in names:
        student, total, max_total, error = book.submission(name)
        scores = {r.problem_id: r.score for r in book.results(name)}
        days, penalty = lateness(book, name, spec)
        submitted, source = book.submitted(name)
        counts = "yes" if chosen[name] == name else f"no (superseded by {chosen[name]})"
        person = (roster or {}).get(student)
        who = [person.name, person.email, person.lms_id] if person else ["", "", ""]
        rows.append([student, *who, name, *(f"{scores[p]:g}" if p in scores else "" for p in problems), f"{total * (1 - penalty):g}",
                     f"{max_total:g}", str(days), f"{penalty:g}", submitted or "", source or "", counts, error or "", "; ".join(book.flags(name))])
    write_csv(path, ["student", "name", "email", "lms_id", "submission", *problems, "total", "max_total", "late_days", "late_penalty",
                     "submitted_at", "time_source", "counts", "error", "review"], rows)


def variant_line(student: str, assignment: Assignment) -> str:
    """What every report says first: whose variant of which assignment was graded."""
    return f"Graded: student {student}'s variant of {assignment.spec.id} ({assignment.spec.title})."


ISOLATION_NOTES = {"bwrap": "student code ran in bubblewrap sandboxes (own namespaces, uid 65534, seccomp)",
                   "uid": "student code ran as uid 65534 with seccomp (no bubblewrap on this machine)",
                   "none": "student code ran WITHOUT isolation (--no-isolation): these grades are not protected from tampering"}


def summary_markdown(book: Gradebook, names: list[str], assignment: Assignment, isolation: str) -> str:
    lines = [f"# {assignment.spec.title}: summary", "", f"Isolation: {ISOLATION_NOTES[isolation]}.", ""]
    if not names:
        return "\n".join(lines + ["No submissions graded yet.", ""])
    totals = [book.submission(n)[1] for n in names]
    lines += [f"{len(names)} submissions; total out of {assignment.spec.total_points:g}: mean {statistics.mean(totals):.2f}, "
              f"median {statistics.median(totals):.2f}, min {min(totals):g}, max {max(totals):g}.", "",
              "| problem | points | mean score | full marks | difficulty |", "| --- | ---: | ---: | ---: | ---: |"]
    mistakes: Counter = Counter()
    by_problem: dict[str, list] = {}
    for name in names:
        for r in book.results(name):
            by_problem.setdefault(r.problem_id, []).append(r)
            if r.mistake and r.mistake not in ("format", "unreadable", "error"):
                mistakes[(r.problem_id, r.mistake)] += 1
    for problem, points in assignment.items:
        rows = by_problem.get(problem.id, [])
        if rows:
            mean = statistics.mean(r.score for r in rows)
            full = sum(r.passed for r in rows) / len(rows)
            lines.append(f"| {problem.id} | {points:g} | {mean:.2f} | {full:.0%} | {1 - mean / points:.0%} |")
    late = [name for name in names if lateness(book, name, assignment.spec)[0]]
    if assignment.spec.deadline is not None:
        sources = Counter(book.submitted(name)[1] or "nowhere" for name in names)
        lines += ["", f"Late: {len(late)} submission(s){': ' + ', '.join(late) if late else ''}. Submission times came from "
                      + ", ".join(f"{source} for {count}" for source, count in sorted(sources.items())).replace("file times", "file times (a last resort)")
                      + "."]
    flagged = [(name, flags) for name in names if (flags := book.flags(name))]
    lines += ["", f"Flagged for review ({len(flagged)}):", ""]
    lines += [f"- {name}: " + "; ".join(flags) for name, flags in flagged] or ["- none"]
    lines += ["", "Most common named mistakes:", ""]
    lines += [f"- {problem}: {mistake} ({count})" for (problem, mistake), count in mistakes.most_common(10)] or ["- none"]
    return "\n".join(lines) + "\n"
