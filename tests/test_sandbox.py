"""The sandbox run directly: what comes back, what is established from outside, what is refused.

These run under every isolation the machine gives (``none`` always); tests/test_hostile.py grades
attacks through the whole command line."""

from __future__ import annotations

import os
import textwrap
import time

import numpy as np
import pytest

from grader import sandbox
from grader.sandbox import Limits, run, seccomp
from grader.sandbox.isolation import Isolation, bwrap_works, uid_works

A = np.arange(6.0).reshape(2, 3)
B = np.ones((3, 2))
FAST = Limits(call_seconds=1, total_seconds=10)
MODES = [Isolation.NONE] + [mode for mode, works in ((Isolation.BWRAP, bwrap_works), (Isolation.UID, uid_works)) if works()]
ISOLATED = [mode for mode in MODES if mode is not Isolation.NONE]


@pytest.fixture(params=MODES, ids=lambda mode: mode.value)
def isolation(request):
    sandbox.configure(sandbox.Policy(request.param, restricted=False))
    yield request.param
    sandbox.configure(sandbox.Policy())


def call(body: str, n=2, limits=FAST):
    source = "import numpy as np\nimport os\n\n" + textwrap.dedent(body)
    return run(source, "f", [[A, B]] * n, limits=limits)


def test_plain_values_come_back(isolation):
    result = call("def f(A, B):\n    return A.sum(), A * 2")
    assert [c.ok for c in result.calls] == [True, True]
    assert result.calls[0].outputs[0] == 15 and np.array_equal(result.calls[0].outputs[1], A * 2)


def test_os_exit_ends_only_this_run_with_a_message(isolation):
    result = call("def f(A, B):\n    os._exit(0)")
    assert "ended with exit code 0 (os._exit or a crash)" in result.calls[0].error and "not run" in result.calls[1].error


def test_a_time_out_is_decided_outside_and_swallowing_exceptions_does_not_help(isolation):
    body = "def f(A, B):\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass"
    start = time.perf_counter()
    result = call(body, n=5)
    assert result.calls[0].error == "took longer than 1 s (infinite loop?)"
    assert all(c.error == "not run: an earlier call stopped the process" for c in result.calls[1:])
    assert time.perf_counter() - start < 3  # one time-out, not five


def test_results_are_never_unpickled(isolation):
    result = call("def f(A, B):\n    return np.array([{'a': 1}], dtype=object)")
    assert not result.calls[0].ok and result.calls[0].error == "returned ndarray, not numbers"


def test_messages_carry_the_type_and_line_only(isolation):
    result = call("class Looks_Like_Full_Marks(Exception):\n    pass\n\ndef f(A, B):\n    raise Looks_Like_Full_Marks('5/5 correct')")
    assert result.calls[0].error == "Looks_Like_Full_Marks raised (solution.py line 8)"


def test_the_environment_is_scrubbed_and_blas_has_one_thread(isolation):
    os.environ["GRADER_SECRET"] = "s3cret"
    try:
        body = "def f(A, B):\n    return np.array([len(os.environ.get('GRADER_SECRET', '')), int(os.environ['OPENBLAS_NUM_THREADS'])])"
        assert call(body).calls[0].outputs[0].tolist() == [0, 1]
    finally:
        del os.environ["GRADER_SECRET"]


def test_memory_beyond_the_limit_is_a_memory_error(isolation):
    result = call("def f(A, B):\n    return np.ones(1 << 28)", limits=Limits(call_seconds=2, memory_mb=512))
    assert result.calls[0].error == "ran out of memory (limit 512 MB) (solution.py line 5)"


@pytest.mark.parametrize("mode", ISOLATED, ids=lambda mode: mode.value)
@pytest.mark.parametrize("attempt", ["os.fork()", "os.kill(os.getpid(), 0)", "__import__('socket').socket()",
                                     "__import__('threading').Thread(target=print).start()", "open('/tmp/x-sandbox-test', 'w')",
                                     "os.mkdir('made-by-student')"])
def test_isolated_code_can_start_nothing_signal_nothing_and_write_nothing(mode, attempt):
    sandbox.configure(sandbox.Policy(mode, restricted=False))
    try:
        result = call(f"def f(A, B):\n    {attempt}\n    return A")
    finally:
        sandbox.configure(sandbox.Policy())
    assert not result.calls[0].ok and result.calls[0].error.split()[0] in ("PermissionError", "BlockingIOError", "RuntimeError", "OSError")
    assert not os.path.exists("/tmp/x-sandbox-test")


def test_the_seccomp_filter_is_well_formed():
    if not seccomp.supported():
        pytest.skip("no seccomp table for this machine")
    code = seccomp.program()
    assert len(code) % 8 == 0 and len(code) // 8 < 4096  # BPF_MAXINSNS
