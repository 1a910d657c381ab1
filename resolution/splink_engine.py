"""The same field spec through Splink, for tables beyond one machine (DuckDB or Spark).

casegraph's own engine is the default; Splink (a well-kept Fellegi-Sunter library with
SQL back ends) takes over when a table is too large for it. What stays the same: the
records are prepared by casegraph's normalisers (names transliterated, phones to E.164,
dates at their precision...), the spec's blocking rules give the same keys (computed
here, exploded by Splink; a key shared by more records than the rule's cap in
casegraph's engine is left out, where casegraph compares such a block sparsely), the
merge threshold is the spec's. What Splink does its own way: the comparisons (one Splink
comparison per field kind, below), and training, as its documentation trains a model on
a large table (:func:`estimate_prior`, :func:`train`): the prior from deterministic
rules, ``u`` from 1e8 random pairs, ``m`` by expectation-maximisation in sessions whose
blocks hold a fair share of true matches at any size. All three are derived from the
spec's fields, the same at every table size; a ``prior`` the spec gives is kept. A name
field in which some records give several names is compared by its closest pair.
Splink is an optional extra (``pip install casegraph[splink]``; ``casegraph[spark]`` adds
pyspark; ``CASEGRAPH_SPARK_MASTER`` names the Spark master, ``local[*]`` by default).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from casegraph.core.errors import ConfigError
from casegraph.resolution.blocking import record_keys
from casegraph.resolution.engine import prepare
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.spec import ResolutionSpec
from casegraph.resolution.types import Record

BACKENDS = ("duckdb", "spark")
_SETS = frozenset({"alias", "phone", "account", "wallet", "identifier", "categories"})
_KEYS = _SETS - {"alias", "categories"}  # numbers and handles of one holder: rare values
_NAMES = frozenset({"full_name", "given_name", "surname"})
_EXACT = frozenset({"postcode", "country", "category"})
# Splink's docstring: "at least 1e9 gives best results", 1e7 "often adequate whilst
# testing"; its default 1e6 sees the rarest levels (an exact name, a shared phone) a
# handful of times. It stops early once every level is seen 100 times.
RANDOM_PAIRS = 1e8
PRIOR_RECALL = 0.7  # share of true matches the deterministic rules are taken to find
# Splink warns of every level a training session does not see, and a session never sees
# the fields it blocks on disagree: a page of warnings on every run, by design. predict()
# still names the comparisons left with default values.
_EM_LOGGER = "splink.internals.expectation_maximisation"
FIRST, YEAR = "__first", "__year"  # derived columns EM blocks on (it cannot explode lists)


@dataclass(frozen=True)
class SplinkResolution:
    """Clusters and scored pairs from a Splink run."""

    clusters: dict[str, str]  # record id -> cluster id (smallest record id in it)
    pairs: pd.DataFrame  # unique_id_l, unique_id_r, match_probability (above review)
    backend: str
    prior: float  # P(two random records match) the model scored with

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


def _comparison(kind: str, column: str, listed: bool) -> Any:
    """The Splink comparison for one field of casegraph's ``kind`` (``listed``: a name
    field some records give several names in, compared by its most alike pair)."""
    import splink.comparison_library as cl

    if kind in _SETS:
        return cl.ArrayIntersectAtSizes(column, [1])
    if listed:
        return cl.PairwiseStringDistanceFunctionAtThresholds(column, "jaro_winkler", [0.92, 0.8])
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
    of values, and for a name field when some record gives several names), the first of
    each key field's values and the year of each date (EM blocks on them), and one list
    of blocking keys per rule (``block_0``...) without the keys too common to compare."""
    columns = prepare(records, spec)
    data: dict[str, list] = {"unique_id": [r.id for r in records]}
    for fs in spec.fields:
        values = columns[fs.name].tolist()
        if fs.kind in _SETS or any(type(v) is tuple for v in values):
            data[fs.name] = [list(v) if type(v) is tuple else [v] if v else None for v in values]
        else:
            data[fs.name] = [v or None for v in values]
        if fs.kind in _KEYS:
            data[fs.name + FIRST] = [v[0] if v else None for v in values]
        if fs.kind == "date":
            data[fs.name + YEAR] = [v[:4] if v else None for v in values]
    for r, (rule, cap) in enumerate(zip(spec.blocking_rules(), spec.block_caps(), strict=True)):
        keys = [sorted(set(record_keys(rule, columns, i))) for i in range(len(records))]
        common = {k for k, n in Counter(k for ks in keys for k in ks).items() if n > cap}
        data[f"block_{r}"] = [[k for k in ks if k not in common] or None for ks in keys]
    return pd.DataFrame(data)


def _columns(spec: ResolutionSpec, kinds: Collection[str], suffix: str = "") -> tuple[str, ...]:
    """The spec's fields of these kinds, in its order (with ``suffix``: the columns
    :func:`table` derives from them)."""
    return tuple(f.name + suffix for f in spec.fields if f.kind in kinds)


