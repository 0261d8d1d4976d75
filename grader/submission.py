"""What a student folder holds: the answers file and the metadata that rebuilds its variants.

Reading is forgiving: a YAML error in one answer costs that answer only, because the file is
re-read block by block (one top-level key a block) when it does not parse whole.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.code.source import SOLUTION, CodeSource, read_code
from grader.spec.bank import Assignment, assignment_from_data, problem_from_data
from grader.spec.yamlfile import LocatedYaml

ANSWERS = "answers.yaml"
META_DIR = ".grader"
META = f"{META_DIR}/assignment.json"

_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")


@dataclass
class Submission:
    directory: Path
    student: str
    answers: dict[str, Any] = field(default_factory=dict)
    #: problem id -> why its answer could not be read; "*" for the whole file.
    unreadable: dict[str, str] = field(default_factory=dict)
    #: The code handed in (solution.py or the notebook's code cells), for code problems.
    code: CodeSource | None = None


def read_answers(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers by problem id, and the reason for each answer that could not be read."""
    if not path.is_file():
        return {}, {"*": f"{path.name} is missing"}
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return _read_blocks(text, path.name)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        return {}, {"*": f"{path.name} should map problem ids to answers"}
    return {str(k): v for k, v in data.items()}, {}


def _read_blocks(text: str, name: str) -> tuple[dict[str, Any], dict[str, str]]:
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    blocks: list[tuple[str, int, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TOP_KEY.match(line)
        if match:
            blocks.append((match.group(1), number, [line]))
        elif blocks:
            blocks[-1][2].append(line)
    for key, number, lines in blocks:
        try:
            data = yaml.safe_load("\n".join(lines))
            answers[key] = data[key]
        except (yaml.YAMLError, TypeError, KeyError) as exc:
            problem = getattr(exc, "problem", None) or "could not be read"
            errors[key] = f"{name} line {number}: invalid YAML ({problem})"
    return answers, errors


def read_submission(directory: Path, student: str, assignment: Assignment) -> Submission:
    answers, unreadable = read_answers(directory / ANSWERS)
    functions = [p.function for p, _ in assignment.items if p.answered_in == SOLUTION]
    code = read_code(directory, functions) if functions else None
    return Submission(directory, student, answers, unreadable, code)


def write_metadata(assignment: Assignment, student: str) -> str:
    """The JSON a student folder carries so that ``grader check`` can rebuild its variants."""
    from grader import __version__

    data = {
        "grader_version": __version__,
        "student": student,
        "assignment": assignment.spec.model_dump(mode="json", exclude_defaults=True),
        "problems": [p.model_dump(mode="json", exclude_defaults=True) | {"kind": p.kind} for p, _ in assignment.items],
    }
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def read_metadata(directory: Path) -> tuple[Assignment, str]:
    """Rebuild the assignment a student folder was generated from, and whose variant it is."""
    path = directory / META
    if not path.is_file():
        raise FileNotFoundError(f"{directory} is not an assignment folder: {META} is missing")
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = LocatedYaml(path, None)
    problems = {p["id"]: problem_from_data(p, doc) for p in data["problems"]}
    spec = assignment_from_data(data["assignment"], doc)
    return Assignment(spec, tuple((problems[i.id], i.points) for i in spec.problems)), data["student"]


def submission_student(directory: Path) -> str:
    """Whose variant a handed-in folder is: its metadata says so, else the folder's name."""
    try:
        return str(json.loads((directory / META).read_text(encoding="utf-8"))["student"])
    except (OSError, ValueError, KeyError, TypeError):
        return directory.name
