"""Summary tables for instructors."""

from __future__ import annotations

import io
from collections import Counter

from grader.spec.bank import Bank


def bank_summary(bank: Bank, variants: int) -> str:
    from rich.console import Console
    from rich.table import Table

    kinds = Counter(p.kind for p in bank.problems.values())
    topics = Counter(p.topic for p in bank.problems.values())
    table = Table()
    table.add_column("topic")
    table.add_column("problems", justify="right")
    for topic, n in sorted(topics.items()):
        table.add_row(topic, str(n))
    assignments = Table()
    for col in ("id", "problems", "points", "seed"):
        assignments.add_column(col)
    for spec in sorted(bank.assignments.values(), key=lambda s: s.id):
        assignments.add_row(spec.id, str(len(spec.problems)), f"{spec.total_points:g}", str(spec.seed))
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None)
    console.print(f"{bank.root.name}: {len(bank.problems)} problems, each tried on {variants} variants")
    console.print(table)
    console.print("assignments")
    console.print(assignments)
    console.print("kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    return buffer.getvalue().rstrip()
