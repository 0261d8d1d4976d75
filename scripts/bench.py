"""Benchmarks, written to docs/benchmarks.md: `python scripts/bench.py [--quick]` (`make bench`).

1. `grader check` wall time on the default assignment (interpreter start included), full and
   without the two timed problems, side by side with a bare interpreter start, interleaved.
2. The cost of isolation: one sandbox run (start, load, one call) under each isolation, and one
   graded submission with and without it, interleaved.
3. Batch grading of a class's submissions with two workers, 500 without and 500 with the
   timed problems.
4. The timing method: for matmul and conv2d, four implementations (triple loop, row loop,
   vectorized, and the reference itself) timed through the real sandbox, 5 runs with the
   machine idle and 5 with the other core busy; the ratio each run reports and their spread.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from grader import sandbox
from grader.sandbox.isolation import Isolation, best, bwrap_works, uid_works
from grader.spec.bank import load_bank
from grader.timing import measure, score

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "problems" / "assignments" / "default.yaml"
OUT = ROOT / "docs" / "benchmarks.md"

MATMUL = {
    "triple loop": """
def matmul(A, B):
    n, k = A.shape
    m = B.shape[1]
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            for t in range(k):
                C[i, j] += A[i, t] * B[t, j]
    return C
""",
    "row loop": """
def matmul(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        C[i] = (A[i][:, None] * B).sum(axis=0)
    return C
""",
    "vectorized (model solution)": None,
    "reference (np.matmul itself)": "def matmul(A, B):\n    return np.matmul(A, B)\n",
}
CONV = {
    "naive loops": """
def conv2d(x, w, b, stride, padding):
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(n):
        for o in range(f):
            for y in range(oh):
                for z in range(ow):
                    total = b[o]
                    for ch in range(c):
                        for p in range(kh):
                            for q in range(kw):
                                total += x[i, ch, y * stride + p, z * stride + q] * w[o, ch, p, q]
                    out[i, o, y, z] = total
    return out
""",
    "loop over output positions": """
def conv2d(x, w, b, stride, padding):
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, f, oh, ow))
    for y in range(oh):
        for z in range(ow):
            window = x[:, None, :, y * stride : y * stride + kh, z * stride : z * stride + kw]
            out[:, :, y, z] = (window * w[None]).sum(axis=(2, 3, 4))
    return out + b[None, :, None, None]
