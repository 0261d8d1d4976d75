"""Render one student's assignment folder, then write it in one step.

The folder holds ``README.md`` (the handout), ``assignment.ipynb`` (the same prompts with
scratch cells and code stubs), ``answers.yaml`` to fill in, ``solution.py`` stubs, ``conftest.py``
(so plain ``pytest`` grades), a CI workflow, and ``.grader/assignment.json`` (the locked answers).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from grader.archive import zip_bytes
from grader.code.source import SOLUTION
from grader.jinja import template
from grader.kinds.code import SOLUTION_HEADER
from grader.notebook import KEY, answer_name
from grader.render.metadata import write_metadata
from grader.render.wheel import WHEEL_NAME, build_wheel
from grader.spec.bank import Assignment
from grader.submission import ANSWERS, META, META_DIR

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class RenderedProblem:
    id: str
    title: str
    points: str
    prompt: str
    hint: str
    #: For answers.yaml problems: the key's value (or None); for code problems: the stub or the solution.
    answer: str | None
    is_code: bool


def install_command(assignment: Assignment) -> str:
    """The one command that installs the grader for this folder: the instructor's ``install``
    requirement, else the wheel the folder carries."""
    return f'python -m pip install "{assignment.spec.install}"' if assignment.spec.install else f"python -m pip install {META_DIR}/{WHEEL_NAME}"


def render_folder(assignment: Assignment, student: str, *, with_key: bool = False) -> dict[str, str | bytes]:
    """Every file of the folder, by relative path; ``with_key`` fills ``answers.yaml`` correctly."""
    problems, variants = [], {}
    for problem, points in assignment.items:
        variant = variants[problem.id] = assignment.variant(problem, student)
        is_code = problem.code_function is not None
        slot = problem.answer_slot(variant, with_key)
        answer = slot if is_code or slot is None else _yaml_value(slot)
        problems.append(RenderedProblem(problem.id, problem.title, f"{points:g}", problem.statement(variant),
                                        problem.answer_hint(variant), answer, is_code))
    context = {"spec": assignment.spec, "student": student, "problems": problems, "total": f"{assignment.spec.total_points:g}",
               "valued": [p for p in problems if not p.is_code], "coded": [p for p in problems if p.is_code], "header": SOLUTION_HEADER,
               "install": install_command(assignment)}
    files: dict[str, str | bytes] = {
        "README.md": template("grader.render", "README.md.j2").render(context).strip() + "\n",
        ANSWERS: template("grader.render", "answers.yaml.j2").render(context).strip() + "\n",
        SOLUTION: template("grader.render", "solution.py.j2").render(context).rstrip() + "\n",
        "conftest.py": (TEMPLATES / "conftest.py").read_text(encoding="utf-8"),
        ".github/workflows/grader.yml": template("grader.render", "grader.yml.j2").render(context),
        "assignment.ipynb": _notebook(assignment, student, problems),
        META: write_metadata(assignment, student, variants),
    }
    if not assignment.spec.install:
        files[f"{META_DIR}/{WHEEL_NAME}"] = build_wheel()
    return files


MANIFEST = "roster-manifest.json"


def render_roster(assignment: Assignment, students: list) -> dict[str, str | bytes]:
    """Per student: their folder, the same as a zip, and their answer key for TAs; plus a manifest."""
    files: dict[str, str | bytes] = {}
    for student in students:
        folder = render_folder(assignment, student.id)
        files |= {f"students/{student.id}/{rel}": text for rel, text in folder.items()}
        files[f"students/{student.id}.zip"] = zip_bytes({f"{student.id}/{rel}": data for rel, data in folder.items()})
        key = render_folder(assignment, student.id, with_key=True)
        files |= {f"keys/{student.id}/{rel}": data for rel, data in key.items() if not rel.endswith(".whl")}
    manifest = {"assignment": assignment.spec.id, "students": [{"id": s.id, "name": s.name} for s in students]}
    files[MANIFEST] = json.dumps(manifest, indent=1) + "\n"
    return files


def write_folder(files: dict[str, str | bytes], out: Path, *, force: bool = False) -> None:
    """Write all files into a fresh temporary folder, then swap it in: never half a folder.

    A folder that an earlier roster generation wrote (it holds the manifest) may be replaced."""
    out = Path(out)
    ours = (out / MANIFEST).is_file() and MANIFEST in files
    if out.exists() and any(out.iterdir()) and not (force or ours):
        raise FileExistsError(f"{out} exists and is not empty (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _yaml_value(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, sort_keys=False).strip().removesuffix("...").strip()


NOTEBOOK_INTRO = """# {title}

Student: `{student}`. Answer each problem in its **answer cell** (`name = value`: numbers, lists, lists of
rows, letters in quotes; `"1/4"`, `1/4` and `np.sqrt(2)` are fine, code that computes is not) or in
`answers.yaml`, and write code problems in their **solution cell**. Scratch cells are yours: they are never
graded. `grader.check("id")` checks one problem, `grader.check_all()` all of them; both read the saved
notebook, as the graders do, so save (Ctrl+S) before you check."""


def _notebook(assignment: Assignment, student: str, problems: list[RenderedProblem]) -> str:
    """The handout as a notebook: per problem its prompt, its answer or solution cell (tied to the
    problem by cell metadata), a scratch cell and a check cell."""
    import nbformat
    from nbformat import v4

    cells = [v4.new_markdown_cell(NOTEBOOK_INTRO.format(title=assignment.spec.title, student=student), id="intro"),
             v4.new_code_cell(f"{SOLUTION_HEADER}\nimport grader", id="setup")]
    for i, p in enumerate(problems, start=1):
        text = f"## {i}. {p.title} ({p.points} pt) · `{p.id}`\n\n{p.prompt}\n\n*Answer format:* {p.hint}"
        cells.append(v4.new_markdown_cell(text, id=f"{p.id}-prompt"))
        if p.is_code:
            cells.append(v4.new_code_cell(f"{SOLUTION_HEADER}\n\n{p.answer}", id=f"{p.id}-solution",
                                          metadata={KEY: {"solution": p.id}}))
        else:
            hint = " ".join(p.hint.split())
            cells.append(v4.new_code_cell(f"# your answer: {hint}\n{answer_name(p.id)} = None", id=f"{p.id}-answer",
                                          metadata={KEY: {"answer": p.id}}))
        cells.append(v4.new_code_cell(f"# scratch work for {p.id} (never graded)\n", id=f"{p.id}-scratch"))
        cells.append(v4.new_code_cell(f'grader.check("{p.id}")', id=f"{p.id}-check"))
    cells.append(v4.new_markdown_cell("## Check everything\n\nSave the notebook first.", id="check-all-intro"))
    cells.append(v4.new_code_cell("grader.check_all()", id="check-all"))
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                KEY: {"assignment": assignment.spec.id, "student": student}}
    nb = v4.new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(nb)
    return nbformat.writes(nb)
