"""Which node an organisation, identity document, address or wallet named by value becomes.

Shared by the link table, the sanctions-list readers and the FollowTheMoney reader, so
that "Horizon Talent Link Ltd" in a user's chart, an SDN row and a debrief reach the
same node, and a passport number is one node however many sources cite it:

* an organisation of kind ``agency`` (or of no particular kind) is the Agency the
  directory knows (by registration or unique name), else ``AGY-<CC>-<NAME>``; kind
  ``company`` is ``COM-<CC>-<NAME>`` (the key debriefs give front companies); every
  other kind is ``ORG-<CC>-<NAME>``. All
  three are Organisations (``MATCH (o:Organisation)``). Legal forms are left out of the
  key, distinguishing words ("Group", "Holdings") are not.
* a document is ``<type>:<COUNTRY or XX>:<NUMBER>`` with the number upper-cased and
  spaces, dots and dashes dropped (``passport:TH:AA1234567``).
* an address is ``ADR-<CC>-<SLUG>`` of its full text.
"""

from __future__ import annotations

from typing import Any

from casegraph.core.identifiers import document_number
from casegraph.graph_schema import load_schema
from casegraph.loaders.identity import UNKNOWN_COUNTRY, Directory, company_id, org_id, slug
from casegraph.loaders.validation import parse_wallet

__all__ = ["address", "document", "organisation", "organisation_kind", "wallet"]

NodeSpec = tuple[str, str, dict[str, Any]]  # (label, id, properties for a new node)
_KIND_WORDS = {"armed group": "armed_group", "government": "government_body"}


def organisation_kind(value: Any) -> str:
    """The schema's organisation kind for ``value`` ("Armed group" -> ``armed_group``);
    ValueError lists the known kinds."""
    raw = " ".join(str(value or "").strip().lower().replace("-", " ").split())
    kind = _KIND_WORDS.get(raw, raw.replace(" ", "_").replace("/", "_"))
    known = load_schema().vocabulary("organisation_kinds")
    if kind not in known:
        raise ValueError(f"unknown organisation kind {value!r}; known: {', '.join(known)}")
    return kind


def organisation(directory: Directory, name: str, kind: str, country: str | None) -> NodeSpec:
    """(label, id, new-node properties) of an organisation of a known ``kind``."""
    props: dict[str, Any] = {"name": name, "country": country, "kind": kind}
    known = directory.known_agency(name) if kind in ("agency", "other") else None
    if known or kind == "agency":
        return "Agency", known or directory.agency(name, country), {**props, "kind": "agency"}
    if kind == "company":
        return "Company", company_id(name, country), props
    return "Organisation", org_id("ORG", name, country), props


def document(doc_type: str, number: Any, country: str | None) -> NodeSpec:
    """(``IdentityDocument``, id, properties) of a passport, ID card, tax or registration number."""
    types = load_schema().vocabulary("document_types")
    if doc_type not in types:
        raise ValueError(f"unknown document type {doc_type!r}; known: {', '.join(types)}")
    clean = document_number(number)
    if not clean:
        raise ValueError(f"{doc_type} number is empty")
    props = {"doc_type": doc_type, "number": clean, "country": country}
    return "IdentityDocument", f"{doc_type}:{country or UNKNOWN_COUNTRY}:{clean}", props


def address(text: str, country: str | None, **parts: Any) -> NodeSpec:
    """(``Address``, id, properties) of a postal address; ``parts`` are street, city, ..."""
    full = " ".join(str(text or "").split())
    if not full:
        raise ValueError("address is empty")
    props = {"text": full, "country": country, **{k: v for k, v in parts.items() if v}}
    return "Address", f"ADR-{country or UNKNOWN_COUNTRY}-{slug(full)}", props


def wallet(value: Any, chain: Any = None) -> NodeSpec:
    """(``Wallet``, ``chain:address``, properties) of a crypto address; ValueError if none."""
    found = parse_wallet(value, chain)
    props = {"chain": found.chain, "address": found.address, "valid": found.valid}
    return "Wallet", f"{found.chain}:{found.address}", props
