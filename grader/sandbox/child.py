"""The sandbox child: ``python -I -m grader.sandbox.child SCRATCH``.

Reads ``request.json`` in SCRATCH, imports the student's ``solution.py`` from there, calls one
function on each set of inputs, and writes each result as ``.npy`` (never pickle) plus
``status.json`` after every call, so that work done before a crash is kept. Expected answers
never come here. In timing mode it times the function against a library call instead.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import sys
import time
import traceback

SOLUTION = "solution.py"


class CallTimeout(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` in student code misses it."""


def _on_alarm(signum, frame):
    raise CallTimeout()


def set_limits(limits: dict) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb, limits["memory_mb"] * mb))
    cpu = int(math.ceil(limits["total_seconds"])) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_mb"] * mb, limits["file_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write raises OSError instead of killing us


def describe(exc: BaseException, limits: dict) -> str:
    if isinstance(exc, CallTimeout):
        return f"took longer than {limits['call_seconds']:g} s (infinite loop?)"
    if isinstance(exc, MemoryError):
        return f"ran out of memory (limit {limits['memory_mb']} MB)"
    if isinstance(exc, SystemExit):
        return f"called exit (SystemExit {exc.code!r}); a function must return its result"
    if isinstance(exc, KeyboardInterrupt):
        return "raised KeyboardInterrupt"
    if isinstance(exc, OSError) and exc.errno == 27:  # EFBIG
        return f"wrote too much output (limit {limits['file_mb']} MB)"
    line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename.endswith(SOLUTION)), None)
    where = f" ({SOLUTION} line {line})" if line else ""
    message = str(exc)[:300]
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"


class Child:
    def __init__(self, scratch: str):
        os.chdir(scratch)
        with open("request.json", encoding="utf-8") as f:
            self.request = json.load(f)
        self.limits = self.request["limits"]
        self.status: dict = {"import_error": None, "calls": [], "violations": [], "timing": None}

    def write_status(self) -> None:
        from grader.sandbox import guards

        self.status["violations"] = list(guards.VIOLATIONS)
        with open("status.tmp", "w", encoding="utf-8") as f:
            json.dump(self.status, f)
        os.replace("status.tmp", "status.json")

    def decode(self, arg):
        import numpy as np

        from grader.sandbox.library import FUNCTIONS

        if isinstance(arg, dict) and "npy" in arg:
            return np.load(arg["npy"], allow_pickle=False)
        if isinstance(arg, dict) and "function" in arg:
            return FUNCTIONS[arg["function"]]
        return arg

    def timed(self, seconds: float, fn, *args):
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def run(self) -> None:
        set_limits(self.limits)
        signal.signal(signal.SIGALRM, _on_alarm)
        import numpy as np

        from grader.sandbox import guards, library

        references = library.timing_references()  # before any student code can patch numpy
        guards.block_processes()
        guards.quiet_builtins()
        blocker = guards.forbid(self.request["forbid"], self.request["problem"])
        try:
            module = self.timed(self.limits["call_seconds"], self.load)
        except BaseException as exc:  # SystemExit and friends at import time, too
            self.status["import_error"] = f"{SOLUTION} failed to import: {describe(exc, self.limits)}"
        else:
            function = getattr(module, self.request["function"], None)
            if not callable(function):
                self.status["import_error"] = f"{SOLUTION} defines no function {self.request['function']}"
        if self.status["import_error"]:
            self.write_status()
            return
        if self.request["mode"] == "timing":
            self.time_against(function, references[self.request["timing"]["reference"]], blocker, np)
        else:
            self.call_all(function, blocker, np)

    def load(self):
        import importlib.util

        spec = importlib.util.spec_from_file_location("solution", os.path.abspath(SOLUTION))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def convert(self, result, np):
        parts = result if isinstance(result, tuple) else (result,)
        arrays = []
        for part in parts:
            array = np.asarray(part)
            if array.dtype.kind not in "biuf":
                raise TypeError(f"returned {type(part).__name__} ({array.dtype}), not numbers")
            arrays.append(array.astype(float))
        return arrays

    def call_all(self, function, blocker, np) -> None:
        from grader.sandbox import guards

        for i, call in enumerate(self.request["calls"]):
            if self.status["calls"] and self.status["calls"][-1]["error"] and "took longer" in self.status["calls"][-1]["error"]:
                self.status["calls"].append({"ok": False, "error": "not run: an earlier call took too long", "outputs": [], "seconds": 0.0})
                continue
            args = [self.decode(a) for a in call["args"]]
            before = len(guards.VIOLATIONS)
            start = time.perf_counter()
            entry: dict = {"ok": False, "error": None, "outputs": [], "seconds": 0.0}
            blocker.active = True
            try:
                arrays = self.timed(self.limits["call_seconds"], lambda: self.convert(function(*args), np))
                for j, array in enumerate(arrays):
                    name = f"out_{i}_{j}.npy"
                    np.save(name, array, allow_pickle=False)
                    entry["outputs"].append(name)
                entry["ok"] = True
            except BaseException as exc:
                entry["error"] = describe(exc, self.limits)
            finally:
                blocker.active = False
            entry["seconds"] = time.perf_counter() - start
            if len(guards.VIOLATIONS) > before:
                entry["ok"], entry["error"] = False, guards.VIOLATIONS[before]
            self.status["calls"].append(entry)
            self.write_status()

    def time_against(self, function, reference, blocker, np) -> None:
        """Interleaved pairs of batches (each ≥ min_batch seconds), on one pinned core."""
        spec = self.request["timing"]
        try:
            os.sched_setaffinity(0, {spec["cpu"]})
        except (AttributeError, OSError):
            pass
        inputs = [[self.decode(a) for a in call["args"]] for call in self.request["calls"]]
        clock = time.perf_counter
        deadline = clock() + spec["budget_seconds"]

        def batch(fn, n):
            start = clock()
            for k in range(n):
                fn(*inputs[k % len(inputs)])
            return (clock() - start) / n

        result = {"ratios": [], "student": [], "reference": [], "capped": False, "error": None}
        blocker.active = True
        try:
            cap = spec["cap_seconds"]
            one = self.timed(cap, batch, function, 1)  # warm-up, and the first size estimate
            batch(reference, 1)
            n_student = max(1, math.ceil(spec["min_batch_seconds"] / max(one, 1e-9)))
            n_reference = max(1, math.ceil(spec["min_batch_seconds"] / max(batch(reference, 3), 1e-9)))
            for pair in range(spec["pairs"]):
                if pair >= spec["min_pairs"] and clock() > deadline:
                    break
                if pair % 2:
                    r = batch(reference, n_reference)
                    s = self.timed(cap * n_student, batch, function, n_student)
                else:
                    s = self.timed(cap * n_student, batch, function, n_student)
                    r = batch(reference, n_reference)
                result["student"].append(s)
                result["reference"].append(r)
                result["ratios"].append(s / r)
        except CallTimeout:
            result["capped"] = True
        except BaseException as exc:
            result["error"] = describe(exc, self.limits)
        finally:
            blocker.active = False
        self.status["timing"] = result
        self.write_status()


if __name__ == "__main__":
    Child(sys.argv[1]).run()
