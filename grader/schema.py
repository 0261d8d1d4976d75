"""The pydantic base of every spec: strict models, the id and name types, field errors, and
the fields every problem kind shares."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from grader.core import Problem

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



class ProblemSpec(Strict, Problem):
    """The fields every problem kind shares; a kind subclasses this and implements the verbs of
    :class:`grader.core.Problem`."""

    id: Slug
    kind: str
    title: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    topic: str = "general"
    source: str = ""

    def pinned(self, pin: dict[str, Any]) -> ProblemSpec:
        """This problem with parameters fixed to ``pin``'s values; a kind without parameters has none to pin."""
        if pin:
            raise FieldError(("pin", next(iter(pin))), f"{self.id} ({self.kind}) has no parameters to pin")
        return self
