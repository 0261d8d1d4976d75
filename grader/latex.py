"""Prompt templates: jinja2 with filters that typeset drawn numbers as LaTeX."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np


def num(value: Any) -> str:
    """A number as a student would write it: integers plain, others to 6 significant figures."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.6g}"


def latex(value: Any) -> str:
    """A scalar as a number; a vector as a row and a matrix as a ``bmatrix``."""
    array = np.asarray(value)
    if array.ndim == 0:
        return num(array)
    rows = [array] if array.ndim == 1 else array
    body = r" \\ ".join(" & ".join(num(x) for x in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def column(value: Any) -> str:
    """A vector typeset as a column."""
    return latex(np.asarray(value).reshape(-1, 1))


def seq(value: Any) -> str:
    """A vector as a comma-separated list, e.g. for data sets: ``2, 4, 4, 5``."""
    return ", ".join(num(x) for x in np.ravel(value))


@lru_cache(maxsize=1)
def _environment():
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    # Specs are data: a template reaches only the values and filters given to it, never Python
    # internals (''.__class__.__mro__ raises SecurityError), so a shared bank cannot run code.
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters.update(latex=latex, col=column, num=num, seq=seq)
    return env


def render_prompt(template: str, values: dict[str, Any]) -> str:
    """Fill a prompt template with a variant's values; undefined names raise ``jinja2.UndefinedError``."""
    return _environment().from_string(template).render(**values).strip()
