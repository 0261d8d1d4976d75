"""Multiple choice, single or multiple answers, options shuffled per student; judged by
:mod:`grader.judge.choice` (partial credit for multiple answers is described there)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from grader.core import Outcome, Variant
from grader.judge.choice import LABELS, score_picks
from grader.judge.locks import seal, sealed_length
from grader.schema import FieldError, ProblemSpec, Strict


class Option(Strict):
    text: str = Field(min_length=1)
    correct: bool = False
    #: Shown when a student picks this option although it is wrong: names the misconception.
    feedback: str = ""
    #: Keep this option at its place when shuffling (e.g. "None of the above" stays last).
    pinned: bool = False


class ChoiceProblem(ProblemSpec):
    kind_name: ClassVar[str] = "choice"

    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2, max_length=len(LABELS))
    multiple: bool = False
    shuffle: bool = True

    @model_validator(mode="after")
    def _answer_key_is_consistent(self) -> ChoiceProblem:
        n_correct = sum(o.correct for o in self.options)
        if n_correct == 0:
            raise FieldError(("options",), "no option is marked 'correct: true'")
        if not self.multiple and n_correct > 1:
            raise FieldError(("options",), f"{n_correct} options are correct; set 'multiple: true' or mark one")
        seen: dict[str, int] = {}
        for i, option in enumerate(self.options):
            if option.text in seen:
                raise FieldError(("options", i, "text"), f"same text as option {seen[option.text] + 1}")
            seen[option.text] = i
        return self

    # -- verbs -----------------------------------------------------------------------------
    def draw(self, rng: np.random.Generator) -> Variant:
        order = list(range(len(self.options)))
        if self.shuffle:
            movable = [i for i, o in enumerate(self.options) if not o.pinned]
            shuffled = [movable[j] for j in rng.permutation(len(movable))]
            slots = iter(shuffled)
            order = [i if self.options[i].pinned else next(slots) for i in order]
        return Variant(self.id, {"order": order})

    def shown(self, variant: Variant) -> list[Option]:
        """The options in the order this student sees them (labelled a, b, c, ...)."""
        return [self.options[i] for i in variant.values["order"]]

    def expected(self, variant: Variant) -> Any:
        labels = [LABELS[i] for i, o in enumerate(self.shown(variant)) if o.correct]
        return labels if self.multiple else labels[0]

    def statement(self, variant: Variant) -> str:
        lines = [self.prompt.strip(), ""]
        lines += [f"- **({LABELS[i]})** {o.text}" for i, o in enumerate(self.shown(variant))]
        return "\n".join(lines)

    def answer_hint(self, variant: Variant) -> str:
        if self.multiple:
            return "every correct letter, as a list, e.g. [a, c]"
        return "one letter, e.g. b"

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        shown = self.shown(variant)
        return score_picks(submitted, len(shown), self.multiple, sum(o.correct for o in shown), lambda label: shown[LABELS.index(label)])

    def lock(self, variant: Variant, salt: str) -> dict:
        shown = self.shown(variant)
        payloads = [{"correct": o.correct, "feedback": o.feedback} for o in shown]
        length = sealed_length(payloads)  # every token as long as the longest: none stands out
        options = {LABELS[i]: seal(salt, f"{self.id}/{LABELS[i]}", payload, length) for i, payload in enumerate(payloads)}
        return {"multiple": self.multiple, "n_correct": sum(o.correct for o in shown), "options": options}

    def format_lock(self, variant: Variant) -> dict:
        return {"multiple": self.multiple, "n_options": len(self.shown(variant))}
