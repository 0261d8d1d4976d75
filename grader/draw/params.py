"""Per-student parameters: how a spec describes them and how they are drawn.

Every draw is deterministic in (assignment seed, student id, problem id), so a variant can be
rebuilt anywhere from those three values.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field, PositiveInt, model_validator

from grader.draw import matrices
from grader.schema import Strict

MAX_TRIES = 500


#: Entries of one drawn parameter at most: problems are worked by hand (and drawing 10¹² would not end).
MAX_ENTRIES = 10_000

class ParamSpec(Strict):
    """One parameter: a scalar, vector or matrix on a grid ``low, low+step, ..., high``,
    a probability vector (``simplex``) on that grid, or one pick from ``values``.

    Matrices can be given structure: ``rank: r`` (exactly rank r, factors from the grid),
    ``spectrum: distinct|repeated`` (A = P D P⁻¹ with eigenvalues from the grid and unimodular
    integer P, so eigenvalues and eigenvectors are integers), ``symmetric: true``.
    """

    shape: list[PositiveInt] = Field(default_factory=list, max_length=4)
    low: float | None = None
    high: float | None = None
    step: float = Field(1, gt=0)
    nonzero: bool = False
    simplex: bool = False
    values: list[Any] | None = Field(None, min_length=1)
    rank: PositiveInt | None = None
    spectrum: Literal["distinct", "repeated"] | None = None
    symmetric: bool = False

    @model_validator(mode="after")
    def _admits_a_value(self) -> ParamSpec:
        if math.prod(self.shape) > MAX_ENTRIES:
            raise ValueError(f"shape {self.shape} has {math.prod(self.shape)} entries; a drawn parameter holds at most {MAX_ENTRIES}")
        if self.values is not None:
            if self.low is not None or self.high is not None or self.shape or self.simplex:
                raise ValueError("'values' cannot be combined with shape, low, high or simplex")
            return self
        structures = [name for name in ("rank", "spectrum", "simplex", "symmetric") if getattr(self, name)]
        if len(structures) > 1:
            raise ValueError(f"choose one of {', '.join(structures)}")
        if structures and structures != ["simplex"]:
            self._check_matrix_structure()
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
        if self.spectrum and grid.size < self.shape[0] - (self.spectrum == "repeated"):
            raise ValueError(f"the grid holds {grid.size} values: too few for {self.shape[0]} {self.spectrum} eigenvalues")
        return self

    def _check_matrix_structure(self) -> None:
        if len(self.shape) != 2:
            raise ValueError("rank, spectrum and symmetric need a matrix shape, e.g. shape: [3, 3]")
        m, n = self.shape
        if self.rank is not None and self.rank > min(m, n):
            raise ValueError(f"a {m}×{n} matrix cannot have rank {self.rank}")
        if (self.spectrum or self.symmetric) and m != n:
            raise ValueError(f"spectrum and symmetric need a square shape, got {m}×{n}")
        if self.spectrum == "repeated" and n < 3:
            raise ValueError("a repeated eigenvalue with a full eigenspace needs a 3×3 or larger matrix")

    def grid(self) -> np.ndarray:
        assert self.low is not None and self.high is not None and self.step is not None  # checked when the spec loads
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
        if self.spectrum or self.rank:
            return self._structured(grid, rng)
        drawn = grid[rng.integers(grid.size, size=tuple(self.shape))]
        return matrices.symmetric(drawn) if self.symmetric else drawn

    def _structured(self, grid: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        for _ in range(MAX_TRIES):
            try:
                if self.spectrum:
                    return matrices.diagonalizable(self.shape[0], grid, self.spectrum == "repeated", rng)
                assert self.rank is not None
                return matrices.low_rank((self.shape[0], self.shape[1]), self.rank, grid, rng)
            except matrices.Unlucky:
                continue
        raise NoValidVariant(f"no matrix within {MAX_TRIES} tries had the asked structure and entries up to {matrices.MAX_ENTRY}")


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


def _positive_definite(a: np.ndarray) -> bool:
    a = np.asarray(a, dtype=float)
    return a.ndim == 2 and np.allclose(a, a.T) and np.linalg.eigvalsh(a).min() > 1e-9


CONSTRAINTS: dict[str, Callable[[Any], bool]] = {
    "nonsingular": _nonsingular,
    "distinct": _distinct,
    "nonconstant": _nonconstant,
    "positive_definite": _positive_definite,
}

#: A spec's ``require`` entry: ``{constraint name: parameter name}``.
if TYPE_CHECKING:
    Constraint = dict[str, str]
else:
    Constraint = dict[Literal[tuple(CONSTRAINTS)], str]


def variant_rng(seed: int, student: str, problem_id: str) -> np.random.Generator:
    """The random stream of one student's variant of one problem."""
    digest = hashlib.sha256(f"{seed}\x00{student}\x00{problem_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


class NoValidVariant(Exception):
    pass


def all_fixed(params: dict[str, ParamSpec]) -> bool:
    """Whether every parameter has exactly one value (a pinned example): then every draw is the same."""
    return all(spec.values is not None and len(spec.values) == 1 for spec in params.values())


def draw_params(
    params: dict[str, ParamSpec], require: list[Constraint], rng: np.random.Generator
) -> dict[str, Any]:
    """Draw all parameters, redrawing until every constraint holds.

    Names are drawn in sorted order, so a variant never depends on how a file orders its keys.
    """
    fixed = all_fixed(params)
    for _ in range(1 if fixed else MAX_TRIES):
        values = {name: params[name].draw(rng) for name in sorted(params)}
        broken = [f"{c}: {name}" for rule in require for c, name in rule.items() if not CONSTRAINTS[c](values[name])]
        if not broken:
            return values
    if fixed:
        raise NoValidVariant(f"the fixed values break the requirement {', '.join(broken)}")
    raise NoValidVariant(f"no draw in {MAX_TRIES} tries satisfied {require}")
