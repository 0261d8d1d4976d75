"""The program that runs inside the sandbox: ``python -I -S harness.py SITE_DIR COMMANDS REPLIES``.

It loads the student's source (compiled by :mod:`restricted`: the from-scratch rules are
enforced on what the code resolves at run time), or, for timing, a library reference; then it answers the grader's
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

import library  # noqa: E402
import numpy as np  # noqa: E402
import restricted  # noqa: E402
import wire  # noqa: E402

SOLUTION = "solution.py"


def failure(exc: BaseException) -> dict:
    """What the grader may say about an exception: its type and where in solution.py."""
    if isinstance(exc, SyntaxError):
        line = exc.lineno
    else:
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
        module = type(sys)("solution")
        module.__file__ = SOLUTION
        sys.modules["solution"] = module
        try:
            if header.get("restricted", True):
                restricted.load(header["source"], SOLUTION, module, header.get("forbid", []))
            else:
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
