"""Record the cells of one step of a traced computation, in the order they are computed.

``given`` substitutes a student's own values for cells already computed, so the cells after
them are what the step yields from the student's numbers: the basis of error carried forward.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class Cells:
    def __init__(self, given: dict[str, Any] | None = None):
        self.given = given or {}
        self.values: dict[str, Any] = {}

    def __call__(self, name: str, value: Any) -> Any:
        """Record ``value`` as cell ``name``; return what later cells must build on."""
        self.values[name] = value
        if name in self.given:
            return np.asarray(self.given[name], dtype=float) if np.ndim(value) else float(self.given[name])
        return value
