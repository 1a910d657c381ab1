"""Debrief notes written without YAML front matter: header lines, then a narrative.

Field offices type notes in a word processor: a title, a few ``Label: value`` lines
("Date of interview: 12/03/2025", "Case no.: KE/MSA/2025/014", "Interviewee: Joseph
Mwangi (M), Kenyan, b. 1998") and paragraphs. Such a note is read as a debrief whose
structured part is those headers (``data/note_headers.yaml`` says which label fills
which field) and whose narrative is the whole text, mined like any other, so the
phones, handles, wallets, places and indicators in it link to the rest of the graph.
The lines labelling other people ("Recruiter: ...", "Other victims: ...") are read into
its people by ``note_people``.

Nothing here is guessed silently: what was read from the headers, where the debrief
id and the country came from, each person read from a labelled line, and that the
people in the paragraphs are not extracted are all listed as the file's conventions.
A text with fewer than two known header lines is not taken for a note (a README beside
the data is not a debrief) unless ``--kind debriefs`` says it is one.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import PurePath

from casegraph.loaders import nationalities
from casegraph.loaders.frontmatter import Document, LineDict
from casegraph.loaders.gazetteer import Gazetteer
from casegraph.loaders.mappings import column_key
from casegraph.loaders.note_lines import data_file, is_person_label, label_lines
from casegraph.loaders.note_people import gender, other_people, person_line
from casegraph.loaders.validation import parse_date

__all__ = ["is_label", "read_plain_note"]

_HEADER_LINES = 40  # headers are looked for in the note's first lines only
_MIN_HEADERS = 2
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DETAILS = ("nationality", "gender", "birth_year", "age")
_NUMBER = re.compile(r"\b\d{1,3}\b")


@cache
def _labels() -> dict[str, str]:
    """Folded header label -> the front-matter field it fills."""
    table = data_file("note_headers.yaml")
    return {column_key(label): field for field, labels in table.items() for label in labels}


def is_label(written: str) -> bool:
    """Whether ``written`` ("Date of interview", "Case No.", "Recruiter") is a label a
    note is read by (a Word form's cell holding one is followed by its value)."""
    return column_key(written) in _labels() or is_person_label(written)


def _headers(text: str) -> LineDict:
    """The known ``Label: value`` lines among the note's first lines (first one wins)."""
    found = LineDict()
    found.line, found.lines = 1, {}
    for number, label, value in label_lines(text, _HEADER_LINES):
        field = _labels().get(label)
        if field and field not in found:
            found[field], found.lines[field] = value, number
    return found


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
    return next((c for p in parts if (c := nationalities.country(p, gazetteer))), None)


def _details(data: LineDict, person: LineDict | None, gazetteer: Gazetteer) -> list[str]:
    """Move the interviewee's own lines ("Nationality: Kenyan", "Sex: M", "DOB:
    03/04/1999", "Age: 24") from the headers into ``person`` where its name line left
    them out (a date of birth as a birth year, and as a birth date when it gives the
    day); the labels read (a detail line without an interviewee line is only reported)."""
    read = []
    for field in _DETAILS:
        header = f"interviewee_{field}"
        if header not in data:
            continue
        written, line = str(data.pop(header)), data.lines.pop(header)
        if field == "nationality":
            value = nationalities.country(written, gazetteer)
        elif field == "gender":
            value = gender(written)
        elif field == "age":
            number = _NUMBER.search(written)
            value = int(number.group(0)) if number else None
        else:
            year = _YEAR.search(written)
            value = int(year.group(0)) if year else None
        if value is not None and person is not None and field not in person:
            person[field], person.lines[field] = value, line
            read.append(field)
            if field == "birth_year" and _full_date(written):
                person["birth_date"], person.lines["birth_date"] = written, line
    return read


def _full_date(written: str) -> bool:
    """Whether a birth date line gives the day ("12 Januari 1998", "03/04/1999"), which
    the note then reads as a birth date in its own date order, not only as a year."""
    try:
        return len(parse_date(written.strip(), dayfirst=True) or "") == len("1998-01-12")
    except ValueError:
        return False


def _people(
    data: LineDict, text: str, gazetteer: Gazetteer, region: str | None, said: dict[str, str]
) -> None:
    """The people of the labelled lines ("Recruiter: ...") into the note's ``people``
    and ``relations``; what was read and what was not into the summary."""
    ivw = "V1" if "interviewee" in data else None
    others = other_people(text, gazetteer, region, ivw)
    if others.people:
        data["people"], data.lines["people"] = others.people, others.people.line_of(0)
    if others.relations:
        data["relations"], data.lines["relations"] = others.relations, others.relations.line
    found = ["the interviewee from the header"] if ivw else []
    if others.read:
        found.append(f"from labelled lines {'; '.join(others.read)}")
    said["people"] = (
        f"{', '.join(found) or 'none recorded'}; people in the paragraphs are not extracted"
    )
    if others.unread:
        said["people lines not read"] = "; ".join(others.unread)


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
    region = nationalities.country(str(data.get("country") or ""), gazetteer)
    if "interviewee" in data:
        line = data.lines["interviewee"]
        data["interviewee"] = person_line(str(data["interviewee"]), line, "V1", gazetteer, region)
    _people(data, text, gazetteer, region, said)
    details = [f for f in _DETAILS if f"interviewee_{f}" in data]
    read = _details(data, data.get("interviewee"), gazetteer)
    if details and read != details:
        unread = ", ".join(f for f in details if f not in read)
        said["interviewee"] = (
            f"{unread} line(s) not read: no interviewee line, a value that is not one,"
            " or given on the interviewee line already"
        )
    return Document(data, text, 1, conventions=said)
