"""student_template/ is the rendered default assignment; this fails when it is stale."""

from __future__ import annotations

import nbformat
import numpy as np
from conftest import ROOT

from grader.render.folder import render_folder

TEMPLATE = ROOT / "student_template"


def test_student_template_is_up_to_date(default_assignment):
    expected = render_folder(default_assignment, "default")
    on_disk = {p.relative_to(TEMPLATE).as_posix() for p in TEMPLATE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk == set(expected), "run `make template`"
    stale = [rel for rel, data in expected.items()
             if (TEMPLATE / rel).read_bytes() != (data if isinstance(data, bytes) else data.encode("utf-8"))]
    assert not stale, f"stale files {stale}: run `make template`"


def test_notebook_is_valid_v4_with_math():
    nb = nbformat.read(TEMPLATE / "assignment.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert r"\begin{bmatrix}" in text and "$$" in text


def test_no_answer_appears_in_plain_text_in_a_student_folder(default_assignment):
    """The folder holds locked answers only: no correct flags, no answer-key lines, no numbers
    of the answers (beyond those that can be read off the prompt, e.g. a transpose)."""
    import json

    from grader.render.folder import render_folder

    folder = render_folder(default_assignment, "default")
    text = "\n".join(v for v in folder.values() if isinstance(v, str))
    meta = json.loads(folder[".grader/assignment.json"])
    assert '"correct"' not in text and "solution" not in json.dumps(meta["problems"])
    key = render_folder(default_assignment, "default", with_key=True)
    key_lines = [line for line in key["answers.yaml"].splitlines() if line and not line.startswith("#")]
    assert not any(line in folder["answers.yaml"].splitlines() for line in key_lines)
    prompts = folder["README.md"]
    for problem, _ in default_assignment.items:
        if problem.kind != "numeric":
            continue
        value = np.asarray(problem.expected(default_assignment.variant(problem, "default")), dtype=float)
        for x in value.ravel():
            forms = {f"{x:.12g}", f"{x:.4g}", f"{x:.3f}"} - {f"{v:g}" for v in range(-99, 100)}  # small integers are everywhere
            for form in forms:
                if form not in prompts:  # a value readable off the prompt is no secret
                    assert form not in text, (problem.id, form)
    model = default_assignment.items[-1][0].solution.strip().splitlines()[-1].strip()
    assert model not in text  # the model solutions stay out too
