"""Loaders: turn source files (debriefs, aliases, phones, agencies, compounds, routes)
into validated records with provenance, ready to be written to the graph store.

Shared reference data lives in ``loaders/data`` (the place gazetteer and the UNODC
indicator rules); free-text mining of debrief narratives is in ``loaders.mining``.
"""

from loaders.load import KINDS, load_paths
from loaders.report import LoadReport, write_rejects

__all__ = ["KINDS", "LoadReport", "load_paths", "write_rejects"]
