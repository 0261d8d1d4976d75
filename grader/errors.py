"""The errors the command line reports as bad input (exit 2): spec errors, which carry a place in
a file (``file:line: field: what is wrong``), and the others a command cannot go on after."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecProblem:
    """One thing wrong with one spec file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field or '(file)'}: {self.message}"


class SpecError(Exception):
    """Raised with every problem found, so an instructor fixes them all in one pass."""

    def __init__(self, problems: list[SpecProblem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        super().__init__("\n".join(map(str, self.problems)))


class BadInput(Exception):
    """Input a command cannot go on with (a damaged gradebook, no isolation where one is needed)."""
