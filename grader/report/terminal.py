"""The table a student or TA reads: problem, points, feedback, total."""

from __future__ import annotations

import io

from grader.grading import ProblemResult


def _points(x: float) -> str:
    return f"{x:g}"


def render_table(title: str, results: list[ProblemResult], width: int = 100) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_footer=True, expand=False)
    checked = [r for r in results if r.checked]
    total, possible = sum(r.score for r in checked), sum(r.max_score for r in checked)
    later = sum(r.max_score for r in results if not r.checked)
    footer = f"{_points(total)} / {_points(possible)}" + (f" (+{_points(later)} when graded)" if later else "")
    table.add_column("problem", footer="total", no_wrap=True)
    table.add_column("points", justify="right", footer=footer, no_wrap=True)
    table.add_column("feedback", overflow="fold")
    for r in results:
        mark = "·" if not r.checked else "[green]✓[/]" if r.passed else ("[yellow]~[/]" if r.score > 0 else "[red]✗[/]")
        points = f"– / {_points(r.max_score)}" if not r.checked else f"{_points(r.score)} / {_points(r.max_score)}"
        table.add_row(f"{mark} {r.problem_id}", points, "" if r.feedback == "correct" else r.feedback)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    console.print(title)
    console.print(table)
    return buffer.getvalue()


def markdown_table(title: str, results: list[ProblemResult]) -> str:
    """The same table in Markdown, for CI job summaries."""
    total, possible = sum(r.score for r in results), sum(r.max_score for r in results)
    lines = [f"### {title}: {_points(total)} / {_points(possible)}", "", "| problem | points | feedback |", "| --- | ---: | --- |"]
    for r in results:
        mark = "✅" if r.passed else ("🟡" if r.score > 0 else "❌")
        feedback = "" if r.feedback == "correct" else r.feedback.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {mark} `{r.problem_id}` | {_points(r.score)} / {_points(r.max_score)} | {feedback} |")
    return "\n".join(lines) + "\n\n"
