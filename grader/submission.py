"""What a student folder holds: the answers file, the code, and the locked answers it is checked against.

Reading is forgiving: a YAML error in one answer costs that answer only, because the file is
re-read block by block (one top-level key a block) when it does not parse whole.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader import untrusted
from grader.code.source import CodeSource, read_code
from grader.core import NOT_CHECKED_LOCALLY, GradedAssignment, Handed, Outcome, blank, code_answer, value_answer
from grader.kinds import local_judge
from grader.notebook import NOTEBOOK, Notebook, answer_cells, read_notebook

ANSWERS = "answers.yaml"
META_DIR = ".grader"
META = f"{META_DIR}/assignment.json"
#: Version of the student folder's metadata: 2 holds locked answers, not problem specs.
METADATA_FORMAT = 2

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


def read_answers(path: Path, problem_ids: Sequence[str] = ()) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers by problem id, and the reason for each answer that could not be read: also a
    key written twice (both lines named), and an unknown key close to a problem that has no
    answer ("did you mean")."""
    try:
        text = untrusted.read_text(path)
    except FileNotFoundError:
        return {}, {"*": f"{path.name} is missing"}
    except untrusted.UntrustedFileError as exc:
        return {}, {"*": str(exc)}
    try:
        data = untrusted.load_yaml(text, path.name)
    except untrusted.UntrustedFileError as exc:
        return {}, {"*": str(exc)}
    except yaml.YAMLError:
        return _read_blocks(text, path.name)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        return {}, {"*": f"{path.name} should map problem ids to answers"}
    answers = {str(k): v for k, v in data.items()}
    keys = _top_keys(text)
    unreadable = {key: f"{path.name} lines {' and '.join(map(str, lines))} both answer {key}: keep one"
                  for key, lines in keys.items() if len(lines) > 1}
    for key in set(answers) - set(problem_ids) if problem_ids else ():
        meant = difflib.get_close_matches(key, [p for p in problem_ids if answers.get(p) in (None, "", [])], n=1, cutoff=0.7)
        if meant:
            line = keys.get(key, [None])[0]
            unreadable[meant[0]] = f"not answered: {path.name}{f' line {line}' if line else ''} has {key!r}; did you mean {meant[0]!r}?"
    return answers, unreadable


def _top_keys(text: str) -> dict[str, list[int]]:
    """The lines where each top-level key of a block-style YAML file starts."""
    keys: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TOP_KEY.match(line)
        if match:
            keys.setdefault(match.group(1), []).append(number)
    return keys


