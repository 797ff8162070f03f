"""Hostile and odd input against every command that reads it: one sentence, exit 1, the store as it was.

Every input is made at test time (nothing large is stored). Each case asserts what issue 21 asks:
no traceback, no hang (a timeout per case), a refusal of one sentence on stderr with exit code 1,
the store's quads and top-level files exactly as before, and no connection to a listener on
127.0.0.1 that hostile SPARQL and records point at.
"""

from __future__ import annotations

import hashlib
import io
import os
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app
from scrgraph.record import read_record
from scrgraph.store import GraphStore
from tests.test_sparql_guard import _connected, listener  # noqa: F401  (fixture)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REVIEW = "northtown-scp-child-q"
RECORD = EXAMPLES / "records" / f"{REVIEW}.yaml"
TRACKER_HEADER = "Rec No,Action,Lead agency,Target date,Status\n"

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store holding the bundled example reviews."""
    path = tmp_path_factory.mktemp("hostile") / "store"
    with GraphStore.open(path, create=True) as opened:
        opened.load_records([read_record(p) for p in sorted((EXAMPLES / "records").glob("*.yaml"))])
    return path


def snapshot(store: Path) -> tuple[str, list[str], str]:
    """The store as a user would notice it: a hash of its sorted quads, its top-level files, its marker."""
    with GraphStore.open(store) as opened:
        _, rows = opened.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    quads = sorted("\t".join(str(v) for v in row.values()) for row in rows)
    digest = hashlib.sha256("\n".join(quads).encode("utf-8")).hexdigest()
    return digest, sorted(p.name for p in store.iterdir()), (store / "scrgraph-store.json").read_text()


# -- the inputs ----------------------------------------------------------------------------------

def record_text() -> str:
    return RECORD.read_text(encoding="utf-8")


def billion_laughs(tmp: Path) -> Path:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return write(tmp / "laughs.yaml", "\n".join(lines) + "\n")


def laughs_in_warnings(tmp: Path) -> Path:
    bomb = 'warnings:\n  - &a "lol"\n  - &b [*a, *a, *a, *a, *a, *a, *a, *a]\n  - &c [*b, *b, *b, *b, *b, *b, *b, *b]\n'
    return write(tmp / "warned.yaml", record_text() + bomb)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def in_review(field_line: str) -> Callable[[Path], Path]:
    """A copy of the example record with one more line under ``review:``."""
    def make(tmp: Path) -> Path:
        return write(tmp / "changed.yaml", record_text().replace("review:\n", f"review:\n  {field_line}\n", 1))
    return make


def replaced(old: str, new: str) -> Callable[[Path], Path]:
    """A copy of the example record with ``old`` replaced by ``new``."""
    def make(tmp: Path) -> Path:
        assert old in record_text()
        return write(tmp / "changed.yaml", record_text().replace(old, new, 1))
    return make


def json_record(title_json: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        return write(tmp / "odd.json", '{"review": {"title": ' + title_json + ', "type": "CSPR", "board": "B", "subject": "S"}}')
    return make


def fifo(name: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        os.mkfifo(path)
        return path
    return make


def folder(name: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / name).mkdir()
        return tmp / name
    return make


def device(tmp: Path) -> Path:
    return Path("/dev/zero")


def sparse(name: str, size: int) -> Callable[[Path], Path]:
    """A file of ``size`` bytes that takes no room on disk."""
    def make(tmp: Path) -> Path:
        with open(tmp / name, "wb") as handle:
            handle.truncate(size)
        return tmp / name
    return make


def fixed(name: str, data: str | bytes) -> Callable[[Path], Path]:
    return lambda tmp: write(tmp / name, data)


def zip_bomb(name: str, member: str) -> Callable[[Path], Path]:
    """A small zip container whose one member unpacks to 300 MB of zeros."""
    def make(tmp: Path) -> Path:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            with archive.open(member, "w", force_zip64=True) as handle:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(300):
                    handle.write(chunk)
        return write(tmp / name, buffer.getvalue())
    return make


def merged_xlsx(tmp: Path) -> Path:
    """A small tracker whose sheet merges 3 million cells (written into its XML: openpyxl is slow to)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Rec No", "Action", "Lead agency", "Target date", "Status"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(tmp / "merged.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A3:Z120000"/></mergeCells>')
            target.writestr(item, data)
    return tmp / "merged.xlsx"


