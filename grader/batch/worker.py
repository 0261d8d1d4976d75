"""Grade one submission; runs in a worker process (or in-process for -j 1)."""

from __future__ import annotations

import os
import signal
import time
from functools import lru_cache
from pathlib import Path

from grader import sandbox
from grader.batch.collect import BadSubmission, Found, opened
from grader.batch.gradebook import Graded
from grader.batch.identity import identify
from grader.grading import ProblemResult
from grader.pytest_plugin import GradingJob, run_session
from grader.roster import Student
from grader.sandbox.isolation import die_with_parent
from grader.spec.bank import Assignment, load_assignment
from grader.submission import read_submission


@lru_cache(maxsize=4)
def _assignment(path: str, banks: tuple[str, ...]) -> Assignment:
    return load_assignment(Path(path), [Path(b) for b in banks])


def start_worker(counter, policy: sandbox.Policy) -> None:
    """Give each worker its own core (timed problems in parallel must not share one) and the
    batch's sandbox policy; it dies with the parent and leaves Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    die_with_parent()
    sandbox.configure(policy)
    with counter.get_lock():
        index = counter.value
        counter.value += 1
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if cpus:
        os.sched_setaffinity(0, {cpus[index % len(cpus)]})


def grade_one(assignment_file: str, banks: tuple[str, ...], found: Found, content_hash: str, select: str,
              roster: dict[str, Student] | None) -> Graded:
    start = time.perf_counter()
    assignment = _assignment(assignment_file, banks)
    try:
        with opened(found) as folder:
            identity = identify(found.name, found.path, folder, roster)
            job = GradingJob(assignment, read_submission(folder, identity.student, assignment), None, found.name)
            run_session([job], select)
            results, error = job.ordered_results(), None
    except BadSubmission as exc:
        identity = identify(found.name, found.path, found.path, roster)
        error = str(exc)
        results = [ProblemResult(p.id, p.title, 0.0, points, error, "unreadable") for p, points in assignment.items]
    return Graded(found.name, identity.student, content_hash, select, results, error, time.perf_counter() - start, identity.flags,
                  identity.submitted_at, identity.time_source)
