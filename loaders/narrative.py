"""Narrative mining: what the free text of a debrief names, marked ``origin: mined``.

Phones, accounts, wallets, compounds and places found in the narrative become
MENTIONS from the Source with the excerpt and the file line; an identifier the officer
also recorded is the same node and the same MENTIONS (which stays ``recorded``), so
nothing is duplicated. Indicator phrases become SHOWS_INDICATOR from the interviewee.
Amounts and country names are not written: without a payer or payee an amount is not a
Payment, and a country named in passing says nothing about anyone's nationality.
"""

from __future__ import annotations

from typing import Any

from casegraph.loaders.debriefs import Debrief
from casegraph.loaders.delta import MINED, GraphBatch, Ref
from casegraph.loaders.identity import Directory
from casegraph.loaders.mining import mine_text

__all__ = ["mentioned", "mine_narrative"]


def mentioned(
    batch: GraphBatch, directory: Directory, sid: str, mention: Any, ref: str
) -> Ref | None:
    """The node a mined phone, account, wallet, compound or place is (None for amounts,
    countries and indicators), asserted by ``sid`` at ``ref``."""
    extra = mention.extra or {}
    if mention.kind == "phone":
        return batch.node("Phone", mention.key, {"country": extra.get("country")}, sid, ref)
    if mention.kind == "account":
        platform, handle = mention.key.split(":", 1)
        props = {"platform": platform, "handle": handle}
        return batch.node("Account", mention.key, props, sid, ref)
    if mention.kind == "wallet":
        chain, address = mention.key.split(":", 1)
        props = {"chain": chain, "address": address, "valid": extra.get("valid")}
        return batch.node("Wallet", mention.key, props, sid, ref)
    if mention.kind in ("compound", "location"):
        label = "Compound" if mention.kind == "compound" else "Location"
        place = directory.gazetteer.get(mention.key)
        name = place.name if place is not None else mention.text
        create = {"name": name, "country": place.country if place is not None else None}
        return batch.node(label, mention.key, None, sid, ref, create=create)
    return None


def mine_narrative(deb: Debrief) -> int:
    """Mine the narrative into the debrief's batch; returns the number of mentions found."""
    if not (deb.doc.narrative or "").strip():
        return 0

    mentions = mine_text(deb.doc.narrative, deb.country, gazetteer=deb.ctx.directory.gazetteer)
    for mention in mentions:
        ref = deb.ctx.ref(deb.doc.line(mention.line))
        if mention.kind == "indicator":
            if deb.interviewee is None:
                note = f"{deb.ctx.rel}: indicator phrases found but no interviewee to show them"
                if note not in deb.ctx.notes:
                    deb.ctx.notes.append(note)
                continue
            extra = mention.extra or {}
            props = {k: extra.get(k) for k in ("element", "group", "label")}
            indicator = deb.ctx.batch.node("Indicator", mention.key, props)
            deb.ctx.batch.rel(
                "SHOWS_INDICATOR", deb.interviewee, indicator, None, deb.sid, ref, MINED,
                mention.excerpt,
            )  # fmt: skip
            continue
        target = mentioned(deb.ctx.batch, deb.ctx.directory, deb.sid, mention, ref)
        if target is not None:
            deb.ctx.batch.rel(
                "MENTIONS", deb.source, target, None, deb.sid, ref, MINED, mention.excerpt
            )
    return len(mentions)
