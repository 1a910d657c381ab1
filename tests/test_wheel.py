"""The installed distribution, as a user gets it from `pip install .` (not editable).

The wheel holds one top-level package, ``casegraph``, with every data file the code
reads at run time (found through importlib.resources, never beside the source tree);
installed into an environment of its own and run from another folder, `casegraph demo`
works and ``import queries`` does not. The demo runs here, installed, rather than
in-process from the checkout: one run of it in the suite, the way a user starts it.

The wheel is built offline from the tracked files (``--no-build-isolation``: the dev
extra brings setuptools and wheel) and installed without dependencies into a fresh venv
that borrows the dev venv's site-packages as a plain path entry (so the dev venv's
editable hook for casegraph is not active there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from layout_support import REPO, package_folders

# Package folders and where each lands in the wheel (pyproject's package-dir).
FOLDERS = {folder: package.replace(".", "/") for folder, package in package_folders().items()}


def _run(*args: str | Path, cwd: Path | None = None, env: dict | None = None, timeout=600):
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc


def _tracked() -> list[str]:
    listed = _run("git", "ls-files", cwd=REPO)
    assert listed.returncode == 0, listed.stderr
    return [n for n in listed.stdout.splitlines() if (REPO / n).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of the files git tracks (as they are in the working tree), built in a
    copy so that the checkout gets no build/ or egg-info folder."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in _tracked():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    proc = _run(
        sys.executable,
        *("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, source),
    )
    assert proc.returncode == 0, proc.stderr
    return next(out.glob("casegraph-*.whl"))


def _tracked_data_files() -> list[str]:
    """Every file git tracks in a package folder that is not Python: what the wheel must
    carry, at its place inside ``casegraph``."""
    wanted = []
    for name in _tracked():
        folder, _, rest = name.partition("/")
        if folder in FOLDERS and not name.endswith(".py"):
            wanted.append(f"{FOLDERS[folder]}/{rest}")
    return wanted


def test_the_wheel_holds_one_package_with_all_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("casegraph-")}
    assert top == {"casegraph"}
    missing = sorted(set(_tracked_data_files()) - set(names))
    assert not missing, f"data files left out of the wheel (pyproject package-data): {missing}"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_installed_casegraph_runs_the_demo_from_anywhere(wheel, tmp_path):
    """`pip install` (not editable) into a fresh venv, then `casegraph demo` from another
    folder: the headline answers, pictures, report and screening list (`make demo`)."""
    env_dir = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", env_dir)
    assert made.returncode == 0, made.stderr
    python = env_dir / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    # the dependencies come from the dev venv, as a path entry only
    Path(site.stdout.strip(), "dev_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel
    )
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEGRAPH_", "PYTHON"))}
    env["CASEGRAPH_HOME"] = str(tmp_path / "home")
    where = _run(python, "-c", "import casegraph; print(casegraph.__file__)", cwd=elsewhere)
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    for name in ("queries", "loaders", "resolution", "graph_schema", "examples"):
        proc = _run(python, "-c", f"import {name}", cwd=elsewhere, env=env)
        assert proc.returncode != 0 and "ModuleNotFoundError" in proc.stderr, name

    out = tmp_path / "out"
    try:
        demo = _run(env_dir / "bin" / "casegraph", "demo", "--out", out, cwd=elsewhere, env=env)
    finally:
        _run(env_dir / "bin" / "casegraph", "store", "stop", cwd=elsewhere, env=env)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    _check_demo(demo.stdout, out)


def _check_demo(text: str, out: Path) -> None:
    """What the README promises of `make demo`: the headline answers, the whole truth
    resolved with the analyst's decisions, pictures, the report and the screening list."""
    truth = yaml.safe_load((REPO / "examples" / "ground_truth.yaml").read_text(encoding="utf-8"))
    top = next(p for p in truth["persons"] if p["id"] == truth["top_recruiter"]["person"])
    boss = next(p for p in truth["persons"] if "boss" in p.get("roles", []))
    assert top["name"] in text and boss["name"] in text
    assert "0 problem(s)" in text and "review decisions in force" in text
    assert f"into {len(truth['persons'])} persons" in text
    for name in (
        "recruiter-network.html",
        "offender-hierarchy.html",
        "evidence-report-top-recruiter.pdf",
        "screening.csv",
    ):
        assert (out / name).stat().st_size > 1000, name
        assert str(out / name) in text, f"{name} not listed as written"
