"""The base of the kinds whose variants are drawn parameters filled into a prompt template."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import Field

from grader.core import Variant
from grader.draw.formula import Formula
from grader.draw.params import Constraint, ParamSpec, draw_params
from grader.latex import render_prompt
from grader.schema import Name, ProblemSpec


class DrawnProblem(ProblemSpec):
    params: dict[Name, ParamSpec] = Field(default_factory=dict)
    require: list[Constraint] = Field(default_factory=list)

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