def _deterministic_rules(spec: ResolutionSpec) -> list[tuple[tuple[str, ...], bool]]:
    """Rules that pick pairs almost surely of one person, as (columns, exploded): a
    shared phone, handle, wallet or identifier number; every name and date agreeing."""
    rules = [((key,), True) for key in _columns(spec, _KEYS)]
    names, dates = _columns(spec, _NAMES), _columns(spec, {"date"})
    if names and dates:
        rules.append(((*names, *dates), False))
    return rules


def em_sessions(spec: ResolutionSpec) -> list[tuple[str, ...]]:
    """The columns each expectation-maximisation session blocks on. EM learns ``m`` from
    the pairs a block proposes, so a block must hold a fair share of true matches at any
    table size: the first phone (handle, wallet, number) of a record; every name and the
    birth year together. A session learns every field but those it blocks on; a block on
    a full date alone fills with strangers born the same day as the table grows (EM then
    takes them for the matching class), so single fields are sessions only when there is
    no key field to learn the names from, and never one of a few values (a country: at
    200,000 records 1.8 billion pairs)."""
    keys = _columns(spec, _KEYS, FIRST)
    sessions = [(first,) for first in keys]
    names, years = _columns(spec, _NAMES), _columns(spec, {"date"}, YEAR)
    if names and years:
        sessions.append((*names, *years))
    if not keys:
        sessions.extend((c,) for c in _columns(spec, KINDS.keys() - _SETS - _NAMES - _EXACT))
    return sessions or [(c,) for c in _columns(spec, KINDS.keys() - _SETS - _EXACT)]


def _local_cores(master: str) -> int:
    """The cores of a ``local[N]`` / ``local[*]`` Spark master (this machine's for others)."""
    inside = master.partition("[")[2].rstrip("]")
    return int(inside) if inside.isdigit() else os.cpu_count() or 1


def spark_session(master: str | None = None, conf: Mapping[str, str] | None = None) -> Any:
    """The Spark session Splink runs on: the active one if there is one (a notebook's, a
    test module's), left as it is; else a new one on ``master`` (``CASEGRAPH_SPARK_MASTER``,
    ``local[*]`` by default) with Splink's string similarities and ``conf`` on top.

    Spark's defaults are set for a cluster; here: no web UI or console progress bars (a
    bar for each of Splink's hundreds of Spark jobs fills the terminal or the log it is
    piped to), its warehouse and checkpoints (unless Spark's configuration names a
    checkpoint folder) in a folder of the system's temp folder removed when Python exits
    (Spark's default ``spark-warehouse/`` lands in the folder it is run from), and on a
    local master one shuffle partition a core instead of 200 and the
    driver bound to this machine's loopback. Stop it with :func:`stop_spark`."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise ConfigError(
            "--backend spark needs pyspark (and Java 17): pip install 'casegraph[spark]'"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = master or os.environ.get("CASEGRAPH_SPARK_MASTER", "local[*]")
    scratch = tempfile.mkdtemp(prefix="casegraph-spark-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    settings = {
        "spark.jars": similarity_jar_location(),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.warehouse.dir": os.path.join(scratch, "warehouse"),
    }
    if master.startswith("local"):
        settings |= {
            "spark.sql.shuffle.partitions": str(_local_cores(master)),
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        }
    builder = SparkSession.builder.master(master).appName("casegraph")
    for key, value in (settings | dict(conf or {})).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    if not session.sparkContext.getCheckpointDir():  # Splink may write its steps there
        session.sparkContext.setCheckpointDir(os.path.join(scratch, "checkpoints"))
    return session


def stop_spark() -> None:
    """Stop the active Spark session and the JVM behind it. pyspark's ``stop()`` ends the
    session but keeps the JVM (and its memory) until Python exits: a notebook or a test
    run would hold it for good. The next :func:`spark_session` starts a new one."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()
    gateway = SparkContext._gateway  # pyspark has no public call that ends its JVM
    if gateway is None:
        return
    gateway.shutdown()
    process = getattr(gateway, "proc", None)  # the JVM, which exits when its stdin closes
    if process is not None:
        process.stdin.close()
        process.wait(timeout=60)
    SparkContext._gateway = SparkContext._jvm = None


