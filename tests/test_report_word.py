"""The Word report as a reader sees it: rendered by LibreOffice (skipped when 'soffice' is absent) it is
A4, its tables give every cell room for ten characters a line, and a long list goes to an appendix."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.core_records import record, write
from tests.test_report_formats import build_examples_store, run_cli

A4_POINTS = (595.3, 841.9)
CELL_PADDING_PT = 11.52  # Word's default cell margins: 0.08 inch each side


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, Path]:
    """The examples' report for 2023/24 as .docx and LibreOffice's PDF of it."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-writer-nogui")
    base = tmp_path_factory.mktemp("word")
    store = build_examples_store(base / "store")
    docx = base / "learning.docx"
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", "-o", docx, "--store", store)
    assert result.exit_code == 0, result.stderr
    profile = (base / "profile").as_uri()  # a profile of its own, so a running LibreOffice does not interfere
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(base), str(docx)], check=True, capture_output=True, timeout=180)
    return docx, base / "learning.pdf"


def test_every_page_is_a4(rendered):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(rendered[1]))
    sizes = {tuple(round(x, 1) for x in pdf[i].get_size()) for i in range(len(pdf))}
    assert sizes == {A4_POINTS}
    assert 3 <= len(pdf) <= 10  # the sections, two charts and seven tables of the examples' year


def _font(bold: bool):
    from PIL import ImageFont

    found = subprocess.run(["fc-match", "-f", "%{file}", "Arial:bold" if bold else "Arial"],
                           capture_output=True, text=True, check=True).stdout
    return ImageFont.truetype(found, 1000)


def test_no_table_cell_is_narrower_than_ten_characters(rendered):
    import docx
    from docx.oxml.ns import qn

    fonts = {bold: _font(bold) for bold in (False, True)}
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    # Ten characters of running text at 1 pt, measured in the font LibreOffice draws Arial with.
    ten = {bold: fonts[bold].getlength(alphabet) / len(alphabet) * 10 / 1000 for bold in fonts}
    document = docx.Document(str(rendered[0]))
    checked = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                width_pt = int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) / 20
                for run in (r for p in cell.paragraphs for r in p.runs):
                    size = run.font.size.pt
                    assert width_pt - CELL_PADDING_PT >= ten[bool(run.bold)] * size, (run.text, width_pt, size)
                    checked += 1
    assert checked > 100
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_a_long_list_of_recommendations_without_actions_goes_to_an_appendix_by_agency(tmp_path):
    recommendations = [{"ref": f"4.{n}", "text": f"Agencies should act on point {n}.",
                        "addressees": ["police"] if n % 2 else ["la_csc", "police"]} for n in range(1, 13)]
    path = write(tmp_path / "t.yaml", record(**{"recommendations": recommendations, "measures": [],
                                                "findings.0.themes": ["THRESHOLDS"]}))
    store = tmp_path / "store"
    assert run_cli("load", path, "--store", store, "-q").exit_code == 0
    out = tmp_path / "report.md"
    result = run_cli("report", "--from", "2021-01-01", "--to", "2021-12-31", "-o", out, "--store", store)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    body, appendix = text.split("## Appendix: recommendations with no recorded action, by agency")
    assert "The appendix lists them by the agency they are addressed to." in body
    assert "Agencies should act on point" not in body
    police = appendix.split("### Police")[1].split("###")[0]
    social_care = appendix.split("### Children's social care")[1].split("###")[0]
    refs = re.findall(r"^\| Child T \| 2021 \| (4\.\d+) \|", police, re.M)
    assert refs == [f"4.{n}" for n in range(1, 13)]  # natural order: 4.2 before 4.10
    assert re.findall(r"^\| Child T \| 2021 \| (4\.\d+) \|", social_care, re.M) == ["4.2", "4.4", "4.6", "4.8", "4.10", "4.12"]
    assert "-p agency police" in police
    # One year of reviews: the themes chart is bars, not a grid of one column.
    assert "![Bar chart of findings and recommendations by theme in reviews of 2021: " in body
