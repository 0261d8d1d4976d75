"""The README's coverage table stays true: every problem it names is in the bank, and every new
topic's problem is posed by an assignment."""

from __future__ import annotations

import re

from conftest import PROBLEMS, ROOT

from grader.spec.bank import load_bank


def coverage_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("## Coverage of the course"):text.index("## Architecture")]


def test_every_problem_named_in_the_coverage_table_exists_and_is_assigned():
    bank = load_bank(PROBLEMS, trials=0)
    named = set(re.findall(r"`([a-z][a-z0-9_]*)`", coverage_table())) - {"pin", "default"}
    prefixes = {n for n in named if n + "_" in coverage_table().replace("`", "").replace("*", "")}
    assert named - set(bank.problems) - prefixes == set()
    assigned = {item.id for spec in bank.assignments.values() for item in spec.problems}
    assert named - assigned - prefixes == set(), "a topic's problem is in no assignment"


def test_the_coverage_count_is_true():
    rows = [line for line in coverage_table().splitlines() if line.startswith("| ") and not line.startswith(("| area", "| ---"))]
    posed = [r for r in rows if not r.startswith("| not posed")]
    claim = re.search(r"(\d+) of the (\d+) topics below are posed", coverage_table())
    assert claim and (int(claim.group(1)), int(claim.group(2))) == (len(posed), len(rows))
