"""The ground truth of a generated dataset, kept while its debriefs are written.

Every record written is booked against the real person it describes, and every fact
asserted (recruitment, hierarchy, payments, transfers, journeys, indicator phrases) is
booked with its source, so the truth has the same shape as ``examples/ground_truth.yaml``.
"""

from __future__ import annotations

from collections import defaultdict

from casegraph.core.identifiers import normalize_wallet, wallet_key
from casegraph.core.resources import package_path
from casegraph.examples.narrative import Narrative
from casegraph.examples.people import Entity
from casegraph.examples.sources import fold, gazetteer_lookup

__all__ = ["GAZETTEER", "Ledger"]

GAZETTEER = package_path("casegraph.loaders", "data", "gazetteer.yaml")


class Ledger:
    """Who each record is and who asserted what, in ground-truth terms."""

    def __init__(self) -> None:
        self.places = gazetteer_lookup(GAZETTEER)
        self.entity: dict[str, Entity] = {}  # record id -> entity
        self.roles: dict[str, set[str]] = defaultdict(set)  # entity id -> roles recorded
        self.records_by_role: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.recruitment: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.hierarchy: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.works: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.employers: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.supplied: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.payments: list[dict] = []
        self.transfers: list[dict] = []
        self.journeys: dict[str, dict] = {}
        self.victims: list[dict] = []
        self.mined: dict[str, dict] = {}
        self.debriefs: list[dict] = []
        self.negatives: list[tuple[str, str]] = []  # record pairs that are different people

    # ------------------------------------------------------------------ lookups

    def place(self, name: str) -> str:
        return self.places[fold(name)]

    @staticmethod
    def wallet_key(chain: str, address: str) -> str:
        return wallet_key(normalize_wallet(address, chain))

    def entity_of(self, doc: dict, ref: str) -> Entity:
        return self.entity[f"{doc['debrief_id']}#{ref}"]

    def _who(self, doc: dict, ref: str) -> str:
        return ref if ref == "family" else self.entity_of(doc, ref).entity_id

    # ------------------------------------------------------------------ bookings

    def record(self, record_id: str, entity: Entity, role: str) -> None:
        self.entity[record_id] = entity
        self.roles[entity.entity_id].add(role)
        self.records_by_role[(entity.entity_id, role)].append(record_id)

    def works_at(self, source: str, entity: Entity, compound_id: str, role: str) -> None:
        self.works[(entity.entity_id, compound_id, role)].append(source)

    def works_for(self, source: str, entity: Entity, agency: str) -> None:
        self.employers[(entity.entity_id, agency)].append(source)

    def supplies(self, source: str, agency: str, compound_id: str) -> None:
        self.supplied[(agency, compound_id)].append(source)

    def recruited(self, source: str, recruiter: Entity, victim: Entity) -> None:
        self.recruitment[(recruiter.entity_id, victim.entity_id)].append(source)

    def reports(self, doc: dict, compound_id: str, left: str, right: str) -> None:
        edge = (self._who(doc, left), self._who(doc, right))
        self.hierarchy[compound_id][edge].append(doc["debrief_id"])

    def payment(self, doc: dict, payment: dict) -> None:
        booked = {
            "source": doc["debrief_id"],
            **{k: payment[k] for k in ("kind", "amount", "currency", "date")},
            **{k: self._who(doc, payment[k]) for k in ("paid_by", "paid_to", "for")},
        }
        if payment.get("wallet"):
            booked["wallet"] = self.wallet_key(**payment["wallet"])
        self.payments.append(booked)

    def transfer(self, doc: dict, transfer: dict, start: str, end: str) -> None:
        self.transfers.append({
            "source": doc["debrief_id"], "person": self._who(doc, transfer["person"]),
            "from": start, "to": end, "date": transfer["date"], "price": transfer["price"],
            "currency": transfer["currency"], "seller": self._who(doc, transfer["seller"]),
            "buyer": self._who(doc, transfer["buyer"]),
        })  # fmt: skip

    def journey(self, doc: dict) -> None:
        legs = doc["journey"]
        stops = [self.place(legs[0]["from"]), *(self.place(leg["to"]) for leg in legs)]
        self.journeys[doc["debrief_id"]] = {
            "legs": stops,
            "irregular": [
                [stops[i], stops[i + 1]] for i, leg in enumerate(legs) if leg.get("irregular")
            ],  # fmt: skip
            "facilitators": [
                self._who(doc, leg["facilitator"]) if leg.get("facilitator") else None
                for leg in legs
            ],
        }

    def victim(
        self, doc: dict, victim: Entity, elements: tuple[str, ...], story: Narrative
    ) -> None:
        """Book the interviewee's screening truth and what the narrative mentions."""
        held = [
            {"compound": self.places[fold(c["compound"])], "from": c["from"], "to": c.get("to")}
            for c in doc.get("compounds") or []
        ]
        self.victims.append({
            "person": victim.entity_id, "pseudonym": doc["interviewee"]["pseudonym"],
            "record": f"{doc['debrief_id']}#V1", "presumed_victim": len(elements) >= 2,
            "elements": list(elements), "held_at": held,
            "indicators": story.indicators, "negated": story.negated,
        })  # fmt: skip
        self.mined[doc["debrief_id"]] = {
            "phones": story.phones, "accounts": story.accounts, "wallets": story.wallets,
            "amounts": story.amounts, "places": story.places, "compounds": story.compounds,
        }  # fmt: skip
        self.debriefs.append({
            "id": doc["debrief_id"], "case": doc["case_id"], "country": doc["country"],
            "grading": doc["grading"], "interviewee": victim.entity_id,
        })  # fmt: skip
