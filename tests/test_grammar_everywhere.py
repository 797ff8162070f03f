"""One grammar per idea, everywhere (docs/inputs.md): every command that takes a date, an agency or
a theme accepts and refuses the same forms, with the same meaning and the same kind of sentence;
``-p NAME VALUE`` works alike on ``query`` and ``sparql``; refs come in natural order."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app
from tests.core_records import BASE, write

REVIEW = BASE["review"]["id"]
FORMS = "2024-03-31, 31/03/2024, today, March 2024, Q1 2024 or 2023/24 (a financial year)"
TODAY = dt.date.today().isoformat()
# Each accepted form, with the first and last day it stands for.
ACCEPTED = {
    "2024-03-31": ("2024-03-31", "2024-03-31"),
    "31/03/2024": ("2024-03-31", "2024-03-31"),
    "today": (TODAY, TODAY),
    "March 2024": ("2024-03-01", "2024-03-31"),
    "Q1 2024": ("2024-01-01", "2024-03-31"),
    "2023/24": ("2023-04-01", "2024-03-31"),
}
REFUSED = ["next March", "31/13/2024", "2023/25", "Q5 2024"]
# Each command that takes a date: (the option as named in messages, which day of a period it takes,
# the arguments with {} for the date). The report's other end of the period is wide and fixed.
DATE_COMMANDS = {
    "actions list --as-of": ("--as-of", "last", ["actions", "list", "--as-of", "{}", "-f", "csv"]),
    "actions import --as-of": ("--as-of", "last", ["actions", "import", "{tracker}", "--review", REVIEW, "--as-of", "{}", "-q"]),
    "query -p as_of": ("-p as_of", "last", ["query", "overdue-actions", "-p", "as_of", "{}", "-f", "csv"]),
    "query -p from": ("-p from", "first", ["query", "actions-completed", "-p", "from", "{}", "-p", "to", "2030-12-31", "-f", "csv"]),
    "query -p to": ("-p to", "last", ["query", "actions-completed", "-p", "from", "2010-01-01", "-p", "to", "{}", "-f", "csv"]),
    "report --as-of": ("--as-of", "last", ["report", "--from", "2010-01-01", "--to", "2030-12-31", "--as-of", "{}", "-o", "{out}"]),
    "report --from": ("--from", "first", ["report", "--from", "{}", "--to", "2030-12-31", "-o", "{out}"]),
    "report --to": ("--to", "last", ["report", "--from", "2010-01-01", "--to", "{}", "-o", "{out}"]),
}
AGENCY_FORMS = {"police": "police", "Police": "police", "POLICE": "police", "Testtown Constabulary": "police"}
AGENCY_REFUSED = ["Ministry of Magic", "polce"]
AGENCY_COMMANDS = {
    "view --agency": ["view", "--agency", "{}", "-o", "{out}"],
    "query actions -p agency": ["query", "actions", "-p", "agency", "{}", "-f", "csv"],
    "query agency-profile -p agency": ["query", "agency-profile", "-p", "agency", "{}", "-f", "csv"],
    "actions list --agency": ["actions", "list", "--agency", "{}", "-f", "csv"],
}
THEME_FORMS = ["THRESHOLDS", "thresholds", "thresholds, referral & case decisions"]
THEME_COMMANDS = {
    "view --theme": ["view", "--theme", "{}", "-o", "{out}"],
    "query themes-by-year -p theme": ["query", "themes-by-year", "-p", "theme", "{}", "-f", "csv"],
}
REFS = ["4.10", "4.2", "10", "4.9", "2"]


def record() -> dict:
    """The core test review with recommendations whose refs sort differently as text and as numbers."""
    data = copy.deepcopy(BASE)
    data["recommendations"] = [{"ref": ref, "text": f"Police should act on point {ref}.", "addressees": ["police"]} for ref in REFS]
    # Due and completed in the middle of March 2024, so that reading a period's first day where its
    # last is meant (or the other way) changes what the commands print.
    data["measures"] = [{"ref": f"A{i}", "text": f"Action for {ref}.", "agency": "police", "status": "in_progress",
                         "due": "2024-03-15", "recommendations": [ref]} for i, ref in enumerate(REFS)]
    data["measures"][0].update(status="completed", completed="2024-03-10", evidence="Audit.")
    data["findings"][0]["themes"] = ["THRESHOLDS"]
    return data


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def loaded(folder: Path) -> Path:
    """A new store in ``folder`` holding the test review."""
    path = folder / "store"
    code, _, err = run("load", write(folder / "r.yaml", record()), "--store", path, "-q")
    assert code == 0, err
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return loaded(tmp_path_factory.mktemp("grammar"))


@pytest.fixture(scope="module")
def import_store(tmp_path_factory) -> Path:
    """A store of its own for tracker imports, which add to what the other commands would show."""
    return loaded(tmp_path_factory.mktemp("imports"))


@pytest.fixture(scope="module")
def tracker(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tracker") / "plan.csv"
    path.write_text("Rec No,Action,Lead,Due,Status\n4.2,Information sharing protocol,Police,31/03/2024,In progress\n", encoding="utf-8")
    return path


def outputs(folder: Path, name: str) -> tuple[Path, Path]:
    """Two files of one name in two folders, for the outputs of two runs (a report names its charts after its file)."""
    (folder / "a").mkdir(exist_ok=True)
    (folder / "b").mkdir(exist_ok=True)
    return folder / "a" / name, folder / "b" / name


def same_files(one: Path, other: Path) -> bool:
    """Whether two runs wrote the same file."""
    return one.read_bytes() == other.read_bytes()


def command(template: list[str], value: str, store: Path, out: Path, tracker: Path | None = None) -> list[str]:
    """The arguments of one run: the template with the value, output file and tracker filled in."""
    filled = [value if part == "{}" else str(out) if part == "{out}" else str(tracker) if part == "{tracker}" else part
              for part in template]
    return [*filled, "--store", str(store)]


@pytest.mark.parametrize("written", list(ACCEPTED))
@pytest.mark.parametrize("name", list(DATE_COMMANDS))
def test_every_date_form_is_accepted_by_every_date_option_with_one_meaning(store, import_store, tracker, tmp_path, name, written):
    """A form gives what the day it stands for gives: the last day of a period, or the first for the start of a span."""
    _, part, template = DATE_COMMANDS[name]
    store = import_store if "{tracker}" in template else store
    first, last = ACCEPTED[written]
    day = first if part == "first" else last
    code, got, err = run(*command(template, written, store, outputs(tmp_path, "report.md")[0], tracker))
    assert code == 0, err
    code, expected, err = run(*command(template, day, store, outputs(tmp_path, "report.md")[1], tracker))
    assert code == 0, err
    assert got == expected
    if "{out}" in template:
        assert same_files(*outputs(tmp_path, "report.md"))


@pytest.mark.parametrize("written", REFUSED)
@pytest.mark.parametrize("name", list(DATE_COMMANDS))
def test_every_date_option_refuses_the_same_forms_in_one_sentence(store, import_store, tracker, tmp_path, name, written):
    option, _, template = DATE_COMMANDS[name]
    store = import_store if "{tracker}" in template else store
    code, _, err = run(*command(template, written, store, tmp_path / "r.md", tracker))
    assert (code, err) == (1, f"Error: {option} {written!r} is not a date; write it as {FORMS}.\n")
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("written", list(ACCEPTED))
def test_report_period_is_the_whole_span(store, tmp_path, written):
    first, last = ACCEPTED[written]
    period, span = outputs(tmp_path, "report.md")
    assert run("report", "--period", written, "-o", period, "--store", store)[0] == 0
    assert run("report", "--from", first, "--to", last, "-o", span, "--store", store)[0] == 0
    assert same_files(period, span)


@pytest.mark.parametrize("args, message", [
    (["--period", "soon"], f"Error: --period 'soon' is not a date or period; write it as {FORMS}.\n"),
    (["--period", "2023/24", "--from", "2023-04-01"], "Error: Give either --period or --from and --to, not both.\n"),
    (["--from", "2023-04-01"], "Error: Give the period with --from and --to (for example --from 2023-04-01 --to 2024-03-31) "
                               "or with --period (for example --period 2023/24).\n"),
])
def test_report_period_mistakes_are_one_sentence(store, tmp_path, args, message):
    assert run("report", *args, "-o", tmp_path / "r.md", "--store", store)[::2] == (1, message)


@pytest.mark.parametrize("written", list(AGENCY_FORMS))
@pytest.mark.parametrize("name", list(AGENCY_COMMANDS))
def test_every_agency_form_is_accepted_by_every_agency_option_alike(store, tmp_path, name, written):
    template = AGENCY_COMMANDS[name]
    code, got, err = run(*command(template, written, store, outputs(tmp_path, "view.html")[0]))
    assert code == 0, err
    code, expected, err = run(*command(template, AGENCY_FORMS[written], store, outputs(tmp_path, "view.html")[1]))
    assert code == 0, err
    assert got == expected
    if "{out}" in template:
        assert same_files(*outputs(tmp_path, "view.html"))
    else:
        assert "Action for 4.10" in got  # the agency's rows, not an empty answer


@pytest.mark.parametrize("written", AGENCY_REFUSED)
@pytest.mark.parametrize("name", list(AGENCY_COMMANDS))
def test_every_agency_option_refuses_the_same_names_in_one_sentence(store, tmp_path, name, written):
    code, out, err = run(*command(AGENCY_COMMANDS[name], written, store, tmp_path / "v.html"))
    assert code == 1 and out == "" and not (tmp_path / "v.html").exists()
    assert err.startswith("Error: ") and err.count("\n") == 1 and repr(written) in err and "police" in err


@pytest.mark.parametrize("written", THEME_FORMS)
@pytest.mark.parametrize("name", list(THEME_COMMANDS))
def test_every_theme_form_is_accepted_alike(store, tmp_path, name, written):
    template = THEME_COMMANDS[name]
    code, got, err = run(*command(template, written, store, outputs(tmp_path, "view.html")[0]))
    assert code == 0, err
    code, expected, err = run(*command(template, "THRESHOLDS", store, outputs(tmp_path, "view.html")[1]))
    assert code == 0 and got == expected
    if "{out}" in template:
        assert same_files(*outputs(tmp_path, "view.html"))


def test_a_review_is_named_by_id_or_title(store):
    by_id = run("query", "review-summary", "-p", "review", REVIEW, "--store", store, "-f", "csv")
    by_title = run("query", "review-summary", "-p", "review", BASE["review"]["title"].upper(), "--store", store, "-f", "csv")
    assert by_id[0] == by_title[0] == 0 and by_id[1] == by_title[1]


@pytest.mark.parametrize("command_name", ["query", "sparql"])
@pytest.mark.parametrize("style", ["NAME VALUE", "NAME=VALUE"])
def test_a_parameter_is_passed_alike_to_query_and_sparql(store, command_name, style):
    pair = ["review", REVIEW] if style == "NAME VALUE" else [f"review={REVIEW}"]
    if command_name == "query":
        args = ["query", "actions", "-p", *pair]
    else:
        args = ["sparql", "SELECT ?id ?review WHERE { ?r dcterms:identifier ?id FILTER (?id = ?review) }", "-p", *pair]
    code, out, err = run(*args, "--store", store, "-f", "csv")
    assert code == 0, err
    assert REVIEW in out


def test_profile_is_not_p_on_extract_or_load(tmp_path):
    for command_name in ("extract", "load"):
        code, _, err = run(command_name, tmp_path / "none.pdf", "-p", "default")
        assert code != 0 and "No such option" in err


def test_query_rows_show_refs_in_natural_order(store):
    code, out, err = run("query", "actions", "-p", "as_of", "2024-01-01", "--store", store, "-f", "json")
    assert code == 0, err
    assert [row["rec"] for row in json.loads(out)] == ["2", "4.2", "4.9", "4.10", "10"]
    code, out, _ = run("query", "agency-profile", "-p", "agency", "police", "--store", store, "-f", "csv")
    refs = [row["ref"] for row in csv.DictReader(io.StringIO(out)) if row["kind"] == "recommendation"]
    assert refs == ["2", "4.2", "4.9", "4.10", "10"]


def test_pages_keep_the_natural_order(store):
    code, out, _ = run("query", "actions", "--store", store, "-f", "json", "--limit", "2", "--offset", "2")
    assert code == 0 and [row["rec"] for row in json.loads(out)] == ["4.9", "4.10"]
