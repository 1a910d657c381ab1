"""The report model: what every report (person, case, compound, screening) is made of.

Reports are built as plain data first and rendered second, so HTML, Markdown and PDF
say exactly the same thing and tests can check the content without parsing HTML.
Text in blocks may carry exhibit-style citations (``[S3]``); the renderers turn them
into links to the numbered source list, which lists every source cited.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Header:
    """Where the report's data came from and when it was generated."""

    snapshot: str  # sha256 over the sorted content hashes of every loaded Source
    sources_loaded: int
    store: str
    version: str
    generated_at: str  # the only line that differs between two runs on the same data
    revealed: bool = False


@dataclass
class Facts:
    """A short list of label: value lines."""

    items: list[tuple[str, str]]
    kind: str = "facts"


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Table:
    """Rows of cells under column headings; an empty table shows ``empty`` instead."""

    columns: list[str]
    rows: list[list[str]]
    empty: str = "None recorded."
    kind: str = "table"


@dataclass
class Support:
    """One source's support for a link: citation, date, organisation, grading, ref, excerpt."""

    cite: str
    source_id: str
    date: str
    organisation: str
    grading: str
    refs: list[str] = field(default_factory=list)
    excerpts: list[str] = field(default_factory=list)
    origin: str = ""


@dataclass
class EvidenceItem:
    """One role or link with every source that supports it and how corroborated it is."""

    statement: str
    sources: int  # distinct Source ids
    organisations: int  # distinct interviewing / issuing organisations
    support: list[Support]
    flags: list[str] = field(default_factory=list)
    details: str = ""


@dataclass
class Evidence:
    items: list[EvidenceItem]
    empty: str = "None recorded."
    kind: str = "evidence"


@dataclass
class Figure:
    data_uri: str
    caption: str
    kind: str = "figure"


Block = Facts | Paragraph | Table | Evidence | Figure


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    anchor: str = ""


@dataclass
class SourceEntry:
    """One line of the numbered source list."""

    number: int
    id: str
    kind: str
    date: str
    organisation: str
    country: str
    grading: str
    file: str
    content_hash: str
    low_grade: bool = False
    missing: bool = False

    @property
    def label(self) -> str:
        return f"S{self.number}"


@dataclass
class Report:
    """A whole report, ready for any renderer."""

    kind: str  # person, case, compound, screening
    title: str
    subject: str
    header: Header
    sections: list[Section]
    sources: list[SourceEntry]
    method: list[str] = field(default_factory=list)
