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
    graded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grades (
    name TEXT NOT NULL REFERENCES submissions(name) ON DELETE CASCADE, problem TEXT NOT NULL, position INTEGER NOT NULL,
    title TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL, feedback TEXT NOT NULL, mistake TEXT,
    seconds REAL NOT NULL, PRIMARY KEY (name, problem)
);
"""


@dataclass(frozen=True)
class Graded:
    name: str
    student: str
    content_hash: str
    selection: str
    results: list[ProblemResult]
    error: str | None
    seconds: float


class Gradebook:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def is_current(self, name: str, content_hash: str, version: str, selection: str) -> bool:
        row = self.db.execute("SELECT content_hash, grader_version, selection FROM submissions WHERE name = ?", (name,)).fetchone()
        return row == (content_hash, version, selection)

    def record(self, graded: Graded, version: str) -> None:
        with self.db:  # one transaction: all of a submission or nothing
            self.db.execute("DELETE FROM submissions WHERE name = ?", (graded.name,))
            self.db.execute(
                "INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (graded.name, graded.student, graded.content_hash, version, graded.selection,
                 sum(r.score for r in graded.results), sum(r.max_score for r in graded.results), graded.error,
                 graded.seconds, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            self.db.executemany(
                "INSERT INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(graded.name, r.problem_id, i, r.title, r.score, r.max_score, r.feedback, r.mistake, r.seconds)
                 for i, r in enumerate(graded.results)],
            )

    def names(self) -> list[str]:
        return [n for (n,) in self.db.execute("SELECT name FROM submissions ORDER BY name")]

    def submission(self, name: str) -> tuple[str, float, float, str | None]:
        return self.db.execute("SELECT student, total, max_total, error FROM submissions WHERE name = ?", (name,)).fetchone()

    def results(self, name: str) -> list[ProblemResult]:
        rows = self.db.execute("SELECT problem, title, score, max_score, feedback, mistake, 1, seconds FROM grades "
                               "WHERE name = ? ORDER BY position", (name,))
        return [ProblemResult(*row[:6], bool(row[6]), row[7]) for row in rows]

    def problems(self) -> list[str]:
        rows = self.db.execute("SELECT problem, MIN(position) FROM grades GROUP BY problem ORDER BY MIN(position)")
        return [p for p, _ in rows]
