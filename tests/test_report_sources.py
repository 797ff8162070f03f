"""Every "Source:" line of every report format is a command that gives its table's rows: the test
runs each printed command with 'scrgraph query ... -f csv' on the same store and compares."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from tests.core_records import record, write
from tests.test_report_formats import build_examples_store, docx_tables, run_cli

REPORTS = {
    "year": ("--from", "2023-04-01", "--to", "2024-03-31"),
    "board": ("--from", "2022-04-01", "--to", "2023-03-31", "--board", "Northtown SCP"),
}
COMMAND = re.compile(r"scrgraph query .+?(?=; scrgraph query |\.(?:\s|$))")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The examples store."""
    return build_examples_store(tmp_path_factory.mktemp("sources") / "store")


def html_tables(path: Path) -> dict[str, dict]:
    """Each table of the HTML report by its caption: header, rows and the source line under it."""
    text = path.read_text(encoding="utf-8")
    tables = {}
    pattern = r'<table id="table-\d+"><caption>(.*?)</caption><thead>(.*?)</thead><tbody>(.*?)</tbody></table>(?:<p class="note">(.*?)</p>)?'
    for caption, head, body, source in re.findall(pattern, text, re.S):
        def cells(row: str) -> list[str]:
            return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        rows = [cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
        tables[re.sub(r"^Table \d+: ", "", unescape(caption))] = {"header": cells(head), "rows": rows, "source": unescape(source)}
    return tables


def md_unescape(text: str) -> str:
    return unescape(re.sub(r"\\(.)", r"\1", text)).strip()


def md_tables(path: Path) -> dict[str, dict]:
    """Each table of the Markdown report by its caption: header, rows and the source line under it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tables = {}
    for i, line in enumerate(lines):
        caption = re.fullmatch(r"\*\*Table \d+: (.+)\*\*", line)
        if not caption or not lines[i + 2].startswith("|"):
            continue
        block = []
        j = i + 2
        while j < len(lines) and lines[j].startswith("|"):
            block.append([md_unescape(c) for c in re.split(r"(?<!\\)\|", lines[j])[1:-1]])
            j += 1
        source = lines[j + 1] if j + 1 < len(lines) and lines[j + 1].startswith("*Source") else ""
        tables[md_unescape(caption.group(1))] = {"header": block[0], "rows": block[2:], "source": md_unescape(source.strip("*"))}
    return tables


READERS = {"docx": docx_tables, "html": html_tables, "md": md_tables}


def query_rows(store: Path, command: str) -> list[dict[str, str]]:
    """The rows the printed command gives, as 'scrgraph query ... -f csv' writes them."""
    args = shlex.split(command)
    assert args[:2] == ["scrgraph", "query"], command
    result = run_cli(*args[1:], "-f", "csv", "--store", store)
    assert result.exit_code == 0, (command, result.stderr)
    return list(csv.DictReader(io.StringIO(result.stdout)))


def expected(caption: str, rows: list[dict[str, str]]) -> tuple:
    """What the table named ``caption`` shows of the query's rows, and which of its cells show it."""
    if caption.startswith("Reviews published"):
        return [r["title"] for r in rows], lambda t: [row[0] for row in t]
    if caption.startswith("Recurring recommendations made again"):
        reviews = {r["label"]: r["reviews"] for r in rows}
        return sorted(reviews.items()), lambda t: sorted((row[0], row[2]) for row in t)
    if caption.startswith("The wording of each"):
        return sorted((r["ref"], r["text"]) for r in rows), lambda t: sorted((row[3], row[4]) for row in t)
    if caption.startswith("Findings and recommendations by theme"):
        totals: Counter[str] = Counter()
        for r in rows:
            totals[r["theme_label"]] += int(r["findings"]) + int(r["recommendations"])
        return dict(totals), lambda t: {row[0]: int(row[-1]) for row in t}
    if caption.startswith("Agencies with unresolved items"):
        return ([(r["agency_label"], r["unresolved"], r["overdue"], r["no_action"]) for r in rows],
                lambda t: [tuple(row[:4]) for row in t])
    if caption.startswith("Actions completed in the period with evidence"):
        return [(r["action"], r["evidence"]) for r in rows if r["evidence"]], lambda t: [(row[3], row[5]) for row in t]
    if caption.startswith("Completed actions with no evidence"):
        return [r["action"] for r in rows if not r["evidence"]], lambda t: [row[3] for row in t]
    if caption.startswith("Recommendations with no recorded action") and caption.endswith(": Addressed to no agency"):
        return sorted((r["ref"], r["text"]) for r in rows if not r["agencies"]), lambda t: sorted((row[2], row[3]) for row in t)
    if caption.startswith("Recommendations with no recorded action"):  # in refs' natural order
        return sorted((r["ref"], r["text"]) for r in rows), lambda t: sorted((row[2], row[3]) for row in t)
    raise AssertionError(f"no check for the table {caption!r}")


def check_sources(store: Path, tables: dict[str, dict]) -> None:
    """Run the command under each table and compare its rows with the table's."""
    for caption, found in tables.items():
        commands = COMMAND.findall(found["source"])
        assert commands, (caption, found["source"])
        want, shown = expected(caption, query_rows(store, commands[0]))
        assert shown(found["rows"]) == want, (caption, commands[0])


@pytest.mark.parametrize("report", sorted(REPORTS))
@pytest.mark.parametrize("suffix", sorted(READERS))
def test_every_source_line_gives_its_tables_rows(store, tmp_path, report, suffix):
    out = tmp_path / f"report.{suffix}"
    result = run_cli("report", *REPORTS[report], "-o", out, "--store", store)
    assert result.exit_code == 0, result.stderr
    tables = READERS[suffix](out)
    assert len(tables) >= 5, list(tables)
    check_sources(store, tables)


def test_the_appendix_tables_by_agency_give_their_sources_rows(tmp_path):
    recommendations = [{"ref": f"4.{n}", "text": f"Agencies should act on point {n}.",
                        "addressees": [] if n == 11 else ["police"] if n % 2 else ["la_csc", "police"]}
                       for n in range(1, 13)]
    path = write(tmp_path / "t.yaml", record(**{"recommendations": recommendations, "measures": [],
                                                "findings.0.themes": ["THRESHOLDS"]}))
    store = tmp_path / "store"
    assert run_cli("load", path, "--store", store, "-q").exit_code == 0
    out = tmp_path / "report.html"
    assert run_cli("report", "--from", "2021-01-01", "--to", "2021-12-31", "-o", out, "--store", store).exit_code == 0
    tables = html_tables(out)
    appendix = [caption for caption in tables if caption.startswith("Recommendations with no recorded action")]
    assert [caption.split(": ")[-1] for caption in appendix] == [
        "Children's social care", "Police (force)", "Addressed to no agency"]
    check_sources(store, tables)
