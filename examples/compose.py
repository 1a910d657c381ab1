"""One synthetic debrief at a time: who the interviewee met, in the documented format.

Each debrief is written from the world (examples.world): the interviewee's recruiter,
the transporters of the route, the staff of the compound, payments and transfers. Every
person mentioned gets a local ref and a name as this officer wrote it; the ledger
(examples.ledger) records which real person each ref is and every fact asserted.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from casegraph.core.identifiers import account_key, phone_country
from casegraph.examples._identifiers import format_phone
from casegraph.examples.ledger import Ledger
from casegraph.examples.narrative import Narrative
from casegraph.examples.people import Entity, name_fields
from casegraph.examples.world import ORIGIN_CITIES, ROUTES, Network, Site, World

__all__ = ["Composer"]

GRADINGS = ("A1", "A2", "B2", "B3", "C2", "C3", "D3", "D4", "E5")
START = date(2023, 9, 1)
FRIENDS = "debt would be reduced if he brought in friends"


class Composer:
    """Writes debriefs about a world, one call per debrief, into a ledger."""

    def __init__(self, world: World, rng: random.Random, ledger: Ledger, noise: float) -> None:
        self.world, self.rng, self.ledger, self.noise = world, rng, ledger, noise
        self.counts: dict[str, int] = {}
        self.friend: dict[str, Entity] = {}  # case id -> a victim told to bring a friend
        self.promoted: dict[str, Entity] = {}  # compound id -> a victim made controller

    # ------------------------------------------------------------------ people

    def _phone(self, e164: str, country: str) -> str:
        local = phone_country(e164) == country
        return format_phone(
            e164, self.rng.choice(("national", "dashed") if local else ("international",))
        )

    def _block(self, doc: dict, ref: str, entity: Entity, role: str) -> dict:
        """A person as this officer wrote them down, under ``ref``."""
        written = name_fields(self.rng, entity, self.noise)
        block = {"ref": ref, "name": written["full_name"], "roles": [role]}
        if written["alias"]:
            block["aliases"] = [written["alias"]]
        if self.rng.random() > self.noise * 0.4:
            block["nationality"] = entity.nationality
        if role != "victim" and entity.phones and self.rng.random() < 0.6:
            block["phones"] = [self._phone(entity.phones[0], doc["country"])]
        record = f"{doc['debrief_id']}#{ref}"
        self.ledger.record(record, entity, role)
        if ref != "V1":
            doc["people"].append(block)
        return block

    def _staff(self, doc: dict, ref: str, entity: Entity, role: str, site: Site) -> dict:
        block = self._block(doc, ref, entity, role)
        block["works_at"] = [{"compound": site.name, "role": role}]
        self.ledger.works_at(doc["debrief_id"], entity, site.compound_id, role)
        return block

    def _relate(self, doc: dict, kind: str, left: str, right: str, **extra: object) -> None:
        doc["relations"].append({"from": left, "type": kind, "to": right, **extra})

    # ------------------------------------------------------------------ debrief

    def compose(self, network: Network) -> tuple[dict, Narrative]:
        """The next debrief of ``network``: its fields, and the story its narrative tells."""
        rng = self.rng
        country = network.country if rng.random() < 0.8 else "TH"
        self.counts[country] = self.counts.get(country, 0) + 1
        when = START + timedelta(days=rng.randint(0, 400))
        doc = {
            "debrief_id": f"DBR-{country}-{self.counts[country]:04d}",
            "case_id": network.case_id,
            "date": when.isoformat(),
            "country": country,
            "organisation": f"Synthetic Debriefing Unit {country} (fictional)",
            "grading": rng.choice(GRADINGS),
            "interviewee": None,
            "people": [],
            "relations": [],
        }
        victim = self.world.people.origin(network.country, "victim")
        site = rng.choice(network.sites)
        story = Narrative()
        elements = rng.choices((("act", "means", "purpose"), ("act", "means"), ("act",)),
                               weights=(85, 10, 5))[0]  # fmt: skip
        interviewee = self._block(doc, "V1", victim, "victim")
        doc["interviewee"] = {**interviewee, "pseudonym": f"SYN-{doc['debrief_id'][4:]}",
                              "gender": "M", "birth_year": int(victim.birth_date[:4])}  # fmt: skip
        self._recruitment(doc, network, victim, story, when, elements)
        if elements != ("act",):
            self._held(doc, network, site, victim, story, when)
        story.indicate(rng, elements)
        self.ledger.victim(doc, victim, elements, story)
        return doc, story

    def _recruitment(self, doc, network, victim, story, when, elements) -> None:
        rng, country = self.rng, doc["country"]
        recruiter = rng.choice(network.recruiters)
        r1 = self._block(doc, "R1", recruiter, "recruiter")
        r1["accounts"] = [{"platform": "telegram", "handle": "@" + recruiter.telegram}]
        r1["agency"] = network.agency["name"]
        doc["agencies"] = [{"name": network.agency["name"], "country": network.country,
                            "supplies": [s.name for s in network.sites]}]  # fmt: skip
        self.ledger.works_for(doc["debrief_id"], recruiter, network.agency["name"])
        for site in network.sites:
            self.ledger.supplies(doc["debrief_id"], network.agency["name"], site.compound_id)
        self._relate(doc, "recruited", "R1", "V1")
        self.ledger.recruited(doc["debrief_id"], recruiter, victim)
        city = ORIGIN_CITIES[network.country]
        phone = recruiter.phones[0]
        handle = "@" + recruiter.telegram
        story.say(
            f"The interviewee, from {story.place(city, self.ledger.place(city))}, answered a job "
            f"offer from a recruiter calling himself {r1['name']}, who used "
            f"{story.phone(self._phone(phone, country), phone)} and Telegram "
            f"{story.account(handle, 'telegram', account_key('telegram', handle))}."
        )
        story.say(f"The placement was said to be arranged by {network.agency['name']}.")
        if rng.random() < 0.5:
            chain, address = self.world.wallets[recruiter.entity_id]
            r1["wallets"] = [{"chain": chain, "address": address}]
            amount = rng.choice((300, 500, 800, 1200))
            self._pay(doc, "recruitment_fee", amount, "USDT", when, "V1", "R1", (chain, address))
            story.say(
                f"He paid a visa fee of {story.amount(amount, 'USDT', before=False)} to "
                f"{story.wallet(address, self.ledger.wallet_key(chain, address))}."
            )
        friend = self.friend.pop(network.case_id, None)
        if friend is not None:
            self._block(doc, "R2", friend, "recruiter")
            self._relate(doc, "recruited", "R2", "V1")
            self.ledger.recruited(doc["debrief_id"], friend, victim)
            story.say("A friend who had gone before him vouched for the job.")
        elif "means" in elements and rng.random() < 0.1:
            self.friend[network.case_id] = victim
            story.indicators["means"].append(FRIENDS)
            story.say(f"He was told his {FRIENDS}, and he did.")

    def _pay(self, doc, kind, amount, currency, when, by, to, wallet=None) -> None:
        """A payment made for the interviewee (V1), optionally through a wallet."""
        payment = {"kind": kind, "amount": amount, "currency": currency, "date": when.isoformat(),
                   "paid_by": by, "paid_to": to, "for": "V1"}  # fmt: skip
        if wallet:
            payment["wallet"] = {"chain": wallet[0], "address": wallet[1]}
        doc.setdefault("payments", []).append(payment)
        self.ledger.payment(doc, payment)

    def _held(self, doc, network, site, victim, story, when) -> None:
        rng = self.rng
        city = ORIGIN_CITIES[network.country]
        legs, start = [], city
        for i, (place, mode, irregular) in enumerate(ROUTES[site.country]):
            leg = {"order": i + 1, "from": start, "to": place, "mode": mode,
                   "date": (when + timedelta(days=i)).isoformat()}  # fmt: skip
            leg |= {"irregular": True} if irregular else {}
            if i == 0:
                leg["facilitator"] = "R1"
            elif rng.random() < 0.7:
                self._block(doc, f"T{i}", site.transporters[i - 1], "transporter")
                self._relate(doc, "transported", f"T{i}", "V1")
                leg["facilitator"] = f"T{i}"
            legs.append(leg)
            start = place
        doc["journey"] = legs
        self.ledger.journey(doc)
        places = [story.place(p, self.ledger.place(p)) for p, _, _ in ROUTES[site.country]]
        story.say(f"He travelled from {city} to {', then '.join(places)}.")
        arrived = when + timedelta(days=len(legs))
        left = arrived + timedelta(days=rng.randint(30, 200))
        doc["compounds"] = [
            {"compound": site.name, "from": arrived.isoformat(), "to": left.isoformat()}
        ]
        controller = self.promoted.pop(site.compound_id, None) or rng.choice(site.controllers)
        self._staff(doc, "C1", controller, "controller", site)
        name = story.compound(site.name, site.compound_id)
        story.say(
            f"He was held at {name}, where a controller he knew as "
            f"{doc['people'][-1]['name']} ran his team."
        )
        self._hierarchy(doc, site)
        if rng.random() < 0.6:
            amount = rng.choice((50, 100, 200, 500))
            self._pay(doc, "fine", amount, "USD", arrived + timedelta(days=20), "V1", "C1")
            story.say(f"He was fined {story.amount(amount, 'USD')} for missing his quota.")
        if rng.random() < 0.3 and any(p["ref"] == "D1" for p in doc["people"]):
            chain, address = self.world.wallets[site.director.entity_id]
            amount = rng.choice((2000, 3000, 4500, 6000, 9000))
            self._pay(doc, "ransom", amount, "USDT", left, "family", "D1", (chain, address))
            story.say(
                f"His family paid {story.amount(amount, 'USDT', before=False)} to "
                f"{story.wallet(address, self.ledger.wallet_key(chain, address))} for his release."
            )
        others = [s for s in self.world.sites if s is not site]
        if rng.random() < 0.12 and others:
            self._transfer(doc, site, rng.choice(others), left, story)
        if rng.random() < 0.08:
            self.promoted[site.compound_id] = victim
            story.say("In his last weeks he was made team leader over newer workers.")
        site.victims.append(victim)

    def _reports(self, doc: dict, site: Site, left: str, right: str) -> None:
        self._relate(doc, "reports_to", left, right)
        self.ledger.reports(doc, site.compound_id, left, right)

    def _hierarchy(self, doc: dict, site: Site) -> None:
        """Mention some of the compound's staff and who reports to whom among them."""
        rng = self.rng
        superior = self.world.reports_to[self.ledger.entity_of(doc, "R1").entity_id]
        director = rng.random() < 0.7
        if director:
            self._staff(doc, "D1", site.director, "director", site)
            self._reports(doc, site, "C1", "D1")
            if superior is site.director:
                self._reports(doc, site, "R1", "D1")
            if rng.random() < 0.3:
                self._staff(doc, "B1", site.boss, "boss", site)
                self._reports(doc, site, "D1", "B1")
        if rng.random() < 0.4:
            agent = superior if superior in site.agents else rng.choice(site.agents)
            self._staff(doc, "A1", agent, "agent", site)
            if director:
                self._reports(doc, site, "A1", "D1")
            if superior is agent:
                self._reports(doc, site, "R1", "A1")

    def _transfer(self, doc, site, other, when, story) -> None:
        if not any(p["ref"] == "A1" for p in doc["people"]):
            self._staff(doc, "A1", self.rng.choice(site.agents), "agent", site)
        self._staff(doc, "D2", other.director, "director", other)
        price = self.rng.choice((6000, 8000, 9500, 12000, 15000))
        doc["compounds"].append({"compound": other.name, "from": when.isoformat()})
        doc["transfers"] = [{"person": "V1", "from": site.name, "to": other.name,
                             "date": when.isoformat(), "price": price, "currency": "USD",
                             "seller": "A1", "buyer": "D2"}]  # fmt: skip
        self._relate(doc, "sold_to", "A1", "D2", person="V1")
        self._pay(doc, "transfer_price", price, "USD", when, "D2", "A1")
        self.ledger.transfer(doc, doc["transfers"][0], site.compound_id, other.compound_id)
        name = story.compound(other.name, other.compound_id)
        story.say(f"He was then sold to {name} for {story.amount(price, 'USD')}.")
