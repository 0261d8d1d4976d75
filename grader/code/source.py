"""The code a submission hands in: ``solution.py``, or the code cells of ``assignment.ipynb``.

A notebook is graded exactly like the module: its code cells, in order, become the module;
IPython magics (``%``, ``%%``) and shell escapes (``!``) are dropped, with a note.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

from grader import untrusted
from grader.code.rules import is_stub, parse

SOLUTION = "solution.py"
NOTEBOOK = "assignment.ipynb"


@dataclass(frozen=True)
class CodeSource:
    text: str
    origin: str
    notes: list[str] = field(default_factory=list)


def notebook_source(path: Path) -> CodeSource:
    try:
        cells = json.loads(untrusted.read_text(path, untrusted.MAX_NOTEBOOK)).get("cells", [])
        if not isinstance(cells, list):
            raise ValueError("its cells are not a list")
    except (OSError, ValueError, AttributeError, RecursionError) as exc:
        return CodeSource("", path.name, [f"{path.name} could not be read: {exc}"])
    lines, dropped = [], 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(map(str, source)) if isinstance(source, list) else str(source)
        if source.lstrip().startswith("%%"):
            dropped += source.count("\n") + 1
            continue
        for line in source.splitlines():
            if line.lstrip().startswith(("%", "!")):
                dropped += 1
                lines.append("")  # keep line numbers close to the cell's
            else:
                lines.append(line)
        lines.append("")
    notes = [f"{dropped} magic or shell line{'s' if dropped > 1 else ''} dropped from {path.name}"] if dropped else []
    return CodeSource("\n".join(lines), path.name, notes)


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


def read_code(directory: Path, functions: list[str]) -> CodeSource | None:
    """``solution.py``, unless it holds only stubs (or is missing) and the notebook holds more."""
    module = directory / SOLUTION
    notebook = directory / NOTEBOOK
    try:
        from_module = CodeSource(untrusted.read_text(module), SOLUTION)
    except FileNotFoundError:
        from_module = None
    except untrusted.UntrustedFileError as exc:
        from_module = CodeSource("", SOLUTION, [str(exc)])
    if from_module is not None and (attempted(from_module.text, functions) or not notebook.is_file()):
        return from_module
    if notebook.is_file() or directory.suffix == ".ipynb":
        from_notebook = notebook_source(notebook if notebook.is_file() else directory)
        if attempted(from_notebook.text, functions) or from_module is None:
            return from_notebook
    return from_module