def truncated_pdf(tmp: Path) -> Path:
    data = (EXAMPLES / "documents" / "riverside-mr-d.pdf").read_bytes()
    return write(tmp / "cut.pdf", data[: len(data) // 3])


DEEP_HTML = "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>"
RANDOM = bytes(range(256)) * 64

RECORD_CASES = {
    "billion laughs": billion_laughs,
    "aliases under warnings": laughs_in_warnings,
    "impossible YAML date": in_review("published: 2023-02-30"),
    "YAML timestamp": in_review("published: 2023-02-01 10:00:00"),
    "YAML binary": in_review("summary: !!binary aGVsbG8="),
    "YAML set": in_review("summary: !!set {a, b}"),
    "YAML python tag": in_review("summary: !!python/object/apply:os.system ['true']"),
    "number as key": in_review("7: seven"),
    "deep JSON": fixed("deep.json", "[" * 100_000 + "]" * 100_000),
    "lone surrogate": json_record('"\\ud800"'),
    "terminal escape": json_record('"A \\u001b[2J\\u001b[31mred title"'),
    "NUL byte": json_record('"A\\u0000B"'),
    "bidirectional override": json_record('"abc\\u202edcba"'),
    "vertical tab": json_record('"one\\u000btwo"'),
    "absurd year": replaced("year_published: 2022", "year_published: 99999999999999999999999"),
    "very long id": replaced(f"id: {REVIEW}", "id: " + "x" * 100_000),
    "empty": fixed("empty.yaml", ""),
    "random bytes": fixed("random.yaml", RANDOM),
    "legacy encoding": fixed("latin.yaml", "review:\n  title: caf\xe9\n".encode("latin-1")),
    "huge file": sparse("huge.yaml", 64 * 1024 * 1024),
    "named pipe": fifo("pipe.yaml"),
    "device": device,
    "folder of nothing": folder("records.yaml"),
}

DOCUMENT_CASES = {
    "deep HTML": fixed("deep.html", DEEP_HTML),
    "one 5 MB line": fixed("line.txt", "word " * 1_000_000),
    "one 5 MB word": fixed("word.txt", "w" * 5_000_000),
    "random PDF": fixed("random.pdf", RANDOM),
    "truncated PDF": truncated_pdf,
    "Word zip bomb": zip_bomb("bomb.docx", "word/document.xml"),
    "random Word": fixed("random.docx", RANDOM),
    "binary as text": fixed("binary.txt", RANDOM),
    "empty": fixed("empty.txt", ""),
    "huge file": sparse("huge.html", 80 * 1024 * 1024),
    "named pipe": fifo("pipe.txt"),
    "folder": folder("folder.md"),
    "device": device,
}

TRACKER_CASES = {
    "CSV cell over 128 KB": fixed("wide.csv", TRACKER_HEADER + '4.1,"' + "x" * 200_000 + '",Police,31/12/2023,Open\n'),
    "huge merged range": merged_xlsx,
    "XLSX zip bomb": zip_bomb("bomb.xlsx", "xl/worksheets/sheet1.xml"),
    "random XLSX": fixed("random.xlsx", RANDOM),
    "NUL bytes in CSV": fixed("nul.csv", b"Rec No,Action\x00\x00,Status\n4.1,x,Open\n"),
    "empty": fixed("empty.csv", ""),
    "huge file": sparse("huge.csv", 64 * 1024 * 1024),
    "named pipe": fifo("pipe.csv"),
    "folder": folder("folder.xlsx"),
    "device": device,
}


# -- the checks ----------------------------------------------------------------------------------

def refused(args: list[str], store: Path, listener: socket.socket) -> str:
    """Run scrgraph; assert a one-sentence refusal with exit 1 that changed nothing; return the sentence."""
    before = snapshot(store)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == 1, (result.exit_code, result.stderr[-500:])
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), result.stderr[:500]
    assert snapshot(store) == before
    assert not _connected(listener)
    return lines[0]


@pytest.mark.parametrize("make", RECORD_CASES.values(), ids=RECORD_CASES.keys())
def test_hostile_records_are_refused_by_load(tmp_path, store, listener, make):
    path = make(tmp_path)
    refused(["load", str(path), "--store", str(store), "--quiet"], store, listener)


@pytest.mark.parametrize("make", DOCUMENT_CASES.values(), ids=DOCUMENT_CASES.keys())
def test_hostile_documents_are_refused_by_extract_and_load(tmp_path, store, listener, make):
    path = make(tmp_path)
    refused(["extract", str(path), "-o", str(tmp_path / "out.yaml")], store, listener)
    assert not (tmp_path / "out.yaml").exists()
    refused(["load", str(path), "--store", str(store), "--quiet"], store, listener)


@pytest.mark.parametrize("make", TRACKER_CASES.values(), ids=TRACKER_CASES.keys())
def test_hostile_trackers_are_refused_by_actions_import(tmp_path, store, listener, make):
    path = make(tmp_path)
    refused(["actions", "import", str(path), "--review", REVIEW, "--as-of", "2024-03-31", "--store", str(store)],
            store, listener)


SPARQL_CASES = {
    "update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "SERVICE": "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SERVICE SILENT": "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/s> {{ ?s ?p ?o }} }}",
    "remote FROM": "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "LOAD": "LOAD <http://127.0.0.1:{port}/data.ttl>",
    "deep brackets": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "syntax error": "SELECT WHERE {",
}


