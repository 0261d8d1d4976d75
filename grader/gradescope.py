"""A Gradescope autograder bundle: setup.sh, run_autograder, the grader's own source, and the bank."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from grader.archive import zip_bytes
from grader.jinja import template
from grader.spec.bank import banks_for, load_assignment

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE_PARTS = ("grader", "reference")
#: Whole-submission time limit inside Gradescope (its own limit is set in the course settings).
TIMEOUT_SECONDS = 1200


def build_bundle(assignment_file: Path, out: Path, banks: Sequence[Path] = ()) -> list[str]:
    """Write the zip (files at its root, as Gradescope wants them); return the names written. The
    banks go in as ``banks/0``, ``banks/1``, … (their order kept) and the assignment file at the top."""
    banks = banks_for(assignment_file, banks)
    assignment = load_assignment(assignment_file, banks)  # a bad spec stops here
    name = Path(assignment_file).name
    context = {"title": assignment.spec.title, "assignment_file": name, "banks": [f"banks/{i}" for i in range(len(banks))],
               "timeout": TIMEOUT_SECONDS}
    files: dict[str, bytes] = {
        "setup.sh": template("grader.render", "setup.sh.j2").render(context).encode(),
        "run_autograder": template("grader.render", "run_autograder.sh.j2").render(context).encode(),
        "package/pyproject.toml": (PROJECT / "pyproject.toml").read_bytes(),
    }
    for part in PACKAGE_PARTS:
        for path in sorted((PROJECT / part).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"package/{path.relative_to(PROJECT).as_posix()}"] = path.read_bytes()
    for i, bank in enumerate(banks):
        for path in sorted(bank.rglob("*.yaml")):
            files[f"banks/{i}/{path.relative_to(bank).as_posix()}"] = path.read_bytes()
    files[name] = Path(assignment_file).read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(zip_bytes(files, executable=frozenset({"setup.sh", "run_autograder"})))
    tmp.replace(out)
    return list(files)
