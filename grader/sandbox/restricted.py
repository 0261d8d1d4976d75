"""From-scratch rules enforced on what student code resolves at run time, not on its spelling.

The student's module is compiled with RestrictedPython: every attribute access, ``getattr``,
import and augmented assignment goes through the guards below, names and attributes that start
with ``_`` do not compile, and the builtins are a small safe set (no ``eval``, ``open``,
``globals``, ``vars``). A guard looks at the **object** an access resolves to: the problem's
forbidden functions (``numpy.matmul``, reached as ``getattr(np, "mat" + "mul")``,
``np.core.multiarray.matmul`` or ``type(A).dot`` alike), every callable of a forbidden module
(``numpy.linalg``), and every module outside the allowed ones (``typing.sys``,
``dataclasses.builtins``, ``np.ctypeslib``) raise ForbiddenCall. Bound into the sandbox beside the
harness; imports nothing from the grader.
"""

from __future__ import annotations

import ast
import builtins
import dis
import importlib
import operator
import sys
import types

from RestrictedPython import (
    RestrictingNodeTransformer,
    compile_restricted_exec,
    safe_builtins,
)
from RestrictedPython.Guards import (
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
)
from RestrictedPython.PrintCollector import PrintCollector

#: Modules a solution may import (the source policy's list).
ALLOWED = {"numpy", "math", "cmath", "itertools", "functools", "operator", "typing", "collections", "dataclasses", "fractions",
           "decimal", "statistics", "random", "__future__"}
#: Public modules inside allowed packages that are ways out (C calls, subprocesses, compilers).
DENIED_MODULES = ("numpy.ctypeslib", "numpy.f2py", "numpy.testing", "numpy.distutils", "numpy.lib.format")
#: Functions of allowed modules that fetch attributes or evaluate strings past the guards.
DENIED_FUNCTIONS = (operator.attrgetter, operator.methodcaller)
DENIED_ATTRIBUTES = {"ctypes", "get_type_hints", "ForwardRef"}
#: Methods of arrays that stand for a forbidden function.
METHODS = {"numpy.dot": "dot", "numpy.matmul": "__matmul__"}

IMPORT_NAME = dis.opmap["IMPORT_NAME"]

INPLACE = {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv, "//=": operator.ifloordiv,
           "%=": operator.imod, "**=": operator.ipow, "<<=": operator.ilshift, ">>=": operator.irshift, "&=": operator.iand,
           "^=": operator.ixor, "|=": operator.ior, "@=": operator.imatmul}

EXTRA_BUILTINS = ("list", "dict", "set", "frozenset", "enumerate", "map", "filter", "reversed", "min", "max", "sum", "any", "all",
                  "iter", "next", "object", "staticmethod", "classmethod", "property", "NotImplemented", "Ellipsis", "print",
                  "zip", "range", "len", "abs", "round", "float", "int", "bool", "complex", "str", "repr", "tuple", "sorted",
                  "isinstance", "issubclass", "divmod", "pow", "hash", "callable", "chr", "ord", "slice", "format", "bytes",
                  *(name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)))


class ForbiddenCall(Exception):
    """Raised by a guard: the code reached something its problem's rules (or the sandbox) forbid."""


class Policy:
    """The objects and modules one problem's ``forbid`` list rules out."""

    def __init__(self, forbid: list[str]):
        self.objects: set[int] = {id(f) for f in DENIED_FUNCTIONS}
        self.packages: list[str] = list(DENIED_MODULES)
        for name in forbid:
            if name == "@":
                self.objects |= {id(operator.matmul), id(operator.imatmul)}
                continue
            module_name, _, attr = name.rpartition(".")
            target = _resolve(name)
            if isinstance(target, types.ModuleType):
                self.packages.append(name)
                self.objects |= {id(v) for v in vars(target).values() if callable(v) and not isinstance(v, type)}
            elif target is not None:
                self.objects.add(id(target))
                method = METHODS.get(name)
                if method:
                    import numpy

                    self.objects.add(id(getattr(numpy.ndarray, method)))
            elif module_name == "" or _resolve(module_name) is None:
                self.packages.append(name)  # a package not installed here (torch, scipy): refused by name

    def check(self, value):
        if id(value) in self.objects:
            raise ForbiddenCall()
        if isinstance(value, types.ModuleType):
            self.check_module(value.__name__)
        if isinstance(value, types.BuiltinMethodType) and id(getattr(type(getattr(value, "__self__", None)), getattr(value, "__name__", ""), None)) in self.objects:
            raise ForbiddenCall()  # a bound method such as A.dot
        return value

    def check_module(self, name: str) -> None:
        parts = name.split(".")
        if parts[0] not in ALLOWED or any(p.startswith("_") for p in parts[1:]) or any(name == p or name.startswith(p + ".") for p in self.packages):
            raise ForbiddenCall()