@pytest.mark.parametrize("query", SPARQL_CASES.values(), ids=SPARQL_CASES.keys())
def test_hostile_sparql_is_refused(store, listener, query):
    text = query.format(port=listener.getsockname()[1]) if "{port}" in query else query
    refused(["sparql", text, "--store", str(store)], store, listener)


OPTION_CASES = {
    "file name like an option": ["extract", "-leading-dash.txt"],
    "unknown saved query": ["query", "no-such-query"],
    "parameter the query lacks": ["query", "review-summary", "-p", "nonsense", "x"],
    "injection in a parameter": ["query", "review-summary", "-p", "review", 'x" } ; DROP ALL ; SELECT * { "'],
    "control characters in a parameter": ["query", "review-summary", "-p", "review", "\x1b[2Jx\x00"],
    "absurd date": ["actions", "list", "--as-of", "99999-99-99"],
    "date before the calendar": ["report", "--from", "0000-01-01", "--to", "2024-03-31", "-o", "{tmp}/r.md"],
    "absurd limit": ["query", "reviews-in-period", "--limit", "99999999999999999999999999"],
    "negative offset": ["query", "reviews-in-period", "--offset", "-5"],
    "unknown review": ["view", "-o", "{tmp}/v.html", "--review", "\x1b[31m" + "x" * 5000],
    "output is a folder": ["reviews", "-f", "csv", "-o", "{tmp}"],
    "output is a pipe": ["export", "-f", "turtle", "-o", "{tmp}/pipe.ttl"],
    "output inside the store": ["export", "-f", "nquads", "-o", "{store}/copy.nq"],
    "output over the store's marker": ["reviews", "-f", "json", "-o", "{store}/scrgraph-store.json"],
    "report template that is a pipe": ["report", "--from", "2020-01-01", "--to", "2024-03-31", "-o", "{tmp}/r.docx",
                                       "--template", "{tmp}/pipe.ttl"],
    "option value that is an option": ["reviews", "--format", "--store"],
}


