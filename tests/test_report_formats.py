"""scrgraph report on the fictional examples (six reviews, two trackers): the Word, HTML and Markdown
reports have the sections, tables, captions and charts, and their numbers are the saved queries' rows."""

from __future__ import annotations

import base64
import re
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app
from scrgraph.saved_queries import catalogue, run_query
from scrgraph.store import GraphStore

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PERIOD = ("--from", "2023-04-01", "--to", "2024-03-31")
AS_OF = "2024-03-31"
SECTIONS = ["Summary", "Reviews published in the period", "Recommendations that keep coming back", "Themes",
            "Agencies with unresolved and overdue actions", "Actions completed in the period and the difference they made",
            "Recommendations with no action", "How this section was produced"]


def run_cli(*args: object):
    """Run scrgraph in-process; return the Click result."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def build_examples_store(store_dir: Path) -> Path:
    """Load the example records and import both Child Q trackers, as the README's demo does."""
    for args in (("load", EXAMPLES / "records"),
                 ("actions", "import", EXAMPLES / "trackers" / "northtown-scp-child-q-2023-03-31.xlsx",
                  "--review", "northtown-scp-child-q", "--as-of", "2023-03-31"),
                 ("actions", "import", EXAMPLES / "trackers" / "northtown-scp-child-q-2023-09-30.csv",
                  "--review", "northtown-scp-child-q", "--as-of", "2023-09-30")):
        result = run_cli(*args, "--store", store_dir, "-q")
        assert result.exit_code == 0, result.stderr
    return store_dir


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The examples store."""
    return build_examples_store(tmp_path_factory.mktemp("report") / "store")


@pytest.fixture(scope="module")
def reports(store: Path, tmp_path_factory) -> dict[str, Path]:
    """The report for 1 April 2023 to 31 March 2024 in each format."""
    out = tmp_path_factory.mktemp("out")
    paths = {}
    for suffix in ("docx", "html", "md"):
        paths[suffix] = out / f"learning.{suffix}"
        result = run_cli("report", *PERIOD, "-o", paths[suffix], "--store", store)
        assert result.exit_code == 0, result.stderr
        assert f"Wrote {paths[suffix]}" in result.stderr
    return paths


def query(store: Path, name: str, **params):
    """Rows of a saved query on the examples store."""
    with GraphStore.open(store) as opened:
        return run_query(opened, name, params)[1]


# -- Word ---------------------------------------------------------------------------------------


def docx_body(path: Path) -> list[tuple[str, object]]:
    """The body of a .docx in order: ("p", paragraph) and ("t", table)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    items = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            items.append(("p", Paragraph(child, document)))
        elif child.tag.endswith("}tbl"):
            items.append(("t", Table(child, document)))
    return items


def docx_tables(path: Path) -> dict[str, dict]:
    """Each table of a .docx by its caption: its header, rows and the source line under it."""
    body = docx_body(path)
    tables = {}
    for i, (kind, item) in enumerate(body):
        if kind != "t":
            continue
        caption = body[i - 1][1]
        assert body[i - 1][0] == "p" and caption.style.name == "Caption", "every table has a caption above it"
        source = body[i + 1][1].text if i + 1 < len(body) and body[i + 1][0] == "p" else ""
        cells = [[c.text for c in row.cells] for row in item.rows]
        tables[re.sub(r"^Table \d+: ", "", caption.text)] = {"caption": caption.text, "header": cells[0],
                                                             "rows": cells[1:], "source": source}
    return tables


def table(tables: dict[str, dict], start: str) -> dict:
    matches = [t for caption, t in tables.items() if caption.startswith(start)]
    assert len(matches) == 1, (start, list(tables))
    return matches[0]


