"""Every Cypher statement the reports run, in one module.

The saved queries (``queries/*.cypher``) return tables shaped for a screen; a report
needs each link with its full provenance, so it reads the graph in these shapes.
All statements are read-only and parameterized; links are read in both directions
with a UNION so one query serves any anchor node.
"""

ALL_SOURCE_HASHES = "MATCH (s:Source) RETURN s.content_hash AS h"
SOURCES_BY_ID = "MATCH (s:Source) WHERE s.id IN $ids RETURN s AS source ORDER BY s.id"

PERSON_BY_ID = "MATCH (p:Person {id: $id}) RETURN p AS node"
ALL_PERSONS = "MATCH (p:Person) RETURN p AS node ORDER BY p.id"
COMPOUND_BY_ID = "MATCH (c:Compound {id: $id}) RETURN c AS node"
CASE_BY_ID = "MATCH (c:Case {id: $id}) RETURN c AS node"

PERSON_LINKS = """
MATCH (a:Person {id: $id})-[r]->(o)
WHERE type(r) <> 'RESOLVES_TO'
RETURN 'out' AS direction, type(r) AS type, o AS other, properties(r) AS props
UNION ALL
MATCH (a:Person {id: $id})<-[r]-(o)
WHERE type(r) <> 'RESOLVES_TO'
RETURN 'in' AS direction, type(r) AS type, o AS other, properties(r) AS props
"""
COMPOUND_LINKS = """
MATCH (a:Compound {id: $id})-[r]->(o)
RETURN 'out' AS direction, type(r) AS type, o AS other, properties(r) AS props
UNION ALL
MATCH (a:Compound {id: $id})<-[r]-(o)
WHERE NOT o:PersonRecord
RETURN 'in' AS direction, type(r) AS type, o AS other, properties(r) AS props
"""

PERSON_RECORDS = """
MATCH (r:PersonRecord)-[x:RESOLVES_TO]->(p:Person {id: $id})
OPTIONAL MATCH (r)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET]->(i)
RETURN r AS record, x.score AS score, collect(DISTINCT i.id) AS identifiers
ORDER BY r.id
"""

# Journey legs made by any of $travellers or facilitated by any of $facilitators.
LEGS = """
MATCH (t:Person)-[:MADE]->(:Journey)-[:HAS_LEG]->(l:Leg)
OPTIONAL MATCH (f:Person)-[:FACILITATED]->(l)
WITH t, l, collect(DISTINCT f) AS facilitators
WHERE t.id IN $travellers OR any(x IN facilitators WHERE x.id IN $facilitators)
OPTIONAL MATCH (l)-[:FROM]->(a)
OPTIONAL MATCH (l)-[:TO]->(b)
RETURN t AS traveller, l AS leg, a.name AS origin, b.name AS destination, facilitators
ORDER BY l.date, l.id
"""
# Transfers between compounds name the victim by record id (they are not projected).
TRANSFERS = """
MATCH (a:Compound)-[t:TRANSFERRED_TO]->(b:Compound)
WHERE t.person_id IN $ids
RETURN a.name AS origin, b.name AS destination, properties(t) AS props
ORDER BY t.date, a.id, b.id
"""
# Out of and into the compound, each through its index (an OR of the two ends read
# every transfer).
TRANSFERS_AT = """
CALL {
  MATCH (a:Compound {id: $id})-[t:TRANSFERRED_TO]->(b:Compound) RETURN a, t, b
  UNION
  MATCH (a:Compound)-[t:TRANSFERRED_TO]->(b:Compound {id: $id}) RETURN a, t, b
}
WITH a, t, b
RETURN a.name AS origin, b.name AS destination, properties(t) AS props
ORDER BY t.date, a.id, b.id
"""
RECORD_OWNERS = """
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE r.id IN $ids
RETURN r.id AS record, p AS person
"""

# Legs arriving at a compound (the routes in), with the traveller.
LEGS_INTO_COMPOUND = """
MATCH (l:Leg)-[:TO]->(c:Compound {id: $id})
OPTIONAL MATCH (l)-[:FROM]->(a)
OPTIONAL MATCH (t:Person)-[:MADE]->(:Journey)-[:HAS_LEG]->(l)
OPTIONAL MATCH (f:Person)-[:FACILITATED]->(l)
RETURN t AS traveller, l AS leg, a.name AS origin, c.name AS destination,
       collect(DISTINCT f) AS facilitators
ORDER BY l.date, l.id
"""

CASE_PERSONS = """
MATCH (c:Case {id: $id})-[r:INVOLVES]->(p:Person)
RETURN p AS person, properties(r) AS props
ORDER BY p.id
"""
CASE_SOURCES = """
MATCH (s:Source)
WHERE s.case_id = $id OR (s)-[:PART_OF]->(:Case {id: $id})
RETURN s.id AS id
ORDER BY s.date, s.id
"""
# Identifiers of people of this case and every case that involves a holder of the same
# identifier. Whether a source of each case asserts the link is checked in Python:
# FalkorDB 4.16 returned no rows when that test was two any() predicates in Cypher.
CASE_SHARED_IDENTIFIERS = """
MATCH (c:Case {id: $id})-[:INVOLVES]->(p:Person)-[r:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET]->(i)
MATCH (q:Person)-[r2:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET]->(i)
MATCH (c2:Case)-[:INVOLVES]->(q)
WHERE c2.id <> $id
RETURN labels(i)[0] AS kind, i.id AS identifier, p AS person, q AS other,
       r.source_ids AS here, c.source_ids AS case_sources,
       r2.source_ids AS there, c2.id AS other_case, c2.source_ids AS other_sources
ORDER BY identifier, other_case
"""

# Screening: forced-criminality indicators shown by each person.
INDICATORS = """
MATCH (p:Person)-[r:SHOWS_INDICATOR]->(i:Indicator)
WHERE $ids IS NULL OR p.id IN $ids
RETURN p AS person, i AS indicator, properties(r) AS props
ORDER BY p.id, i.element, i.id
"""
PAYMENT_PARTIES = """
MATCH (pay:Payment)
WHERE pay.id IN $ids
OPTIONAL MATCH (payer:Person)-[:PAID]->(pay)
OPTIONAL MATCH (payee)-[:RECEIVED]->(pay)
WHERE NOT payee:PersonRecord
OPTIONAL MATCH (pay)-[:FOR_PERSON]->(subject:Person)
RETURN pay.id AS payment, collect(DISTINCT payer) AS payers, collect(DISTINCT payee) AS payees,
       collect(DISTINCT subject) AS subjects
"""
HIERARCHY_AT = """
MATCH (a:Person)-[:WORKS_AT]->(c:Compound {id: $id})
MATCH (a)-[r:REPORTS_TO]->(b:Person)
RETURN a AS person, b AS boss, properties(r) AS props
ORDER BY a.id, b.id
"""
