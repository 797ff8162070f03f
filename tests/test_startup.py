"""Short commands start fast: they import no library they do not use (the speed itself: benchmarks/startup.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Libraries that cost a noticeable part of a second to import and that the short commands never need.
HEAVY = ("sklearn", "scipy", "faiss", "numpy", "matplotlib", "docx", "openpyxl", "neo4j", "pyvis", "IPython",
         "jinja2", "pypdfium2", "starlette", "uvicorn", "networkx", "pyshacl", "jsonschema", "rapidfuzz", "bs4", "lxml")
# ``--help`` reads no store either.
STORE_LIBRARIES = ("rdflib", "oxrdflib", "pyoxigraph")


def imported_after(*commands: list[str]) -> set[str]:
    """The heavy libraries loaded by running each command, in turn, in one fresh interpreter."""
    code = f"""
import contextlib, io, sys
from scrgraph.cli.main import app
for args in {list(commands)!r}:
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            app(args, prog_name="scrgraph")
        except SystemExit as stop:
            assert not stop.code, (args, stop.code)
print(" ".join(name for name in {HEAVY + STORE_LIBRARIES!r} if name in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_help_and_version_load_no_heavy_library_and_no_store_engine():
    assert imported_after(["--help"], ["--version"]) == set()


def test_every_command_help_loads_no_heavy_library():
    from typer.main import get_command

    from scrgraph.cli.main import app

    group = get_command(app)
    commands = [[name, "--help"] for name in group.commands]
    for name, command in group.commands.items():
        commands += [[name, sub, "--help"] for sub in getattr(command, "commands", {})]
    assert len(commands) > 10
    assert imported_after(*commands) & set(HEAVY) == set()


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    """A store holding the bundled example records (not linked)."""
    from typer.testing import CliRunner

    from scrgraph.cli.main import app
    from scrgraph.resources import bundle

    store = tmp_path_factory.mktemp("startup") / "store"
    records = str(bundle("examples") / "records")
    result = CliRunner().invoke(app, ["load", records, "--store", str(store), "--no-link", "--quiet"])
    assert result.exit_code == 0, result.output
    return store


def test_reviews_and_a_saved_query_load_no_heavy_library(example_store):
    store = str(example_store)
    loaded = imported_after(["reviews", "--store", store], ["query", "recurring-themes", "--store", store, "-f", "csv"])
    assert loaded & set(HEAVY) == set()


def test_loading_records_reads_no_document_reader_and_no_linker(tmp_path):
    from scrgraph.resources import bundle

    records = str(bundle("examples") / "records")
    loaded = imported_after(["load", records, "--store", str(tmp_path / "store"), "--no-link", "--quiet"])
    assert loaded & {"pypdfium2", "docx", "bs4", "lxml", "rapidfuzz", "sklearn", "scipy", "faiss", "numpy", "networkx"} == set()
