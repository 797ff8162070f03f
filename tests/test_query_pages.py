"""``scrgraph query --limit/--offset``: pages of a listing are slices of the whole answer, in its order."""

from __future__ import annotations

import csv
import io

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.saved_queries import Page
from tests.conftest import EXAMPLES


def rows(cli, *args) -> list[list[str]]:
    result = cli("query", *args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from typer.testing import CliRunner

    from scrgraph.cli.main import app

    path = tmp_path_factory.mktemp("pages") / "store"
    assert CliRunner().invoke(app, ["load", str(EXAMPLES / "records"), "--store", str(path), "-q"]).exit_code == 0
    return path


@pytest.mark.parametrize("name, params", [("actions", ["-p", "as_of", "2024-03-31"]), ("review-themes", [])])
def test_pages_are_slices_of_the_whole_listing_in_its_order(cli, store, name, params):
    header, *everything = rows(cli, name, *params, "--store", store)
    assert len(everything) > 6
    for limit, offset in ((3, 0), (3, 2), (100, 5)):
        page_header, *page = rows(cli, name, *params, "--store", store, "--limit", str(limit), "--offset", str(offset))
        assert page_header == header
        assert page == everything[offset:offset + limit]
    assert rows(cli, name, *params, "--store", store, "--offset", "4")[1:] == everything[4:]


def test_a_negative_limit_is_one_sentence(cli, store):
    result = cli("query", "actions", "--store", store, "--limit", "-1")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --limit must be a whole number of rows, 0 or more."


def test_cypher_pages_take_skip_and_limit_as_parameters():
    text, values = Page(10, 20).cypher("MATCH (n) RETURN n ORDER BY n.id;")
    assert text.endswith("SKIP $scrgraph_skip LIMIT $scrgraph_limit") and values == {"scrgraph_skip": 20, "scrgraph_limit": 10}
    with pytest.raises(ScrgraphError):
        Page(True)
