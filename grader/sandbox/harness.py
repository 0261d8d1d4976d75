"""The program that runs inside the sandbox: ``python -I -S harness.py SITE_DIR COMMANDS REPLIES``.

It loads the student's source (or, for timing, a library reference), then answers the grader's
commands on its standard input, one at a time: call the function on these arrays, prepare a
timed batch, run it, hand back its outputs. It shares the process with student code, so
nothing it says is trusted: the grader keeps only result arrays (checked) and facts it
establishes itself (time-outs, exits, CPU time read from outside). Its errors carry the
exception's type and a line of ``solution.py``, never a message the student's code chose.
"""

from __future__ import annotations

import builtins
import os
import sys
import time
import traceback

sys.path[:0] = [os.path.dirname(os.path.abspath(__file__)), sys.argv[1]]

import numpy as np  # noqa: E402

import library  # noqa: E402
import wire  # noqa: E402

SOLUTION = "solution.py"


class ForbiddenCall(Exception):
    """Raised by a function the problem's from-scratch rules forbid, reached at run time."""


class _Blocker:
    """Refuses imports of forbidden packages (``torch``, ``numpy.linalg``) while student code runs."""

    def __init__(self, packages: list[str]):
        self.packages = packages

    def find_spec(self, fullname, path=None, target=None):
        if any(fullname == p or fullname.startswith(p + ".") for p in self.packages):
            raise ForbiddenCall(fullname)
        return None


def forbid(names: list[str]) -> None:
    """A first line against computed names (``getattr(np, "mat" + "mul")``): forbidden functions
    raise ForbiddenCall, forbidden packages cannot be imported. Code in this process can undo
    this; the source rules and the grader's review flags are the other lines."""
    import importlib

    packages = []
    for name in names:
        module_name, _, attr = name.rpartition(".")
        try:
            module = importlib.import_module(module_name) if module_name else None
        except ImportError:
            module = None
        target = getattr(module, attr, None) if module is not None else None
        if callable(target) and type(target).__name__ != "module":
            def guard(*args, _name=name, **kwargs):
                raise ForbiddenCall(_name)
            setattr(module, attr, guard)
        elif name != "@":
            packages.append(name)
    sys.meta_path.insert(0, _Blocker(packages))


def failure(exc: BaseException) -> dict:
    """What the grader may say about an exception: its type and where in solution.py."""
    line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == SOLUTION), None)
    return {"ok": False, "reason": "raised", "type": type(exc).__name__, "line": line}


def as_arrays(result) -> list[np.ndarray] | dict:
    parts = result if isinstance(result, tuple) else (result,)
    arrays = []
    for part in parts:
        array = np.asarray(part)
        if array.dtype.kind not in "biuf":
            return {"ok": False, "reason": "not_numbers", "type": type(part).__name__}
        arrays.append(array.astype(float))
    return arrays


class Harness:
    def __init__(self, commands: int, replies: int):
        self.commands, self.replies = commands, replies
        self.function = None
        self.inputs: list[list] = []
        self.outputs: list[list[np.ndarray]] = []

    def reply(self, header: dict, arrays=()) -> None:
        wire.send(self.replies, header | {"cpu_ns": time.process_time_ns()}, arrays)

    def serve(self) -> None:
        while True:
            try:
                header, arrays = wire.receive(self.commands)
            except EOFError:
                return
            getattr(self, "op_" + header["op"])(header, arrays)

    def op_load(self, header: dict, arrays) -> None:
        if "reference" in header:
            self.function = library.REFERENCES[header["reference"]].function
            return self.reply({"ok": True})
        forbid(header.get("forbid", []))
        module = type(sys)("solution")
        module.__file__ = SOLUTION
        sys.modules["solution"] = module
        try:
            exec(compile(header["source"], SOLUTION, "exec"), module.__dict__)
        except BaseException as exc:  # SystemExit at import time too
            return self.reply(failure(exc))
        self.function = getattr(module, header["function"], None)
        self.reply({"ok": True} if callable(self.function) else {"ok": False, "reason": "missing"})

    def op_call(self, header: dict, arrays) -> None:
        args = [self.argument(a, arrays) for a in header["args"]]
        try:
            result = as_arrays(self.function(*args))
        except BaseException as exc:
            return self.reply(failure(exc))
        if isinstance(result, dict):
            return self.reply(result)
        self.reply({"ok": True}, result)

    def argument(self, spec, arrays):
        if isinstance(spec, dict) and "array" in spec:
            return arrays[spec["array"]]
        if isinstance(spec, dict) and "function" in spec:
            return library.FUNCTIONS[spec["function"]]
        return spec

    def op_prepare(self, header: dict, arrays) -> None:
        self.inputs = library.timing_inputs(header["inputs"], header["seed"], header["count"])
        self.outputs = []
        self.reply({"ok": True})

    def op_batch(self, header: dict, arrays) -> None:
        function, outputs = self.function, []
        try:
            for args in self.inputs:
                outputs.append(function(*args))
        except BaseException as exc:
            return self.reply(failure(exc))
        self.outputs = outputs
        self.reply({"ok": True})

    def op_outputs(self, header: dict, arrays) -> None:
        """The whole last batch's outputs, stacked: the grader checks some it picks afterwards."""
        try:
            stacked = np.stack([np.asarray(output, dtype=float) for output in self.outputs])
        except (TypeError, ValueError) as exc:
            return self.reply(failure(exc))
        self.reply({"ok": True}, [stacked])

def main() -> None:
    builtins.exit = builtins.quit = sys.exit  # what the site module would add (the harness runs with -S)
    Harness(int(sys.argv[2]), int(sys.argv[3])).serve()


if __name__ == "__main__":
    main()
