"""Every row, export and report format writes a store whose texts hold any character a record may carry.

The record's title and first recommendation hold right-to-left text, emoji, astral and combining
characters, tabs and line breaks, and text starting with the characters spreadsheets run as formulas;
one more quad, written straight into the store, holds a terminal escape code, a vertical tab, a form
feed and a NUL byte (what an older store or a shared server could hold). Each format must write
exit 0, give a file its own reader opens, keep the record's text, and carry no escape code.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app
from scrgraph.record import check_record, parse_record_text
from scrgraph.store import GraphStore
from scrgraph.vocab import review_graph

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "records" / "northtown-scp-child-q.yaml"
REVIEW = "northtown-scp-child-q"
WORDS = "مراجعة حالة — בדיקה 🧒🏽 𝔘𝔫𝔦 e\u0301te 漢字"
TITLE = f"=HYPERLINK(\"x\") {WORDS}"
REC_TEXT = f"+1 Agencies\tshould share\r\ninformation {WORDS}"
HOSTILE = "@SUM(1) \x1b[2J\x1b[31mred\x0bvertical\x0cpage\x00nul"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The example review with hostile texts, and one quad holding control characters."""
    data = parse_record_text(EXAMPLE.read_text(encoding="utf-8"), "example", ".yaml")
    data["review"]["title"] = TITLE
    data["recommendations"][0]["text"] = REC_TEXT
    path = tmp_path_factory.mktemp("writers") / "store"
    with GraphStore.open(path, create=True) as opened:
        opened.load_records([check_record(data, "example")])
        literal = json.dumps(HOSTILE)
        opened.replace_graphs({review_graph("hostile-extra"): [
            f"<urn:x:hostile> <http://purl.org/dc/terms/title> {literal} <{review_graph('hostile-extra')}> .\n"]})
    return path


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    return result.stdout


def no_escape(text: str) -> None:
    assert "\x1b" not in text and "\x00" not in text


ROW_FORMATS = ["table", "csv", "json", "md"]


@pytest.mark.parametrize("fmt", ROW_FORMATS)
def test_reviews_rows_in_every_text_format(store, fmt):
    text = run("reviews", "-f", fmt, "--store", store)
    no_escape(text)
    assert "🧒🏽" in text and "مراجعة" in text
    if fmt == "csv":
        titles = [row["title"] for row in csv.DictReader(io.StringIO(text))]
        assert f"'{TITLE}" in titles
    if fmt == "json":
        assert TITLE in [row["title"] for row in json.loads(text)]


@pytest.mark.parametrize("fmt", ROW_FORMATS)
def test_sparql_rows_holding_control_characters(store, fmt):
    text = run("sparql", "SELECT ?t WHERE { <urn:x:hostile> dcterms:title ?t }", "-f", fmt, "--store", store)
    no_escape(text)
    assert "red" in text and "nul" in text


def test_xlsx_rows_keep_the_text_and_neutralise_formulas(store, tmp_path):
    from openpyxl import load_workbook

    run("query", "review-summary", "-p", "review", REVIEW, "-o", tmp_path / "summary.xlsx", "--store", store)
    values = [c.value for row in load_workbook(tmp_path / "summary.xlsx").active.iter_rows() for c in row if c.value]
    assert any(isinstance(v, str) and v.startswith("'+1 Agencies") and "🧒🏽" in v for v in values)


def test_actions_template_xlsx(store, tmp_path):
    from openpyxl import load_workbook

    run("actions", "template", REVIEW, "-o", tmp_path / "plan.xlsx", "--store", store)
    values = [c.value for row in load_workbook(tmp_path / "plan.xlsx")["Action plan"].iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("'+1") and "🧒🏽" in v for v in values)


@pytest.mark.parametrize("fmt, suffix", [("turtle", "ttl"), ("nquads", "nq"), ("jsonld", "jsonld"),
                                         ("graphml", "graphml"), ("cypher", "cypher")])
def test_exports(store, tmp_path, fmt, suffix):
    out = tmp_path / f"graph.{suffix}"
    run("export", "-f", fmt, "-o", out, "--store", store)
    text = out.read_text(encoding="utf-8")
    assert "🧒🏽" in text or "\\U0001F9D2" in text.upper()
    if fmt == "graphml":
        import networkx as nx

        graph = nx.read_graphml(out)
        assert any("🧒🏽" in str(v) for _, data in graph.nodes(data=True) for v in data.values())
        no_escape(text)
    if fmt in ("turtle", "nquads"):
        from rdflib import Dataset

        Dataset().parse(out, format="trig" if fmt == "turtle" else "nquads")


@pytest.mark.parametrize("suffix", ["docx", "html", "md"])
def test_reports(store, tmp_path, suffix):
    out = tmp_path / f"report.{suffix}"
    run("report", "--from", "2000-01-01", "--to", "2030-12-31", "-o", out, "--store", store, "--quiet")
    if suffix == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        text += "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    else:
        text = out.read_text(encoding="utf-8")
    no_escape(text)
    assert "🧒🏽" in text


@pytest.mark.parametrize("args", [["view", "--review", REVIEW], ["query", "review-summary", "-p", "review", REVIEW, "--html"]])
def test_html_pages(store, tmp_path, args):
    out = tmp_path / "page.html"
    run(*args[:1], *args[1:], *([] if args[-1] == "--html" else ["-o"]), out, "--store", store)
    text = out.read_text(encoding="utf-8")
    no_escape(text)
    assert "🧒🏽" in text or "\\ud83e" in text.lower()
