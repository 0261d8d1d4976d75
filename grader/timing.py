"""Score bands for timed code problems, from the ratios the sandbox measured.

Method (the sandbox child does the measuring): a fresh process, one BLAS thread, pinned to one
core; a correctness call first; then 21 pairs of batches, student and reference interleaved
(the order alternating), each batch long enough to take at least 50 ms; the score uses the
median of the per-pair ratios. A student call that exceeds the cap scores the bottom band.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, PositiveFloat, model_validator

from grader.spec.models import Strict

#: Consecutive band limits differ at least by this factor, so measurement noise (about ±8%
#: with the other core busy) can move a score only right at a band's edge.
MIN_BAND_FACTOR = 1.15


class Band(Strict):
    max_ratio: PositiveFloat
    credit: float = Field(ge=0, le=1)


class TimingSpec(Strict):
    reference: Literal["numpy.matmul", "numpy.conv2d"]
    inputs: str
    bands: list[Band] = Field(min_length=1)
    #: Share of the problem's points that speed decides (the rest is correctness).
    weight: float = Field(0.3, ge=0, le=1)
    pairs: int = Field(21, ge=5, le=41)
    min_pairs: int = Field(5, ge=3)
    #: 50 ms rather than the 20 ms minimum: measured run-to-run spread ±5–7% instead of ±10–20%.
    min_batch_seconds: PositiveFloat = 0.05
    cap_seconds: PositiveFloat = 10.0
    budget_seconds: PositiveFloat = 6.0

    @model_validator(mode="after")
    def _bands_are_wide(self) -> "TimingSpec":
        for lower, upper in zip(self.bands, self.bands[1:]):
            if upper.max_ratio < lower.max_ratio * MIN_BAND_FACTOR:
                raise ValueError(f"bands {lower.max_ratio:g}× and {upper.max_ratio:g}× are closer than a factor {MIN_BAND_FACTOR}")
            if upper.credit > lower.credit:
                raise ValueError("a slower band cannot earn more credit than a faster one")
        return self

    def request(self, cpu: int) -> dict:
        return {"reference": self.reference, "pairs": self.pairs, "min_pairs": self.min_pairs, "cpu": cpu,
                "min_batch_seconds": self.min_batch_seconds, "cap_seconds": self.cap_seconds, "budget_seconds": self.budget_seconds}


@dataclass(frozen=True)
class TimingOutcome:
    credit: float
    ratio: float | None
    spread: tuple[float, float] | None
    student_seconds: float | None
    reference_seconds: float | None
    band: str

    def describe(self) -> str:
        if self.ratio is None:
            return f"speed: {self.band}"
        low, high = self.spread
        return (f"speed: {self.ratio:.3g}× the reference (pairs ranged {low:.3g}–{high:.3g}×; yours "
                f"{_seconds(self.student_seconds)}, reference {_seconds(self.reference_seconds)}) → {self.band}")


def _seconds(s: float) -> str:
    return f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.3g} s"


def score(spec: TimingSpec, measured: dict | None) -> TimingOutcome:
    if not measured or measured.get("error"):
        why = measured.get("error") if measured else "no measurement"
        return TimingOutcome(0.0, None, None, None, None, f"not timed ({why}): no speed credit")
    if measured.get("capped") or not measured.get("ratios"):
        return TimingOutcome(0.0, None, None, None, None, f"a call took longer than the {spec.cap_seconds:g} s cap: bottom band, no speed credit")
    ratios = measured["ratios"]
    ratio = statistics.median(ratios)
    for band in spec.bands:
        if ratio <= band.max_ratio:
            label = f"band ≤ {band.max_ratio:g}×: {band.credit:.0%} of the speed points"
            break
    else:
        band, label = None, f"slower than {spec.bands[-1].max_ratio:g}×: no speed points"
    return TimingOutcome(band.credit if band else 0.0, ratio, (min(ratios), max(ratios)),
                         statistics.median(measured["student"]), statistics.median(measured["reference"]), label)
