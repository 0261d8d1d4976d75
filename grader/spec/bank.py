"""Load the problem bank and its assignments, reporting every error with its file and line.

Files under ``assignments/`` are assignments; every other ``*.yaml`` is one problem whose
``id`` matches its file name. Several banks load as one, in order: a later bank's problem
replaces an earlier one's of the same id (a course's own bank over the tool's). Nothing here
writes: a command that writes loads first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from grader.core import Variant
from grader.draw.params import NoValidVariant, variant_rng
from grader.errors import SpecError, SpecProblem
from grader.kinds import REGISTRY, kind_class
from grader.schema import FieldError, ProblemSpec
from grader.spec.models import AssignmentSpec
from grader.spec.yamlfile import LocatedYaml, YamlSyntaxError, read_yaml

ASSIGNMENTS_DIR = "assignments"
#: Variants drawn per problem when a whole bank is loaded (the tests; ``grader validate`` draws
#: more): enough to catch a spec that breaks on some draws. Loading one assignment draws none.
DEFAULT_TRIALS = 5


@dataclass(frozen=True)
class Assignment:
    """An assignment with its problems resolved, in order, each with its points."""

    spec: AssignmentSpec
    items: tuple[tuple[ProblemSpec, float], ...]

    def variant(self, problem: ProblemSpec, student: str) -> Variant:
        return problem.draw(variant_rng(self.spec.seed, student, problem.id))


@dataclass(frozen=True)
class Bank:
    root: Path
    problems: dict[str, ProblemSpec]
    assignments: dict[Path, AssignmentSpec]

    def assignment(self, spec: AssignmentSpec) -> Assignment:
        return Assignment(spec, tuple((self.problems[i.id].pinned(i.pin), i.points) for i in spec.problems))


#: The tool's own bank, the default when an assignment lives outside any bank's assignments/.
BUNDLED = Path(__file__).resolve().parent.parent.parent / "problems"


def banks_for(assignment_file: Path, banks: Sequence[Path] = ()) -> list[Path]:
    """The banks an assignment draws on: those given (``--bank``, in order), else the bank whose
    ``assignments/`` holds it, else the bundled bank."""
    if banks:
        return [Path(b).resolve() for b in banks]
    path = Path(assignment_file).resolve()
    return [path.parent.parent if path.parent.name == ASSIGNMENTS_DIR else BUNDLED]


def load_assignment(assignment_file: Path, banks: Sequence[Path] = ()) -> Assignment:
    """Load the banks an assignment draws on and resolve that assignment."""
    path = Path(assignment_file)
    if not path.is_file():
        raise SpecError([SpecProblem(str(path), 1, "", "no such assignment file")])
    try:
        data: Any = read_yaml(path).data
    except YamlSyntaxError:
        data = None  # the full load below reports it at its line
    if path.resolve().parent.name != ASSIGNMENTS_DIR and isinstance(data, dict) and "kind" in data:
        raise SpecError([SpecProblem(_show(path), 1, "", "this is a problem (it has a kind), not an assignment: give an assignment file "
                                                          "(a bank's assignments/*.yaml, or your own with --bank)")])
    bank = load_bank(banks_for(path, banks), trials=0, assignment_files=[path], only=_problem_ids(data))
    return bank.assignment(bank.assignments[path.resolve()])


def _problem_ids(data: Any) -> frozenset[str] | None:
    """The problem ids an assignment file lists, or None when it cannot say (its errors are then
    reported by a full load)."""
    try:
        return frozenset(str(item["id"]) for item in data["problems"])
    except (TypeError, KeyError):
        return None


def load_bank(roots: Path | list[Path], trials: int = DEFAULT_TRIALS, run_code: bool = False, assignment_files: Sequence[Path] = (),
              only: frozenset[str] | None = None) -> Bank:
    """Load and cross-check every spec under ``roots`` (and the extra ``assignment_files``); raise one
    :class:`SpecError` listing all errors.

    Each problem draws ``trials`` variants; each must render and its key must score full. Keys
    that are checked by running processes (code problems) are checked on one variant, and only
    with ``run_code``. With ``only``, just those problems (and the extra assignment files) are
    read: what grading one assignment needs; ``grader validate`` reads everything.
    """
    roots = [Path(r).resolve() for r in ([roots] if isinstance(roots, (str, Path)) else roots)]
    errors: list[SpecProblem] = []
    problems: dict[str, ProblemSpec] = {}
    where: dict[str, tuple[LocatedYaml, ProblemSpec]] = {}
    owner: dict[str, Path | None] = {}
    assignments: dict[Path, tuple[LocatedYaml, AssignmentSpec]] = {}
    extra = [Path(a).resolve() for a in assignment_files]
    files = [(root, path) for root in roots for path in _yaml_files(root)] + [(None, a) for a in extra]
    seen: set[Path] = set()
    for root, path in files:
        if path in seen or only is not None and root is not None and (path.stem not in only or path.parent.name == ASSIGNMENTS_DIR):
            continue
        seen.add(path)
        try:
            doc = read_yaml(path)
        except YamlSyntaxError as exc:
            errors.append(SpecProblem(_show(path), exc.line, "", exc.message))
            continue
        is_assignment = path.parent.name == ASSIGNMENTS_DIR or root is None
        model = _parse(doc, errors, assignment=is_assignment)
        if model is None:
            continue
        if model.id != path.stem:
            errors.append(_at(doc, ("id",), f"id {model.id!r} does not match the file name {path.name!r}"))
        elif is_assignment:
            assignments[path] = (doc, model)
        elif model.id in problems and owner[model.id] == root:
            first = where[model.id][0]
            errors.append(_at(doc, ("id",), f"duplicate id, first defined in {_show(first.path)}"))
        else:  # new, or a later bank's version of an earlier bank's problem
            problems[model.id] = model
            where[model.id] = (doc, model)
            owner[model.id] = root
    for doc, spec in assignments.values():
        for i, item in enumerate(spec.problems):
            if item.id not in problems:
                errors.append(_at(doc, ("problems", i, "id"), f"no problem {item.id!r} in {', '.join(_show(r) for r in roots)}"))
    for doc, problem in where.values():
        errors.extend(_trial_problems(doc, problem, trials, run_code))
    for doc, spec in assignments.values():
        errors.extend(_pins(doc, spec, problems, trials, run_code))
    if errors:
        raise SpecError(errors)
    return Bank(roots[-1], problems, {path: spec for path, (_, spec) in assignments.items()})


def _yaml_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        raise SpecError([SpecProblem(_show(root), 1, "", "no such problem bank directory")])
    yield from sorted(p for p in root.rglob("*.yaml") if not any(part.startswith(".") for part in p.parts))


def _parse(doc: LocatedYaml, errors: list[SpecProblem], *, assignment: bool) -> Any:
    data = doc.data
    if not isinstance(data, dict):
        errors.append(_at(doc, (), "expected a mapping of fields at the top level"))
        return None
    if assignment:
        model_class: type[AssignmentSpec] | type[ProblemSpec] = AssignmentSpec
    else:
        kind = data.get("kind")
        if kind not in REGISTRY:
            known = ", ".join(sorted(REGISTRY))
            msg = "required field is missing" if kind is None else f"unknown kind {kind!r}"
            errors.append(_at(doc, ("kind",), f"{msg} (kinds: {known})"))
            return None
        model_class = kind_class(kind)
    try:
        return model_class.model_validate(data)
    except ValidationError as exc:
        errors.extend(_from_pydantic(exc, doc))
    except FieldError as exc:
        errors.append(_at(doc, exc.loc, exc.message))
    return None


def _from_pydantic(exc: ValidationError, doc: LocatedYaml) -> list[SpecProblem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if part != "[key]" and not str(part).startswith("function-"))
        message = err["msg"]
        if err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] == "extra_forbidden":
            message = "unknown field"
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        out.append(_at(doc, loc, message))
    return out


def _pins(doc: LocatedYaml, spec: AssignmentSpec, problems: dict[str, ProblemSpec], trials: int, run_code: bool) -> list[SpecProblem]:
    """Each pinned entry names parameters of its problem, and (when variants are tried) its one
    variant is checked exactly as drawn ones are, the error placed at the entry's ``pin``."""
    errors = []
    for i, item in enumerate(spec.problems):
        if not item.pin or item.id not in problems:
            continue
        try:
            pinned = problems[item.id].pinned(item.pin)
        except FieldError as exc:
            errors.append(_at(doc, ("problems", i, *exc.loc), exc.message))
            continue
        if trials:
            errors.extend(_trial_problems(doc, pinned, 1, run_code, at=("problems", i, "pin")))
    return errors


