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

from grader.errors import BadInput
from grader.grading import ProblemResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    name TEXT PRIMARY KEY, student TEXT NOT NULL, content_hash TEXT NOT NULL, grader_version TEXT NOT NULL,
    selection TEXT NOT NULL, total REAL NOT NULL, max_total REAL NOT NULL, error TEXT, seconds REAL NOT NULL,
    graded_at TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', submitted_at TEXT, time_source TEXT
);
CREATE TABLE IF NOT EXISTS grades (
    name TEXT NOT NULL REFERENCES submissions(name) ON DELETE CASCADE, problem TEXT NOT NULL, position INTEGER NOT NULL,
    title TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL, feedback TEXT NOT NULL, mistake TEXT,
    seconds REAL NOT NULL, flag TEXT, PRIMARY KEY (name, problem)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS overrides (
    name TEXT NOT NULL, problem TEXT NOT NULL, score REAL NOT NULL, comment TEXT NOT NULL, author TEXT NOT NULL,
    at TEXT NOT NULL, PRIMARY KEY (name, problem)
);
"""
#: Columns added after the first release: (table, column, declaration), added to older files.
ADDED_COLUMNS = (("submissions", "flags", "TEXT NOT NULL DEFAULT ''"), ("grades", "flag", "TEXT"), ("submissions", "submitted_at", "TEXT"),
                 ("submissions", "time_source", "TEXT"))


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
    submitted_at: str | None = None
    time_source: str | None = None


class GradebookDamaged(BadInput):
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
                row for row in self.db.execute("SELECT name, problem, position, title, score, max_score, feedback, mistake, seconds, flag "
                                               "FROM grades WHERE name = ?", (graded.name,)) if row[1] not in fresh]
            self.db.execute("DELETE FROM submissions WHERE name = ?", (graded.name,))
            rows = kept + [(graded.name, r.problem_id, 0, r.title, r.score, r.max_score, r.feedback, r.mistake, r.seconds, r.flag)
                           for r in graded.results]
            rows = [row[:2] + (order.index(row[1]) if row[1] in order else len(order),) + row[3:] for row in rows]
            self.db.execute(
                "INSERT INTO submissions (name, student, content_hash, grader_version, selection, total, max_total, error, seconds, "
                "graded_at, flags, submitted_at, time_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (graded.name, graded.student, graded.content_hash, version, graded.selection,
                 sum(row[4] for row in rows), sum(row[5] for row in rows), graded.error,
                 graded.seconds, datetime.now(timezone.utc).isoformat(timespec="seconds"), "\n".join(graded.flags),
                 graded.submitted_at, graded.time_source),
            )
            self.db.executemany("INSERT INTO grades (name, problem, position, title, score, max_score, feedback, mistake, seconds, flag) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def set_isolation(self, isolation: str) -> None:
        """Remember how the last batch isolated student code, for exports made later (overrides)."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO settings VALUES ('isolation', ?)", (isolation,))

    def isolation(self) -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = 'isolation'").fetchone()
        return row[0] if row else "none"

    def names(self) -> list[str]:
        return [n for (n,) in self.db.execute("SELECT name FROM submissions ORDER BY name")]

    def submission(self, name: str) -> tuple[str, float, float, str | None]:
        """Student, total (overrides applied), maximum, and the error that kept it from being graded."""
        student, max_total, error = self.db.execute("SELECT student, max_total, error FROM submissions WHERE name = ?", (name,)).fetchone()
        return student, sum(r.score for r in self.results(name)), max_total, error

    def submitted(self, name: str) -> tuple[str | None, str | None]:
        return self.db.execute("SELECT submitted_at, time_source FROM submissions WHERE name = ?", (name,)).fetchone()

    def results(self, name: str) -> list[ProblemResult]:
        """Each problem's result, with an instructor's override (score and comment) in place of the grader's."""
        rows = self.db.execute("SELECT g.problem, g.title, coalesce(o.score, g.score), g.max_score, "
                               "g.feedback || coalesce(' [override by ' || o.author || ', ' || o.at || ': ' || o.comment || ']', ''), "
                               "g.mistake, 1, g.seconds, g.flag FROM grades g LEFT JOIN overrides o USING (name, problem) "
                               "WHERE g.name = ? ORDER BY g.position", (name,))
        return [ProblemResult(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], row[8]) for row in rows]

    def override(self, name: str, problem: str, score: float, comment: str, author: str) -> None:
        """Set one problem's score by hand, with a comment; kept across regrading (it has its own table)."""
        row = self.db.execute("SELECT max_score FROM grades WHERE name = ? AND problem = ?", (name, problem)).fetchone()
        if row is None:
            raise KeyError(f"no grade of problem {problem!r} for submission {name!r} in the gradebook")
        if not 0 <= score <= row[0]:
            raise ValueError(f"a score of {problem!r} must be between 0 and {row[0]:g}, not {score:g}")
        if not comment.strip():
            raise ValueError("an override needs a comment that says why")
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?, ?)",
                            (name, problem, score, comment.strip(), author, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def flags(self, name: str) -> list[str]:
        """Everything flagged for review in one submission: its own flags, then its problems'."""
        (own,) = self.db.execute("SELECT flags FROM submissions WHERE name = ?", (name,)).fetchone()
        problems = self.db.execute("SELECT problem, flag FROM grades WHERE name = ? AND flag IS NOT NULL ORDER BY position", (name,))
        return [f for f in own.split("\n") if f] + [f"{problem}: {flag}" for problem, flag in problems]
