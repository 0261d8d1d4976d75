"""Shared fixtures: the real bank, and throwaway banks for spec-error tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader.spec.bank import load_assignment

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"
DEFAULT = PROBLEMS / "assignments" / "default.yaml"


@pytest.fixture(scope="session")
def default_assignment():
    return load_assignment(DEFAULT)


def run_grader(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120)


class TinyBank:
    """A minimal bank in a temporary folder: one numeric problem, one choice, one assignment."""

    def __init__(self, root: Path):
        self.root = root
        (root / "assignments").mkdir(parents=True)
        self.write("dot.yaml", {
            "id": "dot", "kind": "numeric", "title": "Dot", "prompt": "Compute {{ a | latex }} · {{ b | latex }}",
            "params": {"a": {"shape": [3], "low": -3, "high": 3}, "b": {"shape": [3], "low": -3, "high": 3}},
            "answer": {"ref": "linalg.dot", "args": ["a", "b"]},
        })
        self.write("pick.yaml", {
            "id": "pick", "kind": "choice", "title": "Pick", "prompt": "Which?",
            "options": [{"text": "right", "correct": True}, {"text": "wrong", "feedback": "no"}],
        })
        self.write("assignments/hw.yaml", {"id": "hw", "title": "HW", "seed": 1,
                                           "problems": [{"id": "dot", "points": 2}, {"id": "pick", "points": 1}]})

    def write(self, rel: str, data) -> Path:
        path = self.root / rel
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
        return path

    @property
    def assignment(self) -> Path:
        return self.root / "assignments" / "hw.yaml"


@pytest.fixture
def tiny_bank(tmp_path) -> TinyBank:
    return TinyBank(tmp_path / "bank")


@pytest.fixture
def copy_folder(tmp_path):
    def copy(src: Path, name: str) -> Path:
        dst = tmp_path / name
        shutil.copytree(src, dst)
        return dst

    return copy


@pytest.fixture
def tiny_course(tiny_bank) -> TinyBank:
    """The tiny bank plus a fast (untimed, 1 s per call) copy of the softmax code problem."""
    spec = yaml.safe_load((PROBLEMS / "code" / "softmax_stable.yaml").read_text())
    spec["limits"] = {"call_seconds": 1, "total_seconds": 30}
    tiny_bank.write("softmax_stable.yaml", spec)
    tiny_bank.write("assignments/hw.yaml", {"id": "hw", "title": "HW", "seed": 1, "problems": [
        {"id": "dot", "points": 2}, {"id": "pick", "points": 1}, {"id": "softmax_stable", "points": 3}]})
    return tiny_bank
