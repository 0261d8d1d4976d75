"""Gradescope's ``results.json``: https://gradescope-autograders.readthedocs.io/ (specification)."""

from __future__ import annotations

import json
from pathlib import Path

from grader.grading import ProblemResult


def results_json(results: list[ProblemResult], execution_time: float, output: str = "", after_published: frozenset[str] = frozenset()) -> dict:
    """``after_published``: problems with hidden tests, whose results students see once grades are published."""
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
                "visibility": "after_published" if r.problem_id in after_published else "visible",
                **({"tags": [r.mistake]} if r.mistake else {}),
            }
            for i, r in enumerate(results, start=1)
        ],
    }


def write_results_json(path: Path, results: list[ProblemResult], execution_time: float, output: str = "",
                       after_published: frozenset[str] = frozenset()) -> None:
    """Write atomically, so that an interrupted run never leaves half a file."""
    write_json(path, results_json(results, execution_time, output, after_published))


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def ensure_results(path: Path, status: int, log: Path) -> None:
    """Gradescope's last resort: keep a valid results.json, or write one that says what went wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("tests"), list):
            return
    except (OSError, ValueError):
        pass
    # run_autograder stops the grader with `timeout -s KILL`: 137 (124 from a plain timeout)
    reason = {124: "it took too long", 137: "it took too long (or ran out of memory)"}.get(status, f"the grader stopped with exit status {status}")
    tail = log.read_text(encoding="utf-8", errors="replace")[-1500:] if log.is_file() else ""
    write_json(path, {"score": 0, "output": f"This submission could not be graded: {reason}. Please contact the course staff.",
                      "stdout_visibility": "hidden", "tests": [], "extra_data": {"log_tail": tail}})


if __name__ == "__main__":  # python -m grader.report.gradescope RESULTS STATUS LOG (run_autograder's fallback)
    import sys

    ensure_results(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
