"""Traces with error carried forward: full key, one early slip, garbage, table-shape messages, named mistakes."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import PROBLEMS

from grader.draw.params import variant_rng
from grader.spec.bank import load_bank

BANK = load_bank(PROBLEMS)
TRACES = sorted(pid for pid, p in BANK.problems.items() if p.kind == "trace")


def variants(pid: str, n: int):
    problem = BANK.problems[pid]
    for i in range(n):
        yield problem, problem.draw(variant_rng(5, f"s{i}", pid))


def as_rows(problem, table) -> list:
    return [table] if isinstance(table, dict) else table


def slipped_table(problem, variant, offset=0.5):
    """The true trace with the first state cell of row 1 off by ``offset``, and every later cell
    recomputed from that slip: what a student who slips once and carries on correctly writes."""
    family = problem._family
    s, setup, _ = problem._truth(variant)
    column = family.columns[0]
    state, table = setup.initial, []
    for k, step in enumerate(setup.steps):
        given = {}
        if k == 0:
            true_row = family.step(state, step, s)
            given = {c: true_row[c] for c in family.columns[: family.columns.index(column)]}
            given[column] = np.asarray(true_row[column], dtype=float) + offset
        row = family.step(state, step, s, given=given)
        row = {c: given.get(c, row[c]) for c in family.columns}
        table.append([np.asarray(row[c], dtype=float).tolist() for c in family.columns])
        state = {c: row[c] for c in family.state_columns}
    return table, column


@pytest.mark.parametrize("pid", TRACES)
def test_key_scores_full(pid):
    for problem, variant in variants(pid, 40):
        assert problem.check(variant, problem.expected(variant)).fraction == 1


@pytest.mark.parametrize("pid", TRACES)
def test_one_early_slip_costs_one_cell_and_is_named(pid):
    for problem, variant in variants(pid, 40):
        table, column = slipped_table(problem, variant)
        n_cells = len(table) * len(problem._family.columns)
        got = problem.check(variant, table if len(table) > 1 else dict(zip(problem._family.columns, table[0])))
        assert got.fraction == pytest.approx((n_cells - 1) / n_cells), got.feedback
        assert f"first slip: row 1, {column}" in got.feedback


def to_figures(table, figures: int = 3):
    """Every cell rounded to ``figures`` significant figures, as the class notes write tables."""
    return [[np.vectorize(lambda x: float(f"{x:.{figures}g}"))(np.asarray(c, dtype=float)).tolist() for c in row] for row in table]


def submitted(problem, table):
    return table if len(table) > 1 else dict(zip(problem._family.columns, table[0]))


@pytest.mark.parametrize("pid", TRACES)
def test_a_table_rounded_to_3_significant_figures_earns_full_marks(pid):
    for problem, variant in variants(pid, 20):
        truth = problem.expected(variant)
        table = to_figures(as_rows(problem, [list(truth.values())] if isinstance(truth, dict) else truth))
        got = problem.check(variant, submitted(problem, table))
        assert got.fraction == 1, got.feedback


@pytest.mark.parametrize("pid", TRACES)
def test_a_slip_carried_forward_at_3_significant_figures_costs_one_cell(pid):
    for problem, variant in variants(pid, 20):
        table, column = slipped_table(problem, variant)
        n_cells = len(table) * len(problem._family.columns)
        got = problem.check(variant, submitted(problem, to_figures(table)))
        assert got.fraction == pytest.approx((n_cells - 1) / n_cells), got.feedback


def test_a_wrong_cell_rounded_to_3_figures_is_still_wrong():
    problem, variant = next(variants("adam_steps", 1))
    table = to_figures(problem.expected(variant))
    table[-1][-1] = (np.asarray(table[-1][-1]) * 1.03).tolist()  # 3% off in the last update
    got = problem.check(variant, to_figures(table))
    assert got.fraction < 1 and f"row {len(table)}: theta" in got.feedback


def test_without_carry_forward_the_same_slip_would_cost_much_more():
    """The point of the rule: compare with plain cell-by-cell marking against the true trace."""
    problem, variant = next(variants("adam_steps", 1))
    table, _ = slipped_table(problem, variant)
    truth = problem.expected(variant)
    plain_right = sum(np.allclose(a, b, rtol=1e-3) for row, true_row in zip(table, truth) for a, b in zip(row, true_row))
    cells = len(table) * len(table[0])
    got = problem.check(variant, table)
    assert plain_right / cells < 0.5 < got.fraction and "credited as carried forward" in got.feedback


@pytest.mark.parametrize("pid", TRACES)
def test_random_garbage_scores_zero(pid):
    rng = np.random.default_rng(0)
    for problem, variant in variants(pid, 20):
        key = problem.expected(variant)

        def noise(cell):  # random, and at least 50% away from the true value
            cell = np.asarray(cell, dtype=float)
            return (cell + rng.choice([-1, 1], size=cell.shape) * (1 + np.abs(cell)) * rng.uniform(0.5, 3, size=cell.shape)).tolist()

        garbage = [[noise(c) for c in row] for row in ([list(key.values())] if isinstance(key, dict) else key)]
        got = problem.check(variant, garbage if len(garbage) > 1 else dict(zip(problem._family.columns, garbage[0])))
        assert got.fraction == 0, got.feedback


def test_table_shape_problems_get_clear_messages():
    problem, variant = next(variants("perceptron_gate", 1))
    key = problem.expected(variant)
    short = problem.check(variant, key[:3])
    assert short.fraction == pytest.approx(0.75) and "expected 4 rows (one per step), got 3" in short.feedback
    long = problem.check(variant, key + [key[-1]])
    assert long.fraction == 1 and "rows 5–5 ignored" in long.feedback
    missing = [dict(zip(("z", "y_hat", "w", "b"), row)) for row in key]
    del missing[1]["b"]
    got = problem.check(variant, missing)
    assert "row 2 lacks column b" in got.feedback and got.fraction == pytest.approx(15 / 16)
    wrong_width = [row[:3] if i == 2 else row for i, row in enumerate(key)]
    assert "row 3 has 3 values; expected 4: z, y_hat, w, b" in problem.check(variant, wrong_width).feedback
    assert problem.check(variant, "12").feedback.startswith("expected a list of 4 rows")
    unreadable = [row if i else [row[0], "high", row[2], row[3]] for i, row in enumerate(key)]
    assert "row 1, y_hat: could not read 'high' as a number" in problem.check(variant, unreadable).feedback


MISTAKES = [(pid, m.name) for pid in TRACES for m in BANK.problems[pid].mistakes]


@pytest.mark.parametrize("pid,name", MISTAKES)
def test_named_mistakes_in_traces(pid, name):
    hits = 0
    for problem, variant in variants(pid, 30):
        mistake = next(m for m in problem.mistakes if m.name == name)
        _, _, rows = problem._truth(variant, **mistake.settings)
        table = [[np.asarray(r[c], dtype=float).tolist() for c in problem._family.columns] for r in rows]
        got = problem.check(variant, table if len(table) > 1 else dict(zip(problem._family.columns, table[0])))
        if got.fraction < 1:
            assert got.mistake == name and got.feedback.startswith(mistake.message), got.feedback
            hits += 1
    assert hits >= 10


def test_credit_by_row_option():
    problem, variant = next(variants("perceptron_gate", 1))
    by_row = problem.model_copy(update={"credit": "row"})
    key = problem.expected(variant)
    broken = [row if i != 3 else [row[0] + 7, row[1], row[2], row[3]] for i, row in enumerate(key)]
    assert by_row.check(variant, broken).fraction == 0.75
