"""The static checks of the code run with the test suite: mypy over the package and ruff over the code.

Their settings live in pyproject.toml ([tool.mypy], [tool.ruff]); both come with the ``test`` extra.
mypy keeps an incremental cache in .mypy_cache, so after the first run only changed modules are
checked again.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_mypy_finds_no_type_errors_in_the_package():
    result = _run("mypy")  # the package and the settings come from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing_to_fix():
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", "scrgraph", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr
