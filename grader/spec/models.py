"""Typed models shared by every spec: the problem base class and the assignment file."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, StringConstraints, model_validator

#: Ids of problems, assignments and named mistakes.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: Names of drawn parameters, usable in prompt templates (``A``, ``x``, ``n_in``).
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=32)]


class FieldError(Exception):
    """A semantic error found after field validation, pointing at a field by its full path.

    Deliberately not a ``ValueError``: pydantic lets it through untouched, so the loader
    can report the exact field instead of the enclosing model.
    """

    def __init__(self, loc: tuple, message: str):
        self.loc = loc
        self.message = message
        super().__init__(message)


class Strict(BaseModel):
    """Base for every spec model: unknown fields are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Problem(Strict):
    """Fields every problem kind shares; each kind subclasses this and adds its verbs.

    The verbs (see :mod:`grader.kinds`) are ``draw``, ``expected``, ``statement``,
    ``answer_hint`` and ``check``.
    """

    kind_name: ClassVar[str] = ""
    #: Whether grading this kind needs PyTorch (decides whether ``grader check`` imports it).
    needs_torch: ClassVar[bool] = False
    #: Where the student's answer lives: a value in ``answers.yaml``, or code in ``solution.py``.
    answered_in: ClassVar[str] = "answers.yaml"
    #: Whether loading the bank checks each trial variant's key (cheap kinds only).
    trial_checks: ClassVar[bool] = True

    def as_submitted(self, key: Any) -> Any:
        """The answer key as ``check`` receives it from a submission."""
        return key

    def lock(self, variant: Any, salt: str) -> dict | None:
        """What a student folder carries to check this variant locally without the answer in
        readable form (grader.judge.locks); None: not checkable locally."""
        return None

    @classmethod
    def check_locked(cls, lock: dict | None, salt: str, problem_id: str, submitted: Any) -> Any:
        """The local check against :meth:`lock`'s data; by default the answer waits for grading."""
        from grader.kinds.base import NOT_CHECKED_LOCALLY

        return NOT_CHECKED_LOCALLY

    def format_lock(self, variant: Any) -> dict | None:
        """For an assignment in ``check: format``: what a local check needs to say whether an
        answer is well-formed (a shape, a number of options), nothing about what is right."""
        return None

    @classmethod
    def check_format(cls, lock: dict | None, problem_id: str, submitted: Any) -> Any:
        """The local format check against :meth:`format_lock`'s data; never a verdict on correctness."""
        from grader.kinds.base import NOT_CHECKED_LOCALLY

        return NOT_CHECKED_LOCALLY

    id: Slug
    kind: str
    title: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    topic: str = "general"
    source: str = ""


class AssignmentItem(Strict):
    id: Slug
    points: PositiveFloat


class LatePenalty(Strict):
    """Points taken from a late submission's total: ``per_day`` of it for each started day after
    the deadline and grace, at most ``cap``; everything after ``zero_after``."""

    per_day: float = Field(ge=0, le=1)
    cap: float = Field(1.0, ge=0, le=1)
    zero_after: datetime | None = None

    def fraction(self, days_late: int, submitted: datetime) -> float:
        if self.zero_after is not None and submitted > _aware(self.zero_after):
            return 1.0
        return min(self.cap, self.per_day * days_late)


def _aware(moment: datetime) -> datetime:
    """A time with a zone (UTC when the YAML gave none)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class AssignmentSpec(Strict):
    """An assignment file: which problems, their points, and the seed of every variant."""

    id: Slug
    title: str = Field(min_length=1)
    seed: int
    instructions: str = ""
    #: Where students install the grader from (a pip requirement: a published name, a URL); by
    #: default the student folder carries the wheel of the grader that generated it. One word without quotes, $, ` or \\: it goes inside a quoted shell word of the workflow.
    install: str | None = Field(None, pattern=r"^[^\s\"'`$\\]+$")
    problems: list[AssignmentItem] = Field(min_length=1)
    #: The total the points must add up to, when the instructor states one.
    total: PositiveFloat | None = None
    #: When submissions are due (UTC unless the time says otherwise), minutes of grace after it,
    #: what lateness costs, and which submission counts when a student has several.
    deadline: datetime | None = None
    grace_minutes: int = Field(0, ge=0)
    late_penalty: LatePenalty | None = None
    counts: Literal["latest_on_time", "latest"] = "latest_on_time"
    #: How much `grader check` may tell: ``full`` (locked answers, for practice), ``format``
    #: (answers parse, shapes are right, code runs; no verdict), ``none``.
    check: Literal["full", "format", "none"] = "full"

    def lateness(self, submitted: datetime | None) -> tuple[int, float]:
        """(started days late, fraction of the total taken) for a submission time."""
        if self.deadline is None or submitted is None:
            return 0, 0.0
        over = _aware(submitted) - _aware(self.deadline) - timedelta(minutes=self.grace_minutes)
        if over <= timedelta(0):
            return 0, 0.0
        days = math.ceil(over / timedelta(days=1))
        return days, self.late_penalty.fraction(days, _aware(submitted)) if self.late_penalty else 0.0

    @model_validator(mode="after")
    def _unique_problems(self) -> "AssignmentSpec":
        seen: set[str] = set()
        for i, item in enumerate(self.problems):
            if item.id in seen:
                raise FieldError(("problems", i, "id"), f"problem {item.id!r} is listed twice")
            seen.add(item.id)
        if self.total is not None and abs(self.total_points - self.total) > 1e-9:
            raise FieldError(("total",), f"the problems' points add up to {self.total_points:g}, not {self.total:g}")
        return self

    @property
    def total_points(self) -> float:
        return sum(item.points for item in self.problems)


def plain(value: Any) -> Any:
    """Convert NumPy values to plain Python (lists, ints, floats) for YAML and JSON."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
