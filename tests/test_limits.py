"""Input limits: hostile YAML, oversized files, bad values are rejects, never crashes."""

from __future__ import annotations

import pytest

from casegraph.core.errors import ConfigError
from casegraph.loaders import limits
from casegraph.loaders.frontmatter import read_document

LOL = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'


def billion_laughs() -> str:
    lines = [f"a: &a {LOL}"]
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "---\ndebrief_id: DBR-X\n" + "\n".join(lines) + "\n---\nnarrative\n"


HOSTILE = {
    "billion laughs": (billion_laughs(), "values after expanding aliases"),
    "1000-deep flow nesting": (
        "---\ndebrief_id: DBR-X\nx: " + "[" * 1000 + "]" * 1000 + "\n---\n",
        "nesting",
    ),
    "1000-deep block nesting": (
        "---\ndebrief_id: DBR-X\n" + "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "---\n",
        "nesting",
    ),
    "complex key": ("---\ndebrief_id: DBR-X\n? [a, b]\n: c\n---\n", "a key must be plain text"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_a_malformed_document_naming_the_limit(name):
    text, reason = HOSTILE[name]
    with pytest.raises(ValueError, match="malformed YAML front matter") as caught:
        read_document(".md", text)
    assert reason in str(caught.value)


def test_limits_are_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("CASEGRAPH_LIMIT_YAML_DEPTH", "3")
    assert limits.current().yaml_depth == 3
    with pytest.raises(ValueError, match="CASEGRAPH_LIMIT_YAML_DEPTH"):
        read_document(".md", "---\ndebrief_id: X\na: {b: {c: {d: {e: 1}}}}\n---\n")
    monkeypatch.setenv("CASEGRAPH_LIMIT_YAML_DEPTH", "64")
    assert read_document(".md", "---\ndebrief_id: X\na: {b: {c: {d: {e: 1}}}}\n---\n")
    monkeypatch.setenv("CASEGRAPH_LIMIT_NARATIVE_CHARS", "5")
    with pytest.raises(ConfigError, match="CASEGRAPH_LIMIT_NARRATIVE_CHARS"):
        limits.current()


def test_file_over_the_size_limit_is_rejected_and_the_rest_loads(store, tmp_path, monkeypatch):
    from load_helpers import DEBRIEF

    from casegraph.services.ingest import load_paths

    monkeypatch.setenv("CASEGRAPH_LIMIT_FILE_MB", "1")
    (tmp_path / DEBRIEF.name).write_bytes(DEBRIEF.read_bytes())
    big = tmp_path / "huge.md"
    big.write_text("---\ndebrief_id: DBR-BIG\n---\n" + "x" * (2 * 1024 * 1024))
    report = load_paths(store, [tmp_path])
    [problem] = report.problems
    assert (
        problem.file == "huge.md" and "file size: 2.0 MB is over the limit of 1" in problem.reason
    )
    assert store.read("MATCH (s:Source) RETURN s.file AS f") == [{"f": DEBRIEF.name}]


def test_an_id_too_long_to_index_is_a_reject_and_the_store_stays_up(any_store, tmp_path):
    """FalkorDB's server crashed writing a value over 4 KB under a unique key: an id over
    KEY_BYTES is refused at the loader (the row, naming its cell), on both stores."""
    from casegraph.services.ingest import load_paths
    from casegraph.store.base import counts

    long_name = " ".join(f"Bogus{i}" for i in range(1_000))  # ~7,900 bytes of id
    table = tmp_path / "agencies.csv"
    table.write_text(
        f"name,country\nKey Test Agency One,KE\n{long_name},KE\nKey Test Agency Two,KE\n",
        encoding="utf-8",
    )
    report = load_paths(any_store, [table])
    [problem] = report.problems
    assert (problem.line, problem.field) == (3, "name")
    assert (
        "Agency id made from it" in problem.reason and "CASEGRAPH_LIMIT_KEY_BYTES" in problem.reason
    )
    assert counts(any_store)["nodes"]["Agency"] == 2


@pytest.mark.parametrize("value", ["100", "5000"])
def test_the_key_limit_cannot_be_set_where_the_store_would_crash(monkeypatch, value):
    monkeypatch.setenv("CASEGRAPH_LIMIT_KEY_BYTES", value)
    with pytest.raises(ConfigError, match="from 256 to 4,096"):
        limits.current()
