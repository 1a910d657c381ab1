"""The entity layer follows the clusters and keeps every source of a projected link."""

from __future__ import annotations

from casegraph.services.entities import fetch_person_records, write_entity_layer
from casegraph.store import counts

GRAPH = """
CREATE (s1:Source {id: 'D1', kind: 'debrief', country: 'KE'}),
       (s2:Source {id: 'D2', kind: 'debrief', country: 'UG'}),
       (r1:PersonRecord {id: 'D1#R1', source_id: 'D1', name: 'Brian Kiprono',
                         roles: ['recruiter'], aliases: ['Brayo']}),
       (v1:PersonRecord {id: 'D1#V1', source_id: 'D1', name: 'Amani', roles: ['victim'],
                         pseudonym: 'KE-V-1'}),
       (r2:PersonRecord {id: 'D2#R3', source_id: 'D2', name: 'Kiprono Brian',
                         roles: ['recruiter', 'agent'], aliases: ['Boss B']}),
       (v2:PersonRecord {id: 'D2#V1', source_id: 'D2', name: 'Okello', roles: ['victim'],
                         pseudonym: 'UG-V-1'}),
       (ph:Phone {id: '+254712000001'}),
       (r1)-[:RECRUITED {source_ids: ['D1'], refs: ['d1.md:12'], origin: 'recorded'}]->(v1),
       (r2)-[:RECRUITED {source_ids: ['D2'], refs: ['d2.md:9'], origin: 'recorded'}]->(v2),
       (r1)-[:USES_PHONE {source_ids: ['D1'], refs: ['d1.md:14']}]->(ph),
       (r2)-[:USES_PHONE {source_ids: ['D2'], refs: ['d2.md:20']}]->(ph)
"""


def test_merged_records_share_one_person_and_links_keep_all_sources(store):
    store.write(GRAPH)
    records = fetch_person_records(store)
    assert [r.id for r in records] == ["D1#R1", "D1#V1", "D2#R3", "D2#V1"]
    assert records[0].phones == ("+254712000001",) and records[0].source_country == "KE"
    stats = write_entity_layer(store, records, {"D1#R1": "c1", "D2#R3": "c1"})
    assert stats.persons == 3 and stats.merged_records == 2
    person = store.read("MATCH (r:PersonRecord {id: 'D2#R3'})-[:RESOLVES_TO]->(p:Person) RETURN p")[
        0
    ]["p"]
    assert person["roles"] == ["agent", "recruiter"]
    assert person["aliases"] == ["Boss B", "Brayo"]
    assert person["record_ids"] == ["D1#R1", "D2#R3"]
    phone = store.read(
        "MATCH (p:Person)-[u:USES_PHONE]->(:Phone {id: '+254712000001'}) "
        "RETURN count(p) AS n, u.source_ids AS sources, u.refs AS refs"
    )
    assert phone == [{"n": 1, "sources": ["D1", "D2"], "refs": ["d1.md:14", "d2.md:20"]}]
    recruited = store.read(
        "MATCH (a:Person)-[r:RECRUITED]->(v:Person) RETURN a.id AS a, v.pseudonym AS v ORDER BY v"
    )
    assert {r["v"] for r in recruited} == {"KE-V-1", "UG-V-1"}
    assert len({r["a"] for r in recruited}) == 1


def test_unmerge_on_next_run_and_records_untouched(store):
    store.write(GRAPH)
    records = fetch_person_records(store)
    write_entity_layer(store, records, {"D1#R1": "c1", "D2#R3": "c1"})
    before = counts(store)["nodes"]["PersonRecord"]
    write_entity_layer(store, records, {})
    assert counts(store)["nodes"]["Person"] == 4
    assert counts(store)["nodes"]["PersonRecord"] == before
    phones = store.read(
        "MATCH (p:Person)-[u:USES_PHONE]->(:Phone) RETURN p.id AS p, u.source_ids AS s ORDER BY s"
    )
    assert [r["s"] for r in phones] == [["D1"], ["D2"]]


def test_each_victim_sold_stays_one_link_after_projection(store):
    store.write(
        "CREATE (s:PersonRecord {id: 'D1#A1', source_id: 'D1', name: 'Ko Zaw', roles: ['agent']}),"
        " (b:PersonRecord {id: 'D1#A2', source_id: 'D1', name: 'Mr Lim', roles: ['boss']}),"
        " (s)-[:SOLD_TO {person: 'D1#V1', source_ids: ['D1']}]->(b),"
        " (s)-[:SOLD_TO {person: 'D1#V2', source_ids: ['D1']}]->(b),"
        " (:PersonRecord {id: 'D1#V1', source_id: 'D1', roles: ['victim'], pseudonym: 'V-1'}),"
        " (:PersonRecord {id: 'D1#V2', source_id: 'D1', roles: ['victim'], pseudonym: 'V-2'})"
    )
    write_entity_layer(store, fetch_person_records(store), {})
    sold = store.read(
        "MATCH (:Person)-[r:SOLD_TO]->(:Person) MATCH (v:Person {id: r.person}) "
        "RETURN v.pseudonym AS victim ORDER BY victim"
    )
    assert [r["victim"] for r in sold] == ["V-1", "V-2"]


def test_a_person_is_shown_under_the_name_written_with_care(store, tmp_path):
    """A Hanoi note writes "Nguyễn Văn Hùng"; a police list and a hotline log add
    "NGUYEN VAN HUNG" in capitals. The person was shown (in reports, lookups, pictures)
    under the capitals, the most copied spelling; the name with its accents is shown."""
    from casegraph.services.entities.resolve import resolve_people
    from casegraph.services.ingest import load_paths

    (tmp_path / "HN-44.md").write_text(
        "---\ndebrief_id: HN-44\ncase_id: VN-44\ndate: 2024-04-02\ncountry: VN\n"
        "interviewee: {ref: V1, pseudonym: VN-V-44, name: Tran Thi Mai, role: victim}\n"
        "people:\n  - {ref: R1, name: Nguyễn Văn Hùng, roles: [recruiter],"
        ' phones: ["0912 555 321"]}\n---\nMai met Hùng on Zalo.\n',
        encoding="utf-8",
    )
    for table in ("police_list", "hotline_log"):
        (tmp_path / f"{table}.csv").write_text(
            "Name,Alias,Phone\nNGUYEN VAN HUNG,HUNG BEO,+84 912 555 321\n", encoding="utf-8"
        )
    load_paths(store, [tmp_path])
    resolve_people(store, tmp_path / "decisions")
    people = "MATCH (p:Person) WHERE NOT p.is_victim RETURN p.name AS name, p.names AS names"
    assert store.read(people) == [
        {"name": "Nguyễn Văn Hùng", "names": ["NGUYEN VAN HUNG", "Nguyễn Văn Hùng"]}
    ]


def test_a_name_in_latin_letters_is_shown_over_the_same_name_in_another_script():
    """Field trial: a phones sheet names Ram Bahadur Thapa in Devanagari only; his person
    was shown (in every report and picture) as "राम बहादुर थापा", not "Ram Bahadur Thapa"."""
    from collections import Counter

    from casegraph.services.entities.layer import display_name

    names = Counter(["राम बहादुर थापा", "Ram Bahadur Thapa", "RAM THAPA"])
    assert display_name(names) == "Ram Bahadur Thapa"
    assert display_name(Counter(["ዳዊት አለሙ", "DAWIT ALEMU", "DAWIT ALEMU"])) == "DAWIT ALEMU"
