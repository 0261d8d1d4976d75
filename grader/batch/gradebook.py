"""The gradebook: one SQLite file, one row per submission and problem.

Each submission is written in one transaction (its problem rows and its summary row together),
so an interrupted run (Ctrl-C, kill, power loss) never leaves half a submission; a re-run skips
the submissions already graded from the same content by the same grader version.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.grading import ProblemResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    name TEXT PRIMARY KEY, student TEXT NOT NULL, content_hash TEXT NOT NULL, grader_version TEXT NOT NULL,
    selection TEXT NOT NULL, total REAL NOT NULL, max_total REAL NOT NULL, error TEXT, seconds REAL NOT NULL,
    graded_at TEXT NOT NULL, flags TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS grades (
    name TEXT NOT NULL REFERENCES submissions(name) ON DELETE CASCADE, problem TEXT NOT NULL, position INTEGER NOT NULL,
    title TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL, feedback TEXT NOT NULL, mistake TEXT,
    seconds REAL NOT NULL, flag TEXT, PRIMARY KEY (name, problem)
);
"""
#: Columns added after the first release: (table, column, declaration), added to older files.
ADDED_COLUMNS = (("submissions", "flags", "TEXT NOT NULL DEFAULT ''"), ("grades", "flag", "TEXT"))


@dataclass(frozen=True)
class Graded:
    name: str
    student: str
    content_hash: str
    selection: str
    results: list[ProblemResult]
    error: str | None
    seconds: float
    #: Reasons an instructor should look at the whole submission (identity, roster).
    flags: tuple[str, ...] = ()


class GradebookDamaged(Exception):
    """The gradebook file cannot be trusted (not SQLite, truncated, or failing its integrity check)."""


class Gradebook:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        try:
            (verdict,) = self.db.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(verdict)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.executescript(SCHEMA)
            for table, column, declaration in ADDED_COLUMNS:
                if column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise GradebookDamaged(f"{path} is damaged ({exc}): run the same command with --rebuild to regrade every "
                                   f"submission into a fresh gradebook (the damaged file and its exports are moved aside)") from None

    def close(self) -> None:
        self.db.close()

    def is_current(self, name: str, content_hash: str, version: str, selection: str) -> bool:
        row = self.db.execute("SELECT content_hash, grader_version, selection FROM submissions WHERE name = ?", (name,)).fetchone()
        return row == (content_hash, version, selection)

    def record(self, graded: Graded, version: str, order: list[str]) -> None:
        """Write one submission's grades; ``order`` is the assignment's problem ids. A graded
        selection (``-k``) replaces only its own problems: the other grades are kept."""
        with self.db:  # one transaction: all of a submission or nothing
            fresh = {r.problem_id for r in graded.results}
            kept = [] if not graded.selection else [
                row for row in self.db.execute("SELECT * FROM grades WHERE name = ?", (graded.name,)) if row[1] not in fresh]
            self.db.execute("DELETE FROM submissions WHERE name = ?", (graded.name,))
            rows = kept + [(graded.name, r.problem_id, 0, r.title, r.score, r.max_score, r.feedback, r.mistake, r.seconds, r.flag)
                           for r in graded.results]
            rows = [row[:2] + (order.index(row[1]) if row[1] in order else len(order),) + row[3:] for row in rows]
            self.db.execute(
                "INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (graded.name, graded.student, graded.content_hash, version, graded.selection,
                 sum(row[4] for row in rows), sum(row[5] for row in rows), graded.error,
                 graded.seconds, datetime.now(timezone.utc).isoformat(timespec="seconds"), "\n".join(graded.flags)),
            )
            self.db.executemany("INSERT INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def names(self) -> list[str]:
        return [n for (n,) in self.db.execute("SELECT name FROM submissions ORDER BY name")]

    def submission(self, name: str) -> tuple[str, float, float, str | None]:
        return self.db.execute("SELECT student, total, max_total, error FROM submissions WHERE name = ?", (name,)).fetchone()

    def results(self, name: str) -> list[ProblemResult]:
        rows = self.db.execute("SELECT problem, title, score, max_score, feedback, mistake, 1, seconds, flag FROM grades "
                               "WHERE name = ? ORDER BY position", (name,))
        return [ProblemResult(*row[:6], bool(row[6]), row[7], row[8]) for row in rows]

    def flags(self, name: str) -> list[str]:
        """Everything flagged for review in one submission: its own flags, then its problems'."""
        (own,) = self.db.execute("SELECT flags FROM submissions WHERE name = ?", (name,)).fetchone()
        problems = self.db.execute("SELECT problem, flag FROM grades WHERE name = ? AND flag IS NOT NULL ORDER BY position", (name,))
        return [f for f in own.split("\n") if f] + [f"{problem}: {flag}" for problem, flag in problems]
