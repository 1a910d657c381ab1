"""The saved query catalog: one ``.cypher`` file per query with a YAML header.

This package only ships the files; ``casegraph.services.catalog`` parses them and
``casegraph.services.runner`` runs them.
"""

from pathlib import Path

QUERY_DIR = Path(__file__).parent

__all__ = ["QUERY_DIR"]
