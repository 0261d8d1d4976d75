"""Hostile submissions, graded by `grader grade` as a course would, under each isolation.

Each attack in tests/hostile/ is written as a student who read our source would: it gets past the
source policy (through modules the policy allows), and the batch is graded with
`--unrestricted-python`, so that the OS isolation alone must hold (RestrictedPython, the layer
in front of it, is tested in tests/test_restricted.py) and returns the right answer only when its
attack worked, so points prove a breach. Beside those, folder-level attacks (symbolic links,
YAML bombs, another student's folder, a formula for a name). One batch grades them all next to
an honest submission graded earlier; then every test checks one attack and the invariants:
score 0, the honest row and every other file unchanged, nothing written outside, no process
left, the grader alive.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import PROBLEMS, ROOT, TinyBank, run_grader

from grader.sandbox.isolation import INSTALL_HINT, bwrap_works, site_dirs, uid_works

HOSTILE = Path(__file__).parent / "hostile"
CODE_ATTACKS = sorted(p.stem for p in HOSTILE.glob("*.py") if p.stem != "prelude")
FOLDER_ATTACKS = ["symlinks", "yaml_alias_bomb", "yaml_huge", "yaml_deep", "notebook_deep", "another_students_folder", "=SUM(1+1)"]
CALL_SECONDS = 2
MARKERS = ("/tmp", "/var/tmp", "/dev/shm")


def available(isolation: str) -> None:
    works = {"bwrap": bwrap_works, "uid": uid_works}[isolation]()
    if not works:
        message = f"isolation {isolation!r} is not available here: {INSTALL_HINT} (and see scripts/setup_tools.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def tree_digest(*folders: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts}


def markers() -> set[str]:
    found = set()
    for top in MARKERS:
        for path in Path(top).glob("*pwned*"):
            found.add(str(path))
    return found


def sandbox_processes() -> set[int]:
    """Sandbox processes (harnesses, bwrap) that no live grader or test run owns: what a finished
    run left behind. Those of tests running beside this one (pytest -n) have a live owner."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            cmdline = _cmdline(int(entry.name))
            if (b"harness.py" in cmdline or cmdline.startswith(b"bwrap")) and not _owned(int(entry.name)):
                pids.add(int(entry.name))
    return pids


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _owned(pid: int) -> bool:
    """Whether an ancestor is a running pytest or grader process."""
    for _ in range(64):
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if pid <= 1:
            return False
        if any(name in _cmdline(pid) for name in (b"pytest", b"grader")):
            return True
    return False


