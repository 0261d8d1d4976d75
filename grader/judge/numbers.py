"""Read a submitted number, vector or matrix, and how precisely it was written."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import numpy as np


class AnswerFormatError(ValueError):
    """The submission cannot be read as the kind of value the problem asks for."""


def to_number(value: Any) -> float:
    """A submitted scalar: an int, a float, or a string such as ``"3/4"`` or ``"-1.5e-2"``."""
    if isinstance(value, bool):
        raise AnswerFormatError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(Fraction(value.strip().replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            raise AnswerFormatError(f"could not read {value!r} as a number{_hint(value)}") from None
    else:
        raise AnswerFormatError(f"expected a number, got {describe_value(value)}")
    if not math.isfinite(number):
        raise AnswerFormatError(f"{value!r} is not a finite number")
    return number


TUPLE = re.compile(r"^\s*\((.*)\)\s*$")
TIMES = re.compile(r"^\s*(\d+)\s*[x×]\s*(\d+)\s*$")
DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


def _hint(text: str) -> str:
    """How to write what the student meant: a list for a tuple or ``8x2``, a point for a comma."""
    if match := TUPLE.match(text):
        return f": write it as a list, [{match.group(1).strip()}]"
    if match := TIMES.match(text):
        return f": write it as a list, [{match.group(1)}, {match.group(2)}]"
    if DECIMAL_COMMA.match(text):
        return f": use a decimal point, {text.strip().replace(',', '.')}"
    return ""


def to_array(value: Any) -> np.ndarray:
    """A submitted scalar, vector (list) or matrix (list of rows) as a float array."""
    if isinstance(value, list):
        rows = [to_array(v) for v in value]
        shapes = {r.shape for r in rows}
        if len(shapes) > 1:
            raise AnswerFormatError("rows have different lengths: " + ", ".join(str(len(np.atleast_1d(r))) for r in rows))
        return np.array(rows, dtype=float) if rows else np.zeros(0)
    return np.array(to_number(value))


def significant_figures(value: float) -> int:
    """How many significant figures a written number carries: 0.0066 → 2, 12.5 → 3, 0 → 1."""
    mantissa = f"{abs(float(value)):.12g}".partition("e")[0]
    return max(len(mantissa.replace(".", "").lstrip("0")), 1)


def last_figure(got: np.ndarray, min_sigfigs: int) -> np.ndarray:
    """Entrywise, one unit of the last significant figure written, counting at least
    ``min_sigfigs`` (a number loses its trailing zeros on the way: 1.00 arrives as 1.0)."""
    got = np.asarray(got, dtype=float)
    written = np.vectorize(significant_figures, otypes=[int])(got) if got.size else np.zeros(got.shape, dtype=int)
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.where(got != 0, np.abs(got), 1.0)))
    return 10.0 ** (magnitude - np.maximum(written, min_sigfigs) + 1)


def as_written(got: np.ndarray, value: np.ndarray, min_sigfigs: int, units: float = 0.5, slack: Any = 0.0) -> np.ndarray:
    """Entrywise: is ``got`` ``value`` rounded as the student wrote it (see :func:`last_figure`),
    within ``units`` of the last figure plus ``slack``? A marker's reading of a rounded number, so
    that a named mistake or a carried-forward cell survives the rounding."""
    got, value = np.asarray(got, dtype=float), np.asarray(value, dtype=float)
    close = np.abs(got - value) <= (units * last_figure(got, min_sigfigs) + slack) * (1 + 1e-9)
    return np.where(got == 0, np.abs(value) <= slack, close)


def describe_shape(shape: tuple[int, ...]) -> str:
    if shape == ():
        return "a single number"
    if len(shape) == 1:
        return f"a vector of length {shape[0]}"
    if len(shape) == 2:
        return f"a {shape[0]}×{shape[1]} matrix"
    return "an array of shape " + "×".join(map(str, shape))


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
