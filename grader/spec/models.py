"""The assignment file's typed model: which problems, their points, deadlines and checks."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from pydantic import Field, PositiveFloat, model_validator

from grader.schema import FieldError, Slug, Strict


class AssignmentItem(Strict):
    id: Slug
    points: PositiveFloat
    #: Parameters fixed to given values (a worked example of the notes), the same for every student.
    pin: dict[str, Any] = Field(default_factory=dict)


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
    def _unique_problems(self) -> AssignmentSpec:
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
