"""Notebooks as submissions: answer cells and solution cells tied to problems by metadata,
scratch cells never graded, messages in cells and lines, and the in-notebook checks run in a
real Jupyter kernel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from conftest import DEFAULT, run_grader

from grader.notebook import answer_name

FAST = "not matmul and not conv2d"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A blank folder and the key of the same student, generated once."""
    root = tmp_path_factory.mktemp("course")
    assert run_grader("generate", DEFAULT, "--student", "ada", "--out", root / "blank").returncode == 0
    assert run_grader("solve", DEFAULT, "--student", "ada", "--out", root / "key").returncode == 0
    return root


def _cells(folder: Path) -> tuple[nbformat.NotebookNode, dict[str, nbformat.NotebookNode]]:
    nb = nbformat.read(folder / "assignment.ipynb", as_version=4)
    tagged = {}
    for cell in nb.cells:
        tag = cell.metadata.get("grader", {})
        for role in ("answer", "solution"):
            if role in tag:
                tagged[f"{role}:{tag[role]}"] = cell
    return nb, tagged


def fill_notebook(folder: Path, key: Path, *, answers: bool = True, code: bool = True) -> Path:
    """Write the key's answers into the notebook's answer cells and its code into the solution
    cells; then hand in the notebook alone (no answers.yaml, stub solution.py)."""
    nb, tagged = _cells(folder)
    if answers:
        for problem_id, value in yaml.safe_load((key / "answers.yaml").read_text()).items():
            tagged[f"answer:{problem_id}"].source = f"# worked out on paper\n{answer_name(problem_id)} = {value!r}\n"
    if code:
        for cell_key, cell in tagged.items():
            if cell_key.startswith("solution:"):
                cell.source = (key / "solution.py").read_text()
    nbformat.write(nb, folder / "assignment.ipynb")
    (folder / "answers.yaml").unlink()
    return folder


def results(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text())


def feedback(folder: Path, problem_id: str) -> str:
    return next(t["output"] for t in results(folder)["tests"] if t["name"].startswith(f"{problem_id}:"))


def test_every_problem_answered_in_the_notebook_alone_earns_full_marks(course, tmp_path):
    folder = fill_notebook(shutil.copytree(course / "blank", tmp_path / "ada"), course / "key")
    run = run_grader("check", folder, "-k", FAST)
    assert run.returncode == 0, run.stdout
    assert results(folder)["score"] == 43  # -k deselects quiz05_matmul_shape too; the step tables are judged when graded


def test_the_notebook_names_its_student_and_ties_cells_by_metadata(course):
    nb, tagged = _cells(course / "blank")
    assert nb.metadata["grader"] == {"assignment": "default", "student": "ada"}
    assert "answer:softmax" in tagged and "solution:matmul" in tagged and "solution:conv2d" in tagged
    assert tagged["answer:softmax"].source.endswith("softmax = None")


def test_scratch_cells_are_never_code(course, tmp_path):
    folder = fill_notebook(shutil.copytree(course / "blank", tmp_path / "ada"), course / "key")
    nb, _ = _cells(folder)
    scratch = next(c for c in nb.cells if c.get("id") == "mean-scratch")
    scratch.source = "import pandas as pd\nimport os\nos.system('echo hi')\n%timeit 1\n"
    solution = next(c for c in nb.cells if c.metadata.get("grader", {}).get("solution") == "matmul")
    solution.source = "%matplotlib inline\n" + solution.source
    nbformat.write(nb, folder / "assignment.ipynb")
    run_grader("check", folder, "-k", "matmul or mean")
    scores = {t["name"].split(":")[0]: t["score"] for t in results(folder)["tests"]}
    assert scores["matmul"] == 5 and scores["mean"] == 1
    assert "1 magic or shell line dropped from assignment.ipynb" in feedback(folder, "matmul")


def test_messages_point_at_the_cell_and_its_line(course, tmp_path):
    folder = fill_notebook(shutil.copytree(course / "blank", tmp_path / "ada"), course / "key", answers=False)
    nb, tagged = _cells(folder)
    number = nb.cells.index(tagged["solution:conv2d"]) + 1
    tagged["solution:conv2d"].source = "import numpy as np\n\nimport pandas\n" + tagged["solution:conv2d"].source
    nbformat.write(nb, folder / "assignment.ipynb")
    run_grader("check", folder, "-k", "conv2d")
    assert f"assignment.ipynb cell {number}, line 3: importing pandas is not allowed" in feedback(folder, "conv2d")
    tagged["solution:conv2d"].source = "import numpy as np\n\ndef conv2d(x, w, b, stride=1, padding=0):\n    return 1 / 0\n"
    nbformat.write(nb, folder / "assignment.ipynb")
    run_grader("check", folder, "-k", "conv2d")
    assert f"ZeroDivisionError raised (assignment.ipynb cell {number}, line 4)" in feedback(folder, "conv2d")


def test_answers_that_cannot_count_say_why(course, tmp_path):
    folder = fill_notebook(shutil.copytree(course / "blank", tmp_path / "ada"), course / "key", code=False)
    key = yaml.safe_load((course / "key" / "answers.yaml").read_text())
    nb, tagged = _cells(folder)
    number = nb.cells.index(tagged["answer:mean"]) + 1
    tagged["answer:mean"].source = "data = [1, 2, 3]\nmean = np.mean(data)\n"
    tagged["answer:dot_product"].source = f"dot_product = np.array({key['dot_product']!r})\n"  # written values are fine
    tagged["answer:transpose"].source = "transpose = [[1, 2\n"
    nbformat.write(nb, folder / "assignment.ipynb")
    (folder / "answers.yaml").write_text(f"population_variance: {key['population_variance'] + 1}\nsample_variance: {key['sample_variance']}\n")
    run_grader("check", folder, "-k", FAST)
    assert feedback(folder, "mean") == (f"assignment.ipynb cell {number}, line 2: the grader reads written values, not code "
                                        "(np.mean(data)); print the result and write its numbers, e.g. mean = [1.5, -2]")
    assert "Python cannot read this line" in feedback(folder, "transpose")
    assert feedback(folder, "dot_product") == "correct" and feedback(folder, "sample_variance") == "correct"
    assert feedback(folder, "population_variance").startswith("answered twice, differently: in answers.yaml and in assignment.ipynb cell")


