"""The workbench in headless Chromium (Playwright) over a real uvicorn server: every page kind opens
from the home page by clicks alone, a saved query run from its form and its download equal what
'scrgraph query' prints, queue decisions change the groups as 'scrgraph link confirm/reject' does,
hostile review text runs nothing, and no request leaves the served address."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.serve_server import cli, hostile_store, running_workbench

pytestmark = pytest.mark.browser

AS_OF = "2024-06-30"


@pytest.fixture(scope="module")
def workbench(tmp_path_factory):
    """The examples plus a review with hostile text, served as `scrgraph serve` does (graph views
    drawn in processes of their own); a copy of the store for the CLI beside it."""
    store_dir = hostile_store(tmp_path_factory.mktemp("serve-browser"))
    twin = store_dir.parent / "twin"
    shutil.copytree(store_dir, twin)
    with running_workbench(store_dir, views_apart=True) as url:
        yield url, store_dir, twin


@dataclass
class Tab:
    """A browser tab on the workbench, recording errors, dialogs and requests to anywhere else."""

    page: object
    base: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.outside == [], self.outside

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()


def follow(page, target) -> None:
    """Click a link or button that opens another page, and wait until that page has loaded: the
    workbench streams long pages, so rows read before 'load' may not have arrived yet."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


@pytest.fixture
def tab(browser, workbench):
    url = workbench[0]
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    opened = Tab(page, url)

    def route(request_route):
        requested = request_route.request.url
        if requested.startswith(url + "/") or requested.startswith(("data:", "blob:", "about:")):
            request_route.continue_()
        else:
            opened.outside.append(requested)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + "/")
    yield opened
    context.close()


def _cli_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_each_page_kind_opens_from_home_by_clicks(tab):
    page = tab.page
    assert tab.heading() == "The store at a glance"
    follow(page, page.locator("#reviews a[href^='/review/']").first)
    assert page.url.startswith(tab.base + "/review/") and page.locator("#summary tbody tr").count() > 1
    follow(page, page.locator("#summary a[href^='/theme/']").first)
    assert page.url.startswith(tab.base + "/theme/") and tab.heading().startswith("Theme: ")
    page.go_back()
    page.go_back()
    follow(page, page.locator("#agencies a[href^='/agency/']").first)
    assert page.url.startswith(tab.base + "/agency/") and page.locator("table.rows tbody tr").count() > 0
    page.go_back()
    follow(page, page.locator("#groups a[href^='/group/']").first)
    assert tab.heading().startswith("Recurring group: ") and page.locator("table.rows tbody tr").count() > 1
    page.go_back()
    follow(page, page.locator("ul.queries a").first)
    assert page.url.startswith(tab.base + "/query/") and page.locator("form.params").count() == 1
    page.go_back()
    page.fill("header input[name=q]", "training")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=training")
    assert page.locator("#found tbody tr").count() > 0
    follow(page, "nav a[href='/view']")
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=20_000)
    assert page.locator("#workbench-bar").count() == 1
    tab.assert_clean()


def test_saved_query_form_and_download_match_thecli(tab, workbench):
    _, _, twin = workbench
    expected = cli("query", "actions", "-p", "as_of", AS_OF, "-p", "show", "open", "-f", "csv", "--store", twin)
    page = tab.page
    page.goto(tab.base + "/query/actions")
    page.fill("input[name=as_of]", AS_OF)
    page.select_option("select[name=show]", "open")
    follow(page, "button[name=run]")
    shown = page.eval_on_selector_all("#results tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")
    wanted = _cli_rows(expected)
    assert page.eval_on_selector_all("#results thead th", "cells => cells.map(c => c.textContent)") == wanted[0]
    assert len(shown) == len(wanted) - 1 > 0
    assert [row[:4] for row in shown] == [row[:4] for row in wanted[1:]]
    with page.expect_download() as download:
        page.click("a.download:text('csv')")
    assert Path(download.value.path()).read_text(encoding="utf-8") == expected
    tab.assert_clean()


def test_table_sorts_filters_and_counts_facets(tab):
    page = tab.page
    page.goto(tab.base + "/query/actions?run=1&as_of=" + AS_OF)
    total = page.locator("#results tbody tr").count()
    page.fill("input.filter", "police")
    visible = page.locator("#results tbody tr:not([hidden])").count()
    assert 0 < visible < total
    page.fill("input.filter", "")
    page.locator(".facets summary").first.click()
    page.locator(".facets button.facet").first.click()
    assert 0 < page.locator("#results tbody tr:not([hidden])").count() < total
    page.locator("#results thead th").first.click()
    first = page.locator("#results tbody tr").first.locator("td").first.inner_text()
    column = page.eval_on_selector_all("#results tbody tr", "rows => rows.map(r => r.cells[0].textContent)")
    assert first == sorted(column)[0]
    tab.assert_clean()


