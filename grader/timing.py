"""Speed of a timed code problem: measured from outside the student's process, scored in bands.

Method. The student's function runs in its sandbox and the library reference in a second
sandbox of its own, both pinned to one core. The grader drives both, one batch at a time,
alternating which goes first. Before each batch the harness draws that batch's inputs from a
seed the grader picks at random then (so nothing repeats and nothing can be predicted or
cached); the batch's cost is the CPU time of the process, read by the grader from
``/proc/PID/schedstat`` (nanoseconds) — never a clock inside the student's process. Every
output of every batch comes back and two of them, chosen after the batch ran, are checked
against the reference. Every nanosecond the student's process uses between batches (drawing
inputs, handing outputs back, idling) is measured too and compared with the reference
process doing the same chores: work moved out of the timed batch is caught there. The score
uses the median of the per-pair ratios.
"""

from __future__ import annotations

import math
import secrets
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import Field, PositiveFloat, field_validator, model_validator

from grader import sandbox
from grader.sandbox import Limits, library
from grader.sandbox.process import Failure, Sandbox, describe_failure
from grader.schema import Strict

#: Consecutive band limits differ at least by this factor, so measurement noise (about ±8%
#: with the other core busy) can move a score only right at a band's edge.
MIN_BAND_FACTOR = 1.15
#: Inputs per batch at most (memory: each call's inputs stay in the harness until the batch ran).
MAX_BATCH = 256
#: Allowed CPU for the chores around the batches, over the reference process's: ×2 plus 30 ms.
CHORES_FACTOR, CHORES_SLACK_NS = 2.0, 30_000_000
#: Pairs run before the measured ones: the first sizes the batches, the second runs them at that
#: size once (the first large batch pays for new memory pages, which made its ratio 20–30% off).
WARM_UP = 2


class Band(Strict):
    max_ratio: PositiveFloat
    credit: float = Field(ge=0, le=1)


class TimingSpec(Strict):
    #: A reference of grader.sandbox.library.REFERENCES.
    reference: str
    #: A generator of grader.sandbox.library.TIMING_INPUTS.
    inputs: str
    bands: list[Band] = Field(min_length=1)
    #: Share of the problem's points that speed decides (the rest is correctness).
    weight: float = Field(0.3, ge=0, le=1)
    pairs: int = Field(11, ge=3, le=41)
    #: Fewest pairs; timing stops there once the median is clear of every band edge.
    min_pairs: int = Field(5, ge=3)
    #: CPU time of one batch (each side); CPU time from outside is exact to the nanosecond.
    min_batch_seconds: PositiveFloat = 0.02
    cap_seconds: PositiveFloat = 10.0
    budget_seconds: PositiveFloat = 4.0
    #: A from-scratch function faster than this many times the reference is implausible: it earns
    #: no speed points and is flagged for an instructor to review.
    review_below: PositiveFloat | None = None

    @field_validator("reference", "inputs")
    @classmethod
    def _registered(cls, name: str, info) -> str:
        registry = library.REFERENCES if info.field_name == "reference" else library.TIMING_INPUTS
        if name not in registry:
            raise ValueError(f"no timing {info.field_name} {name!r} (known: {', '.join(sorted(registry))})")
        return name

    @model_validator(mode="after")
    def _bands_are_wide(self) -> TimingSpec:
        for lower, upper in zip(self.bands, self.bands[1:]):
            if upper.max_ratio < lower.max_ratio * MIN_BAND_FACTOR:
                raise ValueError(f"bands {lower.max_ratio:g}× and {upper.max_ratio:g}× are closer than a factor {MIN_BAND_FACTOR}")
            if upper.credit > lower.credit:
                raise ValueError("a slower band cannot earn more credit than a faster one")
        return self

    def clear_of_edges(self, ratio: float) -> bool:
        """Whether a ratio is more than MIN_BAND_FACTOR away from every band edge."""
        edges = [band.max_ratio for band in self.bands] + ([self.review_below] if self.review_below else [])
        return all(abs(math.log(max(ratio, 1e-12) / edge)) > math.log(MIN_BAND_FACTOR) for edge in edges)

    def describe(self) -> str:
        return f"{library.REFERENCES[self.reference].title} on {library.TIMING_INPUTS[self.inputs][1]}"