def _trial_problems(doc: LocatedYaml, problem: ProblemSpec, trials: int, run_code: bool, at: tuple | None = None) -> list[SpecProblem]:
    """Draw variants and check that each is well-posed and that its key scores full; ``at``
    places every error at a pinned assignment entry instead of the problem's own fields."""
    for i in range(trials):
        rng = variant_rng(0, f"trial-{i}", problem.id)
        try:
            variant = problem.draw(rng)
        except NoValidVariant as exc:
            if at is not None:
                return [_at(doc, at, str(exc))]
            field = "require" if isinstance(doc.data, dict) and "require" in doc.data else "params"
            return [_at(doc, (field,), f"the parameter ranges admit no valid variant ({exc})")]
        except FieldError as exc:  # a kind that validates drawn values against its own model
            return [_at(doc, at or exc.loc, exc.message)]
        step = "prompt"
        try:
            problem.statement(variant)
            step = "answer"
            key = problem.expected(variant)
            if not problem.trial_checks and not (run_code and i == 0):
                continue
            outcome = problem.check(variant, problem.as_submitted(key))
        except Exception as exc:  # a spec that breaks its own formulas or template
            return [_at(doc, at or (step,), f"{type(exc).__name__}: {exc}")]
        if outcome.fraction != 1.0:
            return [_at(doc, at or (problem.key_field,), f"the answer key does not score full: {outcome.feedback}")]
    return []


def _at(doc: LocatedYaml, loc: tuple, message: str) -> SpecProblem:
    return SpecProblem(_show(doc.path), doc.line_of(loc), ".".join(map(str, loc)), message)


def _show(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
