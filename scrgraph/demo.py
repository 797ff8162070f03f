"""The demo: the bundled fictional reviews through the whole pipeline, saying where each output went."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from scrgraph.loading import load_paths
from scrgraph.resources import bundle


def example_records_dir(workdir: Path) -> Path:
    """Copy the bundled example records into ``workdir`` (they may live inside a wheel) and return it."""
    target = workdir / "records"
    target.mkdir(parents=True, exist_ok=True)
    for entry in bundle("examples").joinpath("records").iterdir():
        if entry.name.endswith((".yaml", ".yml", ".json")):
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def run_demo(store: Path, output_dir: Path, quiet: bool = True) -> Iterator[str]:
    """Run the demo; yield one line per step for the user."""
    output_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="scrgraph-demo-"))
    try:
        records = example_records_dir(workdir)
        yield load_paths([records], store, quiet=quiet)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
