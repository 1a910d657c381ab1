"""Synthetic person records with known identity, for entity-resolution tests and benchmarks.

Each invented person (an *entity*) is written down 1 to 4 times, the way different
officers in different countries would: swapped name order, nicknames, honorifics
("Boss", "Ah", "Pak"), transliteration variants and native scripts, typos, phones in
local or international format, missing fields. Some entities are *hard negatives*:
distinct people with the same surname and a similar given name, nationality and role.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii

from casegraph.core.identifiers import phone_country
from casegraph.examples._identifiers import (
    GLOBAL_STYLES,
    PHONE_STYLES,
    format_phone,
    handle_from_name,
    make_phone,
)
from casegraph.examples._names import REGIONS, Region

__all__ = [
    "ORIGINS",
    "RECORD_FIELDS",
    "Entity",
    "generate_person_records",
    "name_fields",
    "new_entity",
    "weighted",
]

RECORD_FIELDS = (
    "record_id", "full_name", "given_name", "surname", "alias", "birth_date", "birth_year",
    "phone", "telegram", "nationality", "role", "case_id", "country",
)  # fmt: skip

ROLES = (
    ("victim", 55), ("recruiter", 15), ("controller", 8), ("agent", 7), ("transporter", 5),
    ("director", 4), ("boss", 2), ("model", 2), ("official", 2),
)  # fmt: skip
ORIGINS = ("KE", "UG", "ET", "ID", "IN", "NP", "PH", "VN")
# Where offenders of these regions are usually met: they are described by the victims.
OFFENDER_REGIONS = {"china": 3, "thailand": 1}
# How many times an entity is written down, and how often.
RECORD_COUNTS = ((1, 30), (2, 35), (3, 25), (4, 10))
HARD_NEGATIVE_SHARE = 0.12
PHONE_REDRAWS = 20  # tries for a number nobody else has (in the listed range, then the wide)
# libphonenumber parses slowly and a million records name the same numbers again and again.
_phone_country = cache(phone_country)


@dataclass
class Entity:
    """One invented person: the truth behind every record written about them."""

    entity_id: str
    region: Region
    given: str
    surname: str
    nationality: str
    birth_date: str
    phones: list[str]
    telegram: str | None
    role: str
    case_ids: list[str]


def weighted(rng: random.Random, pairs: tuple[tuple, ...]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _region_for(rng: random.Random, role: str) -> Region:
    by_key = {r.key: r for r in REGIONS}
    if role in ("boss", "director", "controller", "agent") and rng.random() < 0.7:
        return by_key[weighted(rng, tuple(OFFENDER_REGIONS.items()))]
    if role == "transporter" and rng.random() < 0.6:
        return by_key["thailand"]
    origins = [r for r in REGIONS if r.key not in OFFENDER_REGIONS]
    return rng.choice(origins)


def _birth_date(rng: random.Random, role: str) -> str:
    low, high = (1990, 2004) if role == "victim" else (1965, 1998)
    return f"{rng.randint(low, high)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def new_entity(
    rng: random.Random,
    number: int,
    like: Entity | None = None,
    role: str | None = None,
    region: Region | None = None,
) -> Entity:
    """A fresh person; with ``like``, a different person easy to mistake for that one.

    ``role`` and ``region`` fix what is otherwise drawn at random.
    """
    role = like.role if like else role or str(weighted(rng, ROLES))
    region = like.region if like else region or _region_for(rng, role)
    nationality = like.nationality if like else rng.choice(region.countries)
    if like:
        surname = like.surname
        siblings = region.nicknames.get(like.given, ())
        given = rng.choice([like.given, *siblings, _typo(rng, like.given)])
    else:
        surname = rng.choice(region.surnames)
        given = rng.choice(region.given)
    phones = [make_phone(rng, nationality) for _ in range(rng.choice((1, 1, 2, 3)))]
    if role not in ("victim", "model") and rng.random() < 0.4:
        phones.append(make_phone(rng, rng.choice(("TH", "KH", "MM", "LA"))))
    has_handle = rng.random() < (0.8 if role != "victim" else 0.35)
    telegram = handle_from_name(rng, anyascii(given), anyascii(surname)) if has_handle else None
    if like and telegram and telegram == like.telegram:  # look-alikes never share a handle
        telegram = f"{telegram}{number}"
    cases = [f"CASE-{rng.choice(ORIGINS)}-{rng.randint(1, 40):02d}"]
    if role in ("recruiter", "director", "boss", "agent") and rng.random() < 0.5:
        cases.append(f"CASE-{rng.choice(ORIGINS)}-{rng.randint(1, 40):02d}")
    return Entity(f"ENT-{number:05d}", region, given, surname, nationality,
                   _birth_date(rng, role), phones, telegram, role, cases)  # fmt: skip


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a dropped, doubled, swapped or replaced letter."""
    if len(text) < 4:
        return text + text[-1:]
    i = rng.randint(1, len(text) - 2)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiouyrnlst") + text[i + 1 :]