def _api(backend: str) -> Any:
    if backend == "duckdb":
        import duckdb
        from splink.backends.duckdb import DuckDBAPI

        # DuckDB spills to ``.tmp/`` in the working folder by default: a killed run left
        # gigabytes in the user's folder (and once in a commit). The system's temp folder.
        spill = os.path.join(tempfile.gettempdir(), "casegraph-duckdb")
        connection = duckdb.connect(config={"temp_directory": spill})
        # Splink writes list lambdas as ``x -> ...`` (its comparison of several names):
        # DuckDB 1.3 deprecated that syntax and 2.0 refuses it unless told; before 1.3
        # there is no such setting and arrows just work.
        with contextlib.suppress(duckdb.Error):
            connection.execute("SET lambda_syntax='ENABLE_SINGLE_ARROW'")
        return DuckDBAPI(connection)
    if backend == "spark":
        session = spark_session()
        from splink.backends.spark import SparkAPI

        # On one machine Splink's intermediate tables stay in Spark's cache (memory, then
        # disk) instead of being written out as Parquet at every step.
        local = session.sparkContext.master.startswith("local")
        return SparkAPI(spark_session=session, break_lineage_method="persist" if local else None)
    raise ConfigError(f"unknown backend {backend!r} (known: {', '.join(BACKENDS)})")


def estimate_prior(data: Any, spec: ResolutionSpec, records: int) -> float:
    """P(two random records match): the spec's if it gives one, else Splink's estimate
    (``estimate_probability_two_random_records_match``) from deterministic rules: the
    pairs they pick, taken as :data:`PRIOR_RECALL` of the matches, over all pairs.
    Counted here with Splink's blocking analysis so that rules picking no pair leave
    1 / (records - 1) rather than a prior of 0, with which Splink cannot score."""
    if spec.prior is not None:
        return spec.prior
    splink = _splink()
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    rules = _deterministic_rules(spec)
    found = 0
    if rules:
        blocks = [splink.block_on(*c, arrays_to_explode=list(c) if x else None) for c, x in rules]
        counted = count_comparisons_from_blocking_rules(
            data, blocking_rules=blocks, link_type="dedupe_only", record_sample_proportion=1.0
        )[-1]
        found = counted["cumulative_comparison_count"]
        pairs = counted["total_possible_comparison_count"]
    estimate = found / PRIOR_RECALL / pairs if found else 1.0 / max(records - 1, 1)
    return min(estimate, 0.99)  # a prior of 1 is as unusable as 0 (two records of one person)


def train(linker: Any, spec: ResolutionSpec, seed: int = 0) -> None:
    """Train a Splink model on a :func:`table` of ``spec`` the way Splink's documentation
    does for a large table (its prior set beforehand, :func:`estimate_prior`): ``u`` from
    :data:`RANDOM_PAIRS` random pairs, ``m`` by EM in the :func:`em_sessions`."""
    splink = _splink()
    with _quieter(_EM_LOGGER):
        linker.training.estimate_u_using_random_sampling(max_pairs=RANDOM_PAIRS, seed=seed)
        for columns in em_sessions(spec):
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    splink.block_on(*columns)
                )
            except Exception as exc:  # noqa: BLE001 - a session with nothing to train is skipped
                logging.getLogger(__name__).info("Splink EM on %s skipped: %s", columns, exc)


@contextlib.contextmanager
def _quieter(name: str) -> Iterator[None]:
    """Logger ``name`` says errors only while the block runs, then as it was."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def resolve_with_splink(
    records: Sequence[Record], spec: ResolutionSpec, backend: str = "duckdb", seed: int = 0
) -> SplinkResolution:
    """Cluster ``records`` with Splink on ``backend``: same preparation and blocking keys
    as casegraph's engine, Splink's comparisons and training, the spec's thresholds."""
    splink = _splink()
    frame = table(records, spec)
    listed = {c for c in frame.columns if frame[c].map(type).eq(list).any()}
    rules = [
        splink.block_on(f"block_{r}", arrays_to_explode=[f"block_{r}"])
        for r in range(len(spec.blocking_rules()))
    ]
    api = _api(backend)
    data = api.register(api.spark.createDataFrame(frame) if backend == "spark" else frame)
    prior = estimate_prior(data, spec, len(records))
    settings = splink.SettingsCreator(
        link_type="dedupe_only",
        comparisons=[_comparison(fs.kind, fs.name, fs.name in listed) for fs in spec.fields],
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=False,
    )
    linker = splink.Linker(data, settings, log_level=logging.WARNING)
    train(linker, spec, seed)
    predictions = linker.inference.predict(threshold_match_probability=spec.thresholds.review)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=spec.thresholds.merge
    ).as_pandas_dataframe()
    pairs = predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    smallest = clustered.groupby("cluster_id")["unique_id"].transform("min")
    clusters = dict(zip(clustered["unique_id"].astype(str), smallest.astype(str), strict=True))
    for record in records:
        clusters.setdefault(record.id, record.id)
    return SplinkResolution(clusters=clusters, pairs=pairs, backend=backend, prior=prior)


__all__ = [
    "BACKENDS",
    "RANDOM_PAIRS",
    "SplinkResolution",
    "em_sessions",
    "estimate_prior",
    "resolve_with_splink",
    "spark_session",
    "stop_spark",
    "table",
    "train",
]
