"""A reviewer's free-text reason naming a victim is pseudonymised like any excerpt."""

from __future__ import annotations

from types import SimpleNamespace

from casegraph.services.reports.identity import _decisions_table
from casegraph.services.reports.privacy import Privacy

VICTIM = "Amina Fictitia Wanjiru"


def _table(store, reveal: bool):
    store.write(
        "CREATE (:Person {id: 'P-victim', name: $name, roles: ['victim'], is_victim: true,"
        " pseudonym: 'KE-V-0099'}), (:Person {id: 'P-rec', name: 'Corpus Recruiter',"
        " roles: ['recruiter']})",
        {"name": VICTIM},
    )
    decision = SimpleNamespace(
        left="DBR-A#R1", right="DBR-B#R2", judgement=SimpleNamespace(value="same"),
        user="analyst", at="2026-12-06", key=("DBR-A#R1", "DBR-B#R2"),
        reason=f"same man: {VICTIM} named him twice; Wanjiru said so again",
    )  # fmt: skip
    return _decisions_table([SimpleNamespace(decision=decision)], Privacy(store, reveal).redact)


def test_reason_naming_a_victim_is_pseudonymised(store):
    [row] = _table(store, reveal=False).rows
    reason = row[-1]
    assert VICTIM not in reason and "Wanjiru" not in reason and "Amina" not in reason
    assert reason.count("KE-V-0099") == 2


def test_reveal_keeps_the_reason_as_written(store):
    [row] = _table(store, reveal=True).rows
    assert VICTIM in row[-1]