def _respell(rng: random.Random, region: Region, word: str) -> str:
    """A transliteration variant: another romanization, no diacritics, or a spelling rule."""
    if word in region.surname_variants and rng.random() < 0.6:
        return rng.choice(region.surname_variants[word])
    ascii_word = anyascii(word)
    if ascii_word != word and rng.random() < 0.7:
        return ascii_word
    rules = [(old, new) for old, new in region.respell if old in word]
    if not rules:
        return ascii_word
    old, new = rng.choice(rules)
    return word.replace(old, new, 1)


def _script(region: Region, given: str, surname: str) -> str | None:
    """The name in its native script (Hanzi without spaces, Thai with), if known."""
    if given not in region.script or surname not in region.script:
        return None
    if region.key == "china":
        return region.script[surname] + region.script[given]
    return f"{region.script[given]} {region.script[surname]}"


def name_fields(rng: random.Random, entity: Entity, noise: float) -> dict[str, object]:
    """How one officer wrote this person's name: full name, parts and an alias."""
    region, given, surname = entity.region, entity.given, entity.surname
    if rng.random() < noise * 0.5:
        given = _respell(rng, region, given)
    if rng.random() < noise * 0.5:
        surname = _respell(rng, region, surname)
    if rng.random() < noise * 0.25:
        given = _typo(rng, given)
    if rng.random() < noise * 0.15:
        surname = _typo(rng, surname)
    nick = region.nicknames.get(entity.given)
    alias = None
    if nick and rng.random() < 0.3 + noise * 0.3:
        alias = rng.choice(nick)
    if entity.role != "victim" and rng.random() < 0.2 + noise * 0.3:
        alias = f"{rng.choice(region.honorifics)} {alias or rng.choice((given, surname))}"
    first, last = (surname, given) if region.surname_first else (given, surname)
    if rng.random() < noise * 0.3:
        first, last = last, first
    full = f"{first} {last}".strip()
    form = rng.random()
    if form < noise * 0.15:
        scripted = _script(region, entity.given, entity.surname)
        full = scripted or full
    elif form < noise * 0.3 and alias:
        return {"full_name": alias, "given_name": None, "surname": None, "alias": None}
    elif form < noise * 0.4 or not surname:
        full, surname = given, None
    if rng.random() < noise * 0.2:
        given = None
    return {"full_name": full, "given_name": given, "surname": surname, "alias": alias}


def _telegram(rng: random.Random, handle: str | None) -> str | None:
    if handle is None:
        return None
    return rng.choice((handle, "@" + handle, "@" + handle, f"t.me/{handle}", handle.upper()))


