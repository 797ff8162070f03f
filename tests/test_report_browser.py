"""The HTML report in a real headless Chromium (Debian's, driven by Playwright) with every request to
another host blocked: it opens, shows its charts from data: URIs, asks for nothing elsewhere, and
runs nothing from the reviews' text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_report_cases import HOSTILE_TEXT, HOSTILE_TITLE, store  # noqa: F401 (the module's store fixture)
from tests.test_report_formats import SECTIONS, run_cli

pytestmark = pytest.mark.browser





def _open(browser, path: Path):
    """Open a page with every request other than file:, data: and about: blocked; return (page, log)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    log = {"outside": [], "requests": [], "errors": [], "dialogs": []}

    def route(request_route):
        url = request_route.request.url
        log["requests"].append(url[:40])
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            log["outside"].append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: log["errors"].append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: log["errors"].append(str(error)))
    page.on("dialog", lambda dialog: (log["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, log


def test_html_report_opens_offline_with_its_charts(browser, store, tmp_path):  # noqa: F811
    out = tmp_path / "learning.html"
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", "-o", out, "--store", store, "-q")
    assert result.exit_code == 0, result.stderr
    context, page, log = _open(browser, out)
    try:
        assert page.title() == "Learning from reviews: 1 April 2023 to 31 March 2024"
        assert page.locator("h2").all_inner_texts() == SECTIONS
        assert page.locator("table").count() == 7 and page.locator("caption").count() == 7
        images = page.evaluate("""() => [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth,
                                                                         src: i.currentSrc.slice(0, 22), alt: i.alt}))""")
        assert len(images) == 2
        for image in images:
            assert image["complete"] and image["width"] >= 1200 and image["src"] == "data:image/png;base64,"
            assert image["alt"]
        text = page.locator("main").inner_text()
        assert "2 of 4 recommendations from the Child Q review have no recorded action." in text
        assert log["outside"] == [] and log["errors"] == [] and log["dialogs"] == []
        assert all(url.startswith(("file:", "data:")) for url in log["requests"])
    finally:
        context.close()


def test_text_from_reviews_stays_text(browser, store, tmp_path):  # noqa: F811
    out = tmp_path / "east.html"
    result = run_cli("report", "--from", "2023-01-01", "--to", "2023-12-31", "--board", "Eastshire SAB", "-o", out,
                     "--store", store, "-q")
    assert result.exit_code == 0, result.stderr
    context, page, log = _open(browser, out)
    try:
        text = page.locator("main").inner_text()
        assert HOSTILE_TITLE in text and HOSTILE_TEXT in text
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.querySelectorAll('main img:not([src^=\"data:\"])').length") == 0
        assert "By 31 December 2023, no action had been recorded for the review by Eastshire Safeguarding Adults Board" in text
        assert log["outside"] == [] and log["errors"] == [] and log["dialogs"] == []
    finally:
        context.close()
