"""Debrief notes written without YAML front matter: header lines, then a narrative.

Field offices type notes in a word processor: a title, a few ``Label: value`` lines
("Date of interview: 12/03/2025", "Case no.: KE/MSA/2025/014", "Interviewee: Joseph
Mwangi (M), Kenyan, b. 1998") and paragraphs. Such a note is read as a debrief whose
structured part is those headers (``data/note_headers.yaml`` says which label fills
which field) and whose narrative is the whole text, mined like any other, so the
phones, handles, wallets, places and indicators in it link to the rest of the graph.

Nothing here is guessed silently: what was read from the headers, where the debrief
id and the country came from, and that the people in the paragraphs are not
extracted are all listed as the file's conventions. A text with fewer than two known
header lines is not taken for a note (a README beside the data is not a debrief)
unless ``--kind debriefs`` says it is one.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import PurePath

import yaml

from casegraph.core.resources import package_path
from casegraph.loaders.frontmatter import Document, LineDict, LineList
from casegraph.loaders.gazetteer import Gazetteer
from casegraph.loaders.mappings import column_key
from casegraph.loaders.mining import mine_text

__all__ = ["is_label", "read_plain_note"]

_HEADER = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s*(\S.*?)\s*$")
_HEADER_LINES = 40  # headers are looked for in the note's first lines only
# Markdown and word-processor dress around a header: a bullet ("- ", "* ", "• ") before
# it, bold marks around its label or value ("**Date:** 12/03/2025"). Not underscores: a
# handle on the interviewee line may hold two.
_MARKUP = re.compile(r"^\s*[-*•]\s+|\*\*")
_MIN_HEADERS = 2
_GENDER = re.compile(r"\((m|f|male|female)\)", re.IGNORECASE)
_BORN = re.compile(r"\b(?:b\.|born|dob|yob)\s*:?\s*((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_GENDERS = {"m", "f", "male", "female"}
_DETAILS = ("nationality", "gender", "birth_year", "age")
_NUMBER = re.compile(r"\b\d{1,3}\b")


def _data(name: str) -> dict:
    path = package_path("casegraph.loaders", "data", name)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _labels() -> dict[str, str]:
    """Folded header label -> the front-matter field it fills."""
    table = _data("note_headers.yaml")
    return {column_key(label): field for field, labels in table.items() for label in labels}


@cache
def _age() -> re.Pattern[str]:
    """An age on the interviewee line ("24 yrs", "aged 24"), its words from
    ``data/note_words.yaml``."""
    words = _data("note_words.yaml")

    def either(key: str) -> str:
        return "|".join(re.escape(w) for w in sorted(words[key], key=len, reverse=True))

    before, after = either("age_before"), either("age_after")
    return re.compile(
        rf"(?<!\w)(?:{before})\s*:?\s*(\d{{1,3}})\b|\b(\d{{1,3}})\s*(?:{after})(?!\w)",
        re.IGNORECASE,
    )


def is_label(written: str) -> bool:
    """Whether ``written`` ("Date of interview", "Case No.") is a header label a note is
    read by (a Word form's cell holding one is followed by its value)."""
    return column_key(written) in _labels()


def _headers(text: str) -> LineDict:
    """The known ``Label: value`` lines among the note's first lines (first one wins)."""
    found = LineDict()
    found.line, found.lines = 1, {}
    for number, line in enumerate(text.splitlines()[:_HEADER_LINES], start=1):
        match = _HEADER.match(_MARKUP.sub("", line))
        field = _labels().get(column_key(match.group(1))) if match else None
        if field and field not in found:
            found[field], found.lines[field] = match.group(2), number
    return found


def _interviewee(written: str, line: int, gazetteer: Gazetteer, region: str | None) -> LineDict:
    """The interviewee header ("Joseph Mwangi (M), Kenyan, b. 1998, ph 0722 555 019") as
    a name, gender, nationality, birth year or age ("24 yrs"), and the phones and
    handles on that line, which are the interviewee's own (elsewhere in the text a
    number is only mentioned)."""
    parts = [p.strip() for p in re.split(r"[,;]", _GENDER.sub(",", written)) if p.strip()]
    person = LineDict(ref="V1", name=parts[0] if parts else written)
    gender = _GENDER.search(written)
    if gender:
        person["gender"] = gender.group(1)[0].upper()
    born = _BORN.search(written)
    if born:
        person["birth_year"] = int(born.group(1))
    age = _age().search(written)
    if age:
        person["age"] = int(age.group(1) or age.group(2))
    nationality = next((c for p in parts[1:] if (c := gazetteer.country_code(p))), None)
    if nationality:
        person["nationality"] = nationality
    own = mine_text(written, region, gazetteer)
    for kind, field in (("phone", "phones"), ("account", "accounts")):
        found = [m.key for m in own if m.kind == kind]
        if found:
            person[field] = LineList(found)
            person[field].line, person[field].lines = line, [line] * len(found)
    person.line, person.lines = line, dict.fromkeys(person, line)
    return person


def _file_id(path: PurePath) -> str:
    """A debrief id made from the file's folder and name, stable from load to load.

    Not the name itself: offices name a note after the person interviewed ("Achieng O -
    debrief.txt"), and the id becomes every pseudonym of the note's people.
    """
    digest = hashlib.sha256("/".join(path.parts[-2:]).encode()).hexdigest()
    return f"NOTE-{digest[:10].upper()}"


def _place_country(written: str, gazetteer: Gazetteer) -> str | None:
    """The country of the first place a header names ("Mombasa field office"), or the
    country it names ("Mombasa, Kenya" where Mombasa is not in the gazetteer)."""
    places = gazetteer.find_all(written)
    if places:
        return places[0][0].country
    parts = reversed([p.strip() for p in re.split(r"[,;/()]", written) if p.strip()])
    return next((c for p in parts if (c := gazetteer.country_code(p))), None)


def _details(data: LineDict, person: LineDict | None, gazetteer: Gazetteer) -> list[str]:
    """Move the interviewee's own lines ("Nationality: Kenyan", "Sex: M", "DOB:
    03/04/1999", "Age: 24") from the headers into ``person`` where its name line left them out;
    the labels read (a detail line without an interviewee line is only reported)."""
    read = []
    for field in _DETAILS:
        header = f"interviewee_{field}"
        if header not in data:
            continue
        written, line = str(data.pop(header)), data.lines.pop(header)
        if field == "nationality":
            value = gazetteer.country_code(written)
        elif field == "gender":
            value = written[0].upper() if column_key(written) in _GENDERS else None
        elif field == "age":
            number = _NUMBER.search(written)
            value = int(number.group(0)) if number else None
        else:
            year = _YEAR.search(written)
            value = int(year.group(0)) if year else None
        if value is not None and person is not None and field not in person:
            person[field], person.lines[field] = value, line
            read.append(field)
    return read


def read_plain_note(
    path: PurePath, text: str, gazetteer: Gazetteer, forced: bool
) -> Document | None:
    """The note of a text without front matter, with the conventions it was read with,
    or None when the text does not look like a note and ``forced`` is False."""
    data = _headers(text)
    if len(data) < _MIN_HEADERS and not forced:
        return None
    said = {"note": f"no front matter: headers read as {', '.join(data) or 'nothing'}"}
    if "debrief_id" not in data:
        data["debrief_id"], data.lines["debrief_id"] = _file_id(path), 1
        said["debrief id"] = f"{data['debrief_id']} (made from the file's name)"
    place = data.pop("place", None)
    place_line = data.lines.pop("place", None)
    if "country" not in data and place and (country := _place_country(place, gazetteer)):
        data["country"], data.lines["country"] = country, place_line
        said["country"] = f"{country}, where the interview took place ({place!r})"
    office = str(data.get("organisation") or "")
    if "country" not in data and (country := _place_country(office, gazetteer)):
        data["country"], data.lines["country"] = country, data.lines["organisation"]
        said["country"] = f"{country}, where the office is ({office!r})"
    if "country" not in data:
        said["phones"] = (
            "the note gives no country: numbers written without a country code are not read"
            " (add a 'Country:' line)"
        )
    if "interviewee" in data:
        line = data.lines["interviewee"]
        region = gazetteer.country_code(str(data.get("country") or ""))
        data["interviewee"] = _interviewee(str(data["interviewee"]), line, gazetteer, region)
        said["people"] = "the interviewee from the header; people in the text are not extracted"
    else:
        said["people"] = "none recorded: people in the text are not extracted"
    details = [f for f in _DETAILS if f"interviewee_{f}" in data]
    read = _details(data, data.get("interviewee"), gazetteer)
    if details and read != details:
        unread = ", ".join(f for f in details if f not in read)
        said["interviewee"] = (
            f"{unread} line(s) not read: no interviewee line, a value that is not one,"
            " or given on the interviewee line already"
        )
    return Document(data, text, 1, conventions=said)
