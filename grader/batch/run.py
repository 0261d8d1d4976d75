"""Grade a course's submissions into the gradebook, in parallel, resumably, then export."""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import reference
from grader import __version__, sandbox
from grader.batch.collect import find_submissions
from grader.batch.export import export_all
from grader.batch.gradebook import Gradebook, Graded
from grader.batch.worker import grade_one, start_worker
from grader.roster import Student
from grader.sandbox.isolation import (
    INSTALL_HINT,
    Isolation,
    IsolationUnavailable,
    best,
    require,
)
from grader.spec.bank import banks_for, load_assignment

GRADEBOOK = "gradebook.sqlite"
#: The instructors' references: of no use to a student, but not theirs to read either.
REFERENCE = Path(reference.__file__).resolve().parent


@dataclass
class BatchReport:
    graded: list[Graded] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # grader failures: not recorded, retried next run
    interrupted: bool = False
    isolation: Isolation = Isolation.NONE
    #: Submissions past the deadline and grace.
    late: list[str] = field(default_factory=list)
    dashboard: Path | None = None


def sandbox_policy(isolation: Isolation | None, hidden: list[Path], restricted: bool = True) -> sandbox.Policy:
    """The batch's sandbox policy: the asked-for (or strongest available) isolation, hiding the
    bank, the outputs and the submissions from student code."""
    chosen = isolation or best()
    if chosen is None:
        raise IsolationUnavailable(f"no way to isolate student code on this machine: {INSTALL_HINT}")
    require(chosen)
    hidden = [Path(p).resolve() for p in hidden]
    if chosen is Isolation.UID:  # uid 65534 sees the file system as any other user: these must be closed to others
        exposed = [str(p) for p in hidden if p.exists() and not closed_to_others(p)]
        if exposed:
            raise IsolationUnavailable(f"isolation 'uid' runs student code as uid 65534, which could read {', '.join(exposed)}: "
                                       f"close them first (chmod -R o-rwx {' '.join(exposed)}), or install bubblewrap")
    return sandbox.Policy(chosen, tuple(hidden), restricted)


def closed_to_others(path: Path) -> bool:
    """Whether a user outside the owner and group can read ``path`` (a folder above it without o+x
    closes it; so does a file without o+r)."""
    folders = [path, *path.parents] if path.is_dir() else list(path.parents)
    if any(not folder.stat().st_mode & 0o001 for folder in folders):
        return True
    return path.is_file() and not path.stat().st_mode & 0o004


def grade_batch(assignment_file: Path, paths: list[Path], out: Path, *, workers: int = 1, regrade: bool = False,
                select: str = "", progress: bool = True, isolation: Isolation | None = None,
                roster: dict[str, Student] | None = None, restricted: bool = True, rebuild: bool = False,
                banks: Sequence[Path] = ()) -> BatchReport:
    """Grade every submission under ``paths``; student code runs under ``isolation`` (default: the
    strongest this machine gives; IsolationUnavailable when it gives none). SIGINT, SIGTERM and
    SIGHUP stop every worker and sandbox and keep what was graded. ``rebuild`` moves a (damaged)
    gradebook and its exports aside and grades everything into a fresh one."""
    banks = banks_for(assignment_file, banks)
    assignment = load_assignment(assignment_file, banks)  # a bad spec stops here, before anything is written
    found = find_submissions(paths)
    policy = sandbox_policy(isolation, [*banks, Path(assignment_file), out, *paths, REFERENCE], restricted)
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    if rebuild:
        move_aside(out)
    book = Gradebook(out / GRADEBOOK)
    report = BatchReport(isolation=policy.isolation)
    order = [p.id for p, _ in assignment.items]
    previous = {name: signal.signal(name, _interrupt) for name in STOP_SIGNALS}
    try:
        todo = []
        for item in found:
            digest = item.content_hash()
            if not regrade and book.is_current(item.name, digest, __version__, select):
                report.skipped.append(item.name)
            else:
                todo.append((item, digest))
        with _progress(progress, len(found), len(report.skipped)) as advance:
            for name, outcome in _run((str(assignment_file), tuple(map(str, banks))), todo, select, workers, policy, roster):
                if isinstance(outcome, Graded):
                    book.record(outcome, __version__, order)
                    report.graded.append(outcome)
                else:
                    report.failed[name] = outcome
                advance()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)
        report.late = [g.name for g in report.graded if assignment.spec.lateness(
            datetime.fromisoformat(g.submitted_at) if g.submitted_at else None)[0]]
        book.set_isolation(policy.isolation.value)
        report.dashboard = export_all(book, assignment, out, policy.isolation.value, roster)
        book.close()
    return report


#: Signals that stop a batch cleanly (Ctrl-C, `kill`, a closed terminal).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def move_aside(out: Path) -> Path | None:
    """Move the gradebook and everything exported from it into ``out/damaged-<time>/``."""
    exports = [out / GRADEBOOK, out / "grades.csv", out / "summary.md", out / "results"]
    present = [p for p in exports if p.exists()]
    if not present:
        return None
    aside = out / f"damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    aside.mkdir()
    for path in present:
        path.rename(aside / path.name)
    return aside


def _run(source: tuple[str, tuple[str, ...]], todo, select: str, workers: int, policy: sandbox.Policy, roster):
    """Yield (name, Graded or the reason grading failed), as submissions finish."""
    if workers <= 1:
        sandbox.configure(policy)
        for item, digest in todo:
            yield _grade_task((source, item, digest, select, roster))
        return
    counter = multiprocessing.Value("i", 0)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=start_worker, initargs=(counter, policy))
    try:
        tasks = [(source, item, digest, select, roster) for item, digest in todo]
        yield from pool.imap_unordered(_grade_task, tasks)
        pool.close()
    finally:
        pool.terminate()  # on an interruption: every worker now, and with it every sandbox
        pool.join()


def _grade_task(task) -> tuple[str, Graded | str]:
    (assignment_file, banks), item, digest, select, roster = task
    try:
        return item.name, grade_one(assignment_file, banks, item, digest, select, roster)
    except Exception as exc:  # a grader bug on one submission must not stop the batch
        return item.name, f"{type(exc).__name__}: {exc}"


class _progress:
    """A rich progress bar on stderr (or nothing); yields a callable that advances it."""

    def __init__(self, enabled: bool, total: int, done: int):
        self.enabled, self.total, self.done = enabled, total, done

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(), transient=False)
        self.bar.start()
        task = self.bar.add_task("grading", total=self.total, completed=self.done)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()
        return False
