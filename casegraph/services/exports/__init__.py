"""Exchange formats other agencies' tools read: HTCDS case files, i2 Analyst's Notebook
CSVs, FollowTheMoney JSON lines (Aleph), GraphML, GEXF and node/link CSV (``htcds``,
``i2``, ``ftm``, ``graphs``).

``export(store, fmt, out_dir)`` writes one format into a folder with ``manifest.json``
(files, row counts, sha256, the data snapshot); victims are pseudonymised unless
``reveal``.
"""

from __future__ import annotations

from pathlib import Path

from casegraph.core.errors import ParameterError
from casegraph.services.exports.ftm import export_ftm
from casegraph.services.exports.graphs import GRAPH_FORMATS, LAYERS, export_graph
from casegraph.services.exports.htcds import export_htcds
from casegraph.services.exports.i2 import export_i2
from casegraph.services.exports.manifest import MANIFEST, Manifest
from casegraph.store import GraphStore

__all__ = ["EXPORT_FORMATS", "LAYERS", "MANIFEST", "Manifest", "export"]

EXPORT_FORMATS = ("htcds", "i2", "ftm", *GRAPH_FORMATS)


def export(
    store: GraphStore,
    fmt: str,
    out_dir: str | Path,
    reveal: bool = False,
    layer: str = "entity",
) -> tuple[Manifest, Path]:
    """Write ``fmt`` into ``out_dir``; returns the manifest and the path it was written to."""
    out = Path(out_dir)
    if fmt == "htcds":
        manifest = export_htcds(store, out, reveal)
    elif fmt == "i2":
        manifest = export_i2(store, out, layer, reveal)
    elif fmt == "ftm":
        manifest = export_ftm(store, out, layer, reveal)
    elif fmt in GRAPH_FORMATS:
        manifest = export_graph(store, fmt, out, layer, reveal)
    else:
        raise ParameterError(f"export formats are {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    return manifest, manifest.write(store)
