"""Trace families: step-by-step computations a student writes out as a table, one row a step.

A family turns typed settings (conventions and numbers) into an initial state and a list of
steps, and computes one row with a reference step function. Because that function accepts the
student's own earlier cells (``given``), the same code yields the true row and the row that
follows from the student's numbers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from grader.latex import latex, num
from grader.schema import Strict


@dataclass(frozen=True)
class Setup:
    initial: dict[str, Any]
    steps: list[dict[str, Any]]


class Family(ABC):
    name: ClassVar[str]
    Settings: ClassVar[type[Strict]]
    columns: ClassVar[tuple[str, ...]]
    #: Cells of a row that form the state the next row starts from.
    state_columns: ClassVar[tuple[str, ...]]

    @abstractmethod
    def setup(self, s) -> Setup: ...

    @abstractmethod
    def step(self, state: dict[str, Any], step: dict[str, Any], s, given: dict[str, Any] | None = None) -> dict[str, Any]: ...

    @abstractmethod
    def steps_table(self, s, setup: Setup) -> str: ...

    @abstractmethod
    def conventions(self, s) -> str: ...

    def ill_posed(self, s, setup: Setup, rows: list[dict[str, Any]]) -> str | None:
        """Why this trace makes a poor exercise (a tie, nothing to compute), or None."""
        return None

    def run(self, s, setup: Setup) -> list[dict[str, Any]]:
        """The true trace: each step from the true state before it."""
        state, rows = setup.initial, []
        for step in setup.steps:
            row = self.step(state, step, s)
            rows.append(row)
            state = {c: row[c] for c in self.state_columns}
        return rows


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    def cell(value: Any) -> str:
        return f"${latex(value)}$" if hasattr(value, "__len__") and not isinstance(value, str) else (value if isinstance(value, str) else num(value))

    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def families() -> dict[str, Family]:
    """Every family by name. Built on first use: the families run the references, which a
    student's installation of the grader does not carry."""
    from grader.traces.descent import GradientDescent
    from grader.traces.mlp import MlpStep
    from grader.traces.optimizers import Adagrad, Adam, Momentum, RmsProp
    from grader.traces.perceptron import Perceptron

    return {f.name: f for f in (Perceptron(), GradientDescent(), Momentum(), Adagrad(), RmsProp(), Adam(), MlpStep())}
