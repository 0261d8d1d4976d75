"""The command line end to end: generate, solve, check, plain pytest, grade, reports."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml
from conftest import DEFAULT, PROBLEMS, ROOT, run_grader

from grader.render.wheel import WHEEL_NAME

# Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/)
GRADESCOPE_SCHEMA = {
    "type": "object",
    "required": ["tests"],
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "stdout_visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["score", "max_score", "name"],
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "number"},
                    "max_score": {"type": "number"},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string"},
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    assert run_grader("generate", DEFAULT, "--out", base / "blank", "--student", "erin").returncode == 0
    assert run_grader("solve", DEFAULT, "--out", base / "key", "--student", "erin").returncode == 0
    subprocess.run([sys.executable, ROOT / "scripts" / "half_wrong.py", DEFAULT, base / "key", base / "half"], check=True)
    return base


def results(path):
    data = json.loads(path.read_text())
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    return data


def test_generated_folder_has_every_file(folders):
    names = {p.relative_to(folders / "blank").as_posix() for p in (folders / "blank").rglob("*") if p.is_file()}
    assert names == {"README.md", "answers.yaml", "solution.py", "conftest.py", "assignment.ipynb", ".grader/assignment.json",
                     ".github/workflows/grader.yml", f".grader/{WHEEL_NAME}"}


def test_check_key_scores_full_and_writes_results(folders, default_assignment):
    later = sum(points for p, points in default_assignment.items if p.kind == "trace")  # step tables: judged when graded
    total = default_assignment.spec.total_points - later
    run = run_grader("check", cwd=folders / "key")
    assert run.returncode == 0, run.stdout + run.stderr
    data = results(folders / "key" / "results.json")
    assert data["score"] == total
    assert all(t["status"] == "passed" or t["output"] == "checked when graded, not locally" for t in data["tests"])
    assert f"{total:g} / {total:g} (+{later:g} when graded)" in run.stdout
    assert all("× the reference" in t["output"] for t in data["tests"] if t["name"].startswith(("matmul:", "conv2d:")))  # timed


def test_check_half_wrong_reports_feedback_and_fails(folders, default_assignment):
    run = run_grader("check", folders / "half")
    assert run.returncode == 1
    data = results(folders / "half" / "results.json")
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert 0 < data["score"] < default_assignment.spec.total_points and len(failed) >= 10
    assert {"not answered"} <= {t["output"] for t in failed}
    assert any("n − 1" in t["output"] or "Hadamard" in t["output"] for t in failed)


def test_blank_folder_scores_zero(folders):
    run = run_grader("check", folders / "blank")
    assert run.returncode == 1
    data = results(folders / "blank" / "results.json")
    assert data["score"] == 0
    assert {t["output"] for t in data["tests"]} == {"not answered", "not answered (matmul still raises NotImplementedError)",
                                                  "not answered (conv2d still raises NotImplementedError)"}


def test_plain_pytest_in_the_folder_grades_too(folders, tmp_path):
    import shutil

    folder = shutil.copytree(folders / "half", tmp_path / "half")
    checked = shutil.copytree(folders / "half", tmp_path / "checked")
    (folder / "results.json").unlink(missing_ok=True)
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "total" in run.stdout
    assert run_grader("check", checked).returncode == 1
    assert results(folder / "results.json")["score"] == results(checked / "results.json")["score"] > 0


def test_grade_many_submissions_uses_the_bank(folders, tmp_path):
    """A student who re-locks their own wrong answers as right fools only their own machine."""
    import shutil

    import numpy as np

    from grader.judge.locks import lock_array

    honest = shutil.copytree(folders / "half", tmp_path / "honest")
    tampered = shutil.copytree(folders / "half", tmp_path / "tampered")
    answers = yaml.safe_load((tampered / "answers.yaml").read_text())
    meta = json.loads((tampered / ".grader/assignment.json").read_text())
    for p in meta["problems"]:
        if p["kind"] == "numeric" and answers.get(p["id"]) is not None:
            p["lock"]["entries"] = lock_array(meta["salt"], p["id"], np.asarray(answers[p["id"]], dtype=float), p["lock"]["exact"])
    (tampered / ".grader/assignment.json").write_text(json.dumps(meta))
    run_grader("check", honest, "-k", "not matmul and not conv2d")
    run_grader("check", tampered, "-k", "not matmul and not conv2d")  # the tampering works on the student's own machine...
    assert results(tampered / "results.json")["score"] > results(honest / "results.json")["score"]
    out = tmp_path / "reports"  # ...but not where it counts
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,aliases\nerin,Erin,key;honest;tampered\n")  # the folders are named by hand-in, not by student
    run = run_grader("grade", DEFAULT, folders / "key", honest, tampered, "--out", out, "--no-progress", "--roster", roster)
    assert run.returncode == 0, run.stderr
    scores = {name: results(out / "results" / name / "results.json")["score"] for name in ("key", "honest", "tampered")}
    assert scores["tampered"] == scores["honest"] < scores["key"]
    assert "key (student erin)" in run.stdout and "summary" in run.stdout  # few submissions: their tables are printed


def test_check_outside_an_assignment_folder(tmp_path):
    run = run_grader("check", tmp_path)
    assert run.returncode == 2 and "not an assignment folder" in run.stderr


def test_broken_answers_file_is_reported_per_problem(folders, tmp_path):
    import shutil

    folder = shutil.copytree(folders / "key", tmp_path / "broken")
    text = (folder / "answers.yaml").read_text().replace("dot_product:", "dot_product: [1, 2", 1)
    (folder / "answers.yaml").write_text(text)
    run = run_grader("check", folder)
    data = results(folder / "results.json")
    broken = [t for t in data["tests"] if t["status"] == "failed" and t["output"] != "checked when graded, not locally"]
    assert [t["name"].split(":")[0] for t in broken] == ["dot_product"]
    assert "invalid YAML" in broken[0]["output"] and run.returncode == 1


def test_validate_prints_summary():
    run = run_grader("validate", ROOT / "problems", "--variants", "20")
    assert run.returncode == 0 and "default" in run.stdout and "quizzes" in run.stdout


def test_solve_writes_parseable_answers(folders, default_assignment):
    answers = yaml.safe_load((folders / "key" / "answers.yaml").read_text())
    valued = [p.id for p, _ in default_assignment.items if p.code_function is None]
    assert list(answers) == valued and all(v is not None for v in answers.values())


def test_check_imports_neither_torch_nor_pytest_nor_the_bank(folders):
    """A student's `grader check` reads the folder's locks with the judges alone: no PyTorch, no
    pytest session (plain `pytest` and -k/--ci still go through the plugin), no bank, and no spec
    model but the code kind's (its runner)."""
    probe = ("import sys; from grader.cli import main; main(['check']); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'grader', 'pytest', 'pydantic')))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=folders / "key", capture_output=True, text=True)
    loaded = run.stdout.strip().splitlines()[-1]
    assert "'grader.judge.numeric'" in loaded and "'grader.judge.choice'" in loaded
    assert not any(f"'{name}" in loaded for name in ("torch", "pytest", "grader.spec", "grader.kinds.numeric", "grader.kinds.choice"))


def test_the_command_line_behaves(tmp_path):
    """Exit codes 0/1/2 only, a version, one-line errors for a problem file and for -j 0."""
    version = run_grader("--version")
    assert version.returncode == 0 and version.stdout.startswith("grader ")
    wrong_file = run_grader("generate", PROBLEMS / "statistics" / "mean.yaml", "--out", tmp_path / "x")
    assert wrong_file.returncode == 2 and "mean.yaml:1: (file): this is a problem (it has a kind), not an assignment" in wrong_file.stderr
    assert "Traceback" not in wrong_file.stderr and not (tmp_path / "x").exists()
    jobs = run_grader("grade", DEFAULT, tmp_path, "--out", tmp_path / "out", "-j", "0")
    assert jobs.returncode == 2 and "must be at least 1" in jobs.stderr
    nothing = run_grader("check", ROOT / "student_template", "-k", "nosuch")
    assert nothing.returncode == 2 and "no problem matches -k 'nosuch'" in nothing.stderr


def test_a_course_keeps_its_own_bank_and_reuses_the_tools(tmp_path):
    """A course folder outside the tool: its own problem (overriding a bundled one by id) and its
    assignment, which also uses a bundled problem; generate, solve and grade with --bank."""
    course = tmp_path / "course"
    (course / "assignments").mkdir(parents=True)
    mean = yaml.safe_load((PROBLEMS / "statistics" / "mean.yaml").read_text())
    mean["title"] = "Our own mean"
    (course / "mean.yaml").write_text(yaml.safe_dump(mean))
    assignment = tmp_path / "week1.yaml"  # anywhere, not only in a bank's assignments/
    assignment.write_text(yaml.safe_dump({"id": "week1", "title": "Week 1", "seed": 7,
                                          "problems": [{"id": "mean", "points": 1}, {"id": "transpose", "points": 1}]}))
    banks = ["--bank", PROBLEMS, "--bank", course]
    assert run_grader("generate", assignment, "--out", tmp_path / "folder", *banks).returncode == 0
    assert "Our own mean" in (tmp_path / "folder" / "README.md").read_text()
    assert run_grader("solve", assignment, "--student", "ann", "--out", tmp_path / "subs" / "ann", *banks).returncode == 0
    run = run_grader("grade", assignment, tmp_path / "subs", "--out", tmp_path / "out", "--no-progress", *banks)
    assert run.returncode == 0, run.stderr
    assert "ann,,,,ann,1,1,2,2" in (tmp_path / "out" / "grades.csv").read_text()
    without = run_grader("generate", assignment, "--out", tmp_path / "other", "--bank", course)
    assert without.returncode == 2 and "no problem 'transpose'" in without.stderr
