"""Multiple choice, single or multiple answers, options shuffled per student.

Partial credit for multiple answers (the README documents it): each correct option picked
earns ``1/k`` of the points (``k`` correct options), each wrong option picked takes ``1/k``
away, and the score never drops below zero.
"""

from __future__ import annotations

import string
from typing import Any, Callable, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from grader.judge.locks import seal, sealed_length, unseal
from grader.kinds.base import NOT_ANSWERED, WELL_FORMED, Outcome, Variant
from grader.spec.models import FieldError, Problem, Strict

LABELS = string.ascii_lowercase


class Option(Strict):
    text: str = Field(min_length=1)
    correct: bool = False
    #: Shown when a student picks this option although it is wrong: names the misconception.
    feedback: str = ""
    #: Keep this option at its place when shuffling (e.g. "None of the above" stays last).
    pinned: bool = False


class ChoiceProblem(Problem):
    kind_name: ClassVar[str] = "choice"

    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2, max_length=len(LABELS))
    multiple: bool = False
    shuffle: bool = True

    @model_validator(mode="after")
    def _answer_key_is_consistent(self) -> "ChoiceProblem":
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

    @classmethod
    def check_format(cls, lock: dict, problem_id: str, submitted: Any) -> Outcome:
        valid = LABELS[: lock["n_options"]]
        picks = _letters(submitted)
        if not picks:
            return NOT_ANSWERED
        if any(p not in valid for p in picks):
            return Outcome.wrong(f"answer with the letters {', '.join(valid)}", "format")
        if not lock["multiple"] and len(picks) != 1:
            return Outcome.wrong("pick one letter", "format")
        return Outcome(0.0, WELL_FORMED.format(", ".join(picks)), checked=False)

    @classmethod
    def check_locked(cls, lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
        def option(label: str) -> Option:
            return Option(text=label, **unseal(salt, f"{problem_id}/{label}", lock["options"][label]))

        return score_picks(submitted, len(lock["options"]), lock["multiple"], lock["n_correct"], option)


def score_picks(submitted: Any, n_options: int, multiple: bool, n_correct: int, option_of: Callable[[str], Option]) -> Outcome:
    """Score the letters picked; ``option_of`` opens one option (the spec's, or a locked one)."""
    valid = LABELS[:n_options]
    picks = _letters(submitted)
    if not picks:
        return Outcome.wrong("not answered")
    unknown = [p for p in picks if p not in valid]
    if unknown:
        return Outcome.wrong(f"no option {', '.join(map(repr, unknown))}: choose from {valid[0]}–{valid[-1]}", "format")
    if not multiple and len(picks) > 1:
        return Outcome.wrong(f"pick exactly one option, got {len(picks)}", "format")
    chosen = [(p, option_of(p)) for p in picks]
    wrong_picks = [(p, o) for p, o in chosen if not o.correct]
    hits = len(picks) - len(wrong_picks)
    fraction = max(0.0, (hits - len(wrong_picks)) / n_correct)
    if fraction == 1.0:
        return Outcome.right()
    notes = [f"({p}) is not right" + (f": {o.feedback}" if o.feedback else "") for p, o in wrong_picks]
    if multiple and hits < n_correct:
        missing = n_correct - hits
        notes.append(f"{missing} correct option{'s' if missing > 1 else ''} not selected")
    return Outcome(fraction, "; ".join(notes))


def _letters(submitted: Any) -> list[str]:
    """Accept ``b``, ``B``, ``(b)``, ``[a, c]`` and ``"a, c"``; return unique lowercase labels in order."""
    items = submitted if isinstance(submitted, list) else str(submitted).replace(";", ",").split(",")
    out: list[str] = []
    for item in items:
        label = str(item).strip().strip("()").strip().lower()
        if label and label not in out:
            out.append(label)
    return out
