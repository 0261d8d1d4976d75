"""Whose submission it is, and when it came in, decided on the instructor's side: the submission's folder or zip name,
or Gradescope's metadata beside it, mapped through the roster. A file inside the submission
(``.grader/assignment.json``) never decides; when it names someone else, the submission is
flagged ("handed in another student's folder") and graded as the uploader's own variant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.notebook import NOTEBOOK, read_notebook
from grader.roster import Student
from grader.submission import META

#: Gradescope puts the uploader's identity beside the submission folder (outside the student's reach).
GRADESCOPE_METADATA = "submission_metadata.json"


@dataclass(frozen=True)
class Identity:
    student: str
    flags: tuple[str, ...] = ()
    #: When it was handed in (ISO 8601), and where that came from ("Gradescope", "roster", "file times").
    submitted_at: str | None = None
    time_source: str | None = None


def submission_time(found_path: Path) -> tuple[str | None, str | None]:
    """Gradescope's created_at beside the submission; else, as a last resort, the newest file time."""
    try:
        created = json.loads((found_path.parent / GRADESCOPE_METADATA).read_text(encoding="utf-8"))["created_at"]
        return datetime.fromisoformat(str(created)).isoformat(timespec="seconds"), "Gradescope"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        files = [found_path] if found_path.is_file() else [p for p in found_path.rglob("*") if p.is_file() and not p.is_symlink()]
        newest = max((p.stat().st_mtime for p in files), default=found_path.stat().st_mtime)
    except OSError:
        return None, None
    return datetime.fromtimestamp(newest, timezone.utc).isoformat(timespec="seconds"), "file times"


def gradescope_uploader(found_path: Path) -> str | None:
    """The first user's sid (or email) from Gradescope's submission_metadata.json, if present."""
    try:
        user = json.loads((found_path.parent / GRADESCOPE_METADATA).read_text(encoding="utf-8"))["users"][0]
        return str(user.get("sid") or user["email"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def folder_claims(folder: Path) -> str | None:
    """Whose variant the folder (or its notebook) says it holds: the student can edit both, so
    this is information only."""
    try:
        return str(json.loads((folder / META).read_text(encoding="utf-8"))["student"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return read_notebook(folder / NOTEBOOK).student if (folder / NOTEBOOK).is_file() else None


def identify(name: str, found_path: Path, folder: Path, roster: dict[str, Student] | None) -> Identity:
    """The student a submission belongs to, and what is odd about it."""
    uploader = gradescope_uploader(found_path) or name
    flags = []
    student = uploader
    if roster is not None:
        match = roster.get(uploader) or roster.get(uploader.lower())
        if match is None:
            flags.append(f"{uploader!r} is not on the roster")
        else:
            student = match.id
    claimed = folder_claims(folder)
    if claimed is not None and claimed != student:
        flags.append(f"handed in another student's folder (it is {claimed!r}'s); graded as {student!r}'s own variant")
    when = submission_time(found_path)
    listed = roster.get(student) if roster is not None else None
    if when[1] != "Gradescope" and listed is not None and listed.submitted_at:
        when = listed.submitted_at, "roster"
    return Identity(student, tuple(flags), *when)


def roster_index(students: list[Student]) -> dict[str, Student]:
    """Each student by id, by lower-cased id, and by each alias, email and LMS id."""
    index: dict[str, Student] = {}
    for student in students:
        for key in (student.id, *student.aliases, student.email, student.lms_id):
            if key:
                index.setdefault(key, student)
                index.setdefault(key.lower(), student)
    return index