def test_docx_has_word_headings_captions_and_sources(reports):
    import docx

    document = docx.Document(str(reports["docx"]))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "Learning from reviews: 1 April 2023 to 31 March 2024")
    assert [text for style, text in styles if style == "Heading 1"] == SECTIONS
    assert ("Heading 2", "Completed actions with no evidence of impact") in styles
    captions = [text for style, text in styles if style == "Caption"]
    assert [c.split(":")[0] for c in captions if c.startswith("Table")] == [f"Table {i}" for i in range(1, 8)]
    assert [c.split(":")[0] for c in captions if c.startswith("Figure")] == ["Figure 1", "Figure 2"]
    # The numbers are Word SEQ fields, so Word can renumber them and build a list of tables.
    xml = document.element.xml
    assert xml.count("SEQ Table") == 7 and xml.count("SEQ Figure") == 2
    assert any(style == "List Bullet" for style, _ in styles)
    known = set(catalogue())
    for caption, found in docx_tables(reports["docx"]).items():
        assert found["source"].startswith(("Source: saved query, scrgraph query ", "Sources: saved queries, scrgraph query ")), caption
        named = re.findall(r"scrgraph query ([a-z0-9-]+)", found["source"])
        assert named and set(named) <= known, (caption, named)
        assert found["rows"], f"{caption} has no rows"


def test_docx_charts_are_print_resolution_pngs_with_alt_text(reports):
    import docx

    document = docx.Document(str(reports["docx"]))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].image
        assert image.content_type == "image/png"
        assert image.horz_dpi == 300 and image.px_width >= 1200
        assert shape.width.inches <= 6.3
        assert shape._inline.docPr.get("descr", "").startswith(("Grid of themes", "Bar chart of unresolved"))


def test_docx_numbers_match_the_saved_queries(store, reports):
    tables = docx_tables(reports["docx"])

    agencies = table(tables, "Agencies with unresolved items on 31 March 2024")
    expected = [[r["agency_label"], str(r["unresolved"]), str(r["overdue"]), str(r["no_action"])]
                for r in query(store, "agencies-unresolved-actions", as_of=AS_OF) if r["unresolved"]]
    assert sorted(row[:4] for row in agencies["rows"]) == sorted(expected)
    assert "agencies-unresolved-actions -p as_of 2024-03-31" in agencies["source"]
    lscp = next(row for row in agencies["rows"] if row[0] == "Local safeguarding children partnership")
    assert lscp[1:5] == ["4", "3", "0", "31 Dec 2021"]

    reviews = table(tables, "Reviews published between 1 April 2023 and 31 March 2024")
    in_period = query(store, "reviews-in-period", **{"from": "2023-04-01", "to": AS_OF})
    assert [row[0] for row in reviews["rows"]] == [r["title"] for r in in_period] == ["Child Safeguarding Practice Review: Child R"]
    assert reviews["rows"][0][1:6] == ["Child R", "Child safeguarding practice review", "2023", "14 Feb 2024", "2"]
    assert reviews["rows"][0][6] == "1 action: 1 open; 1 of 2 recommendations has no action"

    without = table(tables, "Recommendations with no recorded action")
    rows = query(store, "recommendations-without-actions", as_of=AS_OF)
    assert [(row[2], row[3]) for row in without["rows"]] == [(r["ref"], r["text"]) for r in rows]

    completed = table(tables, "Actions completed in the period with evidence of impact")
    done = query(store, "actions-completed", **{"from": "2023-04-01", "to": AS_OF, "as_of": AS_OF})
    assert [(row[3], row[5]) for row in completed["rows"]] == [(r["action"], r["evidence"]) for r in done]
    assert completed["rows"] == [["Child Q", "4.1", "Maternity / midwifery", "Midwives trained on the pre-birth protocol",
                                  "15 Jun 2023", "92% of midwives trained"]]

    groups = table(tables, "Recurring recommendations made again in the period")
    members = query(store, "repeated-recommendations")
    gained = {r["label"] for r in members if 2023 <= (r["year"] or 0) <= 2024}
    assert {row[0] for row in groups["rows"]} == gained
    fathers = next(row for row in groups["rows"] if "father" in row[0].lower())
    assert fathers[1:] == ["Baby A (2011); Child M (2020); Child R (2024)", "3", "2011", "2024", "13"]

    themes = table(tables, "Findings and recommendations by theme and year of review")
    totals: dict[str, int] = {}
    for r in query(store, "themes-by-year", from_year=2019, to_year=2024):
        totals[r["theme_label"]] = totals.get(r["theme_label"], 0) + r["findings"] + r["recommendations"]
    assert {row[0]: int(row[-1]) for row in themes["rows"]} == totals
    assert themes["header"] == ["Theme", "2020", "2021", "2022", "2024", "Total"]


