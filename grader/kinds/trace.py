"""A table of steps (perceptron training, descent epochs, optimizer steps, a backprop pass),
graded cell by cell with error carried forward.

Credit rule (the README documents it): every cell is worth the same share of the points. A
cell earns its share when it equals the true value, or the value that follows from the
student's own earlier numbers (their previous row, and the earlier cells of the same row).
With ``credit: row``, a row earns its share only when all its cells do.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, ValidationError, model_validator

from grader.core import Outcome, Variant, plain
from grader.draw.params import MAX_TRIES, NoValidVariant, draw_params
from grader.judge.carry import TraceVerdict, carry_forward, read_table
from grader.judge.numbers import as_written, last_figure
from grader.kinds.drawn import DrawnProblem
from grader.kinds.numeric import tidy
from grader.kinds.tolerance import Tolerance
from grader.latex import render_prompt
from grader.schema import FieldError, Slug, Strict
from grader.traces import Family, families


class TraceMistake(Strict):
    """A wrong convention students often follow (e.g. no bias correction), as changed settings."""

    name: Slug
    settings: dict[str, Any]
    message: str = Field(min_length=1)


class TraceProblem(DrawnProblem):
    kind_name: ClassVar[str] = "trace"

    kind: Literal["trace"]
    family: str
    #: Conventions and fixed numbers of the family; drawn ``params`` of the same name override them.
    settings: dict[str, Any] = Field(default_factory=dict)
    tolerance: Tolerance = Field(default_factory=Tolerance)
    credit: Literal["cell", "row"] = "cell"
    #: A cell rounded to at least this many significant figures counts when it is within one unit
    #: of its last figure, plus, when carried forward, what the rounding of the student's earlier
    #: cells explains (the class notes write tables to 3 figures; a marker gives them credit).
    rounded_sigfigs: int = Field(3, ge=2, le=6)
    mistakes: list[TraceMistake] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_fit_the_family(self) -> TraceProblem:
        if self.family not in families():
            raise FieldError(("family",), f"unknown family {self.family!r} (families: {', '.join(sorted(families()))})")
        fields = set(families()[self.family].Settings.model_fields)
        for where, names in (("settings", self.settings), ("params", self.params)):
            for name in names:
                if name not in fields:
                    raise FieldError((where, name), f"{self.family} has no setting {name!r} (settings: {', '.join(sorted(fields))})")
        for i, mistake in enumerate(self.mistakes):
            for name in mistake.settings:
                if name not in fields:
                    raise FieldError(("mistakes", i, "settings", name), f"{self.family} has no setting {name!r}")
        return self

    @property
    def _family(self) -> Family:
        return families()[self.family]

    def _settings(self, variant: Variant, **changes: Any):
        try:
            return self._family.Settings.model_validate(self.settings | plain(variant.values) | changes)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            name = error["loc"][0] if error["loc"] else None
            where = "params" if name in self.params else "settings"
            raise FieldError((where, name) if name in self.params or name in self.settings else (where,),
                             f"{f'{name}: ' if name else ''}{error['msg']}") from None

    # -- verbs -----------------------------------------------------------------------------
    def draw(self, rng: np.random.Generator) -> Variant:
        why = None
        for _ in range(1 if self.fixed else MAX_TRIES):
            variant = Variant(self.id, draw_params(self.params, self.require, rng))
            s = self._settings(variant)
            setup = self._family.setup(s)
            why = self._family.ill_posed(s, setup, self._family.run(s, setup))
            if why is None:
                return variant
        if self.fixed:
            raise NoValidVariant(f"the fixed values make an ill-posed {self.family} trace: {why}")
        raise NoValidVariant(f"no well-posed {self.family} trace in {MAX_TRIES} draws (the last: {why})")

    def _truth(self, variant: Variant, **changes: Any):
        s = self._settings(variant, **changes)
        setup = self._family.setup(s)
        return s, setup, self._family.run(s, setup)

    def expected(self, variant: Variant) -> Any:
        _, _, rows = self._truth(variant)
        table = [[tidy(np.asarray(row[c], dtype=float)) for c in self._family.columns] for row in rows]
        return dict(zip(self._family.columns, table[0])) if len(table) == 1 else table

    def statement(self, variant: Variant) -> str:
        s, setup, _ = self._truth(variant)
        values = self.settings | plain(variant.values)
        return "\n\n".join([
            render_prompt(self.prompt, values),
            self._family.conventions(s),
            self._family.steps_table(s, setup),
            f"Columns of each row, in order: `{', '.join(self._family.columns)}`. Give numbers to at least 4 significant figures.",
        ])

    def answer_hint(self, variant: Variant) -> str:
        _, setup, _ = self._truth(variant)
        columns = ", ".join(self._family.columns)
        if len(setup.steps) == 1:
            return f"one mapping {{{columns}}} (vectors and matrices as lists)"
        return f"{len(setup.steps)} rows, each a list [{columns}] (vectors as lists)"

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        s, setup, true_rows = self._truth(variant)
        columns = self._family.columns
        table, notes = read_table(submitted, columns, len(setup.steps))
        verdict = TraceVerdict(carry_forward(self._family, s, setup, true_rows, table, self._close, self._rounding), notes, columns)
        per_row = [v.credited() for v in verdict.rows]
        if self.credit == "row":
            fraction = sum(c == len(columns) for c in per_row) / len(per_row)
        else:
            fraction = sum(per_row) / (len(columns) * len(per_row))
        if fraction == 1 and not notes:
            return Outcome.right()
        mistake = self._named_mistake(variant, table, true_rows)
        return Outcome(fraction, self._feedback(verdict, per_row) if mistake is None else f"{mistake.message}; {self._feedback(verdict, per_row)}",
                       mistake.name if mistake else None)

    def _close(self, got: np.ndarray, expected: Any, slack: Any = 0.0) -> bool:
        """Within tolerance, or rounded to at least ``rounded_sigfigs`` figures and within one
        unit of the last, plus ``slack`` (what the rounding of the student's earlier cells explains)."""
        expected = np.asarray(expected, dtype=float)
        if not np.all(np.isfinite(expected)):
            return False
        rounded = as_written(got, expected, self.rounded_sigfigs, units=1.0, slack=slack)
        return bool(np.all(self.tolerance.close(got, expected) | rounded))

    def _rounding(self, cell: np.ndarray) -> np.ndarray:
        return 0.5 * last_figure(cell, self.rounded_sigfigs)

    def _named_mistake(self, variant: Variant, table: list, true_rows: list[dict]) -> TraceMistake | None:
        """The listed mistake whose trace agrees with at least 75% of the student's cells and
        with more of them than the true trace does."""
        right = self._agreement(true_rows, table)
        for mistake in self.mistakes:
            _, _, rows = self._truth(variant, **mistake.settings)
            agree = self._agreement(rows, table)
            if agree >= 0.75 * len(self._family.columns) * len(rows) and agree > right:
                return mistake
        return None

    def _agreement(self, rows: list[dict], table: list) -> int:
        return sum(
            1 for row, student in zip(rows, table) if student for c in self._family.columns
            if c in student and student[c].shape == np.shape(row[c]) and self._close(student[c], row[c])
        )

    def _feedback(self, verdict: TraceVerdict, per_row: list[int]) -> str:
        parts = list(verdict.notes)
        slip = verdict.first_slip()
        if slip:
            parts.append(f"first slip: row {slip[0]}, {slip[1]}")
        wrong = [f"row {k}: {', '.join(v.wrong + v.missing)}" for k, v in enumerate(verdict.rows, 1) if v.wrong or v.missing]
        if wrong:
            parts.append("not right: " + "; ".join(wrong))
        carried = sum(len(v.carried) for v in verdict.rows)
        if carried:
            parts.append(f"{carried} cell{'s' if carried > 1 else ''} credited as carried forward from your own earlier values")
        parts.append("credit by row: " + ", ".join(f"{c}/{len(verdict.columns)}" for c in per_row))
        return "; ".join(parts)