def test_a_notebook_handed_in_alone_is_graded_as_the_uploader_and_its_claim_checked(course, tmp_path):
    filled = fill_notebook(shutil.copytree(course / "blank", tmp_path / "filled"), course / "key", code=False)
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copy(filled / "assignment.ipynb", submissions / "ada.ipynb")
    shutil.copy(filled / "assignment.ipynb", submissions / "bob.ipynb")  # bob hands in ada's notebook
    run = run_grader("grade", DEFAULT, submissions, "--out", tmp_path / "out", "-k", FAST, "--no-progress")
    assert run.returncode == 0, run.stderr
    ada = json.loads((tmp_path / "out" / "results" / "ada" / "results.json").read_text())
    assert ada["score"] == 49  # -k deselects quiz05_matmul_shape too
    assert "review ada" not in run.stdout
    assert "review bob: handed in another student's folder (it is 'ada''s); graded as 'bob''s own variant" in run.stdout
    assert "bob" in (tmp_path / "out" / "grades.csv").read_text()


def _execute(folder: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(folder / "assignment.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def _output(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs)


def test_a_filled_in_notebook_runs_in_a_kernel_and_checks_full_marks(course, tmp_path):
    folder = fill_notebook(shutil.copytree(course / "blank", tmp_path / "ada"), course / "key")
    nb = _execute(folder)
    check_all = next(c for c in nb.cells if c.get("id") == "check-all")
    assert "│ total" in _output(check_all) and "54 / 54" in _output(check_all)
    softmax = next(c for c in nb.cells if c.get("id") == "softmax-check")
    assert "✓ softmax" in _output(softmax) and "3 / 3" in _output(softmax)
    assert all(o.output_type != "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "54 / 54" in run_grader("check", folder).stdout  # the same verdict outside


def test_a_blank_notebook_runs_without_an_error(course, tmp_path):
    folder = shutil.copytree(course / "blank", tmp_path / "blank")
    nb = _execute(folder)
    assert all(o.output_type != "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    check_all = next(c for c in nb.cells if c.get("id") == "check-all")
    assert "0 / 60" in _output(check_all) and "not answered" in _output(check_all)


def test_checking_in_the_kernel_points_out_an_unsaved_answer_and_needs_no_torch(course, tmp_path):
    folder = shutil.copytree(course / "blank", tmp_path / "ada")
    code = ("import sys, grader\nmean = 2.5\nchecked = grader.check('mean')\n"
            "print(checked.results[0].feedback)\nprint(checked.notes[0])\nprint('torch' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120)
    lines = run.stdout.splitlines()
    assert lines[0] == "not answered"
    assert lines[1].startswith("mean: your kernel has mean = 2.5, the saved files have None; save the notebook")
    assert lines[2] == "False"
    wrong = subprocess.run([sys.executable, "-c", "import grader; grader.check('no_such_problem')"], cwd=folder,
                           capture_output=True, text=True, timeout=120)
    assert "KeyError: \"no problem 'no_such_problem' in this assignment" in wrong.stderr


def test_a_kernel_checks_again_when_the_folders_locks_change(course, tmp_path, monkeypatch):
    """The kernel keeps a code problem's result per version of the code and of the folder's
    metadata: a regenerated folder is not judged by the old result."""
    from grader import interactive

    folder = fill_notebook(shutil.copytree(course / "blank", tmp_path / "ada"), course / "key", answers=False)
    monkeypatch.chdir(folder)
    assert interactive.check_problems(["conv2d"], {}).results[0].passed
    meta = folder / ".grader" / "assignment.json"
    data = json.loads(meta.read_text())
    conv = next(p for p in data["problems"] if p["id"] == "conv2d")
    conv["lock"]["cases"][0]["expected"] = [(np.asarray(e) + 1).tolist() for e in conv["lock"]["cases"][0]["expected"]]
    meta.write_text(json.dumps(data))
    stat = meta.stat()
    os.utime(meta, (stat.st_atime, stat.st_mtime + 5))
    again = interactive.check_problems(["conv2d"], {}).results[0]
    assert not again.passed and "public case 1" in again.feedback


def test_answer_cells_are_read_never_run_even_when_hostile():
    """What a cell may hold is data and small arithmetic: calls, names, huge powers and
    attribute tricks are refused without being evaluated."""
    import ast

    from grader.notebook import NotAValue, value_of

    assert value_of(ast.parse("[1/4, -2, np.sqrt(4), np.array([[1, 2]]), 'b', math.pi * 2]", mode="eval").body) == [
        0.25, -2, 2.0, [[1, 2]], "b", pytest.approx(6.283185307)]
    for hostile in ("9 ** 9 ** 9", "__import__('os').system('touch /tmp/x')", "open('/etc/passwd').read()",
                    "np.load('x')", "(lambda: 1)()", "[x for x in range(10**9)]", "np.__class__", "1 / 0"):
        with pytest.raises(NotAValue):
            value_of(ast.parse(hostile, mode="eval").body)
