"""The sandbox's run-time defences, exercised directly (the source policy would stop most of
this code before it runs; these are the second line)."""

from __future__ import annotations

import os
import textwrap
import time

import numpy as np

from grader.sandbox import Limits, run

A = np.arange(6.0).reshape(2, 3)
B = np.ones((3, 2))
FAST = Limits(call_seconds=1, total_seconds=10)


def call(body: str, forbid=(), n=2, limits=FAST):
    source = "import numpy as np\nimport os\n\n" + textwrap.dedent(body)
    return run(source, "f", [[A, B]] * n, problem="p", forbid=list(forbid), limits=limits)


def test_plain_values_come_back():
    result = call("def f(A, B):\n    return A.sum(), A * 2")
    assert [c.ok for c in result.calls] == [True, True]
    assert result.calls[0].outputs[0] == 15 and np.array_equal(result.calls[0].outputs[1], A * 2)


def test_os_exit_ends_only_this_run_with_a_message():
    result = call("def f(A, B):\n    os._exit(0)")
    assert "exited during this call" in result.calls[0].error and "not run" in result.calls[1].error


def test_no_processes_and_no_signals():
    for body, what in [("os.fork()", "os.fork"), ("os.system('true')", "os.system"), ("os.kill(os.getppid(), 9)", "os.kill"),
                       ("import subprocess\n    subprocess.run(['true'])", "subprocess")]:
        result = call(f"def f(A, B):\n    {body}\n    return A")
        assert not result.calls[0].ok and f"{what} is not allowed" in result.calls[0].error, result.calls[0].error


def test_a_caught_violation_still_counts():
    result = call("def f(A, B):\n    try:\n        return np.matmul(A, B)\n    except Exception:\n        return A[:, :2] * 0", forbid=["numpy.matmul"])
    assert not result.calls[0].ok and result.calls[0].error == "numpy.matmul is not allowed: from-scratch rule of p"


def test_forbidden_package_cannot_be_imported_during_the_call():
    result = call("def f(A, B):\n    import scipy.signal\n    return A", forbid=["scipy"])
    assert "importing scipy is not allowed: from-scratch rule of p" in result.calls[0].error


def test_timeout_that_swallows_exceptions_is_still_stopped():
    body = "def f(A, B):\n    while True:\n        try:\n            while True:\n                pass\n        except Exception:\n            pass"
    start = time.perf_counter()
    result = call(body)
    assert "took longer than 1 s" in result.calls[0].error and time.perf_counter() - start < 8


def test_wall_clock_limit_kills_what_the_alarm_cannot():
    body = "import signal\ndef f(A, B):\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    while True:\n        pass"
    result = call(body, limits=Limits(call_seconds=1, total_seconds=3))
    assert result.crashed and ("stopped after 3 s" in result.crashed or "SIGXCPU" in result.crashed)
    assert not result.calls[0].ok


def test_results_are_never_unpickled(tmp_path):
    result = call("def f(A, B):\n    return np.array([{'a': 1}], dtype=object)")
    assert not result.calls[0].ok and "not numbers" in result.calls[0].error


def test_the_environment_is_scrubbed_and_blas_has_one_thread():
    os.environ["GRADER_SECRET"] = "s3cret"
    try:
        body = "def f(A, B):\n    return np.array([len(os.environ.get('GRADER_SECRET', '')), int(os.environ['OPENBLAS_NUM_THREADS'])])"
        assert call(body).calls[0].outputs[0].tolist() == [0, 1]
    finally:
        del os.environ["GRADER_SECRET"]


def test_stdout_is_captured_and_capped():
    result = call("def f(A, B):\n    print('y' * 100000)\n    return A")
    assert result.calls[0].ok and len(result.stdout) == 2000
