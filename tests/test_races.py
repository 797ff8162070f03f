"""Commands racing a large load, and loads killed at random points: the exit code tells the truth,
nothing outside the store changes, and the store opens afterwards holding all of the load or none of it."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scrgraph.record import dump_record, read_record
from scrgraph.store import GraphStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import generate  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "records"
TRACKER = Path(__file__).resolve().parents[1] / "examples" / "trackers" / "northtown-scp-child-q-2023-09-30.csv"


def commands(out: Path, n: int) -> list[list[str]]:
    """Every kind of command that opens the store (readers, writers of files, a write to the store),
    writing its files as ``out/N-...`` (outside the store's folder)."""
    return [["reviews", "-f", "json"], ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"],
            ["query", "reviews-in-period", "-p", "from_year", "2000", "-f", "csv"],
            ["export", "-f", "nquads", "-o", str(out / f"{n}-export.nq")], ["view", "-o", str(out / f"{n}-view.html")],
            ["validate"], ["actions", "list", "-f", "csv"], ["link", "suggest", "northtown-scp-child-q:4.1"],
            ["report", "--period", "2023/24", "-o", str(out / f"{n}-report.md")],
            ["actions", "import", str(TRACKER), "--review", "northtown-scp-child-q", "--as-of", "2023-09-30"]]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, set[str]]:
    """A folder of 80 synthetic review records (a load of them takes the bulk-write path) and their ids."""
    folder = tmp_path_factory.mktemp("batch") / "records"
    folder.mkdir()
    records, _ = generate(80, seed=5)
    for record in records:
        (folder / f"{record['review']['id']}.yaml").write_text(dump_record(record), encoding="utf-8")
    return folder, {record["review"]["id"] for record in records}


@pytest.fixture
def store(tmp_path) -> Path:
    """A store holding the bundled examples."""
    path = tmp_path / "work" / "store"
    with GraphStore.open(path, create=True) as opened:
        opened.load_records([read_record(p) for p in sorted(EXAMPLES.glob("*.yaml"))])
    return path


def scrgraph(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "scrgraph", *map(str, args)]


def review_ids(store: Path) -> set[str]:
    with GraphStore.open(store) as opened:
        return set(opened.review_ids())


def outside(store: Path) -> list[tuple[str, int]]:
    """Every file beside the store (its parent folder, the store itself left out), with its size."""
    return sorted((str(p.relative_to(store.parent)), p.stat().st_size) for p in store.parent.rglob("*")
                  if store not in p.parents and p != store)


def test_commands_racing_a_load_are_told_the_truth(store, batch, tmp_path):
    folder, new = batch
    before, beside = review_ids(store), outside(store)
    out = tmp_path / "out"
    out.mkdir()
    load = subprocess.Popen(scrgraph("load", folder, "--store", store, "--quiet"), stderr=subprocess.PIPE, text=True)
    results = []
    rounds = 0
    while load.poll() is None:
        rounds += 1
        for args in commands(out, rounds):
            results.append(subprocess.run(scrgraph(*args, "--store", store), capture_output=True, text=True, timeout=300))
    load_err = load.stderr.read()
    assert load.returncode == 0, load_err
    assert "Traceback" not in load_err
    for result in results:
        assert "Traceback" not in result.stderr
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines()
            assert result.returncode == 1 and len(lines) == 1 and "in use" in lines[0], result.stderr
    assert review_ids(store) == before | new
    with GraphStore.open(store) as opened:
        _, rows = opened.select("SELECT (COUNT(?g) AS ?n) WHERE { ?g a scr:RecurrenceGroup }")
    assert rows[0]["n"] > 0  # the load's relink ran
    assert outside(store) == beside


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_load_killed_at_a_random_point_leaves_all_or_nothing(store, batch, seed):
    folder, new = batch
    before, beside = review_ids(store), outside(store)
    load = subprocess.Popen(scrgraph("load", folder, "--store", store, "--quiet"), stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(1.0, 10.0))
    load.kill()
    assert load.wait() != 0 or review_ids(store) == before | new  # a load that finished first says so
    assert review_ids(store) in (before, before | new)
    if review_ids(store) == before | new:  # the load was not killed before it finished: its links are there too
        with GraphStore.open(store) as opened:
            _, rows = opened.select("SELECT (COUNT(?g) AS ?n) WHERE { ?g a scr:RecurrenceGroup }")
        assert rows[0]["n"] > 0
    assert outside(store) == beside
    leftovers = {p.name for p in store.iterdir()}
    assert not any(name.startswith(".incoming-") for name in leftovers)
    shutil.rmtree(store)


KILL_AT_STAGE = """
import os, signal, sys
import scrgraph

stage = sys.argv[3]

def progress(text):
    if text.startswith(stage):
        os.kill(os.getpid(), signal.SIGKILL)

with scrgraph.open(sys.argv[1]) as graph:
    graph.load([sys.argv[2]], progress=progress)
"""


def quads(store: Path) -> set[bytes]:
    with GraphStore.open(store) as opened:
        return set(opened.nquads().splitlines())


@pytest.mark.parametrize("stage", ["writing", "comparing", "writing the links"])
def test_a_load_killed_while_relinking_leaves_the_store_as_it_was(store, batch, stage):
    folder, _ = batch
    before, beside = quads(store), outside(store)
    killed = subprocess.run([sys.executable, "-c", KILL_AT_STAGE, str(store), str(folder), stage], capture_output=True, timeout=600)
    assert killed.returncode == -9, killed.stderr  # it reached the stage and died there
    assert quads(store) == before  # neither the reviews nor half of their links
    assert outside(store) == beside
    assert sorted(p.name for p in store.iterdir()) == sorted(["scrgraph-store.json", store_data(store)])


def store_data(store: Path) -> str:
    """The data folder the store's marker names."""
    import json

    return json.loads((store / "scrgraph-store.json").read_text())["data"]
