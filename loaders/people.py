"""Person records and what hangs off them, shared by debriefs and the tabular kinds.

Both a debrief's ``people`` block and an aliases or phones spreadsheet describe a
person as one source saw them; both become a PersonRecord with the same properties,
the same pseudonym rule for victims, and the same links to country and case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from casegraph.loaders.delta import Ref
from casegraph.loaders.identity import Directory, person_id, pseudonym

__all__ = ["birth_year_from_age", "person_record"]

Node = Callable[..., Ref]
Rel = Callable[..., None]


def person_record(
    node: Node,
    rel: Rel,
    source: Ref,
    local_ref: str,
    props: dict[str, Any],
    directory: Directory,
) -> Ref:
    """Assert the PersonRecord ``"{source_id}#{local_ref}"`` with its country and case links.

    ``props`` holds name, aliases, roles, nationality, case_id and so on; a victim
    without a pseudonym gets ``"{source_id}-{local_ref}"`` so exports never need a name.
    """
    sid = source[1]
    values = {**props, "source_id": sid, "local_ref": local_ref}
    if "victim" in (values.get("roles") or []) and not values.get("pseudonym"):
        values["pseudonym"] = pseudonym(sid, local_ref)
    record = node("PersonRecord", person_id(sid, local_ref), values)
    rel("MENTIONS", source, record)
    if values.get("nationality"):
        code = values["nationality"]
        directory.nationalities.setdefault(record[1], code)
        rel("NATIONAL_OF", record, node("Country", code, create=directory.country_props(code)))
    if values.get("case_id"):
        case = node("Case", values["case_id"])
        rel("INVOLVES", case, record)
        rel("PART_OF", source, case)
    return record


def birth_year_from_age(age: int, on: str) -> tuple[int, str]:
    """The likeliest birth year of someone ``age`` years old on ``on`` (an ISO date at
    its precision) and the span they were born in, in words.

    Born on or before ``on`` minus ``age`` years and after one year earlier: the year
    holding most of that span (aged 24 on 14 February 2025: born 15 February 2000 to
    14 February 2001, so 2000). A year-only date leaves either year: its earlier one, as
    an age is said until the next birthday.
    """
    parts = [int(p) for p in on.split("-")]
    if len(parts) < 3:
        year = parts[0] - age
        return year - 1, f"{year - 1} or {year}"
    when = dt.date(*parts)
    latest = _years_before(when, age)
    earliest = _years_before(when, age + 1) + dt.timedelta(days=1)
    in_latest = latest - dt.date(latest.year, 1, 1)
    year = latest.year if in_latest > dt.date(latest.year, 12, 31) - latest else earliest.year
    return year, f"between {earliest.isoformat()} and {latest.isoformat()}"


def _years_before(when: dt.date, years: int) -> dt.date:
    """``when`` ``years`` years earlier (29 February to 28 February in other years)."""
    try:
        return when.replace(year=when.year - years)
    except ValueError:
        return when.replace(year=when.year - years, day=28)
