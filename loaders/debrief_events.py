"""Debrief notes, second half: agencies, the job ad, the journey, where the interviewee
was held, transfers between compounds and payments.

Each function reads one block of the front matter into the ``Debrief``'s batch; every
bad value becomes a problem at its line and only that item is left out.
"""

from __future__ import annotations

from casegraph.loaders.debriefs import Debrief, looks_like_ref
from casegraph.loaders.delta import Ref
from casegraph.loaders.frontmatter import LineDict
from casegraph.loaders.identity import org_id
from casegraph.loaders.validation import (
    EXITS,
    parse_amount,
    parse_bool,
    parse_list,
    parse_number,
    text,
)
from casegraph.loaders.vocabulary import lookup, payment_channel

__all__ = ["agencies", "held", "job_ads", "journey", "payments", "transfers"]


def agencies(deb: Debrief) -> None:
    """Agencies named in the note, with phones, accounts and the compounds they supply."""
    for item, line, field in deb.items("agencies"):
        name = text(item.get("name"))
        if not name:
            deb.problem("an agency needs a name", line, f"{field}.name")
            continue
        country = deb.value(item, "country", deb.ctx.directory.country, f"{field}.country")
        country = country or deb.country
        ref = text(item.get("agency_id")) or text(item.get("registration"))
        known = deb.ctx.directory.agencies.get(ref.upper()) if ref else None
        aid = known or org_id("AGY", name, country)
        props = {
            "name": name,
            "country": country,
            "agency_id": text(item.get("agency_id")),
            "registration": text(item.get("registration")),
            "city": text(item.get("city")),
        }
        agency = deb.node("Agency", aid, line, props)
        deb.ctx.directory.add_agency(aid, [props["agency_id"], props["registration"]], name)
        deb.agencies[org_id("AGY", name, None)] = agency
        if country:
            deb.rel("LOCATED_IN", agency, deb.country_node(country, line), line)
        deb.identifiers(agency, item, field)
        for compound_name in parse_list(item.get("supplies")):
            compound = deb.compound(compound_name, item.line_of("supplies"), f"{field}.supplies")
            if compound:
                deb.rel("SUPPLIES", agency, compound, item.line_of("supplies"))


def job_ads(deb: Debrief) -> None:
    """The job ad (one mapping, or a list): JobAd ``{source_id}#jobad[n]`` and who POSTED it."""
    found = deb.items("job_ad") + deb.items("job_ads")
    for index, (item, line, field) in enumerate(found, start=1):
        jid = f"{deb.sid}#jobad" if len(found) == 1 else f"{deb.sid}#jobad{index}"
        props = {
            "title": text(item.get("title")),
            "salary": deb.value(item, "salary", parse_amount, f"{field}.salary"),
            "currency": text(item.get("currency")),
            "platform": text(item.get("platform")),
        }
        ad = deb.node("JobAd", jid, line, props)
        deb.actor_link(item, "posted_by", field, "POSTED", ad)


def journey(deb: Debrief) -> None:
    """The interviewee's journey: Journey ``{source_id}#journey`` and its ordered legs."""
    legs = deb.items("journey")
    if not legs:
        return
    jid = f"{deb.sid}#journey"
    trip = deb.node("Journey", jid, deb.data.line_of("journey"), {"source_id": deb.sid})
    if deb.interviewee:
        deb.rel("MADE", deb.interviewee, trip, deb.data.line_of("journey"))
    for index, (item, line, field) in enumerate(legs, start=1):
        order = deb.value(item, "order", parse_number, f"{field}.order") or index
        ends = {}
        for key in ("from", "to"):
            if not text(item.get(key)):
                deb.problem(f"a leg needs '{key}'", line, f"{field}.{key}")
            else:
                ends[key] = deb.ctx.directory.place(text(item[key]))
        if len(ends) < 2:
            continue
        props = {
            "order": order,
            "mode": (text(item.get("mode")) or "").lower() or None,
            "date": deb.value(item, "date", deb.date, f"{field}.date"),
            "irregular": deb.value(item, "irregular", parse_bool, f"{field}.irregular"),
        }
        leg = deb.ctx.batch.node("Leg", f"{jid}#{order}", props, deb.sid, deb.ctx.ref(line))
        deb.rel("HAS_LEG", trip, leg, line)
        for key, rel in (("from", "FROM"), ("to", "TO")):
            label, pid, create = ends[key]
            deb.rel(rel, leg, deb.node(label, pid, item.line_of(key), create=create), line)
        _facilitator(deb, item, field, leg)


