"""The HTML views in a real headless Chromium (Debian's, driven by Playwright), with every request to
another host blocked: the pages draw, search, show details, filter, and run nothing from the data."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app
from scrgraph.html import rows_page
from scrgraph.output import write_atomic
from scrgraph.store import GraphStore
from scrgraph.vocab import ID, LINKS_GRAPH, item_iri
from tests.core_records import record, write

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "records"
HOSTILE = ('Agencies should act <img src=x onerror=alert(1)> now </script><script>alert(2)</script> '
           'and <a href="javascript:alert(3)">read this</a>.')
HOSTILE_HEADING = '<b onmouseover="alert(4)">Zoë’s referral</b>'
T, U = "testtown-scp-child-t", "othertown-scp-child-u"


def _cli(*args: object) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def _add_group(store_dir: Path) -> None:
    """A recurring-recommendation group joining recommendation 1 of both test reviews, as 'scrgraph link' writes one."""
    scr = "https://w3id.org/scrgraph/ontology#"
    node, graph = f"<{ID}group/referral-criteria>", f"<{LINKS_GRAPH}>"
    lines = [
        f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{scr}RecurrenceGroup> {graph} .\n",
        f'{node} <http://purl.org/dc/terms/identifier> "referral-criteria" {graph} .\n',
        f'{node} <http://www.w3.org/2000/01/rdf-schema#label> "referral · criteria" {graph} .\n',
        f'{node} <{scr}firstYear> "2021"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .\n',
        f'{node} <{scr}lastYear> "2023"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .\n',
    ] + [f"{node} <{scr}member> <{item_iri(r, 'recommendation', '1')}> {graph} .\n" for r in (T, U)]
    with GraphStore.open(store_dir) as store:
        store.replace_graphs({LINKS_GRAPH: lines})


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """A store with two test reviews (one holding hostile text), the bundled examples when present and
    a group; and the pages drawn from it."""
    base = tmp_path_factory.mktemp("view")
    folder, store_dir = base / "records", base / "store"
    folder.mkdir()
    write(folder / "t.yaml", record(**{"recommendations.0.text": HOSTILE, "findings.0.heading": HOSTILE_HEADING,
                                       "review.title": "Child T: <b>a</b> review"}))
    write(folder / "u.yaml", record(**{"review.id": U, "review.title": "Child U: another review", "review.year_published": 2023,
                                       "findings.0.text": "Referrals in Othertown were late."}))
    _cli("load", folder, "--store", store_dir)
    if EXAMPLES.is_dir() and any(EXAMPLES.glob("*.yaml")):
        _cli("load", EXAMPLES, "--store", store_dir)
    _add_group(store_dir)
    out = {name: base / f"{name}.html" for name in ("all", "review", "group", "police", "rows")}
    _cli("view", "-o", out["all"], "--store", store_dir, "-q")
    _cli("view", "--review", T, "-o", out["review"], "--store", store_dir, "-q")
    _cli("view", "--group", "referral-criteria", "-o", out["group"], "--store", store_dir, "-q")
    _cli("view", "--agency", "police", "--depth", "2", "-o", out["police"], "--store", store_dir, "-q")
    spec = {"nodes": [{"column": "review_id", "kind": "review", "label": "title"}, {"column": "rec", "kind": "recommendation"},
                      {"column": "agency", "kind": "agency"}],
            "edges": [{"from": "rec", "to": "review_id", "label": "part of"}, {"from": "rec", "to": "agency", "label": "addressed to"}]}
    with GraphStore.open(store_dir) as store:
        _, rows = store.select("""SELECT ?review_id ?title ?rec ?agency ?text WHERE {
            ?r a scr:Recommendation ; dcterms:isPartOf ?rv ; scr:addressedTo ?a ; scr:text ?text .
            ?rv dcterms:identifier ?review_id ; dcterms:title ?title . ?a skos:notation ?agency .
            BIND (STR(?r) AS ?rec) }""")
        write_atomic(out["rows"], rows_page(["review_id", "title", "rec", "agency", "text", "missing"], rows, spec, "Rows <query>", store=store))
    return out




@dataclass
class Opened:
    """A page in the browser, with what it logged, asked and tried to fetch."""

    page: object
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Opened:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("document.documentElement.getAttribute('data-ready') === '1'", timeout=60_000)
        return self

    def js(self, expression: str, arg: object = None):
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.outside == [], self.outside

    def panel(self) -> str:
        return self.page.locator("#panel").inner_text()

    def search(self, words: str) -> str:
        self.page.fill("#search", words)
        self.page.press("#search", "Enter")
        return self.page.locator("#search-status").inner_text()

    def click_node(self, index: int) -> None:
        """Zoom onto a node and click it with the mouse."""
        self.js("""i => { const n = window.scrgraph.network;
                          n.moveTo({position: n.getPositions([i])[i], scale: 2.5, animation: false}); }""", index)
        spot = self.js("i => window.scrgraph.domPosition(i)", index)
        box = self.page.locator("#graph canvas").bounding_box()
        self.page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])


@pytest.fixture
def opened(browser):
    """A fresh tab that blocks every request other than file:, data: and about:, and records errors and dialogs."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    result = Opened(page)

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            result.outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: result.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: result.errors.append(str(error)))

    def dialog(d):
        result.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    yield result
    context.close()


