"""The README's main job (`make demo`) on a fresh embedded store."""

from __future__ import annotations

from pathlib import Path

import yaml

from casegraph.demo import run_demo
from casegraph.store.embedded_server import EmbeddedServer

TRUTH = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "examples" / "ground_truth.yaml").read_text()
)


def test_demo_prints_headline_answers_and_writes_pictures_and_report(tmp_path, monkeypatch):
    home, out = tmp_path / "home", tmp_path / "out"
    monkeypatch.setenv("CASEGRAPH_HOME", str(home))
    monkeypatch.delenv("CASEGRAPH_URI", raising=False)
    lines: list[str] = []
    try:
        written = run_demo(out, say=lines.append)
    finally:
        EmbeddedServer(home).stop()
    text = "\n".join(lines)
    top = next(p for p in TRUTH["persons"] if p["id"] == TRUTH["top_recruiter"]["person"])
    boss = next(p for p in TRUTH["persons"] if "boss" in p.get("roles", []))
    assert top["name"] in text and boss["name"] in text
    assert "0 problem(s)" in text and "review decisions in force" in text
    assert {p.name for p in written.values()} >= {
        "recruiter-network.html",
        "offender-hierarchy.html",
        "evidence-report-top-recruiter.pdf",
        "screening.csv",
    }
    assert all(p.stat().st_size > 1000 for p in written.values())
