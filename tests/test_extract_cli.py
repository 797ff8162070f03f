"""`scrgraph extract`: records to stdout or files, --load into the store, hand corrections kept, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scrgraph.record import read_record
from scrgraph.store import GraphStore

DOCUMENTS = Path(__file__).resolve().parent.parent / "examples" / "documents"
BABY_A = DOCUMENTS / "northtown-baby-a.txt"


def test_one_document_to_stdout_with_a_summary(cli):
    result = cli("extract", BABY_A)
    assert result.exit_code == 0, result.stderr
    record = yaml.safe_load(result.stdout)
    assert record["review"]["id"] == "northtown-lscb-baby-a"
    assert result.stdout.startswith("# Extracted by scrgraph extract")
    assert "profile executive-summary; 3 findings, 4 recommendations, 3 measures" in result.stderr
    assert "Warning: The numbers 4.2, 4.3 stand together" in result.stderr


def test_json_to_a_file_and_several_to_a_folder(cli, tmp_path):
    out = tmp_path / "baby-a.json"
    result = cli("extract", BABY_A, "-o", out, "--format", "json", "-q")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(out.read_text(encoding="utf-8"))["review"]["type"] == "SCR"
    folder = tmp_path / "records"
    result = cli("extract", DOCUMENTS, "-o", folder)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.glob("*.yaml"))
    assert "northtown-lscb-baby-a.yaml" in names and "riverside-sab-mr-d.yaml" in names and len(names) == 6
    for path in folder.glob("*.yaml"):
        read_record(path)  # every written record reads back and passes the schema


def test_several_documents_need_a_folder(cli):
    result = cli("extract", BABY_A, DOCUMENTS / "northtown-child-q.docx")
    assert result.exit_code == 1 and "name a folder for their records with -o" in result.stderr


def test_load_puts_the_review_in_the_store(cli, tmp_path, store_dir):
    result = cli("extract", BABY_A, DOCUMENTS / "riverside-mr-d.pdf", "-o", tmp_path / "records", "--load",
                 "--store", store_dir, "--no-link")
    assert result.exit_code == 0, result.stderr
    assert "Loaded into" in result.stderr
    with GraphStore.open(store_dir) as store:
        assert set(store.review_ids()) == {"northtown-lscb-baby-a", "riverside-sab-mr-d"}
        _, rows = store.select("SELECT ?agency WHERE { ?rec a scr:Recommendation ; scr:ref '4.4' ; scr:addressedTo ?agency }")
    assert [r["agency"] for r in rows] == ["https://w3id.org/scrgraph/id/agency/police"]


def test_a_record_corrected_by_hand_is_kept_and_loaded_unless_forced(cli, tmp_path, store_dir):
    folder = tmp_path / "records"
    assert cli("extract", BABY_A, "-o", folder, "-q").exit_code == 0
    path = folder / "northtown-lscb-baby-a.yaml"
    corrected = path.read_text(encoding="utf-8").replace("title: 'Serious Case Review: Baby A'", "title: Baby A corrected")
    assert corrected != path.read_text(encoding="utf-8")
    path.write_text(corrected, encoding="utf-8")
    result = cli("extract", BABY_A, "-o", folder, "--load", "--store", store_dir, "--no-link")
    assert result.exit_code == 0, result.stderr
    assert f"Kept {path}: it was corrected by hand" in result.stderr
    assert path.read_text(encoding="utf-8") == corrected
    with GraphStore.open(store_dir) as store:
        _, rows = store.select("SELECT ?t WHERE { ?r a scr:Review ; dcterms:title ?t }")
    assert [r["t"] for r in rows] == ["Baby A corrected"]
    result = cli("extract", BABY_A, "-o", folder, "--force", "-q")
    assert result.exit_code == 0 and "Baby A corrected" not in path.read_text(encoding="utf-8")


def test_no_recommendations_is_not_loaded_unless_allowed(cli, tmp_path, store_dir):
    letter = tmp_path / "letter.md"
    letter.write_text("# A letter\n\nThank you for the training day in Northtown.\n", encoding="utf-8")
    result = cli("extract", letter, "--load", "--store", store_dir)
    assert result.exit_code == 1
    assert "has no recommendations, so it was not loaded" in result.stderr
    assert not store_dir.exists()
    result = cli("extract", letter, "--load", "--allow-empty", "--store", store_dir, "--no-link")
    assert result.exit_code == 0, result.stderr
    with GraphStore.open(store_dir) as store:
        assert len(store.review_ids()) == 1


@pytest.mark.parametrize("name, content, message", [
    ("review.odt", b"x", "is not a document scrgraph can read"),
    ("empty.txt", b"", "is empty"),
    ("random.pdf", bytes(range(256)) * 8, "cannot be read as a PDF"),
    ("noise.txt", bytes(range(256)) * 8, "is not text"),
    ("broken.docx", b"PK\x03\x04broken", "cannot be read as a Word document"),
])
def test_bad_input_is_one_sentence_a_non_zero_exit_and_nothing_loaded(cli, tmp_path, store_dir, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("extract", path, "--load", "--store", store_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not store_dir.exists()


def test_missing_file_and_scanned_pdf(cli, tmp_path, store_dir):
    result = cli("extract", tmp_path / "missing.pdf")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 50, style="F")
    scan = tmp_path / "scan.pdf"
    pdf.output(str(scan))
    result = cli("extract", scan, "--load", "--store", store_dir)
    assert result.exit_code == 1 and "OCR is not supported" in result.stderr
    assert not store_dir.exists()


def test_unknown_profile(cli):
    result = cli("extract", BABY_A, "--profile", "nonesuch")
    assert result.exit_code == 1 and "There is no layout profile 'nonesuch'" in result.stderr


def test_a_fresh_extraction_does_not_replace_a_stored_review_unless_forced(cli, store_dir):
    assert cli("extract", BABY_A, "--load", "--store", store_dir, "--no-link", "-q").exit_code == 0
    result = cli("extract", BABY_A, "--load", "--store", store_dir, "--no-link")
    assert result.exit_code == 1
    assert "already holds review northtown-lscb-baby-a" in result.stderr and "--force" in result.stderr
    result = cli("extract", BABY_A, "--load", "--force", "--store", store_dir, "--no-link", "-q")
    assert result.exit_code == 0, result.stderr


def test_agency_like_sub_heading_not_in_the_gazetteer_is_a_warning(cli, tmp_path):
    path = tmp_path / "review.txt"
    path.write_text("Recommendations\n\nGotham City Watch Service\n\n1. The watch should patrol the docks at night.\n",
                    encoding="utf-8")
    result = cli("extract", path)
    assert "The sub-heading 'Gotham City Watch Service' looks like an agency" in result.stderr
