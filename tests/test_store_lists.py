"""A person is found by any one element of Person.lookup, exactly, on both stores.

On Neo4j this goes through a keyword full-text index, whose query language gives
meaning to spaces, quotes, backslashes, '+', ':' and '@': a key holding them must still
be one exact term, and a key that is only part of an element must find nothing.
"""

from __future__ import annotations

import pytest

from casegraph.core.errors import SchemaError
from casegraph.store import GraphStore
from casegraph.store.lists import nodes_by_element

KEYS = {
    "P-1": ["boss sammy", "+254712555301", 'sammy "the" boss', "a\\b:c", "telegram:brayo_jobs"],
    "P-2": ["boss", "sammy", "@sam OR boss*"],
}


def found(store: GraphStore, *keys: str) -> list[str]:
    return sorted(n["id"] for n in nodes_by_element(store, "Person", "lookup", keys))


def test_an_element_finds_its_node_whole_and_exactly(any_store: GraphStore):
    any_store.write(
        "UNWIND $rows AS row CREATE (p:Person {id: row.id, lookup: row.keys})",
        {"rows": [{"id": pid, "keys": keys} for pid, keys in KEYS.items()]},
    )
    assert found(any_store, "boss sammy") == ["P-1"]
    assert found(any_store, "boss") == ["P-2"]  # not a word of P-1's "boss sammy"
    assert found(any_store, 'sammy "the" boss', "a\\b:c") == ["P-1"]
    assert found(any_store, "+254712555301", "sammy") == ["P-1", "P-2"]
    assert found(any_store, "@sam OR boss*") == ["P-2"]  # no query syntax in a key
    assert found(any_store, "Boss Sammy", "sam", "") == []  # elements are lower-cased
    assert found(any_store) == []


def test_only_a_declared_list_index_is_searched(store: GraphStore):
    with pytest.raises(SchemaError, match="Person.names has no list index"):
        nodes_by_element(store, "Person", "names", ["x"])
