"""Grade a course's submissions into the gradebook, in parallel, resumably, then export."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from grader import __version__
from grader.batch.collect import find_submissions
from grader.batch.export import export_all
from grader.batch.gradebook import Gradebook, Graded
from grader.batch.worker import grade_one, pin_worker
from grader.spec.bank import load_assignment

GRADEBOOK = "gradebook.sqlite"


@dataclass
class BatchReport:
    graded: list[Graded] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # grader failures: not recorded, retried next run
    interrupted: bool = False


def grade_batch(assignment_file: Path, paths: list[Path], out: Path, *, workers: int = 1, regrade: bool = False,
                select: str = "", progress: bool = True) -> BatchReport:
    assignment = load_assignment(assignment_file)  # a bad spec stops here, before anything is written
    found = find_submissions(paths)
    book = Gradebook(out / GRADEBOOK)
    report = BatchReport()
    try:
        todo = []
        for item in found:
            digest = item.content_hash()
            if not regrade and book.is_current(item.name, digest, __version__, select):
                report.skipped.append(item.name)
            else:
                todo.append((item, digest))
        with _progress(progress, len(found), len(report.skipped)) as advance:
            for name, outcome in _run(str(assignment_file), todo, select, workers):
                if isinstance(outcome, Graded):
                    book.record(outcome, __version__)
                    report.graded.append(outcome)
                else:
                    report.failed[name] = outcome
                advance()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        export_all(book, assignment, out)
        book.close()
    return report


def _run(assignment_file: str, todo, select: str, workers: int):
    """Yield (name, Graded or the reason grading failed), as submissions finish."""
    if workers <= 1:
        for item, digest in todo:
            try:
                yield item.name, grade_one(assignment_file, item, digest, select)
            except Exception as exc:  # a grader bug on one submission must not stop the batch
                yield item.name, f"{type(exc).__name__}: {exc}"
        return
    counter = multiprocessing.Value("i", 0)
    with ProcessPoolExecutor(workers, initializer=pin_worker, initargs=(counter,)) as pool:
        futures: dict[Future, str] = {pool.submit(grade_one, assignment_file, item, digest, select): item.name for item, digest in todo}
        try:
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except Exception as exc:
                    yield futures[future], f"{type(exc).__name__}: {exc}"
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class _progress:
    """A rich progress bar on stderr (or nothing); yields a callable that advances it."""

    def __init__(self, enabled: bool, total: int, done: int):
        self.enabled, self.total, self.done = enabled, total, done

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(), transient=False)
        self.bar.start()
        task = self.bar.add_task("grading", total=self.total, completed=self.done)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()
        return False
