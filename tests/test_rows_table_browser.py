"""The rows table of 'scrgraph query --html' in Chromium: headers sort their column (numbers and
dates in order, again to reverse), and numbers stay on one line, right-aligned."""

from __future__ import annotations

import pytest

from tests.core_records import record, write


@pytest.fixture
def page_file(cli, store_dir, tmp_path):
    path = write(tmp_path / "t.yaml", record(**{"recommendations.1.ref": "10", "measures.1.recommendations": ["10"]}))
    assert cli("load", path, "--store", store_dir, "-q").exit_code == 0
    out = tmp_path / "actions.html"
    result = cli("query", "actions", "-p", "as_of", "2023-01-01", "--html", out, "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    return out


def test_a_header_sorts_its_column(browser, page_file):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_file.as_uri())
    page.wait_for_selector("#rows-button", state="visible")
    if page.locator("#rows-table").is_hidden():  # a query with no graph opens on its rows
        page.click("#rows-button")
    headers = page.locator("#rows-table th").all_inner_texts()
    rec = headers.index("rec")

    def column(index: int) -> list[str]:
        return [row[index] for row in page.eval_on_selector_all(
            "#rows-table tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))")]

    page.locator("#rows-table th").nth(rec).click()
    assert column(rec) == ["1", "10"]  # by number, not by text
    page.locator("#rows-table th").nth(rec).click()
    assert column(rec) == ["10", "1"]
    assert page.locator("#rows-table th").nth(rec).get_attribute("aria-sort") == "descending"
    due = page.locator("#rows-table td.number").first
    assert due.evaluate("c => getComputedStyle(c).whiteSpace") == "nowrap"
    assert all(url.startswith(("file:", "data:")) for url in requests)
    page.close()