@dataclass
class Measured:
    """What the grader measured: per pair, seconds per call of each side, and their ratio."""

    ratios: list[float] = field(default_factory=list)
    student: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)
    capped: bool = False
    error: str | None = None
    #: Reasons for an instructor to look (wrong outputs while timed, work outside the batches).
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TimingOutcome:
    credit: float
    ratio: float | None
    spread: tuple[float, float] | None
    student_seconds: float | None
    reference_seconds: float | None
    band: str
    flag: str | None = None

    def describe(self) -> str:
        if self.ratio is None:
            return f"speed: {self.band}"
        low, high = self.spread or (self.ratio, self.ratio)
        return (f"speed: {self.ratio:.3g}× the reference (pairs ranged {low:.3g}–{high:.3g}×; yours "
                f"{_seconds(self.student_seconds)}, reference {_seconds(self.reference_seconds)} CPU per call) → {self.band}")


def _seconds(s: float | None) -> str:
    if s is None:
        return "—"
    return f"{s * 1e6:.3g} µs" if s < 1e-3 else f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.3g} s"


def score(spec: TimingSpec, measured: Measured) -> TimingOutcome:
    if measured.error:
        return TimingOutcome(0.0, None, None, None, None, f"not timed ({measured.error}): no speed credit")
    if measured.capped or not measured.ratios:
        return TimingOutcome(0.0, None, None, None, None, f"a call took longer than the {spec.cap_seconds:g} s cap: no speed credit")
    ratio = statistics.median(measured.ratios)
    spread = (min(measured.ratios), max(measured.ratios))
    seconds = statistics.median(measured.student), statistics.median(measured.reference)
    if measured.flags:
        return TimingOutcome(0.0, ratio, spread, *seconds, "no speed credit, flagged for review: " + "; ".join(measured.flags),
                             "; ".join(measured.flags))
    if spec.review_below is not None and ratio < spec.review_below:
        flag = f"faster than {spec.review_below:g}× the library, which code within the rules cannot be"
        return TimingOutcome(0.0, ratio, spread, *seconds, f"no speed credit, flagged for review: {flag}", flag)
    for band in spec.bands:
        if ratio <= band.max_ratio:
            return TimingOutcome(band.credit, ratio, spread, *seconds, f"band ≤ {band.max_ratio:g}×: {band.credit:.0%} of the speed points")
    return TimingOutcome(0.0, ratio, spread, *seconds, f"slower than {spec.bands[-1].max_ratio:g}×: no speed points")


class _Side:
    """One timed process and its CPU accounts: batches, and the chores between them."""

    def __init__(self, box: Sandbox, function: str, memory_mb: int):
        self.box, self.function, self.memory_mb = box, function, memory_mb
        self.batch_ns: list[int] = []
        self.sizes: list[int] = []
        self.chores_ns = 0
        self.last = box.cpu_ns()

    def run(self, inputs: str, seed: int, count: int, cap: float) -> np.ndarray:
        """Prepare, run and collect one batch; the batch's CPU time is recorded."""
        self._ask({"op": "prepare", "inputs": inputs, "seed": seed, "count": count}, 30)
        prepared = self.box.cpu_ns()
        self._ask({"op": "batch"}, cap * count, timeout_kind="capped")
        ran = self.box.settled_cpu_ns(cap * count)  # work done after the reply belongs to the batch
        _, outputs = self._ask({"op": "outputs"}, 30)
        done = self.box.cpu_ns()
        self.chores_ns += (prepared - self.last) + (done - ran)
        self.last = done
        self.batch_ns.append(ran - prepared)
        self.sizes.append(count)
        if len(outputs) != 1 or outputs[0].shape[:1] != (count,):
            raise Failure("handed back outputs that do not match the batch", kind="channel")
        return outputs[0]

    def _ask(self, header: dict, timeout: float, timeout_kind: str = "timeout"):
        """One command; a time-out is "capped" for a batch (the student's calls were too slow) and
        a plain time-out for the chores around it."""
        try:
            reply, arrays = self.box.request(header, timeout=timeout, timeout_message=f"no answer within {timeout:g} s")
        except Failure as failure:
            raise Failure(failure.message, failure.dead, timeout_kind if failure.kind == "timeout" else failure.kind) from None
        if reply.get("ok") is not True:
            raise Failure(describe_failure(reply, self.function, self.memory_mb), kind="raised")
        return reply, arrays

    def per_call(self) -> float:
        return self.batch_ns[-1] / self.sizes[-1] / 1e9


