"""Where a typed note names people: the lines, lists and tables its labels mark.

``note_people`` reads a person from each; this module finds them. A line ``Label:
value`` whose label ``data/note_people.yaml`` lists ("Recruiter:", "Other victims:"), the
items of a list under such a label alone on its line, and the rows of a table of people
("Name | Role | Phone", in Word or in Markdown) each come out as (line number, what the
label says, the label, the value), every one citing the line it was typed on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from casegraph.core.errors import SchemaError
from casegraph.core.resources import package_yaml
from casegraph.graph_schema import load_schema
from casegraph.loaders.mappings import column_key
from casegraph.loaders.vocabulary import lookup, vocabulary

__all__ = [
    "Label",
    "data_file",
    "is_person_label",
    "label_lines",
    "people_labels",
    "people_lines",
    "table_lines",
]

_HEADER = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s*(\S.*?)\s*$")
# Markdown and word-processor dress around a header: a bullet ("- ", "* ", "• ") before
# it, bold marks around its label or value ("**Date:** 12/03/2025"). Not underscores: a
# handle on the interviewee line may hold two.
_MARKUP = re.compile(r"^\s*[-*•]\s+|\*\*")
# A label alone on its line ("Other victims:") followed by a list, one person an item
# ("- Dawit (Ethiopian)", "2. Meron", "• Selam").
_LABEL_ALONE = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s*$")
_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+(\S.*?)\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def data_file(name: str) -> dict:
    """One of the loaders' YAML data files (``loaders/data/``)."""
    return package_yaml("casegraph.loaders", "data", name)


def label_lines(text: str, first: int | None = None) -> Iterator[tuple[int, str, str]]:
    """(line number, folded label, value) of every ``Label: value`` line (of the
    ``first`` lines only, when given), Markdown bold and bullets aside."""
    for number, line in enumerate(text.splitlines()[:first], start=1):
        match = _HEADER.match(_MARKUP.sub("", line))
        if match:
            yield number, column_key(match.group(1)), match.group(2)


@dataclass(frozen=True)
class Label:
    """What a label says about the people on its line."""

    label: str  # as data/note_people.yaml names it ("transported by")
    role: str | None
    relation: str | None
    many: bool


@cache
def people_labels() -> dict[str, Label]:
    """Folded label -> what it says, checked against the vocabulary and the schema."""
    name = "loaders/data/note_people.yaml"
    roles = set(vocabulary("roles").values())
    relations = set(load_schema().relationships)
    headers = {column_key(lbl) for lbls in data_file("note_headers.yaml").values() for lbl in lbls}
    out: dict[str, Label] = {}
    for label, entry in data_file("note_people.yaml").items():
        kind = Label(label, entry.get("role"), entry.get("relation"), bool(entry.get("many")))
        if kind.role is not None and kind.role not in roles:
            raise SchemaError(f"{name}: {label}: role {kind.role!r} is not in vocabularies.yaml")
        if kind.relation is not None and kind.relation not in relations:
            raise SchemaError(f"{name}: {label}: {kind.relation!r} is not a schema relationship")
        for written in entry["labels"]:
            key = column_key(written)
            if key in headers or out.setdefault(key, kind) != kind:
                raise SchemaError(f"{name}: label {written!r} means two things")
    return out


@cache
def _by_role() -> dict[str, str]:
    """Role -> the first label of ``note_people.yaml`` giving it (a table's "Driver" or
    "transporter" cell reads as "Transported by")."""
    out: dict[str, str] = {}
    for kind in people_labels().values():
        if kind.role:
            out.setdefault(kind.role, kind.label)
    return out


@cache
def _columns() -> dict[str, str]:
    """Folded column name -> "name" or "role", for tables of people."""
    words = data_file("note_words.yaml")["table_columns"]
    return {column_key(w): column for column, written in words.items() for w in written}


def table_lines(rows: list[list[str]]) -> list[str] | None:
    """A table of people ("Name | Role | Phone" above a row a person) as one labelled line
    a row ("Recruiter: Brayo, 0712 345 678"; a row whose role is no label nor role keeps
    its cells joined by `` | ``, an empty row is an empty line), or None when the table
    is not one of people."""
    if not rows:
        return None
    found: dict[str, int] = {}
    for index, cell in enumerate(rows[0]):
        if column := _columns().get(column_key(cell)):
            found.setdefault(column, index)
    if "name" not in found or "role" not in found:
        return None
    lines = [" | ".join(c for c in rows[0] if c)]
    for row in rows[1:]:
        cells = [c.strip() for c in row]
        role = cells[found["role"]] if found["role"] < len(cells) else ""
        label = (
            role
            if column_key(role) in people_labels()
            else _by_role().get(lookup("roles", role) or "")
        )
        rest = [c for i, c in enumerate(cells) if c and i not in found.values()]
        name = cells[found["name"]] if found["name"] < len(cells) else ""
        if label and name:
            lines.append(f"{label}: {', '.join([name, *rest])}")
        else:
            lines.append(" | ".join(c for c in cells if c))
    return lines


def is_person_label(written: str) -> bool:
    """Whether ``written`` ("Recruiter", "Transported by") labels people of a note."""
    return column_key(written) in people_labels()


def people_lines(text: str) -> Iterator[tuple[int, Label, str, str]]:
    """(line number, label kind, label, value) of every line labelling people, of every
    item of a list under a label alone on its line (blank lines before the first item
    allowed; the list ends at the first line that is not an item), and of every row of a
    Markdown table of people (``| Name | Role | Phone |``)."""
    listing: tuple[Label, str] | None = None
    items = 0
    lines = text.splitlines()
    for number, line in enumerate(_markdown_tables(lines), start=1):
        if listing is not None:
            item = _ITEM.match(line)
            if item:
                items += 1
                yield number, *listing, item.group(1).replace("**", "")
                continue
            if not line.strip() and not items:
                continue
            listing = None
        bare = _MARKUP.sub("", line)
        alone = _LABEL_ALONE.match(bare)
        if alone and (kind := people_labels().get(column_key(alone.group(1)))):
            listing, items = (kind, alone.group(1)), 0
            continue
        match = _HEADER.match(bare)
        if match and (kind := people_labels().get(column_key(match.group(1)))):
            yield number, kind, match.group(1), match.group(2)


def _markdown_tables(lines: list[str]) -> list[str]:
    """The lines with each row of a Markdown table of people made its labelled line
    (``table_lines``), one for one, so every line keeps its number."""
    out = list(lines)
    start = 0
    while start < len(lines) - 1:
        if not (_TABLE_ROW.match(lines[start]) and _TABLE_RULE.match(lines[start + 1])):
            start += 1
            continue
        end = start + 2
        while end < len(lines) and _TABLE_ROW.match(lines[end]):
            end += 1
        rows = [_cells(lines[start]), *(_cells(line) for line in lines[start + 2 : end])]
        read = table_lines(rows)
        if read is not None:
            out[start + 2 : end] = read[1:]
        start = end
    return out


def _cells(line: str) -> list[str]:
    return [cell.strip().replace("**", "") for cell in line.strip().strip("|").split("|")]
