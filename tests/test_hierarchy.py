"""offender-hierarchy follows reporting lines below a compound's staff.

A subordinate recorded only through a reports-to link (no works-at of their own) is
part of the compound's hierarchy, at their level, with the source of each line; staff
of another compound and recruiters feeding another compound only stay out.
"""

from __future__ import annotations

from casegraph.services.runner import run_query
from casegraph.store import GraphStore

GRAPH = """
CREATE (c1:Compound {id: 'CMP-XX-ONE', name: 'Riverside Tower'}),
       (c2:Compound {id: 'CMP-XX-TWO', name: 'Hilltop Block'}),
       (b:Person {id: 'P-B', name: 'Tan Boon', roles: ['boss']}),
       (d:Person {id: 'P-D', name: 'Lu Dao', roles: ['director']}),
       (m:Person {id: 'P-M', name: 'Ko Min', roles: ['controller']}),
       (w:Person {id: 'P-W', name: 'Aung Win', roles: ['agent']}),
       (o:Person {id: 'P-O', name: 'Other Staff', roles: ['controller']}),
       (r:Person {id: 'P-R', name: 'Far Recruiter', roles: ['recruiter']}),
       (v:Person {id: 'P-V', pseudonym: 'V-1', roles: ['victim']}),
       (b)-[:WORKS_AT {role: 'boss', source_ids: ['S1']}]->(c1),
       (d)-[:WORKS_AT {role: 'director', source_ids: ['S1']}]->(c1),
       (d)-[:REPORTS_TO {source_ids: ['S1']}]->(b),
       (m)-[:REPORTS_TO {source_ids: ['S2']}]->(d),
       (w)-[:REPORTS_TO {source_ids: ['S3', 'S4']}]->(m),
       (o)-[:WORKS_AT {role: 'controller', source_ids: ['S5']}]->(c2),
       (o)-[:REPORTS_TO {source_ids: ['S5']}]->(d),
       (r)-[:RECRUITED {source_ids: ['S6']}]->(v),
       (v)-[:HELD_AT {source_ids: ['S6']}]->(c2),
       (r)-[:REPORTS_TO {source_ids: ['S6']}]->(d)
"""


def test_subordinates_known_only_by_reporting_lines_are_in_the_hierarchy(store: GraphStore):
    store.write(GRAPH)
    rows = run_query(store, "offender-hierarchy", {"compound": "riverside TOWER"}).rows
    got = [(r["person_id"], r["level"], r["reports_to_id"], r["reports_to_sources"]) for r in rows]
    assert got == [
        ("P-B", 1, None, []),
        ("P-D", 2, "P-B", ["S1"]),
        ("P-M", 3, "P-D", ["S2"]),
        ("P-W", 4, "P-M", ["S3", "S4"]),
    ]
    assert [r["role_at_compound"] for r in rows] == ["boss", "director", None, None]
    other = run_query(store, "offender-hierarchy", {"compound": "CMP-XX-TWO"}).rows
    assert [(r["person_id"], r["level"]) for r in other] == [("P-O", 1)]
