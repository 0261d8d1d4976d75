"""What a handed-in notebook holds, read without running it.

Cells are tied to problems by their metadata (``{"grader": {"answer": id}}`` or
``{"grader": {"solution": id}}``), which Jupyter, JupyterLab, VS Code and Colab keep. An answer
cell assigns a value to the problem's name; the value is read from the source (numbers, lists,
strings, arithmetic, ``np.array(...)``), never executed. Only solution cells are code: scratch
cells are the student's own. The notebook's metadata names the student (a claim, like
``.grader/assignment.json``).
"""

from __future__ import annotations

import ast
import json
import keyword
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import untrusted

NOTEBOOK = "assignment.ipynb"
KEY = "grader"


def answer_name(problem_id: str) -> str:
    """The variable an answer cell assigns: the problem's id, unless that is a Python keyword."""
    return f"{problem_id}_answer" if keyword.iskeyword(problem_id) or keyword.issoftkeyword(problem_id) else problem_id


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based, counting every cell from the top, as a student counts them
    source: str
    answer: str | None = None  # the problem id this cell answers
    solution: str | None = None  # the problem id whose code this cell holds


@dataclass
class Notebook:
    name: str
    cells: list[Cell] = field(default_factory=list)
    student: str | None = None
    #: Why the notebook could not be read at all, if it could not.
    error: str | None = None


def read_notebook(path: Path) -> Notebook:
    try:
        data = json.loads(untrusted.read_text(path, untrusted.MAX_NOTEBOOK))
        raw = data.get("cells", [])
        if not isinstance(raw, list):
            raise ValueError("its cells are not a list")
    except (OSError, ValueError, AttributeError, RecursionError) as exc:
        return Notebook(path.name, error=f"{path.name} could not be read: {exc}")
    cells = []
    for number, cell in enumerate(raw, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(map(str, source)) if isinstance(source, list) else str(source)
        tag = _tag(cell)
        cells.append(Cell(number, source, _id(tag.get("answer")), _id(tag.get("solution"))))
    meta = _tag(data)
    return Notebook(path.name, cells, _id(meta.get("student")))


def _tag(holder: dict) -> dict:
    meta = holder.get("metadata")
    tag = meta.get(KEY) if isinstance(meta, dict) else None
    return tag if isinstance(tag, dict) else {}


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= 200 else None


def without_magics(source: str) -> tuple[list[str], int]:
    """The cell's lines with IPython magics and shell escapes blanked (line numbers kept)."""
    if source.lstrip().startswith("%%"):
        return [""] * (source.count("\n") + 1), source.count("\n") + 1
    lines, dropped = [], 0
    for line in source.splitlines():
        magic = line.lstrip().startswith(("%", "!"))
        dropped += magic
        lines.append("" if magic else line)
    return lines, dropped


# -- answers ---------------------------------------------------------------------------------

class NotAValue(ValueError):
    """An answer written as code the grader does not run (a call, a name)."""


_OPERATORS: dict[type, Callable[..., Any]] = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}
_CONSTANTS = {"pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan}
_FUNCTIONS: dict[str, Callable[[float], float]] = {"sqrt": math.sqrt, "exp": math.exp, "log": math.log, "log2": math.log2, "log10": math.log10}
_WRAPPERS = {"array", "asarray", "list", "tuple"}


def value_of(node: ast.AST) -> Any:
    """The value a student wrote: plain data, arithmetic on numbers, np.array(...), np.sqrt(2)."""
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, (int, float, str))):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [value_of(e) for e in node.elts]
    if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
        return {k.value: value_of(v) for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)}
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_number(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _number(node.left), _number(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise NotAValue("an exponent over 64")
        try:
            return _OPERATORS[type(node.op)](left, right)
        except ZeroDivisionError:
            raise NotAValue("a division by zero") from None
    name = _dotted(node.func) if isinstance(node, ast.Call) else _dotted(node)
    if isinstance(node, ast.Call) and name in _WRAPPERS and len(node.args) == 1 and not node.keywords:
        return value_of(node.args[0])
    if isinstance(node, ast.Call) and name in _FUNCTIONS and len(node.args) == 1 and not node.keywords:
        try:
            return _FUNCTIONS[name](_number(node.args[0]))
        except (ValueError, OverflowError):
            raise NotAValue(f"{name} of a value outside its domain") from None
    if not isinstance(node, ast.Call) and name in _CONSTANTS:
        return _CONSTANTS[name]
    raise NotAValue(ast.unparse(node)[:60])


def _number(node: ast.AST) -> float:
    value = value_of(node)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NotAValue(ast.unparse(node)[:60])
    return value


def _dotted(node: ast.AST) -> str | None:
    """``np.sqrt`` → ``sqrt``, ``math.pi`` → ``pi``: the last name of np./numpy./math. or a bare name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy", "math"):
        return node.attr
    return None


@dataclass(frozen=True)
class Answer:
    value: Any
    cell: int
    #: Why the cell's answer cannot be read (the value is then None).
    error: str | None = None


def answer_cells(notebook: Notebook) -> dict[str, Answer]:
    """Each answered problem's value, by id, from the last answer cell tied to it."""
    answers = {}
    for cell in notebook.cells:
        if cell.answer is not None:
            answers[cell.answer] = _answer(notebook.name, cell)
    return answers


def _answer(name: str, cell: Cell) -> Answer:
    target = answer_name(cell.answer or "")
    where = f"{name} cell {cell.number}"
    try:
        tree = ast.parse("\n".join(without_magics(cell.source)[0]))
    except SyntaxError as exc:
        return Answer(None, cell.number, f"{where}, line {exc.lineno}: Python cannot read this line ({exc.msg})")
    assignments = [n for n in tree.body if isinstance(n, ast.Assign) and len(n.targets) == 1
                   and isinstance(n.targets[0], ast.Name) and n.targets[0].id == target]
    if not assignments:
        return Answer(None, cell.number)
    last = assignments[-1]
    try:
        return Answer(value_of(last.value), cell.number)
    except (NotAValue, RecursionError) as exc:
        return Answer(None, cell.number, f"{where}, line {last.lineno}: the grader reads written values, not code "
                                         f"({exc}); print the result and write its numbers, e.g. {target} = [1.5, -2]")