def _not_blank(png: bytes) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[1] if colours else None
    other = sum(count for count, colour in colours if colour != background)
    return len(colours) > 20 and other > 0.01 * image.width * image.height


@pytest.mark.parametrize("name", ["all", "review", "group", "police", "rows"])
def test_page_draws_offline_without_errors(opened, pages, name):
    opened.open(pages[name])
    assert opened.page.locator("#graph canvas").count() == 1
    assert _not_blank(opened.page.locator("#graph").screenshot())
    shown = opened.page.locator("#shown").inner_text()
    total = opened.js("window.scrgraph.nodes.length")
    assert total > 3 and shown == f"Showing {total} of {total} nodes."
    opened.assert_clean()


def test_search_finds_nodes(opened, pages):
    opened.open(pages["all"])
    assert opened.search("should agree referral criteria").startswith("1 of 1")
    assert "The partnership should agree referral criteria." in opened.panel()
    assert opened.search("police should share information").startswith("1 of 2")
    first = opened.panel()
    assert opened.search("police should share information").startswith("2 of 2")
    assert opened.panel() != first and "Police should share information with health visitors." in opened.panel()
    selected = opened.js("window.scrgraph.network.getSelectedNodes().length")
    assert selected == 2
    assert opened.search("no such words anywhere") == "No match"
    opened.assert_clean()


def test_clicking_a_node_shows_its_details(opened, pages):
    opened.open(pages["all"])
    index = opened.js("window.scrgraph.findText('Zoë’s referral')")
    assert index >= 0
    opened.click_node(index)
    panel = opened.panel()
    assert "Referrals were not made early." in panel
    for words in ("REF\nF1", "Child T: <b>a</b> review (testtown-scp-child-t)", "YEAR\n2021",
                  "child-t.pdf, page 3, paragraph 3.1", HOSTILE_HEADING):
        assert words in panel, words
    assert opened.js("window.scrgraph.network.getSelectedNodes()") == [index]
    opened.assert_clean()


