"""The grader's own templates (handouts, workflows, feedback, the dashboard): one jinja2 setup.
Instructors' prompt templates are rendered elsewhere, in a sandboxed environment (grader.latex)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def template(package: str, name: str) -> Any:
    """``name`` from ``package``'s ``templates/`` folder; HTML templates are autoescaped."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader(package, "templates"), undefined=jinja2.StrictUndefined,
                             autoescape=jinja2.select_autoescape(["html.j2"]), keep_trailing_newline=True, trim_blocks=True)
    return env.get_template(name)
