"""FollowTheMoney entities (JSON lines) for Aleph and other FtM tools.

The exported graph (victims pseudonymised unless revealed, as every export) becomes FtM
entities built with the ``followthemoney`` model: people -> Person, organisations ->
Company / Organization / PublicBody, wallets -> CryptoWallet, documents -> Passport /
Identification, accounts -> UserAccount, addresses -> Address, compounds ->
RealEstate, designations -> Sanction; phones are the ``phone`` property of whoever uses
them. Links become Ownership, Directorship, Employment, Family and Associate where FtM
has the link and its ends fit, UnknownLink (with the casegraph type as its role)
otherwise. Ids are FtM's hashed ids of the casegraph ids (FtM ids allow no ``:`` or
``+``); each entity's ``notes`` keeps its casegraph id and sources. Every entity is
checked with the model's own validation before it is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from casegraph.core.errors import CasegraphError
from casegraph.loaders.ftm import FTM_LINKS
from casegraph.services.exports.graphs import export_subgraph
from casegraph.services.exports.manifest import Manifest
from casegraph.services.subgraph import GEdge, GNode, Subgraph
from casegraph.store import GraphStore

__all__ = ["FTM_FILE", "export_ftm", "to_entities"]

FTM_FILE = "casegraph.ftm.json"
_SCHEMA = {
    "Person": "Person",
    "Agency": "Company",
    "Company": "Company",
    "Wallet": "CryptoWallet",
    "Account": "UserAccount",
    "Address": "Address",
    "Compound": "RealEstate",
}
_ORG_SCHEMA = {"company": "Company", "agency": "Company", "government_body": "PublicBody"}
_DOC_SCHEMA = {"passport": "Passport"}
_CURRENCY = {"tron": "TRX", "ethereum": "ETH", "bitcoin": "BTC"}
# casegraph link -> (FtM schema, property of the link's start, property of its end): the
# import's table read the other way. LINKED_TO has no schema of its own (UnknownLink);
# WORKS_FOR is an Employment seen from the employee.
_LINKS = {rel: (schema, a, b) for schema, (rel, a, b) in FTM_LINKS.items() if rel != "LINKED_TO"}
_LINKS["WORKS_FOR"] = ("Employment", "employee", "employer")
# Links that are a property of an entity, not an entity of their own.
_HOLDS = {
    "CONTROLS_WALLET": "holder",
    "HAS_DOCUMENT": "holder",
    "HAS_ACCOUNT": "owner",
}
_SKIPPED_LINKS = {"MENTIONS", "PART_OF", "INVOLVES", "RESOLVES_TO", "LOCATED_IN", "NATIONAL_OF",
                  "REGISTERED_IN", "HAS_ALIAS", "MATCHES_LISTING", "COMPARED"}  # fmt: skip


def _schema(node: GNode) -> str | None:
    props = node.properties
    if node.label == "Organisation":
        return _ORG_SCHEMA.get(props.get("kind") or "", "Organization")
    if node.label == "IdentityDocument":
        return _DOC_SCHEMA.get(props.get("doc_type") or "", "Identification")
    if node.label == "Designation":
        return "Sanction"
    return _SCHEMA.get(node.label)


def _notes(node_id: str, props: dict[str, Any]) -> str:
    sources = ", ".join(str(s) for s in props.get("source_ids") or [])
    return f"casegraph id {node_id}" + (f"; sources: {sources}" if sources else "")


def _fill(proxy: Any, node: GNode) -> None:
    """Properties of one node, in FtM's names (victims: caption only, pseudonymised)."""
    p = node.properties
    add = proxy.add
    if proxy.schema.is_a("LegalEntity"):
        add("name", node.caption)
        if not p.get("is_victim"):
            for value in (p.get("names") or []) + (p.get("aliases") or []):
                if value != node.caption:
                    add("alias", value)
        add("country", p.get("country"))
        add("nationality", p.get("nationalities") or [], quiet=True)
        if p.get("listed"):
            add("topics", "sanction")
    if proxy.schema.name == "CryptoWallet":
        add("publicKey", p.get("address"))
        add("currency", _CURRENCY.get(p.get("chain") or ""))
    elif proxy.schema.is_a("Identification"):
        add("number", p.get("number"))
        add("country", p.get("country"))
        add("type", p.get("doc_type"))
    elif proxy.schema.name == "UserAccount":
        add("service", p.get("platform"))
        add("username", p.get("handle"))
    elif proxy.schema.name == "Address":
        add("full", p.get("text"))
        add("city", p.get("city"))
        add("country", p.get("country"))
    elif proxy.schema.name == "RealEstate":
        add("name", node.caption)
        add("country", p.get("country"))
        add("latitude", p.get("latitude"))
        add("longitude", p.get("longitude"))
    elif proxy.schema.name == "Sanction":
        add("authority", p.get("list"))
        add("program", p.get("programmes") or [])
        add("listingDate", p.get("listed_on"))
        add("sourceUrl", p.get("url"))
        add("recordId", p.get("source_row"))
    add("notes" if "notes" in proxy.schema.properties else "description", _notes(node.id, p))


