"""Gradescope's ``results.json``: https://gradescope-autograders.readthedocs.io/ (specification)."""

from __future__ import annotations

import json
from pathlib import Path

from grader.grading import ProblemResult


def results_json(results: list[ProblemResult], execution_time: float, output: str = "") -> dict:
    return {
        "score": round(sum(r.score for r in results), 4),
        "execution_time": round(execution_time, 3),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": f"{r.problem_id}: {r.title}",
                "number": str(i),
                "score": r.score,
                "max_score": r.max_score,
                "status": "passed" if r.passed else "failed",
                "output": r.feedback,
                "visibility": "visible",
                **({"tags": [r.mistake]} if r.mistake else {}),
            }
            for i, r in enumerate(results, start=1)
        ],
    }


def write_results_json(path: Path, results: list[ProblemResult], execution_time: float, output: str = "") -> None:
    """Write atomically, so that an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results_json(results, execution_time, output), indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
