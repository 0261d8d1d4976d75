"""Class rosters: a CSV with an ``id`` column; ``name``, ``email``, ``lms_id``, ``aliases`` (other
names a student submits under, separated by ``;``) and ``submitted_at`` (when the LMS recorded the
hand-in, ISO 8601) are optional."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from grader.errors import SpecError, SpecProblem

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
ID_COLUMNS = ("id", "student_id")


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    line: int
    email: str = ""
    lms_id: str = ""
    aliases: tuple[str, ...] = ()
    submitted_at: str = ""


def read_roster(path: Path) -> list[Student]:
    """Every student, in file order; every bad row is reported as ``file:line: field: why``."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SpecError([SpecProblem(where, 1, "", f"cannot read the roster: {exc}")]) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise SpecError([SpecProblem(where, 1, "", "the roster is empty")])
    header = [h.strip().lower() for h in rows[0]]
    column = next((header.index(c) for c in ID_COLUMNS if c in header), None)
    if column is None:
        raise SpecError([SpecProblem(where, 1, "id", f"no id column (the header needs one of: {', '.join(ID_COLUMNS)})")])
    columns = {key: header.index(key) for key in ("name", "email", "lms_id", "aliases", "submitted_at") if key in header}

    def cell(row: list[str], key: str) -> str:
        return row[columns[key]].strip() if key in columns and columns[key] < len(row) else ""

    errors: list[SpecProblem] = []
    students: list[Student] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student_id = row[column].strip() if column < len(row) else ""
        if not student_id:
            errors.append(SpecProblem(where, line, "id", "empty id"))
        elif not ID.match(student_id):
            errors.append(SpecProblem(where, line, "id", f"{student_id!r} has characters other than letters, digits, '.', '_' and '-' (or is too long)"))
        elif student_id in first_line:
            errors.append(SpecProblem(where, line, "id", f"duplicate id {student_id!r} (first on line {first_line[student_id]})"))
        else:
            first_line[student_id] = line
            aliases = tuple(a.strip() for a in cell(row, "aliases").split(";") if a.strip())
            submitted = cell(row, "submitted_at")
            try:
                submitted = datetime.fromisoformat(submitted).isoformat(timespec="seconds") if submitted else ""
            except ValueError:
                errors.append(SpecProblem(where, line, "submitted_at", f"{submitted!r} is not a time (ISO 8601, e.g. 2026-12-08T23:59:00+01:00)"))
                continue
            students.append(Student(student_id, cell(row, "name"), line, cell(row, "email"), cell(row, "lms_id"), aliases, submitted))
    if errors:
        raise SpecError(errors)
    if not students:
        raise SpecError([SpecProblem(where, 2, "id", "the roster lists no students")])
    return students