""",
    "vectorized (model solution)": None,
}


def timed_ratio(problem, source: str) -> tuple[float | None, float, str]:
    """One timing run, as grading does it, under the strongest isolation here (the from-scratch
    rules are off: the reference rows call NumPy's own functions)."""
    start = time.perf_counter()
    measured = measure(problem.timing, "import numpy as np\n" + source, problem.function, 1024, 1, problem.max_rel_error)
    outcome = score(problem.timing, measured)
    return outcome.ratio, time.perf_counter() - start, outcome.band


def spread(values: list[float]) -> str:
    mid = statistics.median(values)
    return f"±{(max(values) - min(values)) / 2 / mid * 100:.1f}%"


def bench_timing(runs: int) -> list[str]:
    bank = load_bank(ROOT / "problems")
    lines = ["## Timing of the matmul and conv cores", "",
             f"Each row: the median ratio (student CPU time / reference CPU time, both read from /proc outside the processes) "
             f"reported by one grading run, over {runs} runs idle and {runs} runs with the other core busy (a spinning process "
             "pinned to it); spread = half the range over the median; s per run = wall time of one timing, both sandboxes "
             f"included. Isolation: {best().value}. The bands each core is scored on follow.", "",
             "| core | implementation | ratio, idle (median of runs) | spread idle | ratio, loaded | spread loaded | band | s per run |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for pid, impls in (("matmul", MATMUL), ("conv2d", CONV)):
        problem = bank.problems[pid]
        for name, source in impls.items():
            source = source or problem.solution
            idle = [timed_ratio(problem, source) for _ in range(runs)]
            hog = subprocess.Popen([sys.executable, "-c", "import os; os.sched_setaffinity(0, {0})\nwhile True: pass"])
            try:
                loaded = [timed_ratio(problem, source) for _ in range(runs)]
            finally:
                hog.kill()
            ri, rl = [r for r, _, _ in idle if r], [r for r, _, _ in loaded if r]
            cell = lambda rs: (f"{statistics.median(rs):.3g}×", spread(rs)) if rs else ("capped", "–")
            lines.append(f"| {pid} | {name} | {cell(ri)[0]} | {cell(ri)[1]} | {cell(rl)[0]} | {cell(rl)[1]} | "
                         f"{idle[0][2]} | {statistics.median(t for _, t, _ in idle + loaded):.1f} |")
        bands = ", ".join(f"≤ {b.max_ratio:g}× → {b.credit:.0%}" for b in problem.timing.bands)
        lines.append(f"| {pid} | bands | {bands}; slower → 0 | | | | | |")
    return lines + [""]


#: As on a student's machine: Python caches compiled modules (this sandbox's environment turns that off).
CACHED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CACHED)
    return time.perf_counter() - start


UNTIMED = "untimed"  # the default assignment without its two timed code problems


def untimed_assignment(folder: Path) -> Path:
    """The default assignment minus matmul and conv2d, as its own assignment file over the bundled bank."""
    spec = yaml.safe_load(DEFAULT.read_text())
    spec |= {"id": UNTIMED, "problems": [p for p in spec["problems"] if p["id"] not in ("matmul", "conv2d")]}
    spec.pop("total", None)
    path = folder / "assignments" / f"{UNTIMED}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def bench_check(runs: int) -> list[str]:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([py, "-m", "grader", "solve", DEFAULT, "--out", tmp / "key"], check=True, capture_output=True)
        untimed = untimed_assignment(tmp)
        subprocess.run([py, "-m", "grader", "solve", untimed, "--bank", ROOT / "problems", "--out", tmp / "untimed"], check=True, capture_output=True)
        floor_name, untimed_name = "python -c 'import numpy, yaml' (the floor of any check)", "grader check, the default assignment without its two timed problems"
        cases = {
            "python -c pass (interpreter start)": ([py, "-c", "pass"], "key"),
            floor_name: ([py, "-c", "import numpy, yaml"], "key"),
            untimed_name: ([py, "-m", "grader", "check"], "untimed"),
            "grader check, default assignment, all 29 problems (two timed)": ([py, "-m", "grader", "check"], "key"),
            "grader check -k 'not matmul and not conv2d' (through pytest, for -k)": ([py, "-m", "grader", "check", "-k", "not matmul and not conv2d"], "key"),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _name, (cmd, folder) in cases.items():
            wall(cmd, tmp / folder)  # warm: compiled modules cached, files in the page cache
        for _ in range(runs):
            for name, (cmd, folder) in cases.items():
                times[name].append(wall(cmd, tmp / folder))
        probe = "import sys; from grader.cli import main; main(['check']); print('torch' in sys.modules)"
        torch_loaded = subprocess.run([py, "-c", probe], cwd=tmp / "key", capture_output=True, text=True).stdout.strip().endswith("True")
    lines = ["## `grader check` wall time", "", f"{runs} interleaved runs each after one warm-up, answer-key folders, with Python's "
             "bytecode cache on (as on a student's machine).", "",
             "| command | median (s) | min (s) | max (s) |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {n} | {statistics.median(v):.3f} | {min(v):.3f} | {max(v):.3f} |" for n, v in times.items()]
    ratio = statistics.median(times[untimed_name]) / statistics.median(times[floor_name])
    lines += ["", f"Untimed `grader check` / `import numpy, yaml`: {ratio:.2f}× (medians; target ≤ 2×).", ""]
    lines += [f"torch imported by `grader check` on the default assignment: {'yes' if torch_loaded else 'no'}.", ""]
    return lines


NOTEBOOK_PROBE = """
import json, sys, time
import grader
times = {}
for name, call in [("check('softmax')", lambda: grader.check("softmax")), ("check_all()", grader.check_all)]:
    for attempt in ("first", "second"):
        start = time.perf_counter(); result = call(); times[f"{name}, {attempt}"] = time.perf_counter() - start
print(json.dumps({"times": times, "score": result.score, "torch": "torch" in sys.modules}))
"""


def bench_notebook(runs: int) -> list[str]:
    """What a notebook cell's check costs: in a fresh kernel-like process, each call's wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        key = Path(tmp) / "key"
        subprocess.run([sys.executable, "-m", "grader", "solve", DEFAULT, "--out", key], check=True, capture_output=True)
        probes = [json.loads(subprocess.run([sys.executable, "-c", NOTEBOOK_PROBE], cwd=key, capture_output=True, text=True,
                                            check=True).stdout) for _ in range(runs)]
    lines = ["## Checks from a notebook cell", "",
             f"`grader.check(...)` and `grader.check_all()` in one Python process (as in a kernel), answer-key folder of the "
             f"default assignment, {runs} processes; `check('softmax')` runs first, so its first call pays the imports.", "",
             "| call | median (s) | max (s) |", "| --- | ---: | ---: |"]
    for name in probes[0]["times"]:
        values = [p["times"][name] for p in probes]
        lines.append(f"| {name} | {statistics.median(values):.3f} | {max(values):.3f} |")
    lines += ["", f"Score of check_all(): {probes[0]['score']:g}; torch imported: {'yes' if probes[0]['torch'] else 'no'}.", ""]
    return lines


def bench_isolation(runs: int) -> list[str]:
    """One sandbox run (start, import, one call) per isolation, and one graded submission of the
    default assignment's untimed problems with and without isolation; interleaved."""
    modes = [Isolation.NONE] + [m for m, works in ((Isolation.BWRAP, bwrap_works), (Isolation.UID, uid_works)) if works()]
    source = "import numpy as np\ndef f(A, B):\n    return (A[:, :, None] * B[None, :, :]).sum(axis=1)\n"
    args = [np.ones((8, 8)), np.ones((8, 8))]
    per_run: dict[str, list[float]] = {m.value: [] for m in modes}
    for _ in range(runs):
        for mode in modes:
            sandbox.configure(sandbox.Policy(mode))
            start = time.perf_counter()
            assert sandbox.run(source, "f", [args]).calls[0].ok
            per_run[mode.value].append(time.perf_counter() - start)
    sandbox.configure(sandbox.Policy())
    per_submission: dict[str, list[float]] = {}
    reference = ROOT / "reference"
    mode = reference.stat().st_mode
    with tempfile.TemporaryDirectory() as tmp:  # a private copy of the bank: uid 65534 may not read it
        tmp = Path(tmp)
        shutil.copytree(ROOT / "problems", tmp / "problems")
        assignment = tmp / "problems" / "assignments" / "default.yaml"
        subprocess.run([sys.executable, "-m", "grader", "solve", assignment, "--student", "s", "--out", tmp / "s"], check=True, capture_output=True)
        flags = {"none": ["--no-isolation"], **{m.value: ["--isolation", m.value] for m in modes if m is not Isolation.NONE}}
        reference.chmod(mode & ~0o007)  # closed to others while uid 65534 runs, as the Gradescope setup does
        try:
            for _ in range(max(3, runs // 4)):
                for label, extra in flags.items():
                    cmd = [sys.executable, "-m", "grader", "grade", assignment, tmp / "s", "--out", tmp / f"out-{label}", "--regrade",
                           "--no-progress", "-k", "matmul or conv2d", *extra]
                    start = time.perf_counter()
                    subprocess.run(cmd, check=True, capture_output=True)
                    per_submission.setdefault(label, []).append(time.perf_counter() - start)
        finally:
            reference.chmod(mode)
    base_run, base_sub = statistics.median(per_run["none"]), statistics.median(per_submission["none"])
    lines = ["## The cost of isolation", "",
             f"Median of {runs} interleaved runs: one sandbox run (start the harness, import a solution, one call, end it), and "
             "`grader grade` of one submission's two code problems (matmul and conv2d, correctness and timing, "
             "interpreter start included; `-k 'matmul or conv2d'` also selects one quiz question).", "",
             "| isolation | one sandbox run (s) | vs none | one submission's code problems (s) | vs none |", "| --- | ---: | ---: | ---: | ---: |"]
    for mode in modes:
        run_s, sub_s = statistics.median(per_run[mode.value]), statistics.median(per_submission[mode.value])
        lines.append(f"| {mode.value} | {run_s:.3f} | {run_s / base_run:.2f}× | {sub_s:.2f} | {sub_s / base_sub:.2f}× |")
    return lines + [""]


def make_class(tmp: Path, n: int) -> Path:
    """n students from a roster; even ones hand in their key, odd ones a half-wrong copy."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("half_wrong", ROOT / "scripts" / "half_wrong.py")
    half_wrong = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(half_wrong)
    roster = tmp / "roster.csv"
    roster.write_text("id\n" + "".join(f"s{i:04d}\n" for i in range(n)))
    subprocess.run([sys.executable, "-m", "grader", "generate", DEFAULT, "--roster", roster, "--out", tmp / "class"], check=True, capture_output=True)
    subs = tmp / "submissions"
    subs.mkdir()
    for i in range(n):
        key = tmp / "class" / "keys" / f"s{i:04d}"
        if i % 2:
            half_wrong.main(DEFAULT, key, subs / f"s{i:04d}")
        else:
            key.rename(subs / f"s{i:04d}")
    return subs


def bench_batch(n_plain: int, n_timed: int) -> list[str]:
    lines = ["## Batch grading (`grader grade -j 2`)", "",
             "Submissions of the default assignment, one per roster student (half the key, half a half-wrong copy), "
             "graded into a fresh gradebook with two worker processes.", "",
             "| submissions | problems graded | wall (s) | per submission (s) | 500 submissions (s) |", "| ---: | --- | ---: | ---: | ---: |"]
    count = len(yaml.safe_load(DEFAULT.read_text())["problems"])
    for n, select, label in ((n_plain, "not matmul and not conv2d", f"{count - 3} (no timed problems; -k also drops quiz05_matmul_shape)"),
                             (n_timed, "", f"all {count}, both timed cores")):
        if not n:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            subs = make_class(tmp, n)
            cmd = [sys.executable, "-m", "grader", "grade", DEFAULT, subs, "--out", tmp / "out", "-j", "2", "--no-progress"]
            start = time.perf_counter()
            subprocess.run(cmd + (["-k", select] if select else []), check=True, capture_output=True)
            seconds = time.perf_counter() - start
        extrapolated = "" if n == 500 else " (extrapolated)"
        lines.append(f"| {n} | {label} | {seconds:.1f} | {seconds / n:.3f} | {seconds / n * 500:.0f}{extrapolated} |")
    return lines + [""]


def main() -> None:
    quick = "--quick" in sys.argv
    lines = ["# Benchmarks", "", f"Made by `python scripts/bench.py{' --quick' if quick else ''}` (`make bench`) on this project's "
             "2-core, 24 GiB machine; shared and noisy, hence ratios and interleaving.", ""]
    sandbox.configure(sandbox.Policy(best() or Isolation.NONE))
    lines += bench_check(3 if quick else 10)
    lines += bench_notebook(3 if quick else 10)
    lines += bench_isolation(8 if quick else 20)
    lines += bench_batch(100 if quick else 500, 20 if quick else 500)
    lines += bench_timing(2 if quick else 5)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
