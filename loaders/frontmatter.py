"""Debrief documents with line numbers: YAML front matter + Markdown narrative, YAML, JSON.

A reject that says ``DBR-KE-0001.md:23 [people[2].phones]`` lets an officer fix the
note, so the YAML is composed (``yaml.compose``) rather than just loaded: every
mapping and list built here remembers the file line of each of its items. The
narrative's line numbers are offset by the front matter, so mined mentions cite the
line of the file too.

Building the values from the composed nodes is also where YAML's hostile forms are
refused, as a malformed document (a reject naming the line), never a crash or a hang:
nesting deeper than ``yaml_depth``, aliases that expand past ``yaml_values`` values
(the "billion laughs"), and complex mapping keys (``? [a, b]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from casegraph.loaders import limits

__all__ = ["Document", "LineDict", "LineList", "read_document"]

# libyaml's parser when PyYAML was built with it (several times faster), same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE = re.compile("[\ud800-\udfff]")


class LineDict(dict):
    """A mapping that knows the file line of itself and of each key."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that knows the file line of itself and of each item."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


@dataclass
class Document:
    """The structured part of a debrief and its narrative, with line offsets."""

    data: LineDict
    narrative: str
    narrative_line: int  # file line of the narrative's first line
    line_by_line: bool = True  # False: the narrative is one quoted string, cite its key line
    # how a note without front matter was read (``plain_notes``), listed in the load summary
    conventions: dict[str, str] = field(default_factory=dict)

    def line(self, narrative_line: int) -> int:
        """The file line of a (1-based) line of the narrative."""
        return self.narrative_line + (narrative_line - 1 if self.line_by_line else 0)


class _Budget:
    """Depth and value count allowed while building one document."""

    def __init__(self) -> None:
        self.limits = limits.current()
        self.values = 0

    def spend(self, line: int, depth: int) -> None:
        self.values += 1
        if depth > self.limits.yaml_depth:
            raise yaml.YAMLError(f"line {line}: {limits.over('yaml_depth', depth, 'nesting')}")
        if self.values > self.limits.yaml_values:
            reason = limits.over("yaml_values", self.values, "values after expanding aliases")
            raise yaml.YAMLError(f"line {line}: {reason}")


def _build(
    node: yaml.Node, offset: int, constructor: SafeConstructor, budget: _Budget, depth: int = 0
) -> Any:
    line = node.start_mark.line + 1 + offset
    budget.spend(line, depth)
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.YAMLError(
                    f"line {key_node.start_mark.line + 1 + offset}: a key must be plain text,"
                    " not a list or mapping (`? [a, b]`)"
                )
            key = constructor.construct_object(key_node, deep=True)
            out[key] = _build(value_node, offset, constructor, budget, depth + 1)
            out.lines[key] = key_node.start_mark.line + 1 + offset
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LineList()
        items.line, items.lines = line, []
        for item in node.value:
            items.append(_build(item, offset, constructor, budget, depth + 1))
            items.lines.append(item.start_mark.line + 1 + offset)
        return items
    try:
        value = constructor.construct_object(node, deep=True)
    except ValueError:
        return node.value  # "2024-13-45" looks like a date but is not: the loader reports it
    if isinstance(value, str) and _SURROGATE.search(value):
        # JSON writes characters beyond the BMP as "\ud83d\ude00" pairs; YAML keeps halves.
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def parse_yaml(text: str, offset: int = 0) -> Any:
    """YAML (or JSON) text to LineDict/LineList values; yaml.YAMLError when malformed."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        # libyaml refuses a few things PyYAML reads (JSON's surrogate escapes); its
        # error is the one to report when both fail.
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except RecursionError:  # PyYAML's own composer recurses once per level
            raise yaml.YAMLError(
                limits.over("yaml_depth", "hundreds of levels", "nesting")
            ) from None
    if node is None:
        return None
    return _build(node, offset, SafeConstructor(), _Budget())


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, narrative, narrative's first line) of a Markdown note, or None."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ValueError("front matter opened with '---' on line 1 is never closed")


def read_document(suffix: str, text: str) -> Document | None:
    """The debrief document of a file, None when it is not one (no front matter / mapping).

    Raises ValueError (with the line when known) for a malformed document.
    """
    if suffix == ".md":
        parts = _split_front_matter(text)
        if parts is None:
            return None
        front, narrative, narrative_line = parts
        data = _parse(front, offset=1)
    else:
        # Tabs only ever indent JSON (a tab inside a JSON string is escaped), and YAML,
        # which reads JSON here to keep line numbers, refuses tab indentation.
        data = _parse(text.replace("\t", " ") if suffix == ".json" else text, offset=0)
        if not isinstance(data, LineDict):
            return None
        narrative = data.get("narrative") if isinstance(data.get("narrative"), str) else ""
        key_line = data.line_of("narrative")
        # A literal block (`narrative: |`) keeps the file's lines, starting after its key;
        # a quoted or folded string does not, so its mentions cite the key's line.
        after_key = text.splitlines()[key_line - 1].split(":", 1)[-1] if narrative else ""
        literal = after_key.strip().startswith("|")
        return Document(data, narrative, key_line + 1 if literal else key_line, literal)
    if not isinstance(data, LineDict):
        return None
    return Document(data, narrative, narrative_line)


def _parse(text: str, offset: int) -> Any:
    try:
        return parse_yaml(text, offset)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1 + offset}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"malformed YAML front matter, {where}{problem}") from exc
