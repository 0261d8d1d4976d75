"""Roster generation (one variant per student, zips, keys, idempotent) and `grader check --ci`."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import DEFAULT, run_grader

from grader.errors import SpecError
from grader.roster import read_roster


def tree_digest(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_roster_of_50_gives_50_distinct_variants_zips_and_keys(tiny_bank, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n" + "".join(f"st{i:02d},Student {i}\n" for i in range(50)))
    out = tmp_path / "class"
    assert run_grader("generate", tiny_bank.assignment, "--roster", roster, "--out", out).returncode == 0
    handouts = {(out / "students" / f"st{i:02d}" / "README.md").read_text().split("\n", 3)[3] for i in range(50)}
    assert len(handouts) == 50  # the drawn numbers differ for every student
    assert all((out / "keys" / f"st{i:02d}" / "answers.yaml").is_file() for i in range(50))
    for i in (0, 49):
        folder = out / "students" / f"st{i:02d}"
        with zipfile.ZipFile(out / "students" / f"st{i:02d}.zip") as archive:
            zipped = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
        assert zipped == {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        assert "dot:\n" in (folder / "answers.yaml").read_text()  # students get blanks, keys get answers
    before = tree_digest(out)
    assert run_grader("generate", tiny_bank.assignment, "--roster", roster, "--out", out).returncode == 0
    assert tree_digest(out) == before  # idempotent, byte for byte


@pytest.mark.parametrize("text,expected", [
    ("id\nann\nbob\nann\n", "roster.csv:4: id: duplicate id 'ann' (first on line 2)"),
    ("id,name\n,Nobody\n", "roster.csv:2: id: empty id"),
    ("id\nann smith\n", "roster.csv:2: id: 'ann smith' has characters other than"),
    ("id\n../etc\n", "roster.csv:2: id: '../etc' has characters other than"),
    ("name,email\nann,a@b\n", "roster.csv:1: id: no id column"),
    ("", "roster.csv:1: (file): the roster is empty"),
])
def test_bad_roster_rows_are_reported_by_line_and_nothing_is_written(tiny_bank, tmp_path, text, expected):
    roster = tmp_path / "roster.csv"
    roster.write_text(text)
    with pytest.raises(SpecError) as info:
        read_roster(roster)
    assert any(str(p).endswith(expected.split(":", 1)[1]) or expected.split(":", 1)[1] in str(p) for p in info.value.problems), info.value
    run = run_grader("generate", tiny_bank.assignment, "--roster", roster, "--out", tmp_path / "class")
    assert run.returncode == 2 and not (tmp_path / "class").exists()


def test_check_ci_writes_junit_and_a_markdown_summary(tmp_path):
    folder = tmp_path / "hw"
    assert run_grader("solve", DEFAULT, "--out", folder).returncode == 0
    (folder / "answers.yaml").write_text((folder / "answers.yaml").read_text().replace("mean: ", "mean: 1000 #", 1))
    run = run_grader("check", folder, "--ci", "-k", "not matmul and not conv2d")
    assert run.returncode == 1  # a failing public test fails the CI job
    suite = ET.parse(folder / "junit.xml").getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("name") == "grader" and len(cases) == 26 and suite.get("failures") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["mean"] and "0/1 points" in failed[0].find("failure").get("message")
    properties = {p.get("name"): p.get("value") for p in cases[0].iter("property")}
    assert set(properties) == {"score", "max_score"}
    summary = (folder / "summary.md").read_text()
    assert "| ❌ `mean` | 0 / 1 |" in summary and summary.startswith("### ")


def test_check_ci_appends_to_the_github_step_summary(tmp_path, monkeypatch):
    import subprocess
    import sys

    folder = tmp_path / "hw"
    assert run_grader("solve", DEFAULT, "--out", folder).returncode == 0
    step_summary = tmp_path / "step_summary.md"
    step_summary.write_text("earlier step\n")
    env = {"GITHUB_STEP_SUMMARY": str(step_summary), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "grader", "check", "--ci", "-k", "dot_product or softmax"], cwd=folder,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout
    text = step_summary.read_text()
    assert text.startswith("earlier step\n### ") and "`dot_product`" in text and not (folder / "summary.md").exists()


def test_student_folder_carries_the_ci_workflow():
    from conftest import ROOT

    workflow = (ROOT / "student_template" / ".github" / "workflows" / "grader.yml").read_text()
    assert "grader check --ci" in workflow and "pip install .grader/dl_math_grader-" in workflow
