"""The saved query catalog: one ``.cypher`` file per query with a YAML header.

This package only ships the files; ``casegraph.services.catalog`` parses them and
``casegraph.services.runner`` runs them.
"""

from casegraph.core.resources import package_path

QUERY_DIR = package_path("casegraph.queries")

__all__ = ["QUERY_DIR"]
