"""A call of a pure function in ``reference/`` on a variant's drawn values."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import Field

from grader.schema import FieldError, Strict


class Formula(Strict):
    """``ref: linalg.matmul`` with ``args: [A, B]`` (names of drawn values) and literal ``kwargs``."""

    ref: str = Field(pattern=r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")
    args: list[str] = Field(default_factory=list)
    kwargs: dict[str, Any] = Field(default_factory=dict)

    def function(self) -> Callable[..., Any]:
        module_name, func_name = self.ref.split(".")
        module = importlib.import_module(f"reference.{module_name}")
        return getattr(module, func_name)

    def evaluate(self, values: dict[str, Any]) -> np.ndarray:
        result = self.function()(*(values[a] for a in self.args), **self.kwargs)
        return np.asarray(result, dtype=float)

    def try_evaluate(self, values: dict[str, Any]) -> np.ndarray | None:
        """The value, or None where the formula is undefined for this variant (e.g. a mistake
        formula that divides by zero): such a formula simply cannot match."""
        with np.errstate(all="ignore"):
            try:
                value = self.evaluate(values)
            except (ArithmeticError, ValueError):
                return None
        return value if np.all(np.isfinite(value)) else None

    def verify(self, loc: tuple, names: set[str]) -> None:
        """Raise :class:`FieldError` if the function does not exist or an argument is not drawn."""
        try:
            self.function()
        except (ImportError, AttributeError):
            raise FieldError(loc + ("ref",), f"no function {self.ref!r} in reference/") from None
        for i, arg in enumerate(self.args):
            if arg not in names:
                known = ", ".join(sorted(names)) or "none"
                raise FieldError(loc + ("args", i), f"{arg!r} is not a parameter (parameters: {known})")