class Listener:
    """A TCP port on 127.0.0.1 that counts connections (none may arrive)."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stopped = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopped:
            try:
                connection, _ = self.socket.accept()
                self.connections += 1
                connection.close()
            except OSError:
                pass

    def stop(self):
        self.stopped = True
        self.thread.join()
        self.socket.close()


def make_course(root: Path) -> TinyBank:
    bank = TinyBank(root / "bank")
    spec = yaml.safe_load((PROBLEMS / "code" / "matmul.yaml").read_text())
    spec.pop("timing")
    spec["limits"] = {"call_seconds": CALL_SECONDS, "total_seconds": 20}
    bank.write("matmul.yaml", spec)
    bank.write("assignments/hw.yaml", {"id": "hw", "title": "HW", "seed": 1, "problems": [
        {"id": "dot", "points": 2}, {"id": "pick", "points": 1}, {"id": "matmul", "points": 5}]})
    return bank


def write_attacks(subs: Path, victim: Path, substitutions: dict[str, str]) -> None:
    prelude = (HOSTILE / "prelude.py").read_text()
    for name in CODE_ATTACKS:
        source = prelude + "\n\n" + (HOSTILE / f"{name}.py").read_text()
        for token, value in substitutions.items():
            source = source.replace(token, value)
        (subs / name).mkdir()
        (subs / name / "solution.py").write_text(source)
    (subs / "symlinks").mkdir()
    for file in ("answers.yaml", "solution.py"):
        (subs / "symlinks" / file).symlink_to(victim / file)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                                                             for p, c in zip("abcdefgh", "bcdefghi"))
    (subs / "yaml_alias_bomb").mkdir()
    (subs / "yaml_alias_bomb" / "answers.yaml").write_text(bomb + "dot: *i\n")
    (subs / "yaml_huge").mkdir()
    (subs / "yaml_huge" / "answers.yaml").write_text("dot: [" + "1, " * 2_000_000 + "1]\n")
    (subs / "yaml_deep").mkdir()
    (subs / "yaml_deep" / "answers.yaml").write_text("dot: " + "[" * 2000 + "]" * 2000 + "\n")
    (subs / "notebook_deep").mkdir()
    (subs / "notebook_deep" / "assignment.ipynb").write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    shutil.copytree(victim, subs / "another_students_folder")
    (subs / "=SUM(1+1)").mkdir()
    (subs / "=SUM(1+1)" / "answers.yaml").write_text("dot: 1\n")


@pytest.fixture(scope="module", params=["bwrap", "uid"])
def graded(request, tmp_path_factory):
    """Grade the honest submission, then every attack beside it; return what the tests inspect."""
    isolation = request.param
    available(isolation)
    root = tmp_path_factory.mktemp(f"hostile-{isolation}")
    bank = make_course(root)
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    # uid 65534 reads what any user may: the instructors' references are closed to others meanwhile.
    reference_mode = (ROOT / "reference").stat().st_mode
    (ROOT / "reference").chmod(reference_mode & ~0o007)
    try:
        yield grade_all(isolation, bank, subs, out)
    finally:
        (ROOT / "reference").chmod(reference_mode)


def grade_all(isolation: str, bank: TinyBank, subs: Path, out: Path) -> dict:
    assert run_grader("solve", bank.assignment, "--out", subs / "victim", "--student", "victim").returncode == 0
    first = run_grader("grade", bank.assignment, subs / "victim", "--out", out, "--isolation", isolation, "--no-progress")
    assert first.returncode == 0, first.stderr
    victim_rows = gradebook_rows(out, "victim")
    assert victim_rows[0][5] == victim_rows[0][6] == 8  # full marks: the honest submission is graded right

    listener = Listener()
    write_attacks(subs, subs / "victim", {"@@OUT@@": str(out), "@@REPO@@": str(ROOT), "@@BANK@@": str(bank.root),
                                          "@@SUBS@@": str(subs), "@@PORT@@": str(listener.port),
                                          "@@SITE@@": str(site_dirs()[0].parent)})
    protected = [ROOT / "grader", ROOT / "reference", bank.root, subs / "victim"]
    before = tree_digest(*protected), markers(), sandbox_processes()
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "grader", "grade", str(bank.assignment), str(subs), "--out", str(out), "-j", "2",
                          "--isolation", isolation, "--no-progress", "--unrestricted-python"], capture_output=True, text=True, timeout=600,
                         env=os.environ | {"GRADER_HOSTILE_SECRET": "s3cret"})
    seconds = time.monotonic() - start
    time.sleep(0.5)
    listener.stop()
    after = tree_digest(*protected), markers(), sandbox_processes()
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open())}
    feedback = {name: {t["name"].split(":")[0]: t["output"] for t in json.loads((out / "results" / name / "results.json").read_text())["tests"]}
                for name in os.listdir(out / "results")}
    for path in after[1] - before[1]:
        Path(path).unlink(missing_ok=True)
    return {"run": run, "seconds": seconds, "rows": rows, "feedback": feedback, "out": out, "before": before, "after": after,
            "victim_rows": victim_rows, "listener": listener, "isolation": isolation}


def gradebook_rows(out: Path, name: str) -> list[tuple]:
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        submission = db.execute("SELECT name, student, content_hash, grader_version, selection, total, max_total, error "
                                "FROM submissions WHERE name = ?", (name,)).fetchall()
        grades = db.execute("SELECT * FROM grades WHERE name = ? ORDER BY position", (name,)).fetchall()
        return submission + grades
    finally:
        db.close()


def test_the_grader_survives_and_grades_every_submission(graded):
    run = graded["run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"graded {len(CODE_ATTACKS) + len(FOLDER_ATTACKS)}," in run.stdout
    assert set(graded["rows"]) == {"victim", *CODE_ATTACKS, *FOLDER_ATTACKS} - {"=SUM(1+1)"} | {"'=SUM(1+1)"}


def test_nothing_outside_is_touched(graded):
    (digest_before, markers_before, _), (digest_after, markers_after, _) = graded["before"], graded["after"]
    assert digest_after == digest_before, "the package, the bank or another submission changed"
    assert markers_after == markers_before, f"files written outside the sandbox: {markers_after - markers_before}"
    assert graded["listener"].connections == 0, "a submission reached a TCP port on this machine"


def test_no_process_of_the_run_is_left(graded):
    assert graded["after"][2] - graded["before"][2] == set()


def test_the_honest_submission_is_untouched(graded):
    assert gradebook_rows(graded["out"], "victim") == graded["victim_rows"]
    assert graded["rows"]["victim"]["total"] == "8"
    assert json.loads((graded["out"] / "results" / "victim" / "results.json").read_text())["score"] == 8


@pytest.mark.parametrize("attack", CODE_ATTACKS)
def test_a_code_attack_earns_nothing(graded, attack):
    row = graded["rows"][attack]
    assert row["total"] == "0", f"{attack} earned {row['total']}: {graded['feedback'][attack]['matmul']}"
    assert graded["feedback"][attack]["matmul"], "every attack gets a reason"


def test_feedback_carries_no_text_the_code_chose(graded):
    assert re.search(r"hidden case \d+ \(.*\): AllTestsPass raised \(solution.py line \d+\)$", graded["feedback"]["forged_message"]["matmul"])
    for attack in ("echo_bank", "forged_message"):
        text = graded["feedback"][attack]["matmul"]
        assert "full marks" not in text and "solution" not in text.replace("solution.py", ""), text


def test_an_infinite_loop_costs_one_time_out(graded):
    db = sqlite3.connect(graded["out"] / "gradebook.sqlite")
    (seconds,) = db.execute("SELECT seconds FROM grades WHERE name = 'infinite_loop' AND problem = 'matmul'").fetchone()
    assert seconds < CALL_SECONDS + 3
    assert "took longer than 2 s" in graded["feedback"]["infinite_loop"]["matmul"]
    assert "not run: an earlier call stopped the process" in graded["feedback"]["ignore_signals"]["matmul"]


def test_symbolic_links_are_not_followed(graded):
    feedback = graded["feedback"]["symlinks"]
    assert graded["rows"]["symlinks"]["total"] == "0"
    assert "answers.yaml is a symbolic link" in feedback["dot"] and "solution.py is a symbolic link" in feedback["matmul"]


@pytest.mark.parametrize("attack, message", [("yaml_alias_bomb", "answers.yaml line 1: anchors and aliases"),
                                             ("yaml_huge", "answers.yaml is larger than 1024 KB"),
                                             ("yaml_deep", "answers.yaml line 1: nested more than 32 levels deep")])
def test_bombs_in_answers_cost_only_their_submission(graded, attack, message):
    assert graded["rows"][attack]["total"] == "0"
    assert message in graded["feedback"][attack]["dot"]


def test_a_deeply_nested_notebook_is_refused_with_a_reason(graded):
    assert graded["rows"]["notebook_deep"]["total"] == "0"
    assert "assignment.ipynb could not be read" in graded["feedback"]["notebook_deep"]["matmul"]


def test_another_students_folder_is_graded_as_the_uploaders_own_and_flagged(graded):
    row = graded["rows"]["another_students_folder"]
    assert row["student"] == "another_students_folder"
    assert "handed in another student's folder (it is 'victim''s)" in row["review"]
    assert float(row["dot"]) == 0  # the victim's numbers do not answer the uploader's variant
    assert "another_students_folder" in graded["run"].stdout and "handed in another student's folder" in graded["run"].stdout
    assert "handed in another student's folder" in (graded["out"] / "summary.md").read_text()


def test_a_formula_for_a_name_is_not_a_formula_in_the_csv(graded):
    text = (graded["out"] / "grades.csv").read_text()
    assert "'=SUM(1+1)" in text and "\n=SUM" not in text and ",=SUM" not in text
