"""Shared fixtures: a fresh store folder, the CLI runner, an open graph of the bundled examples, the seed reviews."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SEEDS = REPO.parent / "shared" / "seeds"
CHROMIUM = os.environ.get("SCRGRAPH_CHROMIUM", "/usr/bin/chromium")


@dataclass
class CliResult:
    """What one CLI run gave: exit code, stdout and stderr."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli():
    """Run ``scrgraph`` with arguments in-process; returns a :class:`CliResult`."""
    runner = CliRunner()

    def run(*args: str | Path, input: str | None = None) -> CliResult:
        result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A path for a new store (not created yet)."""
    return tmp_path / "store"


@pytest.fixture
def examples_dir() -> Path:
    """The repository's examples folder."""
    return EXAMPLES


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless (the test is skipped when it or Playwright is missing)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield chromium
        chromium.close()


@pytest.fixture
def graph(tmp_path: Path):
    """An open :class:`scrgraph.Graph` holding the bundled example reviews, linked; closed afterwards.

    Tests of the library use this; tests of the CLI use ``cli``.
    """
    import scrgraph

    with scrgraph.open(tmp_path / "store", create=True) as opened:
        opened.load([EXAMPLES / "records"])
        yield opened


@pytest.fixture
def seeds_dir() -> Path:
    """The two real seed reviews in ../shared/seeds; the test is skipped when they are absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


# The SPARQL 1.1 server of the shared-store tests (tests/fuseki_fixture.py) and the Neo4j server of
# the Neo4j tests (tests/neo4j_fixture.py).
from tests.fuseki_fixture import fuseki_dataset, fuseki_server  # noqa: E402,F401
from tests.neo4j_fixture import neo4j_db, neo4j_server  # noqa: E402,F401
