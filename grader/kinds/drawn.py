"""The base of the kinds whose variants are drawn parameters filled into a prompt template."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from pydantic import Field

from grader.core import Variant
from grader.draw.formula import Formula
from grader.draw.params import Constraint, ParamSpec, all_fixed, draw_params
from grader.latex import render_prompt
from grader.schema import FieldError, Name, ProblemSpec


class DrawnProblem(ProblemSpec):
    params: dict[Name, ParamSpec] = Field(default_factory=dict)
    require: list[Constraint] = Field(default_factory=list)

    def pinned(self, pin: dict[str, Any]) -> DrawnProblem:
        """A copy whose pinned parameters each have exactly one value: every student's variant is that example."""
        if not pin:
            return self
        for name in pin:
            if name not in self.params:
                raise FieldError(("pin", name), f"{self.id} has no parameter {name!r} (parameters: {', '.join(sorted(self.params))})")
        params = self.params | {name: ParamSpec(values=[value]) for name, value in pin.items()}
        return self.model_copy(update={"params": params})

    @property
    def fixed(self) -> bool:
        """Whether every parameter has one value (a pinned example): then every draw is the same."""
        return all_fixed(self.params)

    def draw(self, rng: np.random.Generator) -> Variant:
        return Variant(self.id, draw_params(self.params, self.require, rng))

    def statement(self, variant: Variant) -> str:
        return render_prompt(self.prompt, variant.values)

    def verify_formulas(self, field: str, formula: Formula, mistakes: Sequence[Formula]) -> None:
        """Raise a FieldError unless every formula names a reference function and drawn parameters."""
        names = set(self.params)
        formula.verify((field,), names)
        for i, mistake in enumerate(mistakes):
            mistake.verify(("mistakes", i), names)
