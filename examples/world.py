"""A synthetic recruitment network: compounds with their staff, cases with recruiters and agencies.

The world is the truth the generated files are written from: who works where, who
reports to whom, which recruiter serves which case through which agency, and the
phones, handles and wallets each of them uses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from anyascii import anyascii

from casegraph.core.resources import package_path
from casegraph.examples._identifiers import eth_address, handle_from_name, make_phone, tron_address
from casegraph.examples._names import REGIONS
from casegraph.examples.people import ORIGINS, Entity, new_entity
from casegraph.examples.sources import read_geojson

__all__ = ["ORIGIN_CITIES", "ROUTES", "Network", "People", "Site", "World", "build_world"]

COMPOUNDS_FILE = package_path("casegraph.examples", "tables", "compounds.geojson")
# Where victims of each origin country fly from.
ORIGIN_CITIES = {
    "KE": "Nairobi", "UG": "Entebbe", "ET": "Addis Ababa", "ID": "Jakarta",
    "IN": "New Delhi", "NP": "Kathmandu", "PH": "Manila", "VN": "Ho Chi Minh City",
}  # fmt: skip
# Legs after the origin city, per compound country: (place, mode, irregular crossing).
ROUTES = {
    "MM": (("Bangkok", "flight", False), ("Mae Sot", "road", False), ("Myawaddy", "boat", True)),
    "LA": (("Bangkok", "flight", False), ("Chiang Rai", "flight", False),
           ("Chiang Saen", "road", False), ("Golden Triangle SEZ", "boat", True)),
    "KH": (("Phnom Penh", "flight", False), ("Sihanoukville", "road", False)),
}  # fmt: skip
# Real places kept as landmarks only: no invented staff is put in them.
LANDMARKS = ("CMP-MM-SHWEKOKKO", "CMP-LA-KINGSROMANS")
SYLLABLES = ("ka", "ro", "vi", "len", "ta", "mo", "su", "ri", "na", "zel", "dor", "qui", "bra")
AGENCY_WORDS = (("Talent", "Career", "Manpower", "Workforce"), ("Link", "Bridge", "Hub", "Gate"))
SUFFIXES = {
    "KE": "Ltd", "UG": "Ltd", "ET": "PLC", "ID": "PT", "IN": "Pvt Ltd", "NP": "Pvt. Ltd.",
    "PH": "Inc.", "VN": "Co., Ltd",
}  # fmt: skip


@dataclass
class Site:
    """A compound and the offenders who run it."""

    compound_id: str
    name: str
    country: str
    boss: Entity
    director: Entity
    controllers: list[Entity]
    agents: list[Entity]
    transporters: list[Entity]  # one per leg of the route after the flight in
    victims: list[Entity] = field(default_factory=list)  # victims debriefed so far


@dataclass
class Network:
    """One case: an origin country, its recruiters, their agency and the sites they fill."""

    case_id: str
    country: str
    agency: dict
    recruiters: list[Entity]
    sites: list[Site]
    lookalike: dict | None = None  # an agency whose name copies this one's


class People:
    """Numbers new entities and keeps them all."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.all: list[Entity] = []
        self.regions = {r.key: r for r in REGIONS}

    def new(self, role: str, region: str | None = None, like: Entity | None = None) -> Entity:
        entity = new_entity(
            self.rng, len(self.all), like, role, self.regions[region] if region else None
        )
        entity.entity_id = f"P-{len(self.all):05d}"
        self.all.append(entity)
        return entity

    def origin(self, country: str, role: str) -> Entity:
        region = next(r.key for r in REGIONS if country in r.countries)
        entity = self.new(role, region)
        if entity.nationality != country:  # regions span several countries
            entity.nationality = country
            entity.phones = [make_phone(self.rng, country) for _ in entity.phones]
        return entity


@dataclass
class World:
    """Everything the generator writes about, with each person's identifiers."""

    sites: list[Site]
    networks: list[Network]
    wallets: dict[str, tuple[str, str]]  # entity id -> (chain, address)
    reports_to: dict[str, Entity]  # entity id -> superior
    negatives: list[tuple[Entity, Entity]]  # (person, look-alike who is someone else)
    people: People


