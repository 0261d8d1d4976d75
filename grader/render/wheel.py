"""The wheel of this very grader, for a student folder: ``pip install`` it and ``grader check`` runs.

It holds the ``grader`` package only (a student folder checks against locked answers and never
needs the references or the bank), with the dependencies and the ``grader`` command of the
installed distribution. Built from the package's own files, so it works wherever the grader is
installed (a checkout, a site-packages, the Gradescope bundle) without build tools or a network.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
from functools import lru_cache
from pathlib import Path

from grader import __version__
from grader.archive import zip_bytes

DISTRIBUTION = "dl-math-grader"
PACKAGE = Path(__file__).resolve().parent.parent
WHEEL_NAME = f"{DISTRIBUTION.replace('-', '_')}-{__version__}-py3-none-any.whl"


def _requirements() -> list[str]:
    """What the installed distribution requires, without its extras (PyTorch, test tools)."""
    try:
        requires = importlib.metadata.distribution(DISTRIBUTION).requires or []
    except importlib.metadata.PackageNotFoundError:  # running from a bare checkout
        requires = []
    return [r for r in requires if "extra ==" not in r]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


@lru_cache(maxsize=1)
def build_wheel() -> bytes:
    """The wheel's bytes (the same bytes for the same sources)."""
    files: dict[str, bytes] = {
        f"grader/{path.relative_to(PACKAGE).as_posix()}": path.read_bytes()
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    info = f"{DISTRIBUTION.replace('-', '_')}-{__version__}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {DISTRIBUTION}", f"Version: {__version__}",
                "Summary: Autograder for deep-learning math courses (student edition: checks a student folder)",
                "Requires-Python: >=3.10", *(f"Requires-Dist: {r}" for r in _requirements())]
    files[f"{info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: grader\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = b"[console_scripts]\ngrader = grader.cli:main\n"
    record = [_record_line(name, data) for name, data in sorted(files.items())] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    return zip_bytes(files)
