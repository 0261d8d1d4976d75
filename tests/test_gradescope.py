"""The Gradescope bundle: run_autograder always leaves a schema-valid results.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import jsonschema
import pytest
from conftest import run_grader
from test_cli import GRADESCOPE_SCHEMA


@pytest.fixture
def autograder(tiny_course, tmp_path):
    """An unpacked bundle for the tiny course, and a correct submission."""
    tiny_bank = tiny_course
    bundle = tmp_path / "autograder.zip"
    assert run_grader("gradescope", tiny_bank.assignment, "--out", bundle).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        archive.extractall(root / "source")
    assert {"setup.sh", "run_autograder", "package/pyproject.toml", "package/grader/cli.py", "banks/0/assignments/hw.yaml", "hw.yaml"} <= set(names)
    assert run_grader("solve", tiny_bank.assignment, "--out", root / "submission", "--student", "jo").returncode == 0
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"email": "jo@uni.edu", "sid": "jo"}]}))
    return root


def run_autograder(root, **env):
    environment = os.environ | {"AUTOGRADER_ROOT": str(root), "PYTHON": sys.executable} | env
    subprocess.run(["bash", str(root / "source" / "run_autograder")], env=environment, timeout=300, check=True)
    data = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    return data


def test_correct_submission(autograder):
    data = run_autograder(autograder)
    assert data["score"] == 6 and data["output"].startswith("Graded: student jo's variant of hw (HW).")
    visibility = {t["name"].split(":")[0]: t["visibility"] for t in data["tests"]}
    assert visibility == {"dot": "visible", "pick": "visible", "softmax_stable": "after_published"}


def test_crashing_and_noisy_submission(autograder):
    (autograder / "submission" / "solution.py").write_text("print('x' * 100000)\nraise SystemExit(1)\ndef softmax(z):\n    return z\n")
    data = run_autograder(autograder)
    tests = {t["name"].split(":")[0]: t for t in data["tests"]}
    assert tests["softmax_stable"]["score"] == 0 and "failed to import" in tests["softmax_stable"]["output"]
    assert data["score"] == 3


def test_timeout_still_writes_results(autograder):
    (autograder / "submission" / "solution.py").write_text("import numpy as np\ndef softmax(z):\n    while True:\n        pass\n")
    data = run_autograder(autograder, GRADER_TIMEOUT="0.5")
    assert data["score"] == 0 and "took too long" in data["output"] and data["tests"] == [], data


def test_broken_python_still_writes_results(autograder):
    data = run_autograder(autograder, PYTHON="/bin/false")
    assert data["score"] == 0 and "could not run" in data["output"]


def test_student_from_gradescope_metadata(autograder):
    shutil.rmtree(autograder / "submission" / ".grader")  # students often upload without hidden folders
    assert run_autograder(autograder)["score"] == 6


def test_the_uploader_decides_whose_variant_not_the_folder(autograder):
    """Al uploads Jo's folder: Gradescope's metadata (written by Gradescope) names Al, so Al's own
    variant is graded, whatever .grader/ says, and the report says why."""
    (autograder / "submission_metadata.json").write_text(json.dumps({"users": [{"email": "al@uni.edu", "sid": "al"}]}))
    data = run_autograder(autograder)
    tests = {t["name"].split(":")[0]: t for t in data["tests"]}
    assert tests["dot"]["score"] == 0 and data["score"] < 6
    assert "student al's variant" in data["output"] and "handed in another student's folder (it is 'jo''s)" in data["output"]
