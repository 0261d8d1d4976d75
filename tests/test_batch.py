"""Batch grading into the gradebook: bad submissions are recorded, runs resume, exports are valid."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from conftest import run_grader
from test_cli import GRADESCOPE_SCHEMA

from grader.batch.identity import roster_index
from grader.batch.run import grade_batch
from grader.roster import read_roster


@pytest.fixture
def course(tiny_course, tmp_path):
    """The tiny course, a key, and an empty folder of submissions."""
    key = tmp_path / "key"
    assert run_grader("solve", tiny_course.assignment, "--out", key, "--student", "kim").returncode == 0
    subs = tmp_path / "submissions"
    subs.mkdir()
    return tiny_course, key, subs


def roster_of(subs, path):
    """A roster on which every submission under ``subs`` is kim (the key's student), by alias."""
    path.write_text("id,aliases\nkim," + ";".join(sorted(p.stem for p in subs.iterdir())) + "\n")
    return path


def kim(subs, tmp_path):
    return roster_index(read_roster(roster_of(subs, tmp_path / "roster.csv")))


def make(subs, key, name, solution=None, answers=None):
    folder = shutil.copytree(key, subs / name)
    if solution is not None:
        (folder / "solution.py").write_text("import numpy as np\n\n" + solution)
    if answers is not None:
        (folder / "answers.yaml").write_text(answers)
    return folder


def test_bad_submissions_are_recorded_and_the_rest_is_graded(course, tmp_path):
    bank, key, subs = course
    make(subs, key, "good")
    make(subs, key, "crashes", solution="raise SystemExit(3)\n\ndef softmax(z):\n    return z\n")
    make(subs, key, "loops", solution="def softmax(z):\n    while True:\n        pass\n")
    (subs / "corrupt.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    zipped = make(tmp_path, key, "zipped_src")
    with zipfile.ZipFile(subs / "zipped.zip", "w") as archive:
        for file in zipped.rglob("*"):
            archive.write(file, f"zipped/{file.relative_to(zipped)}")
    shutil.copyfile(key / "assignment.ipynb", subs / "notebook_only.ipynb")
    out = tmp_path / "out"
    report = grade_batch(bank.assignment, [subs], out, workers=2, progress=False, roster=kim(subs, tmp_path))
    assert not report.failed and not report.interrupted and len(report.graded) == 6
    rows = {r["submission"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["good"]["total"] == rows["zipped"]["total"] == "6"
    assert rows["crashes"]["softmax_stable"] == "0" and rows["crashes"]["dot"] == "2"
    assert rows["loops"]["softmax_stable"] == "0" and rows["loops"]["pick"] == "1"
    assert rows["corrupt"]["total"] == "0" and "not a readable zip file" in rows["corrupt"]["error"]
    feedback = {name: {t["name"].split(":")[0]: t["output"] for t in json.loads((out / "results" / name / "results.json").read_text())["tests"]}
                for name in rows}
    assert "failed to import: called exit(); a function must return its result (solution.py line 3)" in feedback["crashes"]["softmax_stable"]
    assert "took longer than 1 s" in feedback["loops"]["softmax_stable"]
    assert feedback["notebook_only"]["softmax_stable"] == "correct"  # a bare notebook is graded like the module
    assert rows["notebook_only"]["softmax_stable"] == "3" and feedback["notebook_only"]["dot"] == "not answered"  # its answer cell is blank
    for name in rows:
        jsonschema.validate(json.loads((out / "results" / name / "results.json").read_text()), GRADESCOPE_SCHEMA)
    summary = (out / "summary.md").read_text()
    assert "6 submissions" in summary and "| softmax_stable | 3 |" in summary
    row = sqlite3.connect(out / "gradebook.sqlite").execute(
        "SELECT g.seconds, s.content_hash, s.grader_version FROM grades g JOIN submissions s USING (name) "
        "WHERE name = 'loops' AND problem = 'softmax_stable'").fetchone()
    assert row[0] >= 1 and len(row[1]) == 64 and row[2]  # the loop's 1 s timeout shows in its timing


def test_a_submissions_own_conftest_cannot_change_its_grades(course, tmp_path):
    """Editing the tests: a conftest.py that would pass everything is never loaded by grading."""
    bank, key, subs = course
    folder = make(subs, key, "cheat", answers="dot: 0\npick: a\n")
    (folder / "conftest.py").write_text(
        "import pytest\n\n@pytest.hookimpl(wrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
        "    report = yield\n    report.outcome = 'passed'\n    return report\n\n"
        "def pytest_sessionfinish(session):\n    open('results.json', 'w').write('{\"score\": 100}')\n")
    make(subs, key, "honest", answers="dot: 0\npick: a\n")
    report = grade_batch(bank.assignment, [subs], tmp_path / "out", progress=False, roster=kim(subs, tmp_path))
    totals = {g.name: sum(r.score for r in g.results) for g in report.graded}
    assert totals["cheat"] == totals["honest"] < 6


def test_rerun_regrades_only_what_changed(course, tmp_path):
    bank, key, subs = course
    for name in ("a", "b"):
        make(subs, key, name)
    out = tmp_path / "out"
    assert len(grade_batch(bank.assignment, [subs], out, progress=False).graded) == 2
    again = grade_batch(bank.assignment, [subs], out, progress=False)
    assert again.graded == [] and sorted(again.skipped) == ["a", "b"]
    (subs / "b" / "answers.yaml").write_text("dot: 0\npick: a\n")
    changed = grade_batch(bank.assignment, [subs], out, progress=False)
    assert [g.name for g in changed.graded] == ["b"]
    assert len(grade_batch(bank.assignment, [subs], out, regrade=True, progress=False).graded) == 2


def test_killed_midway_loses_nothing_and_regrades_nothing(course, tmp_path):
    bank, key, subs = course
    for i in range(12):
        make(subs, key, f"s{i:02d}")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader", "grade", str(bank.assignment), str(subs), "--out", str(out), "--no-progress",
           "--roster", str(roster_of(subs, tmp_path / "roster.csv"))]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    db = out / "gradebook.sqlite"
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.05)
        if db.exists():
            try:
                if sqlite3.connect(db).execute("SELECT COUNT(*) FROM submissions").fetchone()[0] >= 3:
                    break
            except sqlite3.Error:
                pass
    os.killpg(child.pid, signal.SIGKILL)  # like a power cut: no chance to clean up
    child.wait()
    connection = sqlite3.connect(db)
    before = dict(connection.execute("SELECT name, graded_at FROM submissions"))
    assert 3 <= len(before) < 12
    per_submission = dict(connection.execute("SELECT name, COUNT(*) FROM grades GROUP BY name"))
    assert set(per_submission) == set(before) and set(per_submission.values()) == {3}  # nothing half-written
    connection.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"graded {12 - len(before)}, unchanged and skipped {len(before)}" in rerun.stdout
    after = dict(sqlite3.connect(db).execute("SELECT name, graded_at FROM submissions"))
    assert len(after) == 12 and all(after[name] == stamp for name, stamp in before.items())


def test_bad_spec_stops_before_anything_is_written(course, tmp_path):
    bank, key, subs = course
    make(subs, key, "a")
    bank.write("dot.yaml", "id: dot\nkind: numeric\n")
    run = run_grader("grade", bank.assignment, subs, "--out", tmp_path / "out")
    assert run.returncode == 2 and "dot.yaml:1: title: required field is missing" in run.stderr
    assert not (tmp_path / "out").exists()


def test_grading_refuses_to_run_student_code_without_isolation(course, tmp_path, monkeypatch, capsys):
    """Where neither bubblewrap nor the uid fallback is available, `grader grade` stops before
    anything runs, says how to fix it, and `--no-isolation` is the only way past (said so in the summary)."""
    from grader import cli
    from grader.batch import run as batch_run

    bank, key, subs = course
    make(subs, key, "kim")
    monkeypatch.setattr(batch_run, "best", lambda: None)
    assert cli.main(["grade", str(bank.assignment), str(subs), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    error = capsys.readouterr().err
    assert "no way to isolate student code" in error and "apt-get install bubblewrap" in error
    assert not (tmp_path / "out").exists()
    assert cli.main(["grade", str(bank.assignment), str(subs), "--out", str(tmp_path / "out"), "--no-progress", "--no-isolation"]) == 0
    assert "student code ran WITHOUT isolation (--no-isolation)" in (tmp_path / "out" / "summary.md").read_text()


def test_grading_a_selection_keeps_every_other_grade(course, tmp_path):
    """`-k` regrades the selected problems and merges them: the gradebook, cell by cell, is the
    same but for the selected rows (and the submission's selection and time)."""
    bank, key, subs = course
    make(subs, key, "kim", answers="dot: 0\npick: a\n")
    out = tmp_path / "out"
    roster = kim(subs, tmp_path)
    grade_batch(bank.assignment, [subs], out, progress=False, roster=roster)
    db = sqlite3.connect(out / "gradebook.sqlite")
    before = db.execute("SELECT * FROM grades ORDER BY name, position").fetchall()
    (total_before,) = db.execute("SELECT total FROM submissions").fetchone()
    report = grade_batch(bank.assignment, [subs], out, progress=False, roster=roster, select="softmax_stable")
    assert [r.problem_id for r in report.graded[0].results] == ["softmax_stable"]
    after = db.execute("SELECT * FROM grades ORDER BY name, position").fetchall()
    assert [row for row in after if row[1] != "softmax_stable"] == [row for row in before if row[1] != "softmax_stable"]
    seconds = 8
    strip = lambda rows: [row[:seconds] + row[seconds + 1:] for row in rows if row[1] == "softmax_stable"]
    assert strip(after) == strip(before)  # the same answer grades the same, only its time differs
    assert db.execute("SELECT total, max_total, selection FROM submissions").fetchone() == (total_before, 6, "softmax_stable")
    assert next(csv.DictReader((out / "grades.csv").open()))["total"] == f"{total_before:g}"


@pytest.mark.parametrize("stop, jobs", [(signal.SIGINT, "2"), (signal.SIGTERM, "2"), (signal.SIGHUP, "2"), (signal.SIGTERM, "1")],
                         ids=["SIGINT", "SIGTERM", "SIGHUP", "SIGTERM-j1"])
def test_a_stopped_batch_ends_its_workers_and_sandboxes_keeps_what_is_graded_and_resumes(course, tmp_path, stop, jobs):
    bank, key, subs = course
    slow = "def softmax(z):\n    while True:\n        pass\n"  # each submission holds a sandbox for its 1 s time-out
    for i in range(5):
        make(subs, key, f"s{i}", solution=slow)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader", "grade", str(bank.assignment), str(subs), "--out", str(out), "--no-progress", "-j", jobs,
           "--roster", str(roster_of(subs, tmp_path / "roster.csv"))]
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db = out / "gradebook.sqlite"
    deadline = time.time() + 120
    while time.time() < deadline and not (_graded_at_least(db, 2) and _descendants(child.pid)):
        time.sleep(0.05)
    descendants = _descendants(child.pid)
    assert descendants, "the workers (or the sandbox) should be running"
    stopped = time.monotonic()
    child.send_signal(stop)
    _, err = child.communicate(timeout=30)
    assert time.monotonic() - stopped < 5, "every worker and sandbox stops within 5 s (the tests run two at a time)"
    assert child.returncode == 1 and "interrupted: the" in err and "run the same command again to resume" in err
    time.sleep(0.2)
    assert not [pid for pid in descendants if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"], "a worker or sandbox was left"
    kept = dict(sqlite3.connect(db).execute("SELECT name, graded_at FROM submissions"))
    assert 2 <= len(kept) < 5
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0 and f"graded {5 - len(kept)}, unchanged and skipped {len(kept)}" in rerun.stdout


def _graded_at_least(db, n: int) -> bool:
    if not db.exists():
        return False
    try:
        return sqlite3.connect(db).execute("SELECT COUNT(*) FROM submissions").fetchone()[0] >= n
    except sqlite3.Error:
        return False


def _descendants(pid: int) -> list[int]:
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_problems_with_submissions_are_on_screen(course, tmp_path):
    bank, key, subs = course
    make(subs, key, "kim")
    (subs / "broken.zip").write_bytes(b"PK\x03\x04 not a zip")
    empty = make(subs, key, "lee")
    (empty / "answers.yaml").unlink()
    (empty / "solution.py").unlink()
    (empty / "assignment.ipynb").unlink()
    run = run_grader("grade", bank.assignment, subs, "--out", tmp_path / "out", "--no-progress", "--roster", roster_of(subs, tmp_path / "r.csv"))
    assert "problems with submissions:" in run.stdout
    assert "could not be opened (corrupt or oversized zip, a link) (1): broken" in run.stdout
    assert "answers.yaml missing (1): lee" in run.stdout and "no solution.py or notebook (1): lee" in run.stdout


@pytest.mark.parametrize("damage", ["truncated", "bad header", "random bytes inside"])
def test_a_damaged_gradebook_is_named_and_rebuilt(course, tmp_path, damage):
    bank, key, subs = course
    make(subs, key, "kim")
    out = tmp_path / "out"
    cmd = ["grade", bank.assignment, subs, "--out", out, "--no-progress", "--roster", roster_of(subs, tmp_path / "r.csv")]
    assert run_grader(*cmd).returncode == 0
    book = out / "gradebook.sqlite"
    data = bytearray(book.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 3]
    elif damage == "bad header":
        data[:16] = b"not a database!!"
    else:
        data[4096:8192] = os.urandom(4096)
    book.write_bytes(bytes(data))
    run = run_grader(*cmd)
    assert run.returncode == 2 and "gradebook.sqlite is damaged" in run.stderr and "--rebuild" in run.stderr
    assert "Traceback" not in run.stderr
    rebuilt = run_grader(*cmd, "--rebuild")
    assert rebuilt.returncode == 0 and "graded 1," in rebuilt.stdout
    aside = [p for p in out.iterdir() if p.name.startswith("damaged-")]
    assert len(aside) == 1 and {p.name for p in aside[0].iterdir()} == {"gradebook.sqlite", "grades.csv", "summary.md", "results"}
    assert next(csv.DictReader((out / "grades.csv").open()))["total"] == "6"


def test_an_override_is_kept_across_regrading_and_shown(course, tmp_path):
    bank, key, subs = course
    make(subs, key, "kim", answers="dot: 0\npick: a\n")
    out = tmp_path / "out"
    roster = ["--roster", roster_of(subs, tmp_path / "roster.csv")]
    assert run_grader("grade", bank.assignment, subs, "--out", out, "--no-progress", *roster).returncode == 0
    before = next(csv.DictReader((out / "grades.csv").open()))
    assert before["dot"] == "0"
    set_it = run_grader("override", bank.assignment, "--out", out, "--submission", "kim", "--problem", "dot", "--score", "1.5",
                        "--comment", "right method, arithmetic slip", "--by", "ta_sam")
    assert set_it.returncode == 0, set_it.stderr
    for regrade in ([], ["--regrade"]):
        assert run_grader("grade", bank.assignment, subs, "--out", out, "--no-progress", *roster, *regrade).returncode == 0
        row = next(csv.DictReader((out / "grades.csv").open()))
        assert row["dot"] == "1.5" and float(row["total"]) == float(before["total"]) + 1.5
        dot = next(t for t in json.loads((out / "results" / "kim" / "results.json").read_text())["tests"] if t["name"].startswith("dot"))
        assert dot["score"] == 1.5 and "[override by ta_sam, " in dot["output"] and "right method, arithmetic slip]" in dot["output"]
    for bad, message in ((["--problem", "dot", "--score", "9"], "between 0 and 2"), (["--problem", "nope", "--score", "1"], "no grade of problem"),
                         (["--problem", "dot", "--score", "1", "--comment", " "], "needs a comment")):
        args = ["override", bank.assignment, "--out", out, "--submission", "kim", "--comment", "x", *bad]
        run = run_grader(*args)
        assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_deadline_late_penalty_and_which_submission_counts(course, tmp_path):
    """Two hand-ins of one student: the on-time one counts; the late one loses half a day's
    share; times come from the files (said so) or from Gradescope's metadata."""
    bank, key, subs = course
    bank.write("assignments/hw.yaml", {"id": "hw", "title": "HW", "seed": 1, "deadline": "2026-11-20T12:00:00+00:00", "grace_minutes": 30,
                                       "late_penalty": {"per_day": 0.25, "cap": 0.5}, "problems": [
                                           {"id": "dot", "points": 2}, {"id": "pick", "points": 1}, {"id": "softmax_stable", "points": 3}]})
    on_time, late = make(subs, key, "kim"), make(subs, key, "kim_late")
    stamp = lambda folder, iso: [os.utime(p, (t := datetime.fromisoformat(iso).timestamp(), t)) for p in folder.rglob("*") if p.is_file()]
    stamp(on_time, "2026-11-20T12:20:00+00:00")  # within the grace
    stamp(late, "2026-11-21T13:00:00+00:00")  # a day and a bit late: two started days
    out = tmp_path / "out"
    run = run_grader("grade", bank.assignment, subs, "--out", out, "--no-progress", "--roster", roster_of(subs, tmp_path / "r.csv"))
    assert run.returncode == 0, run.stderr
    rows = {r["submission"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["kim"]["late_days"] == "0" and rows["kim"]["total"] == "6" and rows["kim"]["counts"] == "yes"
    assert rows["kim_late"]["late_days"] == "2" and rows["kim_late"]["late_penalty"] == "0.5" and rows["kim_late"]["total"] == "3"
    assert rows["kim_late"]["counts"] == "no (superseded by kim)" and rows["kim"]["time_source"] == "file times"
    assert "late (1): kim_late" in run.stdout
    summary = (out / "summary.md").read_text()
    assert "Late: 1 submission(s): kim_late" in summary and "came from file times (a last resort) for 2." in summary
    roster = tmp_path / "times.csv"  # an LMS export with the hand-in time beats the file times
    roster.write_text("id,aliases,submitted_at\nkim,kim_late,2026-11-20T11:00:00+00:00\n")
    run = run_grader("grade", bank.assignment, subs, "--out", out, "--no-progress", "--roster", roster, "--regrade")
    rows = {r["submission"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["kim_late"]["late_days"] == "0" and rows["kim_late"]["time_source"] == "roster"


def test_the_submission_time_comes_from_gradescope_when_it_is_there(tmp_path):
    from grader.batch.identity import submission_time

    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "answers.yaml").write_text("dot: 1\n")
    (tmp_path / "submission_metadata.json").write_text(json.dumps({"created_at": "2026-11-20T11:59:00.123-07:00", "users": []}))
    assert submission_time(folder) == ("2026-11-20T11:59:00-07:00", "Gradescope")
