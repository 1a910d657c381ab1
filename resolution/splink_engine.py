"""The same field spec through Splink, for tables beyond one machine (DuckDB or Spark).

casegraph's own engine is the default; Splink (a well-kept Fellegi-Sunter library with
SQL back ends) takes over when a table is too large for it. What stays the same: the
records are prepared by casegraph's normalisers (names transliterated, phones to E.164,
dates at their precision...), the spec's blocking rules give the same keys (computed
here, exploded by Splink), the merge threshold is the spec's. What Splink does its own
way: the comparisons (one Splink comparison per field kind, below), and training (its
tutorial's: ``u`` by random sampling, ``m`` by expectation-maximisation blocked on
each single-valued field in turn; Splink's EM cannot explode arrays of keys).
Splink is an optional extra (``pip install casegraph[splink]``; ``casegraph[spark]`` adds
pyspark; ``CASEGRAPH_SPARK_MASTER`` names the Spark master, ``local[*]`` by default).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from casegraph.core.errors import ConfigError
from casegraph.resolution.blocking import record_keys
from casegraph.resolution.engine import prepare
from casegraph.resolution.spec import ResolutionSpec
from casegraph.resolution.types import Record

BACKENDS = ("duckdb", "spark")
_SETS = frozenset({"alias", "phone", "account", "wallet", "identifier"})
_NAMES = frozenset({"full_name", "given_name", "surname"})
_EXACT = frozenset({"postcode", "country", "category"})
RANDOM_PAIRS = 1_000_000  # pairs Splink samples for u


@dataclass(frozen=True)
class SplinkResolution:
    """Clusters and scored pairs from a Splink run."""

    clusters: dict[str, str]  # record id -> cluster id (smallest record id in it)
    pairs: pd.DataFrame  # unique_id_l, unique_id_r, match_probability (above review)
    backend: str

    def members(self) -> dict[str, list[str]]:
        """Cluster id -> record ids."""
        out: dict[str, list[str]] = {}
        for record_id, cluster_id in self.clusters.items():
            out.setdefault(cluster_id, []).append(record_id)
        return out


def _splink() -> Any:
    try:
        import splink
    except ImportError as exc:  # an optional extra
        raise ConfigError(
            "--engine splink needs the splink package: pip install 'casegraph[splink]'"
        ) from exc
    return splink


def _comparison(kind: str, column: str) -> Any:
    """The Splink comparison for one field of casegraph's ``kind``."""
    import splink.comparison_library as cl

    if kind in _SETS:
        return cl.ArrayIntersectAtSizes(column, [1])
    if kind in _NAMES:
        return cl.JaroWinklerAtThresholds(column, [0.92, 0.8]).configure(
            term_frequency_adjustments=True
        )
    if kind == "date":
        return cl.LevenshteinAtThresholds(column, [1, 2])
    if kind in _EXACT:
        return cl.ExactMatch(column)
    return cl.JaroWinklerAtThresholds(column, [0.9, 0.7])


def table(records: Sequence[Record], spec: ResolutionSpec) -> pd.DataFrame:
    """Records prepared by casegraph's normalisers, one column per field (lists for sets
    of values) and one list of blocking keys per rule (``block_0``...)."""
    columns = prepare(records, spec)
    data: dict[str, list] = {"unique_id": [r.id for r in records]}
    for fs in spec.fields:
        values = columns[fs.name].tolist()
        if fs.kind in _SETS:
            data[fs.name] = [list(v) if v else None for v in values]
        else:
            data[fs.name] = [v or None for v in values]
    for r, rule in enumerate(spec.blocking_rules()):
        data[f"block_{r}"] = [
            sorted(set(record_keys(rule, columns, i))) or None for i in range(len(records))
        ]
    return pd.DataFrame(data)


def _local_cores(master: str) -> int:
    """The cores of a ``local[N]`` / ``local[*]`` Spark master (this machine's for others)."""
    inside = master.partition("[")[2].rstrip("]")
    return int(inside) if inside.isdigit() else os.cpu_count() or 1


def _api(backend: str) -> Any:
    if backend == "duckdb":
        from splink.backends.duckdb import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        try:
            from pyspark.sql import SparkSession
            from splink.backends.spark import SparkAPI, similarity_jar_location
        except ImportError as exc:
            raise ConfigError(
                "--backend spark needs pyspark (and Java 17): pip install 'casegraph[spark]'"
            ) from exc
        master = os.environ.get("CASEGRAPH_SPARK_MASTER", "local[*]")
        local = master.startswith("local")
        builder = (
            SparkSession.builder.master(master)
            .appName("casegraph")
            .config("spark.jars", similarity_jar_location())  # Splink's string similarities
            .config("spark.ui.enabled", "false")
        )
        if local:
            # Spark's default of 200 shuffle partitions makes every one of Splink's many
            # small steps 200 tasks; on one machine, one per core is plenty.
            builder = builder.config("spark.sql.shuffle.partitions", str(_local_cores(master)))
        session = builder.getOrCreate()
        if not session.sparkContext.getCheckpointDir():  # Splink checkpoints its steps
            session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="casegraph-spark-"))
        # On one machine Splink's intermediate tables stay in Spark's cache (memory, then
        # disk) instead of being written out as Parquet at every step.
        lineage = "persist" if local else None
        return SparkAPI(spark_session=session, break_lineage_method=lineage)
    raise ConfigError(f"unknown backend {backend!r} (known: {', '.join(BACKENDS)})")


def resolve_with_splink(
    records: Sequence[Record], spec: ResolutionSpec, backend: str = "duckdb", seed: int = 0
) -> SplinkResolution:
    """Cluster ``records`` with Splink on ``backend``: same preparation and blocking keys
    as casegraph's engine, Splink's comparisons and training, the spec's thresholds."""
    splink = _splink()
    frame = table(records, spec)
    rules = [
        splink.block_on(f"block_{r}", arrays_to_explode=[f"block_{r}"])
        for r in range(len(spec.blocking_rules()))
    ]
    settings = splink.SettingsCreator(
        link_type="dedupe_only",
        comparisons=[_comparison(fs.kind, fs.name) for fs in spec.fields],
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=spec.prior or 1.0 / max(len(records) - 1, 1),
        retain_intermediate_calculation_columns=False,
    )
    api = _api(backend)
    if backend == "spark":
        sdf = api.spark.createDataFrame(frame)
        linker = splink.Linker(api.register(sdf), settings, log_level=logging.WARNING)
    else:
        linker = splink.Linker(api.register(frame), settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=RANDOM_PAIRS, seed=seed)
    # Splink's EM cannot explode arrays: it trains on exact agreement of each
    # single-valued field in turn (its tutorial's way), each session training the others.
    for fs in spec.fields:
        if fs.kind in _SETS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                splink.block_on(fs.name)
            )
        except Exception as exc:  # noqa: BLE001 - a session with nothing to train is skipped
            logging.getLogger(__name__).info("Splink EM on %s skipped: %s", fs.name, exc)
    predictions = linker.inference.predict(threshold_match_probability=spec.thresholds.review)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=spec.thresholds.merge
    ).as_pandas_dataframe()
    pairs = predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    smallest = clustered.groupby("cluster_id")["unique_id"].transform("min")
    clusters = dict(zip(clustered["unique_id"].astype(str), smallest.astype(str), strict=True))
    for record in records:
        clusters.setdefault(record.id, record.id)
    return SplinkResolution(clusters=clusters, pairs=pairs, backend=backend)


__all__ = ["BACKENDS", "SplinkResolution", "resolve_with_splink", "table"]