def measure(spec: TimingSpec, source: str, function: str, memory_mb: int, cpu: int | None, max_rel_error: float,
            forbid: Sequence[str] = ()) -> Measured:
    """Time ``function`` of ``source`` against the spec's reference, from outside both processes."""
    limits = Limits(call_seconds=spec.cap_seconds, total_seconds=spec.budget_seconds + 4 * spec.cap_seconds + 30, memory_mb=memory_mb,
                    file_mb=64)
    result = Measured()
    reference = library.REFERENCES[spec.reference].function
    with sandbox.start(limits, cpu) as student_box, sandbox.start(limits, cpu) as reference_box:
        error = sandbox.load(student_box, source, function, limits, forbid)
        if error:
            return Measured(error=error)
        try:
            reference_box.request({"op": "load", "reference": spec.reference}, timeout=30, timeout_message="the reference did not start")
            student, ref = _Side(student_box, function, memory_mb), _Side(reference_box, function, memory_mb)
            deadline = time.monotonic() + spec.budget_seconds
            sizes = (1, 1)
            for pair in range(spec.pairs + WARM_UP):  # pair 0 sizes the batches; pair 1 warms them at that size
                if pair > spec.min_pairs and time.monotonic() > deadline:
                    break
                seed = secrets.randbits(63)
                sides = ((student, sizes[0]), (ref, sizes[1]))
                outputs = {id(side): side.run(spec.inputs, seed, count, spec.cap_seconds) for side, count in (sides if pair % 2 else sides[::-1])}
                _check_sample(spec, seed, sizes[0], outputs[id(student)], reference, max_rel_error, result)
                if pair == 0:
                    hopeless = student.per_call() / max(ref.per_call(), 1e-12) > 3 * spec.bands[-1].max_ratio
                    sizes = (_batch(spec, student), _batch(spec, ref))
                    if hopeless:
                        result.ratios, result.student, result.reference = [student.per_call() / max(ref.per_call(), 1e-12)], [student.per_call()], [ref.per_call()]
                        return result
                if pair < WARM_UP:
                    continue
                result.student.append(student.per_call())
                result.reference.append(ref.per_call())
                result.ratios.append(result.student[-1] / max(result.reference[-1], 1e-12))
                if len(result.ratios) >= spec.min_pairs and spec.clear_of_edges(statistics.median(result.ratios)):
                    break  # the median is well inside one band: more pairs would not change the score
        except Failure as failure:
            if failure.kind == "capped":
                result.capped = True
            else:
                result.error = failure.message
            return result
    allowed = CHORES_FACTOR * ref.chores_ns / sum(ref.sizes) * sum(student.sizes) + CHORES_SLACK_NS
    if student.chores_ns > allowed:
        result.flags.append(f"the code used {student.chores_ns / 1e6:.0f} ms of CPU outside the timed batches "
                            f"(the reference {ref.chores_ns / 1e6:.0f} ms for the same chores)")
    return result


def _batch(spec: TimingSpec, side) -> int:
    """Calls per batch, so that a batch takes at least ``min_batch_seconds`` of CPU (at most MAX_BATCH)."""
    return max(1, min(MAX_BATCH, math.ceil(spec.min_batch_seconds / max(side.per_call(), 1e-9))))


def _check_sample(spec: TimingSpec, seed: int, count: int, outputs: np.ndarray, reference, max_rel_error: float, result: Measured) -> None:
    """Two outputs of the batch, picked after it ran, against the reference on the same inputs."""
    inputs = library.timing_inputs(spec.inputs, seed, count)
    for k in {secrets.randbelow(count), secrets.randbelow(count)}:
        expected = np.asarray(reference(*inputs[k]), dtype=float)
        got = outputs[k]
        error = np.max(np.abs(got - expected) / np.maximum(1e-8, np.abs(got) + np.abs(expected)), initial=0.0) if got.shape == expected.shape else np.inf
        if not error <= max_rel_error:
            flag = "wrong results while timed"
            if flag not in result.flags:
                result.flags.append(flag)
