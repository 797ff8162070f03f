"""The wheel carries the data folders: installed into a fresh virtual environment, `scrgraph demo` runs."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_the_demo_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(dist.glob("scrgraph-*.whl"))
    env_dir = tmp_path / "venv"
    # The new environment sees this interpreter's installed packages, so no download is needed;
    # scrgraph itself comes only from the wheel.
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    where = subprocess.run([str(python), "-c", "import scrgraph, importlib.resources as r; print(scrgraph.__file__); "
                            "print(sorted(p.name for p in r.files('scrgraph.ontology').iterdir()))"],
                           check=True, capture_output=True, text=True, cwd=workdir).stdout
    assert str(env_dir) in where.splitlines()[0]
    assert "shapes.ttl" in where and "agencies.ttl" in where
    result = subprocess.run([str(env_dir / "bin" / "scrgraph"), "demo", "--store", "store", "--output-dir", "out"],
                            capture_output=True, text=True, cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "Loaded into store" in result.stderr
    assert (workdir / "store" / "scrgraph-store.json").exists()