def _resolve(name: str):
    module_name, _, attr = name.rpartition(".")
    try:
        return importlib.import_module(name)
    except ImportError:
        pass
    try:
        return getattr(importlib.import_module(module_name), attr, None) if module_name else None
    except ImportError:
        return None


def globals_for(policy: Policy, module_name: str, filename: str) -> dict:
    """The globals a restricted module runs in: guarded builtins, imports and attribute access."""

    def guarded_getattr(obj, name, *default):
        if not isinstance(name, str) or name.startswith("_") or name in DENIED_ATTRIBUTES:
            raise ForbiddenCall()
        return policy.check(getattr(obj, name, *default))

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        caller = sys._getframe(1)
        if caller.f_code.co_filename != filename or caller.f_code.co_code[caller.f_lasti] != IMPORT_NAME:
            # NumPy's C code imports its own helpers through the running frame's builtins: not the student's import
            return builtins.__import__(name, globals, locals, fromlist, level)
        if level:
            raise ForbiddenCall()
        if name != "__future__":
            policy.check_module(name)
        module = importlib.import_module(name)
        for attr in fromlist or ():
            guarded_getattr(module, attr)
        return module if fromlist else importlib.import_module(name.partition(".")[0])

    def guarded_type(obj):
        return type(obj)

    allowed = dict(safe_builtins)
    allowed.update({name: getattr(builtins, name) for name in EXTRA_BUILTINS})
    allowed.update({"__import__": guarded_import, "getattr": guarded_getattr, "type": guarded_type, "exit": builtins.exit,
                    "quit": builtins.exit, "hasattr": lambda obj, name: _has(guarded_getattr, obj, name)})
    return {"__builtins__": allowed, "__name__": module_name, "__metaclass__": type, "_getattr_": guarded_getattr,
            "_getitem_": operator.getitem, "_getiter_": iter, "_write_": lambda obj: obj, "_print_": PrintCollector,
            "_iter_unpack_sequence_": guarded_iter_unpack_sequence, "_unpack_sequence_": guarded_unpack_sequence,
            "_inplacevar_": lambda op, x, y: INPLACE[op](x, y), "_apply_": lambda f, *a, **k: f(*a, **k)}


def _has(getter, obj, name) -> bool:
    try:
        getter(obj, name)
    except AttributeError:
        return False
    return True


class NumericCode(RestrictingNodeTransformer):
    """RestrictedPython's rules, plus what array code needs: ``C[i, j] += x`` and ``self.n += 1``
    (the targets are still written through ``_write_`` and their names still checked)."""

    def visit_AugAssign(self, node: ast.AugAssign):
        if isinstance(node.target, (ast.Subscript, ast.Attribute)):
            return self.node_contents_visit(node)
        return super().visit_AugAssign(node)


class RestrictedSyntax(SyntaxError):
    """Source RestrictedPython will not compile (a name starting with _, exec, …)."""


def load(source: str, filename: str, module: types.ModuleType, forbid: list[str]) -> None:
    """Compile ``source`` restricted and run it as ``module``'s body."""
    result = compile_restricted_exec(source, filename, policy=NumericCode)
    if result.errors:
        error = RestrictedSyntax(result.errors[0])
        line = next((int(word.rstrip(":")) for e in result.errors[:1] for word in e.split()[1:2] if word.rstrip(":").isdigit()), None)
        error.lineno = line
        raise error
    module.__dict__.update(globals_for(Policy(forbid), module.__name__, filename))
    exec(result.code, module.__dict__)