def _link(edge: GEdge, ids: dict[str, Any]) -> Any | None:
    """The FtM entity of one link, or None when its ends are not exported."""
    start, end = ids.get(edge.source), ids.get(edge.target)
    if start is None or end is None:
        return None
    schema, src, dst = _LINKS.get(edge.type, ("UnknownLink", "subject", "object"))
    from followthemoney import model  # a second to import: only when FtM is exported

    spec = model.get(schema)
    if not (start.schema.is_a(spec.get(src).range) and end.schema.is_a(spec.get(dst).range)):
        schema, src, dst = "UnknownLink", "subject", "object"
    proxy = model.make_entity(schema)
    proxy.make_id("casegraph", edge.source, edge.type, edge.target)
    proxy.add(src, start.id)
    proxy.add(dst, end.id)
    props = edge.properties
    if schema == "UnknownLink":
        proxy.add("role", edge.type.lower().replace("_", " "))
    proxy.add("startDate", props.get("start_date") or props.get("from_date"), quiet=True)
    proxy.add("endDate", props.get("end_date") or props.get("to_date"), quiet=True)
    proxy.add("summary", props.get("note"), quiet=True)
    sources = ", ".join(str(s) for s in props.get("source_ids") or [])
    proxy.add("description", f"casegraph {edge.type}; sources: {sources}" if sources else None)
    return proxy


def to_entities(sub: Subgraph) -> list[dict[str, Any]]:
    """The subgraph as FtM entity dicts, each validated by the model (InvalidData is a bug)."""
    # followthemoney takes a second to import: every command would pay it at start-up.
    from followthemoney import model
    from followthemoney.exc import InvalidData

    proxies: dict[str, Any] = {}
    for node in sub.nodes:
        schema = _schema(node)
        if schema is None:
            continue
        proxy = model.make_entity(schema)
        proxy.make_id("casegraph", node.id)
        _fill(proxy, node)
        proxies[node.id] = proxy
    nodes = {n.id: n for n in sub.nodes}
    links = []
    for edge in sub.edges:
        if edge.type in _SKIPPED_LINKS:
            continue
        start, end = proxies.get(edge.source), proxies.get(edge.target)
        if edge.type == "USES_PHONE" and start is not None and start.schema.is_a("LegalEntity"):
            start.add("phone", edge.target if edge.target in nodes else None, quiet=True)
        elif edge.type == "HAS_ADDRESS" and start is not None and end is not None:
            start.add("addressEntity", end.id)
        elif edge.type == "DESIGNATES" and start is not None and end is not None:
            start.add("entity", end.id)
        elif edge.type in _HOLDS and start is not None and end is not None:
            end.add(_HOLDS[edge.type], start.id)
        elif (link := _link(edge, proxies)) is not None:
            links.append(link)
    out = []
    for proxy in [*proxies.values(), *links]:
        if proxy.schema.name == "Sanction" and not proxy.get("entity"):
            continue  # a listing whose party is not exported
        data = proxy.to_dict()
        try:
            proxy.schema.validate(data)
        except InvalidData as exc:
            reason = f"FtM export: {proxy.schema.name} {proxy.id} is invalid: {exc}"
            raise CasegraphError(reason) from exc
        out.append(data)
    return out


def export_ftm(
    store: GraphStore, out_dir: Path, layer: str = "entity", reveal: bool = False
) -> Manifest:
    """Write ``casegraph.ftm.json`` (one FtM entity per line) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entities = to_entities(export_subgraph(store, layer, reveal))
    path = out_dir / FTM_FILE
    with path.open("w", encoding="utf-8") as fh:
        for entity in entities:
            fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    manifest = Manifest("ftm", out_dir, reveal, {"entities": len(entities)})
    manifest.add(path, len(entities), "one FollowTheMoney entity per line")
    return manifest