def test_docx_speaks_plain_language(reports):
    import docx

    text = "\n".join(p.text for p in docx.Document(str(reports["docx"])).paragraphs)
    assert "2 of 4 recommendations from the Child Q review have no recorded action." in text
    assert "1 review was published between 1 April 2023 and 31 March 2024: Child R (14 Feb 2024)." in text
    assert ("On 31 March 2024, 13 agencies had 22 unresolved items between them, including 6 overdue actions and "
            "15 recommendations with no action of the agency's own.") in text
    assert "the longest-running has now been made in 3 reviews over 13 years (2011 to 2024)" in text
    assert "1 action was completed between 1 April 2023 and 31 March 2024; it records evidence of the difference made." in text
    assert "Every action completed in the period records evidence of its impact." in text


def _template(path: Path) -> Path:
    """A board template: its own Heading 1 font, a header, sample body text and no Caption style."""
    import docx
    from docx.shared import RGBColor

    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x6A, 0x1B, 0x9A)
    document.sections[0].header.paragraphs[0].text = "Northtown Safeguarding Children Partnership: annual report"
    document.add_paragraph("Sample text that the report replaces.")
    caption = document.styles["Caption"].element
    caption.getparent().remove(caption)
    document.save(str(path))
    return path


def test_docx_template_styles_are_used(store, tmp_path):
    import docx

    template = _template(tmp_path / "board.docx")
    out = tmp_path / "styled.docx"
    result = run_cli("report", *PERIOD, "--template", template, "-o", out, "--store", store)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "Sample text that the report replaces." not in texts
    assert document.sections[0].header.paragraphs[0].text == "Northtown Safeguarding Children Partnership: annual report"
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Georgia" and str(heading.font.color.rgb) == "6A1B9A"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == SECTIONS
    # The template had no Caption style: it is added, and the captions use it.
    assert sum(p.style.name == "Caption" for p in document.paragraphs) == 9
    assert len(document.inline_shapes) == 2


# -- HTML ---------------------------------------------------------------------------------------


def test_html_is_one_self_contained_file(reports):
    text = reports["html"].read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
    assert policy and unescape(policy.group(1)).startswith("default-src 'none'; img-src data:;")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", text, re.I)
    assert "<link" not in text and "<script" not in text and "@import" not in text and "url(" not in text
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    assert len(images) == 2 and all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert re.findall(r"<h2>([^<]+)</h2>", text) == SECTIONS
    assert len(re.findall(r"<table ", text)) == 7
    assert len(re.findall(r"<caption>Table \d+: ", text)) == 7
    assert len(re.findall(r"<figcaption>Figure \d+: ", text)) == 2
    assert "2 of 4 recommendations from the Child Q review have no recorded action." in text
    assert ("Source: saved query, scrgraph query agencies-unresolved-actions -p as_of 2024-03-31 "
            "-p published_by 2024-03-31.") in text
    # Text is escaped: apostrophes and ampersands from the data are entities, never raw markup.
    assert "Children&#x27;s social care" in text and "Safer sleep &amp; SUDI" in text


def test_html_and_docx_say_the_same(reports):
    import docx

    html_text = reports["html"].read_text(encoding="utf-8")
    plain = unescape(re.sub(r"<[^>]+>", "\n", html_text))
    for paragraph in docx.Document(str(reports["docx"])).paragraphs:
        if paragraph.text.strip():
            assert paragraph.text in plain, paragraph.text


