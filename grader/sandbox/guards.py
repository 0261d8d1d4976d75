"""Run-time guards installed in the sandbox child before student code is imported.

They are defence in depth: the source policy (grader.code.rules) already rejects the imports
and names that reach these functions. Every violation is recorded, even if the student code
catches the exception.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.abc
import os
import sys

VIOLATIONS: list[str] = []


class SandboxViolation(Exception):
    pass


def _blocked(what: str, why: str):
    message = f"{what} is not allowed: {why}"

    def guard(*args, **kwargs):
        VIOLATIONS.append(message)
        raise SandboxViolation(message)

    return guard


PROCESS_FUNCTIONS = ("fork", "forkpty", "system", "popen", "execv", "execve", "execl", "execle", "execlp", "execvp",
                     "execvpe", "spawnl", "spawnv", "spawnve", "posix_spawn", "posix_spawnp", "kill", "killpg", "setsid")


def block_processes() -> None:
    """No child processes, no signals to other processes, no new sessions."""
    import posix
    import subprocess

    for name in PROCESS_FUNCTIONS:
        for module in (os, posix):
            if hasattr(module, name):
                setattr(module, name, _blocked(f"os.{name}", "the sandbox runs no other processes"))
    subprocess.Popen = _blocked("subprocess", "the sandbox runs no other processes")  # type: ignore[misc]
    try:
        import _posixsubprocess

        _posixsubprocess.fork_exec = _blocked("subprocess", "the sandbox runs no other processes")
    except ImportError:
        pass


class _ImportBlocker(importlib.abc.MetaPathFinder):
    def __init__(self, packages: list[str], problem: str):
        self.packages, self.problem, self.active = packages, problem, False

    def find_spec(self, fullname, path=None, target=None):
        if self.active and any(fullname == p or fullname.startswith(p + ".") for p in self.packages):
            message = f"importing {fullname} is not allowed: from-scratch rule of {self.problem}"
            VIOLATIONS.append(message)
            raise ImportError(message)
        return None


def forbid(names: list[str], problem: str) -> _ImportBlocker:
    """Replace forbidden functions (``numpy.matmul``) with guards; block forbidden packages
    (``torch``, ``scipy.signal``) while the student's function runs (``blocker.active``)."""
    packages = []
    for name in names:
        if name == "@":
            continue  # an operator: only the source check can see it
        module_name, _, attr = name.rpartition(".")
        module = _loaded(module_name) if module_name else None
        if module is not None and attr and callable(getattr(module, attr, None)) and not _is_module(getattr(module, attr)):
            setattr(module, attr, _blocked(name, f"from-scratch rule of {problem}"))
        else:
            packages.append(name)
    blocker = _ImportBlocker(packages, problem)
    sys.meta_path.insert(0, blocker)
    return blocker


def _loaded(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _is_module(obj) -> bool:
    return type(obj).__name__ == "module"


def quiet_builtins() -> None:
    """exit() and quit() raise SystemExit like sys.exit; keep them, the child catches it."""
    builtins.input = _blocked("input()", "there is no keyboard in the sandbox")
