"""Publication dates: a record's `published` day, month or year reaches the store, and a report
names every review it could not place in its period, with the reason."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.published import parse_published, placement
from scrgraph.record import check_record
from scrgraph.store import GraphStore
from tests.core_records import BASE

YEAR_END = (dt.date(2019, 4, 1), dt.date(2020, 3, 31))


def undated(review_id: str, subject: str, **review: object) -> dict:
    """The core record with no years at all, under another id, with ``review`` fields added."""
    data = copy.deepcopy(BASE)
    for key in ("year_commissioned", "year_published"):
        data["review"].pop(key)
    data["review"].update(id=review_id, subject=subject, **review)
    return data


def test_a_financial_year_is_placed_by_day():
    assert placement(parse_published("2019-03-31"), *YEAR_END) == "out"
    assert placement(parse_published("2019-04-01"), *YEAR_END) == "in"
    assert placement(parse_published("2020-03-31"), *YEAR_END) == "in"
    assert placement(parse_published("2019-03"), *YEAR_END) == "out"
    assert placement(parse_published("2019"), *YEAR_END) == "unplaced"  # a year straddles 1 April
    assert placement(None, *YEAR_END) == "unplaced"


def test_an_impossible_day_is_one_sentence():
    with pytest.raises(ScrgraphError, match="not a day of the calendar"):
        parse_published("2019-02-30")


def test_published_reaches_the_store_at_its_precision(store_dir):
    with GraphStore.open(store_dir, create=True) as store:
        store.load_records([check_record(undated("testtown-scp-child-m", "Child M", published="2019-03"), "m")])
        _, rows = store.select("SELECT ?year ?from ?to WHERE { ?r scr:yearPublished ?year ; "
                               "scr:publishedEarliest ?from ; scr:publishedLatest ?to }")
    assert rows == [{"year": 2019, "from": dt.date(2019, 3, 1), "to": dt.date(2019, 3, 31)}]


def test_a_report_names_the_reviews_it_left_out_with_the_reason(cli, store_dir, tmp_path):
    with GraphStore.open(store_dir, create=True) as store:
        store.load_records([check_record(copy.deepcopy(BASE), "t"),
                            check_record(undated("testtown-scp-child-n", "Child N"), "n")])
    out = tmp_path / "report.md"
    result = cli("report", "--from", "2021-01-01", "--to", "2021-12-31", "-o", out, "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "1 review could not be placed in the period, so is not counted among the reviews published in it: Child N." in text
    assert "- Child N (testtown-scp-child-n), because its record gives no publication date" in text
    assert "Child T" in text


def test_load_and_validate_warn_of_a_review_with_no_date(cli, store_dir, tmp_path):
    from tests.core_records import write

    path = write(tmp_path / "child-n.yaml", undated("testtown-scp-child-n", "Child N"))
    warning = "review testtown-scp-child-n has no publication date"
    for args in (("validate", path), ("load", path, "--store", store_dir), ("validate", "--store", store_dir)):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert warning in result.stderr, args


def test_extract_warns_of_a_document_with_no_date(cli, tmp_path):
    document = tmp_path / "review.md"
    document.write_text("# Testtown Safeguarding Children Partnership\n\n## Child Z: a practice review\n\n"
                        "## Recommendations\n\n1. The partnership should agree referral criteria.\n", encoding="utf-8")
    result = cli("extract", document, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "has no publication date" in result.stderr


@pytest.mark.parametrize("line, expected", [
    ("Date of report: 4th September 2012", "2012-09-04"),
    ("This review was published in March 2019 by the partnership.", "2019-03"),
    ("Publication date: 26/05/2023", "2023-05-26"),
    ("The report was not published until later; in June 2018 the child moved.", None),
])
def test_the_extractor_reads_a_stated_publication_date(line, expected):
    from scrgraph.extract.profiles import load_profiles
    from scrgraph.extract.published_date import find_published

    text = "Child Z: a practice review\n\nIn January 2017 the family moved to the area.\n\n" + line
    assert find_published(text, load_profiles()["generic"]) == expected


def dated(review_id: str, subject: str, published: str) -> dict:
    """The core record under another id, published on the day, month or year given."""
    return undated(review_id, subject, published=published)


def report_text(cli, store_dir, out, start: str, end: str) -> str:
    result = cli("report", "--from", start, "--to", end, "-o", out, "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def reviews_table(text: str) -> str:
    """The rows of the Markdown report's table of reviews published in the period."""
    section = text.split("## Reviews published in the period")[1].split("## ")[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_a_financial_year_counts_reviews_by_their_publication_day(cli, store_dir, tmp_path):
    with GraphStore.open(store_dir, create=True) as store:
        store.load_records([check_record(dated(f"testtown-scp-{name.lower().replace(' ', '-')}", name, day), name)
                            for name, day in (("Child March", "2019-03-31"), ("Child April", "2019-04-01"),
                                              ("Child Year", "2019"), ("Child Month", "2020-03"))]
                           + [check_record(undated("testtown-scp-child-n", "Child N"), "n")])
    year_2019 = report_text(cli, store_dir, tmp_path / "2019-20.md", "2019-04-01", "2020-03-31")
    table = reviews_table(year_2019)
    assert "| Child April | " in table and "| Child Month | " in table
    assert "Child March" not in table and "Child Year" not in table
    assert "2 reviews were published between 1 April 2019 and 31 March 2020: Child April (1 Apr 2019) and Child Month (Mar 2020)." in year_2019
    assert "- Child Year (testtown-scp-child-year), because it was published in 2019, a year the period covers only in part." in year_2019
    assert "- Child N (testtown-scp-child-n), because its record gives no publication date" in year_2019
    assert "Child March, because" not in year_2019  # placed: before the period
    year_2018 = report_text(cli, store_dir, tmp_path / "2018-19.md", "2018-04-01", "2019-03-31")
    assert "| Child March | " in reviews_table(year_2018) and "Child April" not in reviews_table(year_2018)
    calendar_2019 = report_text(cli, store_dir, tmp_path / "2019.md", "2019-01-01", "2019-12-31")
    assert all(f"| {name} | " in reviews_table(calendar_2019) for name in ("Child March", "Child April", "Child Year"))


def test_every_seed_review_is_placed_or_left_out_with_the_reason(cli, seeds_dir, store_dir, tmp_path):
    from scrgraph.published import left_out_reason
    from scrgraph.saved_queries import run_query
    from tests.extract_gold import seed_pairs

    documents = [document for document, _ in seed_pairs(seeds_dir)]
    if not documents:
        pytest.skip("no seed reviews with gold readings")
    result = cli("extract", *documents, "-o", tmp_path / "records")
    assert result.exit_code == 0, result.stderr
    assert cli("load", tmp_path / "records", "--store", store_dir, "-q").exit_code == 0
    with GraphStore.open(store_dir) as store:
        reviews = run_query(store, "reviews-in-period", {})[1]
    assert len(reviews) == len(documents)
    for start, end in (("2010-04-01", "2011-03-31"), ("2019-04-01", "2020-03-31"), ("2019-01-01", "2019-12-31")):
        text = report_text(cli, store_dir, tmp_path / f"{start}.md", start, end)
        table = reviews_table(text)
        for review in reviews:
            reason = left_out_reason(review["published"] or "", review["published_from"], review["published_to"],
                                     dt.date.fromisoformat(start), dt.date.fromisoformat(end))
            inside = f"| {review['subject']} | " in table
            named = f"- {review['subject']} ({review['review_id']}), because {reason}." in text if reason else False
            assert inside or named or (reason is None and review["subject"] not in table), (start, review["review_id"])
            assert not (inside and named)
