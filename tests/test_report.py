"""`grader report`: the course report from the gradebook, without regrading — the LMS file with
the roster's columns, one feedback file per student, and a dashboard whose charts render in a
real headless browser."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest
from conftest import run_grader
from test_batch import course, make  # noqa: F401  (the tiny course fixture and its helper)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture
def reported(course, tmp_path):  # noqa: F811
    bank, key, subs = course
    first = make(subs, key, "kim2", answers="dot: 0\npick: a\n")
    for path in first.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # handed in earlier: the later "kim" counts
    make(subs, key, "kim")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,email,lms_id,aliases\nkim,Kim Lee,kim@uni.edu,4711,kim2\n")
    out = tmp_path / "out"
    assert run_grader("grade", bank.assignment, subs, "--out", out, "--no-progress", "--roster", roster).returncode == 0
    (out / "lms.csv").unlink()
    run = run_grader("report", bank.assignment, "--out", out, "--roster", roster)
    assert run.returncode == 0, run.stderr
    return out, run


def test_the_report_is_rewritten_from_the_gradebook(reported):
    out, run = reported
    assert f"the dashboard: {out / 'dashboard.html'}" in run.stdout
    lms = list(csv.reader((out / "lms.csv").open()))
    assert lms[0] == ["Student", "ID", "SIS User ID", "Email address", "HW (6)"]
    assert lms[1:] == [["Kim Lee", "4711", "kim", "kim@uni.edu", "6"]]  # one row: kim's latest on-time submission counts
    rows = {r["submission"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["kim"]["name"] == "Kim Lee" and rows["kim"]["email"] == "kim@uni.edu" and rows["kim"]["lms_id"] == "4711"
    markdown = (out / "feedback" / "kim.md").read_text()
    assert "| dot | 2 / 2 |" in markdown and "**6 / 6**" in markdown
    assert "<td>dot</td>" in (out / "feedback" / "kim.html").read_text()


def test_the_dashboard_renders_its_charts_in_a_browser(reported, tmp_path):
    if CHROMIUM is None:
        message = "no chromium here: apt-get install chromium (scripts/setup_tools.sh does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out, _ = reported
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    url = (out / "dashboard.html").as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert dom.count('<figure class="chart">') == 4 and dom.count("<svg") >= 4
    for caption in ("Score histogram", "Per problem: mean and discrimination", "Most frequent named mistakes", "Timing ratios"):
        assert caption in dom
    shot = tmp_path / "dashboard.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1000,2400", f"--screenshot={shot}", url], capture_output=True, timeout=120)
    assert shot.stat().st_size > 30_000  # a page of drawn charts, not a blank one
