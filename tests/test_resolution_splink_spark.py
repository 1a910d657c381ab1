"""Splink on Spark in local mode, run as a user runs it: ``casegraph dedupe --engine
splink --backend spark`` on a small table written the way field data is (a letter
dropped or doubled, "SURNAME, Given", a name with an alias, one phone written three ways,
dates as ISO, "14 Mar 1986" and "23/11/1995"; namesakes and a one-letter look-alike who
are other people) finds who is who: the clusters casegraph's own engine and Splink on
DuckDB find. The Spark JVM is stopped at the end and nothing is left in the folder it ran
from. Everyone in ``fixtures/dedupe/people.csv`` is invented.

Splink runs some 140 Spark jobs for training, prediction and clustering whatever the
size of the table: this module takes 30-50 s on the 2 shared cores (README, "Entity
resolution").
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from pyspark import SparkContext
from pyspark.sql import SparkSession
from test_resolution_splink import groups

from casegraph.cli import main
from casegraph.resolution.splink_engine import spark_session, stop_spark

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17: make java"),
]

TABLE = Path(__file__).parent / "fixtures" / "dedupe" / "people.csv"
FIELDS = ("name:full_name", "birth_date:date", "phone:phone", "country:country")
# Spark set for a table of 54 rows on a small shared machine: none of these changes what
# is computed, only how long computing it takes (a third of the time, measured).
SMALL_TABLE = {
    # adaptive execution plans again as each stage ends: 260 Spark jobs instead of 142
    "spark.sql.adaptive.enabled": "false",
    # compiling every one of Splink's queries to Java takes longer than running it here
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    # a JVM that lives half a minute: the quick JIT tier only, one garbage-collector thread
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    # a heap for 54 rows, not the default gigabyte (peak 0.79 GB instead of 1.22 GB)
    "spark.driver.memory": "512m",
}


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    """The empty folder the module runs from, as a user runs casegraph from theirs."""
    folder = tmp_path_factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("CASEGRAPH_HOME", str(tmp_path_factory.mktemp("home")))
        yield folder


@pytest.fixture(scope="module")
def spark(here):
    """One Spark session for the module, on one core (a 54-row table has nothing to
    share out); its JVM stopped at the end."""
    session = spark_session("local[1]", SMALL_TABLE)
    yield session
    stop_spark()


def dedupe(out: Path, *engine: str) -> list[frozenset[str]]:
    """``casegraph dedupe`` of the table with ``engine``'s options: its clusters."""
    fields = [part for field in FIELDS for part in ("--field", field)]
    main(["dedupe", str(TABLE), "--id-column", "record_id", *fields, *engine,
          "--out", str(out), "--quiet"])  # fmt: skip
    with (out / "clusters.csv").open(encoding="utf-8") as rows:
        return groups({row["record_id"]: row["cluster_id"] for row in csv.DictReader(rows)})


@pytest.fixture(scope="module")
def runs(spark, tmp_path_factory):
    """Each engine's clusters of the table: (clusters by engine, output folder)."""
    out = tmp_path_factory.mktemp("out")
    found = {
        "casegraph": dedupe(out / "casegraph"),
        "duckdb": dedupe(out / "duckdb", "--engine", "splink", "--backend", "duckdb"),
        "spark": dedupe(out / "spark", "--engine", "splink", "--backend", "spark"),
    }
    return found, out


def test_spark_finds_who_is_who_as_casegraph_and_duckdb_do(runs):
    found, out = runs
    with TABLE.open(encoding="utf-8") as rows:
        truth = groups({row["record_id"]: row["person"] for row in csv.DictReader(rows)})
    assert found["spark"] == found["casegraph"] == found["duckdb"] == truth
    assert '"backend": "spark"' in (out / "spark" / "summary.json").read_text()


def test_the_cli_ran_on_the_modules_spark_session(runs, spark):
    assert SparkSession.getActiveSession() is spark
    assert spark.sparkContext.statusTracker().getJobIdsForGroup()  # Splink's work ran here


def test_spark_leaves_nothing_in_the_folder_it_ran_from(runs, spark, here):
    """No ``spark-warehouse/``, ``metastore_db/`` or ``derby.log`` beside the user's
    files: Spark's scratch is in the system's temp folder."""
    assert sorted(p.name for p in here.iterdir()) == []
    temp = Path(tempfile.gettempdir()).resolve()
    warehouse = spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:")
    assert Path(warehouse).resolve().is_relative_to(temp)
    checkpoints = spark.sparkContext.getCheckpointDir().removeprefix("file:")
    assert Path(checkpoints).resolve().is_relative_to(temp)


def test_stop_spark_ends_the_jvm(runs, spark):
    jvm = SparkContext._gateway.proc
    assert "java" in Path(f"/proc/{jvm.pid}/cmdline").read_bytes().decode()
    stop_spark()
    assert jvm.poll() is not None
    assert SparkSession.getActiveSession() is None and SparkContext._gateway is None
