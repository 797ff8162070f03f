"""The bundled example trackers import cleanly for their example review, earlier then later."""

from __future__ import annotations

import pytest

REVIEW = "northtown-scp-child-q"
TRACKERS = [("northtown-scp-child-q-2023-03-31.xlsx", "2023-03-31"), ("northtown-scp-child-q-2023-09-30.csv", "2023-09-30")]


def test_example_trackers_import_without_warnings(cli, store_dir, examples_dir):
    records = examples_dir / "records"
    if not any(REVIEW in path.read_text(encoding="utf-8") for path in records.glob("*.y*ml")):
        pytest.skip(f"the example record {REVIEW} is not bundled")
    assert cli("load", records, "--store", store_dir).exit_code == 0
    for name, as_of in TRACKERS:
        result = cli("actions", "import", examples_dir / "trackers" / name, "--review", REVIEW, "--as-of", as_of,
                     "--store", store_dir)
        assert result.exit_code == 0, result.stderr
        assert "Warning" not in result.stderr, result.stderr
    assert "Imported 4 actions (0 new)" in result.stderr
