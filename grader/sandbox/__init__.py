"""Run untrusted student code in a sandboxed process and read plain values back.

The harness (:mod:`grader.sandbox.harness`) runs in a process started by
:mod:`grader.sandbox.isolation` (bubblewrap, an unprivileged uid, or plainly) and is driven by
:class:`grader.sandbox.process.Sandbox` one command at a time. How strongly to isolate is a
setting of the grading process (:func:`configure`): ``grader grade`` asks for the strongest the
machine gives, ``grader check`` on a student's laptop runs without isolation.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from grader.sandbox.isolation import Isolation, Limits
from grader.sandbox.process import Failure, Sandbox, describe_failure


@dataclass(frozen=True)
class NamedFunction:
    """An argument that is a named test function (see grader.sandbox.library.FUNCTIONS)."""

    name: str


@dataclass
class CallResult:
    ok: bool
    outputs: list[np.ndarray] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


@dataclass
class RunResult:
    calls: list[CallResult]
    import_error: str | None = None


@dataclass(frozen=True)
class Policy:
    """How this grading process runs student code, and which folders the sandbox must not see."""

    isolation: Isolation = Isolation.NONE
    hidden: tuple[Path, ...] = ()
    #: Compile student code with RestrictedPython (the run-time from-scratch rules). Off only to
    #: test the OS isolation alone (`grader grade --unrestricted-python`).
    restricted: bool = True


_policy = Policy()


def configure(policy: Policy) -> None:
    global _policy
    _policy = policy


def policy() -> Policy:
    return _policy


def start(limits: Limits, cpu: int | None = None) -> Sandbox:
    """A sandbox under this process's policy (enter it to start the harness)."""
    return Sandbox(_policy.isolation, limits, cpu=cpu, hidden=_policy.hidden)


def load(box: Sandbox, source: str, function: str, limits: Limits, forbid: Sequence[str] = ()) -> str | None:
    """Import the student's source into a started sandbox (with the from-scratch guards of
    ``forbid``); the reason it failed, or None."""
    try:
        reply, _ = box.request({"op": "load", "source": source, "function": function, "forbid": list(forbid),
                                "restricted": _policy.restricted}, timeout=limits.call_seconds,
                               timeout_message=f"importing solution.py took longer than {limits.call_seconds:g} s")
    except Failure as failure:
        return f"solution.py failed to import: {failure.message}"
    if reply.get("ok") is True:
        return None
    if reply.get("reason") == "missing":
        return describe_failure(reply, function, limits.memory_mb)
    return f"solution.py failed to import: {describe_failure(reply, function, limits.memory_mb)}"


def run(source: str, function: str, calls: list[list[Any]], *, limits: Limits | None = None, forbid: Sequence[str] = ()) -> RunResult:
    """Call ``function`` from ``source`` on each argument list, in one sandbox. After a call
    that times out or ends the process, the remaining calls are not run (each would only
    repeat the cost)."""
    limits = limits or Limits()
    deadline = time.monotonic() + limits.total_seconds
    with start(limits) as box:
        error = load(box, source, function, limits, forbid)
        if error:
            return RunResult([], error)
        results = []
        for args in calls:
            if box.process is None:
                results.append(CallResult(False, error="not run: an earlier call stopped the process"))
                continue
            results.append(_call(box, function, args, limits, deadline, forbid))
        return RunResult(results)


def _call(box: Sandbox, function: str, args: list[Any], limits: Limits, deadline: float, forbid: Sequence[str]) -> CallResult:
    arrays: list[np.ndarray] = []
    encoded: list[Any] = []
    for arg in args:
        if isinstance(arg, NamedFunction):
            encoded.append({"function": arg.name})
        elif isinstance(arg, np.ndarray):
            encoded.append({"array": len(arrays)})
            arrays.append(arg)
        else:
            encoded.append(arg)
    timeout = min(limits.call_seconds, max(0.0, deadline - time.monotonic()))
    start_time = time.perf_counter()
    try:
        reply, outputs = box.request({"op": "call", "args": encoded}, arrays, timeout=timeout,
                                     timeout_message=f"took longer than {timeout:g} s (infinite loop?)")
    except Failure as failure:
        if failure.dead:
            box.close()
        return CallResult(False, error=failure.message, seconds=time.perf_counter() - start_time)
    seconds = time.perf_counter() - start_time
    if reply.get("ok") is not True:
        return CallResult(False, error=describe_failure(reply, function, limits.memory_mb, forbid), seconds=seconds)
    return CallResult(True, [o.astype(float) for o in outputs], seconds=seconds)
