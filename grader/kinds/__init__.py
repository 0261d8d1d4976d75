"""The registry of problem kinds: one module each, one line here to register it.

Each line names the kind's spec model and, when a student folder can check it, the module
holding its local judge (``check_locked`` and, optionally, ``check_format``). Both are imported
on first use, so a student's ``grader check`` loads the judges it needs and never pydantic.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.schema import ProblemSpec

#: kind name -> (spec model, local judge module or None)
REGISTRY: dict[str, tuple[str, str | None]] = {
    "choice": ("grader.kinds.choice:ChoiceProblem", "grader.judge.choice"),
    "numeric": ("grader.kinds.numeric:NumericProblem", "grader.judge.numeric"),
    "eigen": ("grader.kinds.eigen:EigenProblem", "grader.judge.eigen"),
    "subspace": ("grader.kinds.subspace:SubspaceProblem", None),
    "trace": ("grader.kinds.trace:TraceProblem", None),
    "code": ("grader.kinds.code:CodeProblem", "grader.kinds.code"),
}


def kind_class(name: str) -> type[ProblemSpec]:
    module, _, cls = REGISTRY[name][0].partition(":")
    return getattr(importlib.import_module(module), cls)


def local_judge(name: str) -> ModuleType | None:
    """The module that checks this kind against a student folder's locks, if any."""
    module = REGISTRY[name][1] if name in REGISTRY else None
    return importlib.import_module(module) if module else None
