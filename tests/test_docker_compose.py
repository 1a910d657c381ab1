"""The Neo4j deployment files hang together (no Docker engine runs in the tests).

`docker compose up -d` must give a Neo4j 5 that keeps its data in named volumes and
reports healthy through cypher-shell, and a JupyterLab whose casegraph talks to that
Neo4j with the password from `.env`.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from casegraph.core.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "Dockerfile"
VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {key.strip(): value.strip() for key, value in pairs}


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _interpolate(text: str, values: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: values[m.group(1)], text)


def test_neo4j_service(compose):
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5")
    assert "enterprise" not in neo4j["image"]
    published = {p.rsplit(":", 1)[-1] for p in neo4j["ports"]}
    assert published == {"7474", "7687"}
    mounts = dict(v.split(":", 1) for v in neo4j["volumes"])
    assert set(mounts.values()) >= {"/data", "/logs"}
    assert set(mounts) <= set(compose["volumes"]), "data and logs must be named volumes"
    assert "${NEO4J_PASSWORD" in _env(neo4j)["NEO4J_AUTH"]


def test_neo4j_healthcheck_runs_cypher_shell_with_the_password(compose):
    check = compose["services"]["neo4j"]["healthcheck"]
    command = " ".join(check["test"])
    assert check["test"][0] == "CMD-SHELL" and "cypher-shell" in command
    # $$ survives compose interpolation as $: the shell in the container takes the
    # password out of NEO4J_AUTH ("neo4j/<password>").
    assert "$${NEO4J_AUTH#*/}" in command
    assert check["retries"] >= 3 and "start_period" in check


def test_jupyter_talks_to_the_neo4j_service(compose, env_example):
    services = compose["services"]
    jupyter = services["jupyter"]
    assert jupyter["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert any(p.endswith(":8888") for p in jupyter["ports"])
    env = {k: _interpolate(v, env_example) for k, v in _env(jupyter).items()}
    auth = _interpolate(_env(services["neo4j"])["NEO4J_AUTH"], env_example)
    settings = load_settings(env)
    assert settings.backend == "neo4j"
    assert settings.uri == "bolt://neo4j:7687"
    assert f"{settings.user}/{settings.password}" == auth
    mounts = dict(v.split(":", 1) for v in jupyter["volumes"])
    assert mounts["./notebooks"] == "/casegraph/notebooks"
    # The review decisions under CASEGRAPH_HOME outlive the container.
    home = re.search(
        r"^ENV CASEGRAPH_HOME=(\S+)$", DOCKERFILE.read_text(encoding="utf-8"), re.MULTILINE
    )
    assert home and home.group(1) in mounts.values()
    assert {k for k, v in mounts.items() if v == home.group(1)} <= set(compose["volumes"])


def test_every_variable_has_an_example_and_secrets_stay_out_of_git(compose, env_example):
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    used = {m.group(1) for m in VARIABLE.finditer(text)} - {"NEO4J_AUTH"}
    assert used <= set(env_example), f"add to .env.example: {sorted(used - set(env_example))}"
    assert len(env_example["NEO4J_PASSWORD"]) >= 8, "Neo4j 5 refuses passwords under 8 chars"
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=REPO, check=False)
    assert ignored.returncode == 0, ".env must be git-ignored"
    dockerignore = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", ".git", "**/node_modules"} <= set(dockerignore)


def test_dockerfile_serves_notebooks_with_the_project_installed():
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "pip install --no-cache-dir -e '.[dev]'" in dockerfile
    # dev brings pyspark, which runs nothing without Java
    assert "default-jre-headless" in dockerfile
    cmd = re.search(r"^CMD (\[.*?\])$", dockerfile, re.MULTILINE | re.DOTALL)
    assert cmd, "Dockerfile needs an exec-form CMD"
    args = json.loads(cmd.group(1).replace("\\\n", ""))
    assert args[:2] == ["jupyter", "lab"] and "--port=8888" in args
    assert "--ServerApp.root_dir=/casegraph/notebooks" in args