@pytest.mark.parametrize("args", OPTION_CASES.values(), ids=OPTION_CASES.keys())
def test_hostile_options_are_refused(tmp_path, store, listener, args):
    os.mkfifo(tmp_path / "pipe.ttl")
    filled = [a.replace("{tmp}", str(tmp_path)).replace("{store}", str(store)) for a in args]
    if "--store" not in filled:
        filled += ["--store", str(store)]
    refused(filled, store, listener)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.ttl"]


def test_a_document_with_escape_codes_is_read_without_them(tmp_path):
    text = "Recommendations\n\n1. The board \x1b[2J\x1b[31mshould\x07 review its \u202eprocedures.\n"
    path = write(tmp_path / "escapes.txt", text + "\nThe review was written for the board in 2023. " * 40)
    result = CliRunner().invoke(app, ["extract", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "should" in result.stdout
    assert not any(ch in result.stdout for ch in "\x1b\x07\u202e")


def test_a_hidden_sheet_is_not_imported_unless_named(tmp_path, store):
    from openpyxl import Workbook

    workbook = Workbook()
    hidden = workbook.active
    hidden.title, hidden.sheet_state = "Old plan", "hidden"
    visible = workbook.create_sheet("Plan")
    for sheet, action in ((hidden, "Hidden action"), (visible, "Visible action")):
        sheet.append(["Rec No", "Action", "Lead agency", "Target date", "Status"])
        sheet.append(["4.1", action, "Police", "2023-12-31", "Open"])
    workbook.save(tmp_path / "plan.xlsx")
    copy = tmp_path / "store"
    import shutil

    shutil.copytree(store, copy)
    result = CliRunner().invoke(app, ["actions", "import", str(tmp_path / "plan.xlsx"), "--review", REVIEW,
                                      "--as-of", "2024-03-31", "--store", str(copy)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "sheet 'Plan'" in result.stderr and "hidden sheet(s) 'Old plan'" in result.stderr
    with GraphStore.open(copy) as opened:
        _, rows = opened.select("SELECT ?t WHERE { ?m a scr:Measure ; ?p ?t FILTER(isLiteral(?t) && CONTAINS(STR(?t), 'action')) }")
    texts = {row["t"] for row in rows}
    assert "Visible action" in texts and "Hidden action" not in texts


def test_a_read_leaves_an_analysts_backup_folder_alone(tmp_path, store):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    (copy / "oxigraph.bak").mkdir()
    (copy / "oxigraph.bak" / "note.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["reviews", "--store", str(copy)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert (copy / "oxigraph.bak" / "note.txt").read_text() == "keep me"


def test_a_marker_naming_missing_data_is_refused_and_nothing_is_created(tmp_path, store, listener):
    import json
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    marker = copy / "scrgraph-store.json"
    info = json.loads(marker.read_text())
    info["data"] = "oxigraph-0123456789ab"
    marker.write_text(json.dumps(info))
    before = sorted(p.name for p in copy.iterdir())
    result = CliRunner().invoke(app, ["reviews", "--store", str(copy)], catch_exceptions=False)
    assert result.exit_code == 1 and "missing" in result.stderr
    assert sorted(p.name for p in copy.iterdir()) == before


@pytest.mark.parametrize("uri", ["bolt://neo4j:S3cret-pw@127.0.0.1:{port}", "ftp://neo4j:S3cret-pw@127.0.0.1:{port}"])
def test_a_password_written_inside_the_neo4j_address_is_never_printed(store, uri):
    with socket.socket() as server:  # a port that answers nothing (the push was asked for, so it may connect)
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        address = uri.format(port=server.getsockname()[1])
        result = CliRunner().invoke(app, ["neo4j", "push", "--uri", address, "--store", str(store)],
                                    catch_exceptions=False)
    assert result.exit_code == 1
    assert "S3cret-pw" not in result.stdout + result.stderr
    assert "neo4j:***@127.0.0.1" in result.stderr