def _agency_name(rng: random.Random, country: str) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    words = " ".join(rng.choice(group) for group in AGENCY_WORDS)
    suffix = SUFFIXES[country]
    return f"PT {stem} {words}" if suffix == "PT" else f"{stem} {words} {suffix}"


def _lookalike(rng: random.Random, name: str, country: str) -> str:
    """The same name with one letter changed and another legal suffix."""
    stem = name.removeprefix("PT ").split(" ")[0]
    i = rng.randint(1, len(stem) - 2)
    vowel = rng.choice([v for v in "aeiou" if v != stem[i]])
    changed = stem[:i] + vowel + stem[i + 1 :]
    words = " ".join(name.removeprefix("PT ").split(" ")[1:3])
    return f"{changed} {words} Co."


def _sites(people: People, rng: random.Random) -> list[Site]:
    sites, bosses = [], []
    for feature in read_geojson(COMPOUNDS_FILE):
        props = feature["properties"]
        if props["country"] not in ROUTES or props["compound_id"] in LANDMARKS:
            continue
        if not bosses or rng.random() < 0.4:
            bosses.append(people.new("boss", "china"))
        transporters = [
            people.new("transporter", "thailand" if props["country"] != "KH" else None)
            for _ in ROUTES[props["country"]][1:]
        ]
        sites.append(Site(
            props["compound_id"], props["name"], props["country"], rng.choice(bosses),
            people.new("director", "china"),
            [people.new("controller", "china") for _ in range(rng.randint(2, 3))],
            [people.new("agent", rng.choice(("china", "thailand"))) for _ in range(2)],
            transporters,
        ))  # fmt: skip
    return sites


def _network(people: People, rng: random.Random, number: int, sites: list[Site]) -> Network:
    country = ORIGINS[number % len(ORIGINS)]
    case_id = f"CASE-{country}-{number // len(ORIGINS) + 1:02d}"
    recruiters = [people.origin(country, "recruiter") for _ in range(rng.randint(1, 2))]
    for recruiter in recruiters:
        recruiter.telegram = recruiter.telegram or handle_from_name(
            rng, anyascii(recruiter.given), anyascii(recruiter.surname)
        )
    name = _agency_name(rng, country)
    agency = {"name": name, "country": country, "phone": make_phone(rng, country)}
    network = Network(case_id, country, agency, recruiters, rng.sample(sites, rng.randint(1, 2)))
    if rng.random() < 0.3:
        other = rng.choice([c for c in ORIGINS if c != country])
        network.lookalike = {
            "name": _lookalike(rng, name, other),
            "country": other,
            "phone": recruiters[0].phones[0],  # the recruiter's own SIM on the flyer
        }
    return network


def build_world(n_networks: int, rng: random.Random) -> World:
    """Sites for every compound of the examples and ``n_networks`` recruiting cases."""
    people = People(rng)
    sites = _sites(people, rng)
    networks = [_network(people, rng, i, sites) for i in range(n_networks)]
    wallets: dict[str, tuple[str, str]] = {}
    reports_to: dict[str, Entity] = {}
    for site in sites:
        chain = rng.choice(("tron", "ethereum"))
        address = tron_address(rng) if chain == "tron" else eth_address(rng)
        wallets[site.director.entity_id] = (chain, address)
        reports_to[site.director.entity_id] = site.boss
        for staff in (*site.controllers, *site.agents):
            reports_to[staff.entity_id] = site.director
    for network in networks:
        for recruiter in network.recruiters:
            wallets[recruiter.entity_id] = ("tron", tron_address(rng))
            site = network.sites[0]
            reports_to[recruiter.entity_id] = rng.choice((site.director, site.agents[0]))
    recruiters = [r for network in networks for r in network.recruiters]
    chosen = [r for r in recruiters if rng.random() < 0.25] or recruiters[:1]
    negatives = [(recruiter, people.new("recruiter", like=recruiter)) for recruiter in chosen]
    return World(sites, networks, wallets, reports_to, negatives, people)
