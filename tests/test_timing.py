"""Speed marks measured from outside the student's process: tricks that fooled a clock inside it
earn no speed points; honest implementations keep their bands.

Each trick is a matmul that passes the correctness cases and then tries to look fast while timed.
The tests run under the strongest isolation available (bubblewrap here and in CI), as grading does,
but with plain Python instead of RestrictedPython (which refuses most of these tricks at import,
tests/test_restricted.py): the measurement from outside must hold on its own.
"""

from __future__ import annotations

import os
import statistics

import pytest
import yaml
from conftest import PROBLEMS

from grader import sandbox
from grader.sandbox.isolation import best
from grader.timing import TimingSpec, measure, score

SPEC = TimingSpec(**yaml.safe_load((PROBLEMS / "code" / "matmul.yaml").read_text())["timing"])
HONEST = "def matmul(A, B):\n    return (A[:, :, None] * B[None, :, :]).sum(axis=1)\n"

TRICKS = {
    "patches the clocks": HONEST + """
import time
time.perf_counter = time.process_time = time.monotonic = time.time = lambda: 0.0
time.perf_counter_ns = time.process_time_ns = time.monotonic_ns = lambda: 0
""",
    "recognises the timing inputs and returns garbage": """
def matmul(A, B):
    if A.shape == (96, 96):
        return np.zeros((96, 96))
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)
""",
    "caches results by input bytes": """
CACHE = {}
def matmul(A, B):
    key = A.tobytes()[:64] + B.tobytes()[:64]
    if key not in CACHE:
        CACHE[key] = (A[:, :, None] * B[None, :, :]).sum(axis=1)
    return CACHE[key]
""",
    "answers the batch early and computes while the reference runs": """
import sys
harness = sys.modules["__main__"].Harness
def early(self, header, arrays):
    self.outputs = [None] * len(self.inputs)
    self.reply({"ok": True})
    self.outputs = [(A[:, :, None] * B[None, :, :]).sum(axis=1) for A, B in self.inputs]
harness.op_batch = early
""" + HONEST,
    "starts busy processes to slow the reference": HONEST + """
import typing
os = typing.sys.modules["os"]
for _ in range(8):
    try:
        if os.fork() == 0:
            os.sched_setaffinity(0, {0, 1})
            while True:
                pass
    except OSError:
        break
""",
    "does its work while the inputs are drawn": """
import sys
library = sys.modules["library"]
draw = library.timing_inputs
def draw_and_solve(name, seed, count):
    inputs = draw(name, seed, count)
    SOLVED.clear()
    SOLVED.extend((A[:, :, None] * B[None, :, :]).sum(axis=1) for A, B in inputs)
    return inputs
SOLVED = []
library.timing_inputs = draw_and_solve
CALLS = [0]
def matmul(A, B):
    if A.shape == (96, 96) and SOLVED:
        CALLS[0] += 1
        return SOLVED[(CALLS[0] - 1) % len(SOLVED)]
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)
""",
}


@pytest.fixture(scope="module", autouse=True)
def isolated():
    sandbox.configure(sandbox.Policy(best() or sandbox.Policy().isolation, restricted=False))
    yield
    sandbox.configure(sandbox.Policy())


def timed(source: str):
    cpu = max(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    measured = measure(SPEC, "import numpy as np\n" + source, "matmul", 1024, cpu, 1e-5)
    return measured, score(SPEC, measured)


def test_an_honest_vectorized_matmul_earns_the_top_band():
    measured, outcome = timed(HONEST)
    assert outcome.credit == 1.0 and not measured.flags and 3 < outcome.ratio < 150, outcome.describe()


@pytest.mark.parametrize("name", sorted(TRICKS))
def test_a_timing_trick_earns_no_more_than_honest_work(name):
    measured, outcome = timed(TRICKS[name])
    honest_ratio = 3  # the plausibility floor: nothing within the rules is faster
    if outcome.credit > 0:  # a trick may fail to help at all: then it is timed as what it really does
        assert outcome.ratio > honest_ratio and not measured.flags, outcome.describe()
    else:
        assert outcome.flag or measured.error or measured.capped, outcome.describe()


def test_wrong_results_while_timed_are_flagged():
    measured, outcome = timed(TRICKS["recognises the timing inputs and returns garbage"])
    assert outcome.credit == 0 and measured.flags == ["wrong results while timed"]


def test_work_moved_before_the_batch_is_flagged():
    measured, outcome = timed(TRICKS["does its work while the inputs are drawn"])
    assert outcome.credit == 0 and any("outside the timed batches" in f or "wrong results" in f for f in measured.flags), measured


def test_work_done_after_answering_the_batch_is_counted_in_it():
    """A batch ends when the process is idle again, not when it says so: answering first and
    computing afterwards (while the reference runs) is timed as the same work."""
    trick, _ = timed(TRICKS["answers the batch early and computes while the reference runs"])
    honest, _ = timed(HONEST)
    # before the fix the trick halved the ratio (about 7× against 14×); noise under load stays within ±20%
    assert statistics.median(trick.ratios) > 0.7 * statistics.median(honest.ratios), (trick.ratios, honest.ratios)


ROW_LOOP = """
def matmul(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        C[i] = (A[i][:, None] * B).sum(axis=0)
    return C
"""


def test_legitimate_solutions_keep_their_bands_as_graded():
    """Under RestrictedPython, as `grader grade` runs them: the row loop and the model conv2d earn the top band."""
    from test_code_problems import BANK

    sandbox.configure(sandbox.Policy(best() or sandbox.Policy().isolation))
    try:
        _, row = timed(ROW_LOOP)
        conv = BANK.problems["conv2d"]
        cpu = max(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        conv_outcome = score(conv.timing, measure(conv.timing, "import numpy as np\n" + conv.solution, "conv2d", 1024, cpu, 1e-5, conv.forbid))
    finally:
        sandbox.configure(sandbox.Policy(best() or sandbox.Policy().isolation, restricted=False))
    assert row.credit == 1.0 and 3 < row.ratio < 150, row.describe()
    assert conv_outcome.credit == 1.0 and 1.2 < conv_outcome.ratio < 40, conv_outcome.describe()


def test_a_library_fast_from_scratch_kernel_is_flagged_for_review():
    measured, outcome = timed("def matmul(A, B):\n    return np.matmul(A, B)\n")
    assert outcome.credit == 0 and "review" in outcome.band and outcome.flag.startswith("faster than 3×")
