"""Batch grading for a course: many submissions, worker processes, a resumable SQLite gradebook."""
