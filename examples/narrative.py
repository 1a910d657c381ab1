"""Officer's-voice narratives for synthetic debriefs, with what a miner should find in them.

Each narrative is assembled from sentences that carry identifiers (phones, handles,
wallets), amounts, places and UNODC indicator phrases of the Act, Means and Purpose
elements, some of them negated. The sentences chosen are returned with the text, so the
ground truth lists exactly what is in it.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, field

__all__ = ["INDICATORS", "NEGATED", "Narrative"]

# Indicator phrases per element; each is written verbatim into the narrative.
INDICATORS: dict[str, tuple[str, ...]] = {
    "act": (
        "was promised free flights, food and housing",
        "sat three online interviews",
        "the ticket was paid by the agent",
        "was told to say he was a tourist",
        "crossed the river at night without passing immigration",
        "was met at the airport by strangers",
    ),
    "means": (
        "his passport was taken on arrival",
        "his phone was confiscated",
        "worked 15 hours a day with no days off",
        "was beaten by the guards",
        "was threatened with being sold to another compound",
        "was told he owed the company for his travel",
    ),
    "purpose": (
        "was forced to run fake investment chats",
        "was made to run romance scams with fake profiles",
        "was trained to move targets to a fake crypto platform",
    ),
}
NEGATED = (
    "was not given any drugs",
    "did not sign a contract",
    "was not asked to recruit anyone",
)
FILLER = (
    "The interview took place with an interpreter present and lasted about two hours.",
    "The interviewee was calm and consistent about dates, names and the order of events.",
    "He asked that his family not be contacted without his consent, and this was agreed.",
    "He was shown photographs of several persons of interest but recognised none of them.",
    "He has kept copies of some of the messages he exchanged and agreed to share them.",
    "Follow-up with the referring shelter is planned for next month.",
    "Medical and psychosocial support were offered and he accepted a first appointment.",
    "He is willing to give a further statement if the case goes to court.",
)
WIDTH = 88
# Joins the words of a phone number or an amount while wrapping, so no line splits them.
_GLUE = "\x00"


def _glued(raw: str) -> str:
    return raw.replace(" ", _GLUE)


@dataclass
class Narrative:
    """Sentences of one debrief narrative and the mentions the ground truth lists."""

    sentences: list[str] = field(default_factory=list)
    phones: list[dict] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    wallets: list[dict] = field(default_factory=list)
    amounts: list[dict] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    indicators: dict[str, list[str]] = field(
        default_factory=lambda: {"act": [], "means": [], "purpose": []}
    )
    negated: list[str] = field(default_factory=list)

    def say(self, sentence: str) -> None:
        self.sentences.append(sentence)

    def phone(self, raw: str, e164: str) -> str:
        self.phones.append({"raw": raw, "e164": e164})
        return _glued(raw)

    def account(self, raw: str, platform: str, key: str) -> str:
        self.accounts.append({"raw": raw, "platform": platform, "key": key})
        return raw

    def wallet(self, address: str, key: str) -> str:
        self.wallets.append({"raw": address, "key": key})
        return address

    def amount(self, amount: int, currency: str, before: bool = True) -> str:
        raw = f"{currency} {amount:,}" if before else f"{amount:,} {currency}"
        self.amounts.append({"raw": raw, "amount": amount, "currency": currency})
        return _glued(raw)

    def place(self, name: str, place_id: str) -> str:
        if place_id not in self.places:
            self.places.append(place_id)
        return name

    def compound(self, name: str, compound_id: str) -> str:
        if compound_id not in self.compounds:
            self.compounds.append(compound_id)
        return name

    def indicate(self, rng: random.Random, elements: tuple[str, ...]) -> None:
        """Say one to three indicator phrases of each element, and one negated statement."""
        for element in elements:
            for phrase in rng.sample(INDICATORS[element], rng.randint(1, 3)):
                self.indicators[element].append(phrase)
                self.say(f"He said he {phrase}.")
        negated = rng.choice(NEGATED)
        self.negated.append(negated)
        self.say(f"He stated that he {negated}.")

    def text(self, rng: random.Random) -> str:
        """The narrative wrapped into 8 to 25 lines, in paragraphs of a few sentences."""
        fillers = list(FILLER)
        while True:
            paragraphs, current = [], []
            for sentence in self.sentences:
                current.append(sentence)
                if len(current) >= rng.randint(3, 5):
                    paragraphs.append(current)
                    current = []
            paragraphs.append(current)
            lines = [
                line
                for paragraph in paragraphs
                if paragraph
                for line in [*textwrap.wrap(" ".join(paragraph), WIDTH, break_on_hyphens=False), ""]
            ]
            if len([line for line in lines if line]) >= 8 or not fillers:
                return "\n".join(lines).strip().replace(_GLUE, " ") + "\n"
            self.sentences.append(fillers.pop(0))
