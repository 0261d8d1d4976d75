"""The student folder installs its own grader: the wheel it carries, into a fresh virtual
environment, with no package index (the dependencies come from a folder, as a student's
earlier ``pip install`` would have left them)."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import DEFAULT, ROOT, run_grader

from grader.render.wheel import WHEEL_NAME


def _dependencies_without_the_grader(tmp_path: Path) -> Path:
    """Links to everything this environment has installed, except the grader and its references."""
    deps = tmp_path / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if entry.name.startswith(("dl_math_grader", "__editable__", "_distutils_hack", "pip")) or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    return deps


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the student folder's wheel installed, and a solved folder to check."""
    tmp = tmp_path_factory.mktemp("install")
    folder = tmp / "ada"
    assert run_grader("solve", DEFAULT, "--student", "ada", "--out", folder).returncode == 0
    venv = tmp / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "course-deps.pth").write_text(f"{_dependencies_without_the_grader(tmp)}\n")
    wheel = folder / ".grader" / WHEEL_NAME
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", str(wheel)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return venv, folder


def test_the_handout_and_the_workflow_install_the_wheel_the_folder_carries(installed):
    _, folder = installed
    command = f"python -m pip install .grader/{WHEEL_NAME}"
    assert command in (folder / "README.md").read_text()
    assert f"run: {command}" in (folder / ".github" / "workflows" / "grader.yml").read_text()
    assert "dl-math-grader\"" not in (folder / ".github" / "workflows" / "grader.yml").read_text()


def test_the_wheel_holds_the_grader_but_no_reference_solutions(installed):
    _, folder = installed
    names = zipfile.ZipFile(folder / ".grader" / WHEEL_NAME).namelist()
    assert "grader/cli.py" in names and "grader/render/templates/conftest.py" in names
    assert not any(n.startswith(("reference/", "problems/")) for n in names)
    assert not any("kernels" in n for n in names)


def test_grader_check_and_plain_pytest_run_from_the_installed_wheel(installed):
    venv, folder = installed
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(folder.parent)}
    check = subprocess.run([venv / "bin" / "grader", "check"], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "54 / 54 (+6 when graded)" in check.stdout
    where = subprocess.run([venv / "bin" / "python", "-c", "import grader; print(grader.__file__)"], cwd=folder, env=env,
                           capture_output=True, text=True)
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout
    answers = folder / "answers.yaml"
    answers.write_text(re.sub(r"^dot_product:.*$", "dot_product: 12345", answers.read_text(), flags=re.M))
    plain = subprocess.run([venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder, env=env,
                           capture_output=True, text=True, timeout=300)
    assert plain.returncode == 1, plain.stdout + plain.stderr
    assert "1 failed, 26 passed, 2 skipped" in plain.stdout and "dot_product" in plain.stdout


def test_an_instructors_install_source_replaces_the_wheel(tiny_bank, tmp_path):
    tiny_bank.write("assignments/hw.yaml", tiny_bank.assignment.read_text() + "install: https://example.org/grader-0.1.0.tar.gz\n")
    out = tmp_path / "hw"
    assert run_grader("generate", tiny_bank.assignment, "--out", out).returncode == 0
    assert not (out / ".grader" / WHEEL_NAME).exists()
    assert 'python -m pip install "https://example.org/grader-0.1.0.tar.gz"' in (out / "README.md").read_text()
