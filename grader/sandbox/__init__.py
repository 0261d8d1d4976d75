"""Run untrusted student code in a child process and read plain values back.

The child (:mod:`grader.sandbox.child`) gets a scrubbed environment, a scratch folder, limits on
memory, CPU, file size and wall time, no way to start processes, one BLAS thread, and its own
process group, which is killed when it ends, whatever it left running. Inputs go in as ``.npy``
and JSON; results come back as ``.npy`` read with ``allow_pickle=False``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


@dataclass(frozen=True)
class Limits:
    call_seconds: float = 5.0
    total_seconds: float = 60.0
    memory_mb: int = 1024
    file_mb: int = 16
    output_chars: int = 2000


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
    crashed: str | None = None
    violations: list[str] = field(default_factory=list)
    timing: dict | None = None
    stdout: str = ""


def run(source: str, function: str, calls: list[list[Any]], *, problem: str, forbid: list[str] = (),
        limits: Limits = Limits(), timing: dict | None = None) -> RunResult:
    """Call ``function`` from ``source`` on each argument list; or, with ``timing``, time it."""
    scratch = Path(tempfile.mkdtemp(prefix="grader-sandbox-"))
    try:
        (scratch / "solution.py").write_text(source, encoding="utf-8")
        request = {
            "function": function, "problem": problem, "forbid": list(forbid), "mode": "timing" if timing else "calls",
            "limits": limits.__dict__, "timing": timing,
            "calls": [{"args": [_encode(a, scratch, f"in_{i}_{j}") for j, a in enumerate(args)]} for i, args in enumerate(calls)],
        }
        (scratch / "request.json").write_text(json.dumps(request), encoding="utf-8")
        crashed = _execute(scratch, limits)
        return _collect(scratch, len(calls), crashed, limits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _encode(arg: Any, scratch: Path, name: str) -> Any:
    if isinstance(arg, NamedFunction):
        return {"function": arg.name}
    if isinstance(arg, np.ndarray):
        np.save(scratch / f"{name}.npy", arg, allow_pickle=False)
        return {"npy": f"{name}.npy"}
    return arg


#: glibc keeps freed memory up to 32 MiB blocks in the heap instead of returning it: vectorized
#: student code that allocates large temporaries then pays no page faults per call, which cut the
#: run-to-run spread of timing ratios from about ±17% to ±5% (docs/benchmarks.md).
MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024), "MALLOC_TRIM_THRESHOLD_": str(1 << 30)}


def _environment(scratch: Path) -> dict[str, str]:
    env = {"PATH": os.defpath, "HOME": str(scratch), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    return env | MALLOC | {name: "1" for name in THREAD_VARIABLES}


def _execute(scratch: Path, limits: Limits) -> str | None:
    """Run the child; return why it did not finish normally, or None."""
    with open(scratch / "stdout.txt", "wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-I", "-m", "grader.sandbox.child", str(scratch)], cwd=scratch, env=_environment(scratch),
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            code = child.wait(timeout=limits.total_seconds)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            try:
                os.killpg(child.pid, signal.SIGKILL)  # and everything it may have started
            except ProcessLookupError:
                pass
            child.wait()
    if code is None:
        return f"stopped after {limits.total_seconds:g} s"
    if code < 0:
        name = signal.Signals(-code).name
        hint = " (CPU time limit)" if name == "SIGXCPU" else " (memory or resource limit)" if name in ("SIGKILL", "SIGSEGV") else ""
        return f"the process was killed by {name}{hint}"
    if code != 0:
        return f"the process exited with code {code} (os._exit or a crash)"
    return None


def _collect(scratch: Path, n_calls: int, crashed: str | None, limits: Limits) -> RunResult:
    stdout = (scratch / "stdout.txt").read_bytes()[: limits.output_chars].decode("utf-8", "replace")
    try:
        status = json.loads((scratch / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        status = {"calls": [], "import_error": None, "violations": [], "timing": None}
    calls = []
    for entry in status.get("calls", [])[:n_calls]:
        outputs = [_load(scratch / name, limits) for name in entry.get("outputs", [])] if entry.get("ok") else []
        ok = bool(entry.get("ok")) and all(o is not None for o in outputs)
        calls.append(CallResult(ok, outputs if ok else [], entry.get("error") or (None if ok else "unreadable result"), float(entry.get("seconds", 0))))
    if len(calls) < n_calls and not status.get("import_error") and status.get("timing") is None:
        why = crashed or "the process exited during this call instead of returning (os._exit?)"
        calls.append(CallResult(False, error=why))
        calls += [CallResult(False, error="not run: an earlier call ended the process")] * (n_calls - len(calls))
    return RunResult(calls, status.get("import_error"), crashed, list(status.get("violations", [])), status.get("timing"), stdout)


def _load(path: Path, limits: Limits) -> np.ndarray | None:
    try:
        if path.stat().st_size > limits.file_mb * 1024 * 1024:
            return None
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return array if array.dtype.kind == "f" else None
