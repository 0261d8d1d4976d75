"""The code a submission hands in: ``solution.py``, or the solution cells of ``assignment.ipynb``.

A notebook's solution cells (tagged in their metadata), in order, become the module; scratch
cells never do. IPython magics (``%``, ``%%``) and shell escapes (``!``) are dropped, with a note.
Messages about a line of the module are told in the notebook's terms: "cell 7, line 3".
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from grader import untrusted
from grader.code.rules import is_stub, parse
from grader.notebook import Notebook, without_magics

SOLUTION = "solution.py"
_LINE = re.compile(r"\b(?:solution\.py )?line (\d+)")


@dataclass(frozen=True)
class CodeSource:
    text: str
    origin: str
    notes: list[str] = field(default_factory=list)
    #: For a notebook: (first module line, cell number, lines) of each solution cell, in order.
    cells: tuple[tuple[int, int, int], ...] = ()

    def where(self, line: int) -> str:
        """A line of the module, as the student finds it: in solution.py, or a notebook cell."""
        for first, number, count in self.cells:
            if first <= line < first + count:
                return f"{self.origin} cell {number}, line {line - first + 1}"
        return f"{self.origin} line {line}"

    def locate(self, message: str) -> str:
        """``message`` with every "line N" of the module pointing at the student's own file or cell."""
        return _LINE.sub(lambda m: self.where(int(m.group(1))), message)


def notebook_source(notebook: Notebook) -> CodeSource:
    """The module made of the notebook's solution cells."""
    if notebook.error:
        return CodeSource("", notebook.name, [notebook.error])
    lines: list[str] = []
    cells, dropped = [], 0
    for cell in notebook.cells:
        if cell.solution is None:
            continue
        cell_lines, magics = without_magics(cell.source)
        dropped += magics
        cells.append((len(lines) + 1, cell.number, len(cell_lines)))
        lines += [*cell_lines, ""]
    notes = [f"{dropped} magic or shell line{'s' if dropped > 1 else ''} dropped from {notebook.name}"] if dropped else []
    if not cells:
        notes.append(f"{notebook.name} has no solution cells (code cells whose metadata names a problem, as in the notebook you were given)")
    return CodeSource("\n".join(lines), notebook.name, notes, tuple(cells))


def attempted(source: str, functions: list[str]) -> bool:
    """Whether the source holds more than imports, docstrings and stubs of ``functions``."""
    tree, _ = parse(source)
    if tree is None:
        return True  # a syntax error is an attempt; it will be reported

    def untouched(node) -> bool:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return True
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return True
        return isinstance(node, ast.FunctionDef) and node.name in functions and is_stub(node)

    return not all(untouched(node) for node in tree.body)


def read_code(directory: Path, functions: list[str], notebook: Notebook | None) -> CodeSource | None:
    """``solution.py``, unless it holds only stubs (or is missing) and the notebook holds more."""
    try:
        from_module = CodeSource(untrusted.read_text(directory / SOLUTION), SOLUTION)
    except FileNotFoundError:
        from_module = None
    except untrusted.UntrustedFileError as exc:
        from_module = CodeSource("", SOLUTION, [str(exc)])
    if from_module is not None and (attempted(from_module.text, functions) or notebook is None):
        return from_module
    if notebook is not None:
        from_notebook = notebook_source(notebook)
        if attempted(from_notebook.text, functions) or from_module is None:
            return from_notebook
    return from_module

