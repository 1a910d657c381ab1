"""The resolved entity layer: person records out of the graph, Person entities back in.

The resolution engine (``resolution/``) knows nothing of the graph; this package
is the bridge. ``fetch_person_records`` reads PersonRecord nodes with their hard
identifiers, ``write_entity_layer`` turns clusters into Person nodes and projects
every record-level link onto them with the union of its sources.
"""

from casegraph.services.entities.layer import EntityLayerStats, write_entity_layer
from casegraph.services.entities.records import PersonRow, fetch_person_records

__all__ = [
    "EntityLayerStats",
    "PersonRow",
    "fetch_person_records",
    "write_entity_layer",
]
