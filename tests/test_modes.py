"""Assessment modes: how much `grader check` may tell on a student's machine (`check:` in the
assignment), and locks that give nothing away by their size."""

from __future__ import annotations

import json

import yaml
from conftest import DEFAULT, ROOT, run_grader


def folder_in_mode(tiny_course, tmp_path, mode: str, student: str = "kim"):
    spec = yaml.safe_load(tiny_course.assignment.read_text()) | {"check": mode}
    tiny_course.write("assignments/hw.yaml", spec)
    folder = tmp_path / mode
    assert run_grader("solve", tiny_course.assignment, "--out", folder, "--student", student).returncode == 0
    return folder


def checked(folder, *extra) -> dict:
    run_grader("check", folder, *extra)
    return {t["name"].split(":")[0]: t for t in json.loads((folder / "results.json").read_text())["tests"]}


def test_format_mode_says_well_formed_never_right(tiny_course, tmp_path):
    folder = folder_in_mode(tiny_course, tmp_path, "format")
    metadata = (folder / ".grader" / "assignment.json").read_text()
    assert '"entries"' not in metadata and '"options"' not in metadata and '"check": "format"' in metadata
    tests = checked(folder)
    assert all(t["score"] == 0 for t in tests.values())
    assert "well-formed (a single number)" in tests["dot"]["output"] and "judged when graded" in tests["dot"]["output"]
    assert "well-formed (it runs on the public cases" in tests["softmax_stable"]["output"]
    (folder / "answers.yaml").write_text("dot: [1, 2]\npick: z\n")
    (folder / "solution.py").write_text("import numpy as np\n\ndef softmax(z):\n    return np.ones(3)\n")
    wrong = checked(folder)
    assert "expected a single number, got a vector of length 2" in wrong["dot"]["output"]
    assert "answer with the letters" in wrong["pick"]["output"]
    assert "shape (3,), expected" in wrong["softmax_stable"]["output"]


def test_none_mode_checks_nothing_locally_and_grading_still_counts(tiny_course, tmp_path):
    folder = folder_in_mode(tiny_course, tmp_path, "none")
    assert all(p["lock"] is None for p in json.loads((folder / ".grader" / "assignment.json").read_text())["problems"])
    tests = checked(folder)
    assert all("local checks are off" in t["output"] for t in tests.values())
    out = tmp_path / "out"
    subs = tmp_path / "subs"
    subs.mkdir()
    folder.rename(subs / "kim")
    assert run_grader("grade", tiny_course.assignment, subs, "--out", out, "--no-progress").returncode == 0
    assert "kim,,,,kim,2,1,3,6" in (out / "grades.csv").read_text()


def test_sealed_option_tokens_are_all_the_same_length():
    """The right option's token used to be the shortest: now every token of a question has one length."""
    metadata = json.loads((ROOT / "student_template" / ".grader" / "assignment.json").read_text())
    choices = [p["lock"]["options"] for p in metadata["problems"] if p["kind"] == "choice"]
    assert choices and all(len({len(token) for token in options.values()}) == 1 for options in choices)
    assert DEFAULT.exists()
