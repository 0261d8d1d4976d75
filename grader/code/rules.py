"""Rules read from the source (AST), before any student code runs.

The **policy** applies to every solution module: imports only from an allow-list, no
``eval``/``exec``/``open``/``__import__``, no dunder attributes (the usual ways out of a
sandbox). The **from-scratch rules** are per problem (spec data, e.g. ``numpy.matmul``, ``@``,
``torch``): they apply to the problem's function and the module-level helpers it calls.
"""

from __future__ import annotations

import ast

ALLOWED_IMPORTS = {"numpy", "math", "cmath", "itertools", "functools", "operator", "typing", "collections",
                   "dataclasses", "fractions", "decimal", "statistics", "random", "__future__", "torch", "scipy"}
FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "open", "__import__", "globals", "vars", "breakpoint", "input", "memoryview"}


def parse(source: str) -> tuple[ast.Module | None, str | None]:
    try:
        return ast.parse(source), None
    except SyntaxError as exc:
        return None, f"SyntaxError: {exc.msg} (line {exc.lineno})"


def policy_problems(tree: ast.Module) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else ["(relative import)"]
        else:
            names = []
        for name in names:
            if name.split(".")[0] not in ALLOWED_IMPORTS:
                problems.append(f"line {getattr(node, 'lineno', 0)}: importing {name} is not allowed (allowed: {', '.join(sorted(ALLOWED_IMPORTS - {'__future__'}))})")
        if isinstance(node, ast.Name) and node.id in FORBIDDEN_BUILTINS:
            problems.append(f"line {node.lineno}: {node.id}() is not allowed in a solution")
        if isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr.endswith("__"):
            problems.append(f"line {node.lineno}: the attribute {node.attr} is not allowed in a solution")
    return problems


def function_node(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    return next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None)


def is_stub(function: ast.FunctionDef) -> bool:
    """A body of only a docstring and ``raise NotImplementedError``: not attempted yet."""
    body = [n for n in function.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return len(body) == 1 and isinstance(body[0], ast.Raise) and "NotImplementedError" in ast.unparse(body[0])


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local names of imported modules and functions: ``np`` → ``numpy``, ``d`` → ``numpy.dot``."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and node.id in aliases:
        return ".".join([aliases[node.id], *reversed(parts)])
    return None


def _reachable(tree: ast.Module, name: str) -> list[ast.FunctionDef]:
    """The function and the module-level functions it calls, transitively."""
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    seen, todo = [], [name]
    while todo:
        current = defs.get(todo.pop())
        if current is None or current in seen:
            continue
        seen.append(current)
        todo += [n.func.id for n in ast.walk(current) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    return seen


def from_scratch_problems(tree: ast.Module, function: str, forbid: list[str]) -> list[str]:
    """Uses of forbidden calls in ``function`` and the helpers it calls, with their lines."""
    if not forbid:
        return []
    aliases = _aliases(tree)
    method_names = {f.rpartition(".")[2] for f in forbid if f.startswith("numpy.")}
    problems = []
    for fn in _reachable(tree, function):
        for node in ast.walk(fn):
            if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult) and "@" in forbid:
                problems.append(f"line {node.lineno}: the @ operator is not allowed in {function} (from-scratch rule)")
            elif isinstance(node, (ast.Attribute, ast.Name)):
                name = _dotted(node, aliases) if isinstance(node, ast.Attribute) else aliases.get(node.id)
                hit = name and next((f for f in forbid if name == f or name.startswith(f + ".")), None)
                if hit:
                    problems.append(f"line {node.lineno}: {name} is not allowed in {function} (from-scratch rule)")
                elif isinstance(node, ast.Attribute) and name is None and node.attr in method_names:
                    problems.append(f"line {node.lineno}: .{node.attr}() is not allowed in {function} (from-scratch rule)")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [f"{node.module}.{a.name}" for a in node.names]
                for imported in names:
                    hit = next((f for f in forbid if imported == f or imported.startswith(f + ".")), None)
                    if hit:
                        problems.append(f"line {node.lineno}: importing {imported} is not allowed in {function} (from-scratch rule)")
    return sorted(set(problems), key=lambda p: int(p.split(":")[0].split()[1]))
