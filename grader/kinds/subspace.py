"""A basis of a subspace (null space, column space, eigenspace, ...): any basis of it is right."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, PositiveFloat, model_validator

from grader.core import Outcome, Variant
from grader.draw.formula import Formula
from grader.judge.numbers import AnswerFormatError, to_array
from grader.judge.spans import span_problem
from grader.kinds.drawn import DrawnProblem
from grader.kinds.numeric import Mistake, tidy


class SubspaceProblem(DrawnProblem):
    kind_name: ClassVar[str] = "subspace"

    kind: Literal["subspace"]
    #: A reference function returning one basis of the space, as rows.
    basis: Formula
    #: How feedback names the space, e.g. "null space of A".
    space: str = "space"
    #: Largest distance of a normalised vector from the space that still counts as inside it.
    rtol: PositiveFloat = 1e-3
    #: Other spaces students give by mistake; matched when the answer is a basis of one of them.
    mistakes: list[Mistake] = Field(default_factory=list)

    @model_validator(mode="after")
    def _formulas_resolve(self) -> SubspaceProblem:
        self.verify_formulas("basis", self.basis, self.mistakes)
        return self

    def expected(self, variant: Variant) -> Any:
        return tidy(self.basis.evaluate(variant.values))

    def answer_hint(self, variant: Variant) -> str:
        n = self.basis.evaluate(variant.values).shape[1]
        example = [[1] + [0] * (n - 1), [0, 1] + [0] * (n - 2)] if n > 1 else [[1]]
        return f"a list of basis vectors with {n} entries each, e.g. {example} (any basis of the space is right)"

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        basis = self.basis.evaluate(variant.values)
        try:
            vectors = to_array(submitted)
        except AnswerFormatError as exc:
            return Outcome.wrong(str(exc), "format")
        if vectors.ndim == 1:
            vectors = vectors.reshape(1, -1)
        if vectors.ndim != 2 or vectors.shape[1] != basis.shape[1]:
            return Outcome.wrong(f"give a list of vectors with {basis.shape[1]} entries each", "shape")
        why = span_problem(vectors, basis, self.rtol, self.space)
        if why is None:
            return Outcome.right()
        for mistake in self.mistakes:
            other = mistake.try_evaluate(variant.values)
            if other is not None and other.ndim == 2 and other.shape[1] == vectors.shape[1] and span_problem(vectors, other, self.rtol, "") is None:
                return Outcome.wrong(mistake.message, mistake.name)
        return Outcome.wrong(why)