def _read_blocks(text: str, name: str) -> tuple[dict[str, Any], dict[str, str]]:
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    blocks: list[tuple[str, int, list[str]]] = []
    for number, text_line in enumerate(text.splitlines(), start=1):
        match = _TOP_KEY.match(text_line)
        if match:
            blocks.append((match.group(1), number, [text_line]))
        elif blocks:
            blocks[-1][2].append(text_line)
    for key, number, lines in blocks:
        try:
            data = untrusted.load_yaml("\n".join(lines), name)
            answers[key] = data[key]
        except untrusted.UntrustedFileError as exc:
            errors[key] = str(exc)
        except (yaml.YAMLError, TypeError, KeyError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = number + int(mark.line) if mark is not None else number
            errors[key] = f"{name} line {min(line, number + len(lines) - 1)}: invalid YAML: {plain_words(getattr(exc, 'problem', None))}"
    return answers, errors


#: PyYAML's complaints, said the way a student can act on them (first match wins).
YAML_HINTS = (("expected ',' or ']'", "a list is not closed: check its brackets [ ]"),
              ("expected ',' or '}'", "a mapping is not closed: check its braces { }"),
              ("could not find expected ':'", "a line needs 'id: answer' (is a colon missing?)"),
              ("mapping values are not allowed", "a colon where a value belongs: put text with ': ' in quotes"),
              ("found character '\\t'", "a tab: indent with spaces"),
              ("found unexpected end of stream", "a quote is not closed"),
              ("expected <block end>", "the indentation does not line up"),
              ("found undefined alias", "a * starts an alias: put the value in quotes"))


def plain_words(problem: str | None) -> str:
    for jargon, words in YAML_HINTS:
        if problem and jargon in problem:
            return words
    return "this line cannot be read (check brackets, colons and indentation)"


def read_submission(directory: Path, student: str, assignment: GradedAssignment) -> Submission:
    """Answers from answers.yaml and the notebook's answer cells; code from solution.py or the
    notebook's solution cells."""
    ids = [p.id for p, _ in assignment.items]
    notebook = read_notebook(directory / NOTEBOOK) if (directory / NOTEBOOK).is_file() else None
    if notebook is not None and not (directory / ANSWERS).exists():
        answers: dict[str, Any] = {}
        unreadable = {"*": notebook.error} if notebook.error else {}
    else:
        answers, unreadable = read_answers(directory / ANSWERS, ids)
    if notebook is not None:
        _merge_notebook_answers(notebook, answers, unreadable)
    functions = [p.code_function for p, _ in assignment.items if p.code_function is not None]
    code = read_code(directory, functions, notebook) if functions else None
    return Submission(directory, student, answers, unreadable, code)


def _merge_notebook_answers(notebook: Notebook, answers: dict[str, Any], unreadable: dict[str, str]) -> None:
    """An answer may be written in answers.yaml or in its notebook cell; written in both, the two must agree."""
    for problem_id, answer in answer_cells(notebook).items():
        if answer.error and blank(answers.get(problem_id)):
            unreadable.setdefault(problem_id, answer.error)
        elif blank(answer.value) or answers.get(problem_id) == answer.value:
            continue
        elif blank(answers.get(problem_id)):
            answers[problem_id] = answer.value
        else:
            unreadable.setdefault(problem_id, f"answered twice, differently: in {ANSWERS} and in {notebook.name} cell "
                                              f"{answer.cell}; keep one and clear the other")


@dataclass(frozen=True)
class LockedProblem:
    """A problem as a student folder knows it: its locked answer data, not its spec. It is
    graded like a bank problem (:class:`grader.core.Gradable`), by its kind's local judge."""

    id: str
    kind: str
    title: str
    function: str | None
    lock: Any
    salt: str
    #: The assignment's ``check`` mode the lock was made for: full, format or none.
    mode: str = "full"

    @property
    def code_function(self) -> str | None:
        return self.function

    def read_answer(self, handed: Handed) -> Any:
        return value_answer(self.id, handed) if self.function is None else code_answer(handed)

    def check(self, variant: Any, submitted: Any) -> Outcome:
        if self.mode == "none":
            return Outcome(0.0, "this assignment's local checks are off: it is judged when graded", checked=False)
        judge = local_judge(self.kind)
        if judge is None:
            return NOT_CHECKED_LOCALLY
        if self.mode == "format":
            check_format = getattr(judge, "check_format", None)
            return check_format(self.lock, self.id, submitted) if check_format else NOT_CHECKED_LOCALLY
        return judge.check_locked(self.lock, self.salt, self.id, submitted)


@dataclass(frozen=True)
class LocalSpec:
    """The assignment as a student folder names it."""

    id: str
    title: str


@dataclass(frozen=True)
class LocalAssignment:
    """What ``grader check`` grades against: the locked problems of one student's variant."""

    spec: LocalSpec
    items: tuple[tuple[LockedProblem, float], ...]

    def variant(self, problem: LockedProblem, student: str) -> None:
        return None  # the variant is baked into the locked data


def find_folder(start: Path) -> Path | None:
    """The assignment folder holding ``start`` (it, or the nearest folder above with the metadata)."""
    start = start.resolve()
    return next((folder for folder in [start, *start.parents] if (folder / META).is_file()), None)


def read_metadata(directory: Path) -> tuple[LocalAssignment, str]:
    """The locked assignment a student folder was generated with, and whose variant it is."""
    path = directory / META
    if not path.is_file():
        raise FileNotFoundError(f"{directory} is not an assignment folder: {META} is missing")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != METADATA_FORMAT:
        raise ValueError(f"{META} was written by another version of the grader; generate the folder again")
    spec = data["assignment"]
    mode = data.get("check", "full")
    problems = {p["id"]: LockedProblem(p["id"], p["kind"], p["title"], p["function"], p["lock"], data["salt"], mode) for p in data["problems"]}
    items = tuple((problems[i["id"]], float(i["points"])) for i in spec["problems"])
    return LocalAssignment(LocalSpec(spec["id"], spec["title"]), items), data["student"]