def _facilitator(deb: Debrief, item: LineDict, field: str, leg: Ref) -> None:
    """A ref, or an agency already known, FACILITATED the leg; free text ("a boatman",
    "police at the border") stays text on the leg rather than becoming an agency."""
    name = text(item.get("facilitator"))
    if name is None:
        return
    line = item.line_of("facilitator")
    named = {(text(p.get("name")) or "").lower(): ref for ref, p, _ in deb.entries}
    name = named.get(name.lower(), name)  # a person of the note by name is that person
    if name in deb.people or looks_like_ref(name) or deb.knows_agency(name):
        actor = deb.agency_or_person(name, line, f"{field}.facilitator")
        if actor:
            deb.rel("FACILITATED", actor, leg, line)
    else:
        deb.ctx.batch.node("Leg", leg[1], {"facilitator": name}, deb.sid, deb.ctx.ref(line))


def held(deb: Debrief) -> None:
    """Compounds where the interviewee (or ``person``) was held, with dates and, in
    ``left``, how they got out (escaped, released...: a timeline shows an escape)."""
    for item, line, field in deb.items("compounds"):
        who = deb.person(item["person"], line, f"{field}.person") if "person" in item else None
        who = who or deb.interviewee
        compound = deb.compound(item.get("compound") or item.get("name"), line, field)
        if who is None or compound is None:
            continue
        props = {
            "from_date": deb.value(item, "from", deb.date, f"{field}.from"),
            "to_date": deb.value(item, "to", deb.date, f"{field}.to"),
            "left": (text(item.get("left")) or "").lower() or None,
        }
        if props["left"] and props["left"] not in EXITS:
            reason = f"unknown way of leaving {item.get('left')!r}; known: {', '.join(EXITS)}"
            deb.problem(reason, item.line_of("left"), f"{field}.left")
            props["left"] = None
        deb.rel("HELD_AT", who, compound, line, props)


def transfers(deb: Debrief) -> None:
    """Victims sold or moved between compounds; a named seller and buyer also get SOLD_TO."""
    for item, line, field in deb.items("transfers"):
        victim = deb.person(item["person"], line, f"{field}.person") if "person" in item else None
        victim = victim or deb.interviewee
        start = deb.compound(item.get("from"), line, f"{field}.from")
        end = deb.compound(item.get("to"), line, f"{field}.to")
        if victim is None or start is None or end is None:
            continue
        props = {
            "person_id": victim[1],
            "price": deb.value(item, "price", parse_amount, f"{field}.price"),
            "currency": text(item.get("currency")),
            "date": deb.value(item, "date", deb.date, f"{field}.date"),
        }
        deb.rel("TRANSFERRED_TO", start, end, line, props)
        if text(item.get("seller")) and text(item.get("buyer")):
            seller = deb.person(item["seller"], line, f"{field}.seller")
            buyer = deb.person(item["buyer"], line, f"{field}.buyer")
            if seller and buyer:
                deb.rel("SOLD_TO", seller, buyer, line, {"person": victim[1]})


def payments(deb: Debrief) -> None:
    """Payments ``{source_id}#pay{n}``: who paid, who received, for whom, through which wallet.

    ``paid_by`` that is not a ref of the note (``family``: the interviewee's family) is
    kept as a property of the payment.
    """
    for number, (item, line, field) in enumerate(deb.items("payments"), start=1):
        kind = None
        if text(item.get("kind")):
            kind = lookup("payment_kinds", item["kind"]) or deb.ctx.other(
                "payment kind", item["kind"], item.line_of("kind"), f"{field}.kind"
            )
        channel = None
        written = text(item.get("channel") or item.get("via") or item.get("method"))
        if written:
            key = next(k for k in ("channel", "via", "method") if text(item.get(k)))
            channel = payment_channel(written) or deb.ctx.other(
                "payment channel", written, item.line_of(key), f"{field}.{key}"
            )
        paid_by = text(item.get("paid_by"))
        props = {
            "kind": kind,
            "channel": channel,
            "account": text(item.get("account") or item.get("bank_account")),
            "amount": deb.value(item, "amount", parse_amount, f"{field}.amount"),
            "currency": text(item.get("currency")),
            "date": deb.value(item, "date", deb.date, f"{field}.date"),
            "paid_by": paid_by if paid_by and paid_by not in deb.people else None,
            "origin": "recorded",
        }
        pay = deb.ctx.batch.node(
            "Payment", f"{deb.sid}#pay{number}", props, deb.sid, deb.ctx.ref(line)
        )
        deb.rel("MENTIONS", deb.source, pay, line)
        if paid_by in deb.people:
            deb.rel("PAID", deb.people[paid_by], pay, item.line_of("paid_by"))
        deb.actor_link(item, "paid_to", field, "RECEIVED", pay)
        if text(item.get("for")):
            victim = deb.person(item["for"], item.line_of("for"), f"{field}.for")
            if victim:
                deb.rel("FOR_PERSON", pay, victim, item.line_of("for"))
        if item.get("wallet"):
            where = item.line_of("wallet")
            raw = item["wallet"]
            chain, address = (
                (raw.get("chain"), raw.get("address")) if isinstance(raw, dict) else (None, raw)
            )
            wallet = deb.wallet(address, chain, where, f"{field}.wallet")
            if wallet:
                deb.rel("VIA_WALLET", pay, wallet, where)