def _record(rng: random.Random, entity: Entity, record_id: str, noise: float) -> dict:
    """One mention of ``entity`` in one source, with the noise of a real debrief."""
    keep = 1.0 - noise * 0.45
    country = entity.nationality if rng.random() < 0.6 else rng.choice((*ORIGINS, "TH"))
    year = int(entity.birth_date[:4])
    birth_date = entity.birth_date if rng.random() < keep * 0.5 else None
    birth_year = None
    if birth_date is None and rng.random() < keep:
        birth_year = year + (rng.choice((-1, 1)) if rng.random() < noise * 0.3 else 0)
    elif birth_date is not None:
        birth_year = year
    phone = None
    if entity.phones and rng.random() < keep:
        number = rng.choice(entity.phones)
        # Local formats only where the reader's default region makes them unambiguous.
        local = _phone_country(number) == country
        phone = format_phone(number, rng.choice(PHONE_STYLES if local else GLOBAL_STYLES))
    return {
        "record_id": record_id,
        **name_fields(rng, entity, noise),
        "birth_date": birth_date,
        "birth_year": birth_year,
        "phone": phone,
        "telegram": _telegram(rng, entity.telegram) if rng.random() < keep else None,
        "nationality": entity.nationality if rng.random() < keep else None,
        "role": entity.role if rng.random() < 0.85 else None,
        "case_id": rng.choice(entity.case_ids),
        "country": country,
    }


def _own_handle(entity: Entity, taken: set[str]) -> Entity:
    """A Telegram handle belongs to one person: two people drawing the same one (common
    names) would make a shared handle wrongly count as proof in the benchmarks."""
    handle = entity.telegram
    if handle and handle in taken:
        handle = f"{handle[:26]}_{entity.entity_id[-5:]}"
        entity = dataclasses.replace(entity, telegram=handle)
    if handle:
        taken.add(handle)
    return entity


def _own_phones(entity: Entity, taken: set[str]) -> Entity:
    """A phone number belongs to one person: the fictional number ranges are small, and
    two people drawing the same number would make a shared phone wrongly count as proof.
    A taken number is redrawn from a generator seeded by the entity, so the main random
    stream (and every other record) stays as it was. Once a country's listed range is
    nearly used up (tens of thousands of people; 9.6 % of 200,000 records shared a
    number) the redraws go on in every mobile prefix of the country: only people who
    found no free number in the listed range get a number from the wide one, so smaller
    runs (the tests, the benchmarks' 2,000 people) are as they were."""
    if not taken.intersection(entity.phones):
        taken.update(entity.phones)
        return entity
    rng = random.Random(entity.entity_id)
    phones = []
    for number in entity.phones:
        for attempt in range(2 * PHONE_REDRAWS):
            if number not in taken:
                break
            region = _phone_country(number) or entity.nationality
            number = make_phone(rng, region, wide=attempt >= PHONE_REDRAWS)
        taken.add(number)
        phones.append(number)
    return dataclasses.replace(entity, phones=phones)


def generate_person_records(
    n_entities: int, seed: int = 0, noise_level: float = 0.3
) -> tuple[list[dict], dict[str, str]]:
    """``n_entities`` invented people written down 1-4 times each, and which record is whom.

    Returns ``(records, truth)``: records are dicts with the keys of :data:`RECORD_FIELDS`
    (missing values are None), ``truth`` maps every ``record_id`` to its entity id. The
    same ``seed`` gives the same output. ``noise_level`` (0 to 1) scales how often names
    are respelled, abbreviated, swapped or mistyped and how often fields go missing;
    about 12% of entities are hard negatives (a look-alike of another entity).
    """
    if n_entities < 0 or not 0.0 <= noise_level <= 1.0:
        raise ValueError("n_entities must be >= 0 and noise_level between 0 and 1")
    rng = random.Random(seed)
    entities: list[Entity] = []
    handles: set[str] = set()
    phones: set[str] = set()
    for number in range(n_entities):
        like = rng.choice(entities) if entities and rng.random() < HARD_NEGATIVE_SHARE else None
        entity = _own_handle(new_entity(rng, number, like), handles)
        entities.append(_own_phones(entity, phones))
    mentions = [e for e in entities for _ in range(int(weighted(rng, RECORD_COUNTS)))]
    rng.shuffle(mentions)
    records, truth = [], {}
    for index, entity in enumerate(mentions):
        record_id = f"REC-{index:06d}"
        records.append(_record(rng, entity, record_id, noise_level))
        truth[record_id] = entity.entity_id
    return records, truth
