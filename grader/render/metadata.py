"""The locked metadata a student folder carries (``.grader/assignment.json``): each problem's
locks for this student's variant, never the answers. Read back by :func:`grader.submission.read_metadata`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from grader import __version__
from grader.spec.bank import Assignment
from grader.submission import METADATA_FORMAT


def folder_salt(assignment: Assignment, student: str) -> str:
    return hashlib.sha256(f"{assignment.spec.id}\x00{assignment.spec.seed}\x00{student}".encode()).hexdigest()[:16]


def write_metadata(assignment: Assignment, student: str, variants: dict[str, Any]) -> str:
    """The JSON a student folder carries: each problem's locked answer data, never the answers.

    ``variants`` are the student's variants by problem id, as the caller already drew them."""
    salt = folder_salt(assignment, student)
    mode = assignment.spec.check
    locks = {"full": lambda p: p.lock(variants[p.id], salt), "format": lambda p: p.format_lock(variants[p.id]), "none": lambda p: None}[mode]
    problems = [{"id": p.id, "kind": p.kind, "title": p.title, "function": getattr(p, "function", None), "lock": locks(p)}
                for p, _ in assignment.items]
    spec = assignment.spec.model_dump(mode="json", include={"id", "title", "problems"})
    data = {"format": METADATA_FORMAT, "grader_version": __version__, "student": student, "salt": salt, "check": mode,
            "assignment": spec, "problems": problems}
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


