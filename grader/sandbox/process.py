"""The trusted side of one sandboxed harness: start it, send it commands, read its replies under
deadlines and size limits, read its CPU time from outside, and always end it.

Every fact the grader keeps is established here, not told by the harness: a call that does not
answer in time timed out; a process that closed its channel ended (and how, from its exit
status); a reply that is not well-formed broke the channel. From the harness only result arrays
(numeric, bounded) and an exception's type and line are taken.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from grader.sandbox import wire
from grader.sandbox.isolation import Isolation, Limits, launch

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
MAX_ARRAYS = 8


class Failure(Exception):
    """A command that did not succeed, with the message the student sees. ``dead``: the
    process is gone (or was killed) and answers nothing more."""

    def __init__(self, message: str, dead: bool = False, kind: str = "raised"):
        super().__init__(message)
        self.message, self.dead, self.kind = message, dead, kind


class Sandbox:
    """One harness process; use as a context manager so that it is always ended."""

    def __init__(self, isolation: Isolation, limits: Limits | None = None, *, cpu: int | None = None, hidden: tuple[Path, ...] = ()):
        limits = limits or Limits()
        self.isolation, self.limits, self.cpu, self.hidden = isolation, limits, cpu, hidden
        self.max_output = limits.file_mb * 1024 * 1024
        self.process: subprocess.Popen | None = None
        self.pid: int | None = None  # the harness itself (inside bwrap: its PID 1)
        self.reported_cpu_ns = 0
        self.cleanup: list[Path] = []

    # -- life ------------------------------------------------------------------------------
    def __enter__(self) -> Sandbox:
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()
        plan = launch(self.isolation, self.limits, self.cpu, self.hidden, (commands_read, replies_write))
        self.cleanup = plan.cleanup
        try:
            self.process = subprocess.Popen(plan.argv, env=plan.env, cwd=plan.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, pass_fds=(*plan.pass_fds, commands_read, replies_write),
                                            preexec_fn=plan.preexec, start_new_session=True, **plan.popen)  # type: ignore[call-overload]
        finally:
            for fd in (*plan.pass_fds, commands_read, replies_write):
                os.close(fd)
        self.pid = self._child_pid(plan.info_fd) if plan.info_fd is not None else self.process.pid
        return self

    def _child_pid(self, info_fd: int) -> int | None:
        """bwrap writes the host PID of the sandbox's first process to its info descriptor, as JSON
        that may arrive in parts; read it to the end (closing early would kill bwrap with SIGPIPE)."""
        data, deadline = b"", time.monotonic() + 20
        try:
            while time.monotonic() < deadline and select.select([info_fd], [], [], deadline - time.monotonic())[0]:
                chunk = os.read(info_fd, 4096)
                if not chunk:
                    break
                data += chunk
            return int(json.loads(data)["child-pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        finally:
            os.close(info_fd)

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.process is not None:
            self._kill()
            for fd in (self.commands, self.replies):
                os.close(fd)
            self.process = None
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self.cleanup = []

    def _kill(self) -> None:
        assert self.process is not None
        for pid in {p for p in (self.pid, self.process.pid) if p is not None}:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    # -- what happened -----------------------------------------------------------------------
    def cpu_ns(self) -> int:
        """CPU time the harness process has used, read from /proc (outside its reach). Where
        there is no /proc (macOS, isolation "none"), what the harness last reported."""
        try:
            with open(f"/proc/{self.pid}/schedstat", "rb") as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError, TypeError):
            if self.isolation is Isolation.NONE:
                return self.reported_cpu_ns
            raise Failure("the sandbox's CPU time could not be read", dead=True, kind="internal") from None

    def settled_cpu_ns(self, timeout: float) -> int:
        """CPU time once the harness is idle again (waiting for a command): a reply does not end
        the work, so what the process computes after saying it is done is counted too."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{self.pid}/stat", "rb") as f:
                    state = f.read().rpartition(b")")[2].split()[0]
            except (OSError, IndexError, TypeError):
                break  # no /proc, or the process is gone: the plain reading below decides
            if state != b"R":
                break
            time.sleep(0.0005)
        return self.cpu_ns()

    def _ended(self) -> Failure:
        """Why the process stopped answering, from its exit status."""
        assert self.process is not None
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._kill()
            return Failure("closed the grader's channel and stopped answering", dead=True, kind="crashed")
        if self.isolation is Isolation.BWRAP and code > 128:
            code = -(code - 128)  # bwrap reports a signal as 128 + its number
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else f"signal {-code}"
            hint = {"SIGXCPU": " (CPU time limit)", "SIGKILL": " (memory or resource limit)", "SIGSEGV": " (a crash, often memory)",
                    "SIGSYS": " (a forbidden system call)"}.get(name, "")
            return Failure(f"the process was killed by {name}{hint}", dead=True, kind="crashed")
        return Failure(f"the process ended with exit code {code} (os._exit or a crash)", dead=True, kind="crashed")

    # -- talking -----------------------------------------------------------------------------
    def request(self, header: dict, arrays: Sequence[np.ndarray] = (), *, timeout: float, timeout_message: str) -> tuple[dict, list[np.ndarray]]:
        """Send one command and read its reply; Failure on anything but a well-formed reply."""
        deadline = time.monotonic() + timeout
        try:
            self._write(wire.encode(header, arrays), deadline)
            size = wire.length(self._read(4, deadline))
            if size > wire.MAX_HEADER:
                raise ValueError("header too long")
            reply = json.loads(self._read(size, deadline))
            if not isinstance(reply, dict) or not isinstance(reply.get("arrays"), int) or not 0 <= reply["arrays"] <= MAX_ARRAYS:
                raise ValueError("malformed header")
            outputs, total = [], 0
            for _ in range(reply["arrays"]):
                size = wire.length(self._read(4, deadline))
                total += size
                if total > self.max_output:
                    raise Failure(f"returned more than {self.max_output // 2**20} MB", dead=True, kind="output")
                outputs.append(wire.decode_array(self._read(size, deadline)))
        except TimeoutError:
            self._kill()
            raise Failure(timeout_message, dead=True, kind="timeout") from None
        except (EOFError, BrokenPipeError):
            raise self._ended() from None
        except (ValueError, TypeError, UnicodeDecodeError):
            self._kill()
            raise Failure("sent the grader something it could not read (did the code write to the grader's channel?)",
                          dead=True, kind="channel") from None
        if isinstance(reply.get("cpu_ns"), int):
            self.reported_cpu_ns = reply["cpu_ns"]
        return reply, outputs

    def _write(self, data: bytes, deadline: float) -> None:
        fd = self.commands
        os.set_blocking(fd, False)
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [fd], [], left)[1]:
                raise TimeoutError
            try:
                view = view[os.write(fd, view[: 1 << 16]):]
            except BlockingIOError:
                continue

    def _read(self, n: int, deadline: float) -> bytes:
        def ready():
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self.replies], [], [], wait)[0]:
                raise TimeoutError

        return wire.read_exactly(self.replies, n, ready)


def describe_failure(reply: dict, function: str, memory_mb: int, forbid: Sequence[str] = ()) -> str:
    """The student's message for a reply that says the call failed: built here, from an exception
    type that must look like a Python name and a line number, never from the harness's text."""
    reason = reply.get("reason")
    if reason == "missing":
        return f"solution.py defines no function {function}"
    name = str(reply["type"]) if isinstance(reply.get("type"), str) and _IDENTIFIER.match(reply["type"]) else "an object"
    if reason == "not_numbers":
        return f"returned {name}, not numbers"
    line = reply.get("line")
    where = f" (solution.py line {line})" if isinstance(line, int) and not isinstance(line, bool) and 0 < line < 10**6 else ""
    known = {"MemoryError": f"ran out of memory (limit {memory_mb} MB)", "SystemExit": "called exit(); a function must return its result",
             "RecursionError": "RecursionError: recursion too deep", "KeyboardInterrupt": "raised KeyboardInterrupt",
             "ForbiddenCall": f"used something the from-scratch rules or the sandbox forbid ({', '.join(forbid) or 'ways out of Python'})",
             "RestrictedSyntax": "uses Python the sandbox does not run (a name or attribute starting with _, exec, eval, …)"}
    return known.get(name, f"{name} raised") + where
