"""Person records and what hangs off them, shared by debriefs and the tabular kinds.

Both a debrief's ``people`` block and an aliases or phones spreadsheet describe a
person as one source saw them; both become a PersonRecord with the same properties,
the same pseudonym rule for victims, and the same links to country and case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casegraph.loaders.delta import Ref
from casegraph.loaders.identity import Directory, person_id, pseudonym

__all__ = ["person_record"]

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
        rel("NATIONAL_OF", record, node("Country", code, create=directory.country_props(code)))
    if values.get("case_id"):
        case = node("Case", values["case_id"])
        rel("INVOLVES", case, record)
        rel("PART_OF", source, case)
    return record
