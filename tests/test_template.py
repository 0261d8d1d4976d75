"""student_template/ is the rendered default assignment; this fails when it is stale."""

from __future__ import annotations

import nbformat

from conftest import ROOT
from grader.render.folder import render_folder

TEMPLATE = ROOT / "student_template"


def test_student_template_is_up_to_date(default_assignment):
    expected = render_folder(default_assignment, "default")
    on_disk = {p.relative_to(TEMPLATE).as_posix() for p in TEMPLATE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk == set(expected), "run `make template`"
    stale = [rel for rel, text in expected.items() if (TEMPLATE / rel).read_text(encoding="utf-8") != text]
    assert not stale, f"stale files {stale}: run `make template`"


def test_notebook_is_valid_v4_with_math():
    nb = nbformat.read(TEMPLATE / "assignment.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert r"\begin{bmatrix}" in text and "$$" in text