def test_hostile_review_text_runs_nothing(tab):
    page = tab.page
    page.goto(tab.base + "/review/testtown-scp-child-t")
    assert "<img src=x onerror=alert(1)>" in page.locator("#summary").inner_text()
    page.goto(tab.base + "/search?q=onerror")
    assert page.locator("#found tbody tr").count() == 1
    page.goto(tab.base + "/view?review=testtown-scp-child-t")
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=20_000)
    tab.assert_clean()


def _groups(csv_text: str) -> set[str]:
    return {row[-1] for row in _cli_rows(csv_text)[1:]}


def test_queue_decisions_change_groups_as_the_cli_does(tab, workbench):
    url, _, twin = workbench
    page = tab.page
    for key in ("c", "r"):
        page.goto(url + "/links")
        a = page.locator("input[name=a]").input_value()
        b = page.locator("input[name=b]").input_value()
        page.keyboard.press(key)
        page.wait_for_selector("p.done")
        assert a in page.locator("p.done").inner_text()
        cli("link", "confirm" if key == "c" else "reject", a, b, "--store", twin, "-q")
        page.goto(url + "/query/recurrence-groups?run=1")
        with page.expect_download() as download:
            page.click("a.download:text('csv')")
        served = Path(download.value.path()).read_text(encoding="utf-8")
        assert _groups(served) == _groups(cli("query", "recurrence-groups", "-f", "csv", "--store", twin))
    page.goto(url + "/links")
    assert f"{a} ~ {b}" not in page.content()
    tab.assert_clean()


@pytest.fixture(scope="module")
def paged_workbench(workbench, tmp_path_factory):
    """The same store served with pages of three rows, so that the examples' answers are long ones."""
    _, _, twin = workbench
    copy = tmp_path_factory.mktemp("paged") / "store"
    shutil.copytree(twin, copy)
    with running_workbench(copy, page_rows=3) as url:
        yield url, twin


def test_a_long_answer_is_paged_and_sorted_filtered_and_faceted_over_every_row(browser, paged_workbench):
    from scrgraph.web.paging import sort_key

    url, twin = paged_workbench
    wanted = _cli_rows(cli("query", "actions", "-p", "as_of", AS_OF, "-f", "csv", "--store", twin))
    header, rows = wanted[0], wanted[1:]
    assert len(rows) > 6
    page = browser.new_page()
    page.goto(url + "/query/actions?run=1&as_of=" + AS_OF)

    def shown() -> list[list[str]]:
        return page.eval_on_selector_all("#results tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")

    assert [row[:4] for row in shown()] == [row[:4] for row in rows[:3]]
    follow(page, "a[rel=next]")
    assert [row[:4] for row in shown()] == [row[:4] for row in rows[3:6]]
    column = header.index("rec")
    follow(page, f"#results thead th:nth-child({column + 1}) a")
    values = [row[column] for row in rows]
    ascending = sorted(values, key=sort_key(values))
    assert [row[column] for row in shown()] == ascending[:3]
    follow(page, f"#results thead th:nth-child({column + 1}) a")
    assert [row[column] for row in shown()] == ascending[::-1][:3]
    page.fill("input[name=_filter]", "police")
    follow(page, "form.table-tools button")
    matching = [row for row in rows if "police" in " ".join(row).lower()]
    assert 0 < len(matching) < len(rows)
    assert page.locator("span.shown").inner_text().endswith(f"of {len(matching)} (of {len(rows)})")
    page.goto(url + "/query/actions?run=1&as_of=" + AS_OF)
    facet = page.locator(".facets details").first
    name = facet.locator("summary").inner_text().rsplit(" (", 1)[0]
    facet.locator("summary").click()
    value, count = facet.locator("a.facet").first.inner_text().rsplit(" · ", 1)
    assert int(count) == sum(row[header.index(name)] == value for row in rows)
    follow(page, facet.locator("a.facet").first)
    assert f"of {count} (of {len(rows)})" in page.locator("span.shown").inner_text()
    assert {row[header.index(name)] for row in shown()} == {value}
    page.close()
