"""Loaders: turn source files (debriefs, aliases, phones, agencies, compounds, routes)
into validated records with provenance, ready to be written to the graph store.

Shared reference data lives in ``loaders/data`` (the place gazetteer and the UNODC
indicator rules); free-text mining of debrief narratives is in ``casegraph.loaders.mining``.
"""

from casegraph.loaders.load import KINDS
from casegraph.loaders.report import LoadReport, write_rejects

__all__ = ["KINDS", "LoadReport", "write_rejects"]
