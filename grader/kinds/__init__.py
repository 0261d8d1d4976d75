"""The registry of problem kinds: one module each, one line here to register it.

A kind is a :class:`grader.spec.models.Problem` subclass with the verbs ``draw(rng)``,
``expected(variant)``, ``statement(variant)``, ``answer_hint(variant)`` and
``check(variant, submitted) -> Outcome``.
"""

from __future__ import annotations

from grader.kinds.choice import ChoiceProblem
from grader.kinds.code import CodeProblem
from grader.kinds.eigen import EigenProblem
from grader.kinds.numeric import NumericProblem
from grader.kinds.subspace import SubspaceProblem
from grader.kinds.trace import TraceProblem
from grader.spec.models import Problem

KINDS: dict[str, type[Problem]] = {
    cls.kind_name: cls for cls in (ChoiceProblem, NumericProblem, EigenProblem, SubspaceProblem, TraceProblem, CodeProblem)
}
