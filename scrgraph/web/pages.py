"""The workbench's pages: home, review, agency, theme, group, search, saved queries and the graph view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from scrgraph.errors import ScrgraphError
from scrgraph.graph import Rows
from scrgraph.saved_queries import get_query, list_queries, store_lookup
from scrgraph.web import reads
from scrgraph.web.paging import page_of

if TYPE_CHECKING:
    from scrgraph.web.app import Workbench

DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "md": "text/markdown; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ID_TYPES = ("review", "agency", "theme", "group")


def routes(bench: Workbench) -> list[Route]:
    """Every page route, each a closure over the workbench."""

    def query(name: str, **params: str) -> Rows:
        """A saved query's rows, read once until the next write (a blank or 'today' date is read again each day)."""
        key = ("query", name, tuple(sorted(params.items())), dt.date.today())
        return bench.read(key, lambda: bench.graph.query(name, params, queries=bench.queries))

    def themed(ident: str) -> tuple[str, Rows]:
        """A theme's label and its findings and recommendations, read once until the next write."""
        return bench.read(("theme", ident), lambda: reads.theme_items(bench.graph, ident))

    def recurring(keep: Callable[[list[dict[str, Any]]], bool], min_reviews: int = 1) -> Rows:
        """The rows of 'repeated-recommendations' for the groups ``keep`` accepts (given each group's rows)
        spanning ``min_reviews`` reviews or more: every group is read once (until the next write) and
        a review's or a group's page picks its groups from it (one query per page took seconds at 1,000 reviews)."""
        every = query("repeated-recommendations", min_reviews="1")
        by_group = bench.read(("groups", dt.date.today()), lambda: _by_group(every))
        chosen = {group for group, rows in by_group.items() if rows[0]["reviews"] >= min_reviews and keep(rows)}
        return Rows(every.columns, [row for row in every if row["group"] in chosen])

    def paged(request: Request, rows: Rows) -> Any:
        """The page of ``rows`` the request asks for (None when the browser gets them all); the page
        that shows it is kept per URL (``kept``), so it is cut once until the next write."""
        return page_of(rows, dict(request.query_params), bench.page_rows)

    def guarded(handler):
        """``handler`` (an async endpoint) with a missing or wrong parameter told as a page."""
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except ScrgraphError as error:
                return bench.problem(request, error, 404 if "no " in str(error).lower() else 400)
        return endpoint

    def kept(handler):
        """``handler`` whose page, once drawn for a URL, is sent again as it is until the next write:
        these pages hold no per-browser token, and drawing a long table took longer than reading it."""
        async def endpoint(request: Request) -> Response:
            key = ("html", request.url.path, request.url.query, dt.date.today())
            return await bench.page(key, lambda: handler(request))
        return endpoint

    def drawn(handler):
        """``handler`` run on a drawing thread each time (a download is not kept)."""
        async def endpoint(request: Request) -> Response:
            return await bench.work(lambda: handler(request))
        return endpoint

    def glance() -> dict[str, Any]:
        return bench.read(("home", dt.date.today()), lambda: reads.overview(bench.graph))

    def home(request: Request) -> Response:
        seen = glance()
        return bench.render(request, "home.html", glance=seen, queries=list_queries(bench.queries),
                            reviews_page=paged(request, seen["reviews"]))

    def review(request: Request) -> Response:
        ident = request.path_params["ident"]
        summary = query("review-summary", review=ident)
        recurs = recurring(lambda rows: any(row["review"] == ident for row in rows), min_reviews=2)
        title = next((row["text"] for row in summary if row["kind"] == "review"), ident)
        return bench.render(request, "review.html", ident=ident, title=title, summary=summary, recurs=recurs)

    def agency(request: Request) -> Response:
        ident = request.path_params["ident"]
        profile = query("agency-profile", agency=ident)
        return bench.render(request, "entity.html", kind="agency", ident=ident, title=f"Agency {ident}",
                            tables=[("What this agency was asked and did", profile, paged(request, profile))])

    def theme(request: Request) -> Response:
        ident = request.path_params["ident"]
        label, items = themed(ident)
        return bench.render(request, "entity.html", kind="theme", ident=ident, title=f"Theme: {label}",
                            tables=[("Findings and recommendations with this theme", items, paged(request, items))])

    def group(request: Request) -> Response:
        ident = request.path_params["ident"]
        members = recurring(lambda rows: rows[0]["group"] == ident)
        if not members.rows:
            raise ScrgraphError(f"There is no recurring-recommendation group {ident!r} in the store.")
        return bench.render(request, "entity.html", kind="group", ident=ident, title=f"Recurring group: {members.rows[0]['label']}",
                            tables=[("Its recommendations, in each review", members, paged(request, members))])

    def search(request: Request) -> Response:
        words = request.query_params.get("q", "").strip()
        found = bench.read(("search", words), lambda: reads.search(bench.graph, words)) if words else Rows([], [])
        return bench.render(request, "search.html", words=words, found=found, page=paged(request, found))

    def query_page(request: Request) -> Response:
        saved = get_query(request.path_params["name"], bench.queries)
        given = {name: value for name, value in request.query_params.items() if name in saved.header.params}
        rows, page, error = None, None, ""
        if "run" in request.query_params:
            try:
                rows = query(saved.name, **given)
                page = paged(request, rows)
            except ScrgraphError as problem:
                error = str(problem)
        return bench.render(request, "query.html", saved=saved, given=given, rows=rows, page=page, error=error,
                            choices=_choices(bench, saved), downloads=list(DOWNLOADS),
                            download_query=request.url.query)

    def query_download(request: Request) -> Response:
        from scrgraph.output import format_rows, xlsx_bytes

        saved = get_query(request.path_params["name"], bench.queries)
        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise ScrgraphError(f"There is no download format {fmt!r}; choose one of {', '.join(DOWNLOADS)}.")
        given = {name: value for name, value in request.query_params.items() if name in saved.header.params}
        rows = query(saved.name, **given)
        body = xlsx_bytes(rows.columns, rows.rows) if fmt == "xlsx" else format_rows(rows.columns, rows.rows, fmt)
        return Response(body, media_type=DOWNLOADS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{saved.name}.{fmt}"'})

    def view(request: Request) -> Response:
        chosen = {kind: request.query_params.get(kind) or None for kind in ID_TYPES}
        depth = int(request.query_params.get("depth") or 1)
        page, policy = bench.view_page(**chosen, depth=depth)
        return HTMLResponse(page, headers={"Content-Security-Policy": policy})

    def every_entity() -> None:
        """Each agency's and each theme's page (a few dozen of each, a second or more each to read at
        a thousand reviews), so that no analyst waits for them."""
        lookup = store_lookup(bench.graph.store)
        for ident in lookup("agency:used"):
            query("agency-profile", agency=ident)
        for ident in lookup("theme:used"):
            themed(ident)

    bench.warmers += [glance, lambda: query("repeated-recommendations", min_reviews="1"), every_entity]
    return [
        Route("/", guarded(kept(home))),
        Route("/review/{ident}", guarded(kept(review))),
        Route("/agency/{ident}", guarded(kept(agency))),
        Route("/theme/{ident}", guarded(kept(theme))),
        Route("/group/{ident}", guarded(kept(group))),
        Route("/search", guarded(kept(search))),
        Route("/query/{name}.{fmt}", guarded(drawn(query_download))),
        Route("/query/{name}", guarded(kept(query_page))),
        Route("/view", guarded(kept(view))),
    ]


def _by_group(rows: Rows) -> dict[Any, list[dict[str, Any]]]:
    """The rows of each group."""
    by_group: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        by_group.setdefault(row["group"], []).append(row)
    return by_group


def _choices(bench: Workbench, saved: Any) -> dict[str, list[str]]:
    """For each id-typed parameter, the ids the store holds (the form's dropdown), read once until the next write."""
    lookup = store_lookup(bench.graph.store)

    def ids(kind: str) -> list[str]:
        return bench.read(("ids", kind), lambda: lookup(kind))

    return {name: ids(param.type) for name, param in saved.header.params.items() if param.type in ID_TYPES}
