"""A spec's tolerance: when a submitted number counts as the expected one."""

from __future__ import annotations

import numpy as np
from pydantic import Field, NonNegativeFloat, PositiveInt

from grader.schema import Strict


class Tolerance(Strict):
    """When a number counts as right: ``|x - e| <= atol + rtol*|e|``, or, if ``sigfigs`` is set,
    when it agrees with the expected value to that many significant figures (PrairieLearn's rule)."""

    rtol: NonNegativeFloat = 1e-3
    atol: NonNegativeFloat = 1e-6
    sigfigs: PositiveInt | None = Field(None, le=15)

    def allowed_error(self, expected: np.ndarray) -> np.ndarray:
        expected = np.abs(np.asarray(expected, dtype=float))
        if self.sigfigs is None:
            return self.atol + self.rtol * expected
        with np.errstate(divide="ignore"):
            magnitude = np.floor(np.log10(np.where(expected > 0, expected, 1.0)))
        return 0.5 * 10.0 ** (magnitude - self.sigfigs + 1)

    def close(self, submitted: np.ndarray, expected: np.ndarray) -> np.ndarray:
        """Elementwise: is each submitted entry within tolerance of its expected entry?"""
        return np.abs(submitted - expected) <= self.allowed_error(expected) * (1 + 1e-12)

    def describe(self) -> str:
        if self.sigfigs is not None:
            return f"{self.sigfigs} significant figures"
        return f"relative error {self.rtol:g}, absolute error {self.atol:g}"
