"""Read YAML into plain Python values while remembering the line of every key and item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader.untrusted import yaml_hazard

Loc = tuple  # a path of mapping keys and sequence indices, as pydantic reports it


@dataclass
class LocatedYaml:
    """A parsed YAML document plus the 1-based line where each path starts."""

    path: Path
    data: object
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


def parse_yaml(text: str, path: Path) -> LocatedYaml:
    """Parse one YAML document; raise :class:`YamlSyntaxError` with a line on bad syntax."""
    try:
        hazard = yaml_hazard(text)
        if hazard:
            raise YamlSyntaxError(*hazard)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, f"invalid YAML: {exc.problem or exc}") from None
    result = LocatedYaml(path=path, data=None)
    if node is None:
        return result
    result.data = _build(node, (), result.lines)
    return result


def read_yaml(path: Path) -> LocatedYaml:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(data[: exc.start].count(b"\n") + 1, f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})") from None
    return parse_yaml(text, path)


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> object:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in out:
                raise YamlSyntaxError(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _build(value_node, loc + (key,), lines)
            # A key's own line is more useful than where its value starts (a block below it).
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise YamlSyntaxError(node.start_mark.line + 1, "a mapping key must be a plain value")
    return _CONSTRUCTOR.construct_object(node)


_CONSTRUCTOR = yaml.SafeLoader("")
