"""Find the submissions under the paths an instructor names, and open each one safely.

A submission is a folder (with answers.yaml, solution.py, a notebook or .grader/), a ``.zip`` of
one, or a bare ``.ipynb``. A folder that is none of these holds submissions, one per entry.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from grader.code.source import SOLUTION
from grader.notebook import NOTEBOOK
from grader.submission import ANSWERS, META_DIR

MARKERS = (ANSWERS, SOLUTION, NOTEBOOK, META_DIR)
#: Unpacked size limit of a zipped submission.
MAX_UNZIPPED = 50 * 1024 * 1024
IGNORED = {"results.json", "__pycache__", ".ipynb_checkpoints", ".DS_Store"}


class BadSubmission(Exception):
    """The submission cannot be opened at all (a corrupt zip, say); every problem scores 0."""


@dataclass(frozen=True)
class Found:
    name: str
    path: Path

    def content_hash(self) -> str:
        """sha256 of what the student handed in: the file's bytes, or a folder's files and names."""
        digest = hashlib.sha256()
        if self.path.is_file():
            digest.update(self.path.read_bytes())
        else:
            files = (p for p in self.path.rglob("*") if p.is_file() and not p.is_symlink() and not IGNORED & set(p.relative_to(self.path).parts))
            for file in sorted(files):
                digest.update(file.relative_to(self.path).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
        return digest.hexdigest()


def is_submission(path: Path) -> bool:
    return path.suffix in (".zip", ".ipynb") and path.is_file() or path.is_dir() and any((path / m).exists() for m in MARKERS)


def find_submissions(paths: list[Path]) -> list[Found]:
    found: dict[str, Found] = {}
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist")
        entries = [path] if is_submission(path) else sorted(p for p in path.iterdir() if not p.name.startswith("."))
        for entry in entries:
            if entry.is_dir() or entry.suffix in (".zip", ".ipynb"):
                name = entry.stem if entry.is_file() else entry.name
                if name in found:
                    raise FileExistsError(f"two submissions are named {name!r}: {found[name].path} and {entry}")
                found[name] = Found(name, entry)
    return list(found.values())


@contextmanager
def opened(found: Found) -> Iterator[Path]:
    """A folder holding the submission's files: itself, or a temporary copy of the zip or notebook."""
    if found.path.is_symlink():
        raise BadSubmission(f"{found.path.name} is a symbolic link; hand in the folder or file itself")
    if found.path.is_dir():
        yield found.path
        return
    scratch = Path(tempfile.mkdtemp(prefix="grader-submission-"))
    try:
        if found.path.suffix == ".ipynb":
            shutil.copyfile(found.path, scratch / NOTEBOOK)
            yield scratch
            return
        yield _unzip(found.path, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _unzip(path: Path, into: Path) -> Path:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_UNZIPPED:
                raise BadSubmission(f"{path.name} unpacks to more than {MAX_UNZIPPED // 2**20} MB")
            for member in members:
                target = (into / member.filename).resolve()
                if not str(target).startswith(str(into.resolve())):
                    raise BadSubmission(f"{path.name} holds a path outside the archive: {member.filename}")
            archive.extractall(into)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadSubmission(f"{path.name} is not a readable zip file ({exc})") from None
    entries = [p for p in into.iterdir() if p.name not in IGNORED and not p.name.startswith("__MACOSX")]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else into
