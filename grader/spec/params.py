"""Per-student parameters: how a spec describes them and how they are drawn.

Every draw is deterministic in (assignment seed, student id, problem id), so a variant can be
rebuilt anywhere from those three values.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Literal

import numpy as np
from pydantic import Field, PositiveInt, model_validator

from grader.spec.models import Strict

MAX_TRIES = 500


class ParamSpec(Strict):
    """One parameter: a scalar, vector or matrix on a grid ``low, low+step, ..., high``,
    a probability vector (``simplex``) on that grid, or one pick from ``values``."""

    shape: list[PositiveInt] = Field(default_factory=list, max_length=4)
    low: float | None = None
    high: float | None = None
    step: float = Field(1, gt=0)
    nonzero: bool = False
    simplex: bool = False
    values: list[Any] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _admits_a_value(self) -> "ParamSpec":
        if self.values is not None:
            if self.low is not None or self.high is not None or self.shape or self.simplex:
                raise ValueError("'values' cannot be combined with shape, low, high or simplex")
            return self
        if self.simplex:
            if not self.shape or len(self.shape) != 1:
                raise ValueError("a simplex needs a one-dimensional shape, e.g. shape: [4]")
            if self.shape[0] * self.step > 1 + 1e-12:
                raise ValueError(f"{self.shape[0]} positive entries on a grid of {self.step} cannot sum to 1")
            return self
        if self.low is None or self.high is None:
            raise ValueError("give 'low' and 'high' (or 'values', or 'simplex')")
        if self.low > self.high:
            raise ValueError(f"empty range: low={self.low} is above high={self.high}")
        grid = self.grid()
        if grid.size == 0:
            raise ValueError("the range holds no value of the grid")
        return self

    def grid(self) -> np.ndarray:
        n = int(np.floor((self.high - self.low) / self.step + 1e-9)) + 1
        grid = self.low + self.step * np.arange(n)
        if self.nonzero:
            grid = grid[np.abs(grid) > 1e-12]
        if grid.size == 0:
            return grid
        return grid.astype(int) if _is_integral(self.low, self.step) else grid

    def draw(self, rng: np.random.Generator) -> Any:
        if self.values is not None:
            return self.values[int(rng.integers(len(self.values)))]
        if self.simplex:
            units = int(round(1 / self.step))
            n = self.shape[0]
            # n positive integer parts summing to `units`: choose n-1 distinct cut points.
            cuts = np.sort(rng.choice(np.arange(1, units), size=n - 1, replace=False))
            parts = np.diff(np.concatenate(([0], cuts, [units])))
            return np.round(parts * self.step, 12)
        grid = self.grid()
        if not self.shape:
            return grid[int(rng.integers(grid.size))].item()
        return grid[rng.integers(grid.size, size=tuple(self.shape))]


def _is_integral(low: float, step: float) -> bool:
    return float(low).is_integer() and float(step).is_integer()


# Constraints a spec can put on drawn parameters: name -> test on the drawn value.
def _nonsingular(a: np.ndarray) -> bool:
    a = np.asarray(a, dtype=float)
    return a.ndim == 2 and a.shape[0] == a.shape[1] and abs(np.linalg.det(a)) > 1e-9


def _distinct(a: Any) -> bool:
    flat = np.ravel(a)
    return len(np.unique(flat)) == flat.size


def _nonconstant(a: Any) -> bool:
    return np.ptp(np.ravel(a)) > 0


CONSTRAINTS: dict[str, Callable[[Any], bool]] = {
    "nonsingular": _nonsingular,
    "distinct": _distinct,
    "nonconstant": _nonconstant,
}

Constraint = dict[Literal["nonsingular", "distinct", "nonconstant"], str]


def variant_rng(seed: int, student: str, problem_id: str) -> np.random.Generator:
    """The random stream of one student's variant of one problem."""
    digest = hashlib.sha256(f"{seed}\x00{student}\x00{problem_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


class NoValidVariant(Exception):
    pass


def draw_params(
    params: dict[str, ParamSpec], require: list[Constraint], rng: np.random.Generator
) -> dict[str, Any]:
    """Draw all parameters, redrawing until every constraint holds."""
    for _ in range(MAX_TRIES):
        values = {name: spec.draw(rng) for name, spec in params.items()}
        if all(CONSTRAINTS[c](values[name]) for rule in require for c, name in rule.items()):
            return values
    raise NoValidVariant(f"no draw in {MAX_TRIES} tries satisfied {require}")