def test_filters_hide_what_they_should(opened, pages):
    opened.open(pages["all"])
    describe = "() => window.scrgraph.visibleIds().map(i => window.scrgraph.describe(i))"
    everything = opened.js(describe)
    assert {n["kind"] for n in everything} >= {"review", "agency", "finding", "recommendation", "measure", "theme", "group"}

    opened.page.uncheck("input[data-kind='theme']")
    shown = opened.js(describe)
    assert shown and all(n["kind"] != "theme" for n in shown)
    assert len(shown) == len(everything) - sum(n["kind"] == "theme" for n in everything)
    opened.page.check("input[data-kind='theme']")

    opened.page.select_option("#filter-review", label="Child U: another review")
    shown = opened.js(describe)
    assert all(U in n["reviews"] for n in shown)
    assert {n["kind"] for n in shown} >= {"review", "finding", "recommendation", "measure", "agency", "theme"}
    assert any(T in n["reviews"] and n["kind"] == "finding" for n in everything)

    opened.page.select_option("#filter-agency", label="Police (force)")
    shown = opened.js(describe)
    assert all(U in n["reviews"] and "police" in n["agencies"] for n in shown)
    assert [n["label"] for n in shown if n["kind"] == "agency"] == ["Police (force)"]
    assert {n["kind"] for n in shown if n["kind"] in ("recommendation", "measure")} == {"recommendation", "measure"}

    opened.page.click("#reset")
    opened.page.select_option("#filter-theme", label=opened.js(
        "() => document.querySelector('#filter-theme option:nth-child(2)').textContent"))
    shown = opened.js(describe)
    theme = opened.js("() => window.scrgraph.describe(window.scrgraph.visibleIds().find("
                      "i => window.scrgraph.describe(i).kind === 'theme')).themes[0]")
    assert all(theme in n["themes"] for n in shown)
    assert [n["kind"] for n in shown].count("theme") == 1

    opened.page.click("#reset")
    assert len(opened.js(describe)) == len(everything)
    opened.assert_clean()


def test_hostile_text_shows_as_text_and_runs_nothing(opened, pages):
    for name in ("all", "review", "rows"):
        opened.open(pages[name])
        status = opened.search("onerror=alert(1)")
        assert status.startswith("1 of"), status
        texts = opened.page.locator("#panel dd").all_inner_texts()
        assert HOSTILE in texts or any(HOSTILE in t for t in texts)
        index = opened.js("window.scrgraph.network.getSelectedNodes()[0]")
        opened.js("""i => { const n = window.scrgraph.network;
                           n.moveTo({position: n.getPositions([i])[i], scale: 2.5, animation: false}); }""", index)
        spot = opened.js("i => window.scrgraph.domPosition(i)", index)
        box = opened.page.locator("#graph canvas").bounding_box()
        opened.page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
        tooltip = opened.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5000)
        assert "<img src=x onerror=alert(1)>" in tooltip.inner_text()
        assert tooltip.locator("*").count() == 0
        counts = opened.js("""() => ({img: document.querySelectorAll('img').length,
                                       a: document.querySelectorAll('a').length,
                                       scripts: document.scripts.length,
                                       b: document.querySelectorAll('#panel b, #title b').length})""")
        assert counts == {"img": 0, "a": 0, "scripts": 3, "b": 0}
        opened.page.mouse.move(5, 5)
    opened.open(pages["rows"])
    assert opened.page.locator("#rows-table").is_hidden()
    opened.page.click("#rows-button")
    cells = opened.page.locator("#rows-table td").all_inner_texts()
    assert HOSTILE in cells and opened.page.locator("#rows-table td *").count() == 0
    assert opened.page.locator("#rows-table th").all_inner_texts() == ["review_id", "title", "rec", "agency", "text", "missing"]
    opened.open(pages["review"])
    assert opened.page.locator("#title").inner_text() == "Review: Child T: <b>a</b> review"
    opened.page.wait_for_timeout(300)
    opened.assert_clean()


def test_group_members_are_highlighted(opened, pages):
    opened.open(pages["group"])
    members = opened.js("""() => window.scrgraph.visibleIds().map(i => window.scrgraph.describe(i))
                                  .filter(n => n.grouped && n.kind === 'recommendation').map(n => n.reviews[0]).sort()""")
    assert members == sorted([T, U])
    borders = opened.js("""() => window.scrgraph.visibleIds().filter(i => window.scrgraph.describe(i).grouped)
                                  .map(i => window.scrgraph.nodes.get(i).color.border)""")
    assert borders and set(borders) == {"#d4a017"}
    assert "Recurring-recommendation groups (1" in opened.page.locator("#legend-group").inner_text()
    with_hulls = opened.page.locator("#graph").screenshot()
    opened.page.uncheck("#show-groups")
    assert opened.page.locator("#graph").screenshot() != with_hulls
    opened.assert_clean()