# -- Markdown -----------------------------------------------------------------------------------


def test_markdown_with_charts_beside_it(reports):
    path = reports["md"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Learning from reviews: 1 April 2023 to 31 March 2024\n")
    assert re.findall(r"^## (.+)$", text, re.M) == SECTIONS
    links = re.findall(r"^!\[[^\n]*\]\(([^)]+)\)$", text, re.M)
    assert links == ["learning-figure-1-themes-by-year.png", "learning-figure-2-agencies-unresolved.png"]
    for link in links:
        assert (path.parent / link).read_bytes().startswith(b"\x89PNG")
    assert len(re.findall(r"^\*\*Table \d+: ", text, re.M)) == 7
    assert "| Local safeguarding children partnership | 4 | 3 | 0 | 31 Dec 2021 | Child M; Child Q; Child R |" in text
    assert "| Child Q | 2022 | 4.4 | Social workers should be able to see a family's early help history" in text
    assert "*Source: saved query, scrgraph query recommendations\\-without\\-actions" not in text  # hyphens stay plain
    assert ("*Source: saved query, scrgraph query recommendations-without-actions -p as\\_of 2024-03-31 "
            "-p published\\_by 2024-03-31.*") in text


def test_board_report_adds_up_the_boards_reviews(store, tmp_path):
    """For one board the agency table is the saved query run per review and added up: check it against
    the unresolved rows of the saved query 'actions' for the board's reviews."""
    out = tmp_path / "scp.md"
    result = run_cli("report", "--from", "2022-04-01", "--to", "2023-03-31", "--board", "northtown scp", "-o", out,
                     "--store", store)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "for Northtown Safeguarding Children Partnership, covering 1 April 2022 to 31 March 2023" in text
    scope = {r["review_id"] for r in query(store, "reviews-in-period", board="Northtown SCP", to_year=2023)}
    assert scope == {"northtown-scp-child-m", "northtown-scp-child-q"}
    expected: dict[str, list[int]] = {}
    for row in query(store, "actions", show="open", as_of="2023-03-31"):
        if row["review_id"] in scope and row["agency_id"]:
            counts = expected.setdefault(row["agency_id"], [0, 0])
            counts[0] += 1
            counts[1] += bool(row["overdue"])
    from scrgraph.report.words import agency_name

    table_rows = re.findall(r"^\| ([^|]+) \| (\d+) \| (\d+) \| \d+ \|", text.split("Agencies with unresolved items")[1], re.M)
    assert {name: [int(u), int(o)] for name, u, o in table_rows} == {agency_name(a): c for a, c in expected.items()}
    assert "agencies-unresolved-actions -p as\\_of 2023-03-31 -p board \"northtown scp\" -p published\\_by 2023-03-31" in text
    # Child R (2024) is after the period: not in the reviews, the actions or the recurring groups.
    assert "Child R" not in text


def test_report_is_the_same_every_time(store, reports, tmp_path):
    again = tmp_path / "again.html"
    assert run_cli("report", *PERIOD, "-o", again, "--store", store).exit_code == 0
    assert again.read_bytes() == reports["html"].read_bytes()


def test_as_of_reads_actions_on_that_date(store, tmp_path):
    later = tmp_path / "earlier.md"
    assert run_cli("report", *PERIOD, "--as-of", "2023-06-30", "-o", later, "--store", store).exit_code == 0
    text = later.read_text(encoding="utf-8")
    assert "Actions are shown as they stood on 30 June 2023." in text
    # On 30 June 2023 the 31 March tracker speaks for Child Q: the midwives' training was not yet recorded as done.
    assert "No action was recorded as completed between 1 April 2023 and 31 March 2024." in text
    done = query(store, "actions-completed", **{"from": "2023-04-01", "to": AS_OF, "as_of": "2023-06-30"})
    assert done == []
    # Child R (14 February 2024) had not been published by 30 June 2023: its actions are not counted.
    assert "Child R" not in text.split("Agencies with unresolved items")[1].split("Source")[0]
