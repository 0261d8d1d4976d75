"""Reading files a student controls: never through a symbolic link, never more than a limit,
and YAML without anchors, aliases or deep nesting, so a crafted file costs only its own
submission, with a reason, and never the grader's time or memory."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import yaml

#: answers.yaml is a few kilobytes; solution.py a few; a notebook with outputs can be larger.
MAX_TEXT = 1024 * 1024
MAX_NOTEBOOK = 20 * 1024 * 1024
MAX_DEPTH = 32


class UntrustedFileError(ValueError):
    """A student's file that is not read, with the reason the student sees."""


def read_text(path: Path, limit: int = MAX_TEXT) -> str:
    """The text of a regular file (not a link, not a device), at most ``limit`` bytes."""
    try:
        info = path.lstat()
    except OSError:
        raise FileNotFoundError(path) from None
    if stat.S_ISLNK(info.st_mode):
        raise UntrustedFileError(f"{path.name} is a symbolic link; hand in the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise UntrustedFileError(f"{path.name} is not a regular file")
    if info.st_size > limit:
        raise UntrustedFileError(f"{path.name} is larger than {limit // 1024} KB")
    with open(path, "rb") as f:
        return f.read(limit + 1)[:limit].decode("utf-8", errors="replace")


def yaml_hazard(text: str) -> tuple[int, str] | None:
    """The line and nature of the first anchor, alias or too-deep nesting, scanning events (which
    neither expands aliases nor recurses): an alias bomb of 1 KB could otherwise take minutes and
    gigabytes, and deep nesting overflows the stack of a recursive reader."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return line, "anchors and aliases (& and *) are not allowed"
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def load_yaml(text: str, name: str) -> Any:
    """YAML as plain data, refusing what :func:`yaml_hazard` finds."""
    hazard = yaml_hazard(text)
    if hazard:
        raise UntrustedFileError(f"{name} line {hazard[0]}: {hazard[1]}")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
