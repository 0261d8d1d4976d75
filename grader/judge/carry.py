"""Grade a table of steps with error carried forward, the way a human marker does.

Each cell is compared with the true value and with the value the step yields from the
student's own earlier numbers (their previous row and the earlier cells of the same row). A
cell that matches either earns its credit; the first cell matching neither is the first slip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from grader.judge.numbers import AnswerFormatError, to_array


class Family(Protocol):
    """A trace family as this judge needs it (:class:`grader.traces.Family` is one)."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    @property
    def state_columns(self) -> tuple[str, ...]: ...

    def step(self, state: dict[str, Any], step: dict[str, Any], s: Any, given: dict[str, Any] | None = None) -> dict[str, Any]: ...


class Setup(Protocol):
    @property
    def initial(self) -> dict[str, Any]: ...

    @property
    def steps(self) -> list[dict[str, Any]]: ...


@dataclass
class RowVerdict:
    right: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def credited(self) -> int:
        return len(self.right) + len(self.carried)


@dataclass
class TraceVerdict:
    rows: list[RowVerdict]
    notes: list[str]  # problems with the table's shape, in reading order
    columns: tuple[str, ...]

    def first_slip(self) -> tuple[int, str] | None:
        for k, row in enumerate(self.rows, start=1):
            for column in self.columns:
                if column in row.wrong or column in row.missing:
                    return k, column
        return None


def read_table(submitted: Any, columns: tuple[str, ...], n_rows: int) -> tuple[list[dict[str, np.ndarray] | None], list[str]]:
    """Rows as {column: array}; a row that cannot be read is None, with a note saying why."""
    if isinstance(submitted, dict) and n_rows == 1:
        submitted = [submitted]
    if not isinstance(submitted, list):
        return [None] * n_rows, [f"expected a list of {n_rows} rows"]
    notes = []
    if len(submitted) < n_rows:
        notes.append(f"expected {n_rows} rows (one per step), got {len(submitted)}")
    elif len(submitted) > n_rows:
        notes.append(f"expected {n_rows} rows (one per step), got {len(submitted)}: rows {n_rows + 1}–{len(submitted)} ignored")
    rows: list[dict[str, np.ndarray] | None] = []
    for k, raw in enumerate(submitted[:n_rows], start=1):
        if isinstance(raw, dict):
            cells = {c: raw[c] for c in columns if c in raw}
            absent = [c for c in columns if c not in raw]
            if absent:
                notes.append(f"row {k} lacks column{'s' if len(absent) > 1 else ''} {', '.join(absent)}")
        elif isinstance(raw, list) and len(raw) == len(columns):
            cells = dict(zip(columns, raw))
        else:
            size = len(raw) if isinstance(raw, list) else 1
            notes.append(f"row {k} has {size} value{'s' if size != 1 else ''}; expected {len(columns)}: {', '.join(columns)}")
            rows.append(None)
            continue
        parsed = {}
        for column, value in cells.items():
            try:
                parsed[column] = to_array(value) if value is not None else None
            except AnswerFormatError as exc:
                notes.append(f"row {k}, {column}: {exc}")
        rows.append({c: v for c, v in parsed.items() if v is not None})
    rows += [None] * (n_rows - len(rows))
    return rows, notes


def carry_forward(
    family: Family, settings: Any, setup: Setup, true_rows: list[dict], table: list[dict | None],
    close: Callable[[np.ndarray, Any, Any], bool], rounding: Callable[[np.ndarray], np.ndarray],
) -> list[RowVerdict]:
    """Each row's verdict. ``close(got, value, slack)`` compares a cell with the true value
    (slack 0) or with the value following from the student's own numbers, where ``slack`` is how
    much the rounding of those numbers moves it: ``rounding(cell)`` is how far a written cell may
    be from the number the student computed it from (half a unit of its last figure)."""
    verdicts = []
    state, own_state = setup.initial, False
    for step, true, student in zip(setup.steps, true_rows, table):
        verdict = RowVerdict()
        usable: dict[str, np.ndarray] = {}  # the student's cells so far that later cells may build on
        for column in family.columns:
            value = None if student is None else student.get(column)
            if value is None:
                verdict.missing.append(column)
                continue
            if value.shape != np.shape(true[column]):
                verdict.wrong.append(column)
                continue
            if close(value, true[column], 0.0):
                verdict.right.append(column)
            elif close(value, *_own(family, step, settings, column, state, own_state, usable, rounding)):
                verdict.carried.append(column)
            else:
                verdict.wrong.append(column)
            usable[column] = value
        verdicts.append(verdict)
        own_state = all(c in usable for c in family.state_columns)
        state = {c: (usable[c] if own_state else true[c]) for c in family.state_columns}
    return verdicts


def _own(family: Family, step: dict, settings: Any, column: str, state: dict, own_state: bool, usable: dict,
         rounding: Callable[[np.ndarray], np.ndarray]) -> tuple[Any, Any]:
    """The value of ``column`` that follows from the student's own state and earlier cells, and
    how much the rounding of each of those cells can move it (first-order, summed)."""
    base = _step(family, state, step, settings, usable, column)
    slack = np.zeros(np.shape(base))
    nudges = [(state | {n: _nudged(c, rounding)}, usable) for n, c in state.items()] if own_state else []
    nudges += [(state, usable | {n: _nudged(c, rounding)}) for n, c in usable.items()]
    for moved_state, moved_usable in nudges:
        slack = slack + np.abs(_step(family, moved_state, step, settings, moved_usable, column) - base)
    return base, slack


def _nudged(cell: np.ndarray, rounding: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    return np.asarray(cell, dtype=float) + rounding(cell)


def _step(family: Family, state: dict, step: dict, settings: Any, usable: dict, column: str) -> Any:
    with np.errstate(all="ignore"):
        try:
            return np.asarray(family.step(state, step, settings, given=dict(usable))[column], dtype=float)
        except (ArithmeticError, ValueError):
            return np.nan
