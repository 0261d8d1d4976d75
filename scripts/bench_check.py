"""Benchmark: wall time of `grader check` on the default assignment, interpreter start included.

Runs the key folder and a blank folder side by side, interleaved, against the bare interpreter
start, and writes the numbers to docs/benchmarks.md. Usage: python scripts/bench_check.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "problems" / "assignments" / "default.yaml"
OUT = ROOT / "docs" / "benchmarks.md"


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 15) -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([py, "-m", "grader", "solve", DEFAULT, "--out", tmp / "key"], check=True, capture_output=True)
        subprocess.run([py, "-m", "grader", "generate", DEFAULT, "--out", tmp / "blank"], check=True, capture_output=True)
        cases = {
            "python -c pass (interpreter start)": ([py, "-c", "pass"], tmp),
            "grader check, answer key (23 problems)": ([py, "-m", "grader", "check"], tmp / "key"),
            "grader check, blank folder": ([py, "-m", "grader", "check"], tmp / "blank"),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # interleaved, so drift in machine load hits every case alike
            for name, (cmd, cwd) in cases.items():
                times[name].append(wall(cmd, cwd))
        probe = "import sys; from grader.cli import main; main(['check']); print('torch' in sys.modules)"
        torch_loaded = subprocess.run([py, "-c", probe], cwd=tmp / "key", capture_output=True, text=True).stdout.strip().endswith("True")
    lines = [
        "# Benchmarks",
        "",
        f"`python scripts/bench_check.py {runs}` (`make bench`), {runs} interleaved runs each, on this project's 2-core machine.",
        "",
        "| command | median (s) | min (s) | max (s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in times.items():
        lines.append(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    lines += ["", f"torch imported by `grader check` on the default assignment: {'yes' if torch_loaded else 'no'}.", ""]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
