"""The workbench application: one open Graph, its pages, saved-query forms, the graph view and /sparql."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from scrgraph.errors import ScrgraphError
from scrgraph.graph import Graph
from scrgraph.web import decide, pages, sparql
from scrgraph.web.guard import Guard, csrf_token
from scrgraph.web.links import table_body
from scrgraph.web.paging import PAGE_ROWS
from scrgraph.web.viewpage import library_route, workbench_view
from scrgraph.web.viewworker import ViewWorker, helper_seconds

READ_CACHE_SIZE = 512
# What took this much processor time to read is forgotten only after everything quicker (or at the
# next write): an agency's or a theme's rows take 0.1 to 1 s to read at a thousand reviews, a
# review's page a few hundredths. Processor time, not time taken: under load every read takes longer.
DEAR_SECONDS = 0.1
MISSING = object()


class Workbench:
    """What every page needs: the open graph, the extra query folders, the templates, a write lock
    and a cache of what was read.

    The workbench holds the store's lock for its whole life, so the store changes only through its
    own writes: what it read stays true until then, and :meth:`write` forgets it all.
    """

    def __init__(self, graph: Graph, queries: Iterable[str | Path] = (), page_rows: int = PAGE_ROWS,
                 views_apart: bool = False) -> None:
        self.graph = graph
        self.page_rows = page_rows  # a longer table is shown a page at a time (see paging.py)
        self.queries = tuple(Path(q) for q in queries)
        self.write_lock = threading.Lock()
        # Graph views drawn in a process of their own (see viewworker.py), for a server under load.
        self.views = ViewWorker(graph, self.write_lock) if views_apart else None
        self._read: OrderedDict[Hashable, tuple[Any, float]] = OrderedDict()  # value, processor seconds it took
        self._read_lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}
        self._generation = 0
        self.warmers: list[Callable[[], Any]] = []
        # The templates are the package's own files: not looked at again for changes on every page
        # (three file checks a page, each a wait for Python's lock beside other requests).
        self.templates = Environment(loader=PackageLoader("scrgraph.web", "templates"), auto_reload=False,
                                     autoescape=select_autoescape(default=True, default_for_string=True))
        self.templates.globals["table_body"] = table_body

    def read(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """What ``compute()`` gives, computed once per ``key`` until the next write.

        A few hundred are kept; when there are more, the least recently used of those that were quick
        to compute is forgotten first, so that a slow page read ahead stays read while analysts open
        hundreds of quick ones. Requests that ask for the same key while it is being computed wait
        for that one computation rather than each starting their own (eight clients opening a slow
        page at once would otherwise share the two cores eight ways).
        """
        found = self.kept(key)
        if found is not MISSING:
            return found
        with self._read_lock:
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._read_lock:
                if key in self._read:
                    return self._read[key][0]
            generation = self._generation
            try:
                start = time.thread_time() + helper_seconds()
                value = compute()
                took = time.thread_time() + helper_seconds() - start
                with self._read_lock:
                    if generation == self._generation:  # nothing was written while it was read
                        self._read[key] = (value, took)
                        if len(self._read) > READ_CACHE_SIZE:
                            self._forget_one()
            finally:
                with self._read_lock:
                    if self._pending.get(key) is pending:
                        del self._pending[key]
        return value

    def kept(self, key: Hashable) -> Any:
        """What was read for ``key`` and is still kept, else :data:`MISSING`."""
        with self._read_lock:
            if key in self._read:
                self._read.move_to_end(key)
                return self._read[key][0]
        return MISSING

    async def page(self, key: Hashable, draw: Callable[[], Any]) -> Any:
        """The page kept for ``key``, sent at once from the server's event loop, or else ``draw()``
        run on a worker thread and kept (see :meth:`read`): a request for a page already drawn
        does not queue for a thread behind the drawing of others."""
        found = self.kept(key)
        if found is not MISSING:
            return found
        return await self.work(lambda: self.read(key, draw))

    async def work(self, task: Callable[[], Any]) -> Any:
        """``task()`` run on one of the server's worker threads (reading the store and drawing
        must not hold up the event loop that answers every request)."""
        return await anyio.to_thread.run_sync(task)

    def _forget_one(self) -> None:
        """Forget the least recently used quick read, or the least recently used read if none was quick."""
        quick = next((key for key, (_, took) in self._read.items() if took < DEAR_SECONDS), None)
        if quick is None:
            self._read.popitem(last=False)
        else:
            del self._read[quick]

    def write(self, change: Callable[[], Any]) -> Any:
        """Run ``change`` (a write to the store) alone, then forget everything read before it."""
        with self.write_lock:
            try:
                return change()
            finally:
                if self.views is not None:  # first: a view read from here on is drawn from a new copy
                    self.views.stale()
                with self._read_lock:
                    self._read.clear()
                    self._generation += 1

    def view_page(self, **chosen: Any) -> tuple[bytes, str]:
        """The workbench's page of ``graph.view(**chosen)`` and its Content-Security-Policy (see
        :func:`scrgraph.web.viewpage.workbench_view`), drawn in the views' own processes if there are any."""
        return self.views.page(**chosen) if self.views is not None else workbench_view(self.graph, **chosen)

    def close(self) -> None:
        """Stop what the workbench started beside the server (the views' process and store copy)."""
        if self.views is not None:
            self.views.close()

    def warm(self) -> None:
        """Read what the pages every analyst opens first need (the home page, the recurrence queue,
        every group), so that the first to open them does not wait; an error is left for the page to tell."""
        for read in self.warmers:
            try:
                read()
            except Exception:  # noqa: BLE001 - the page itself reports it when opened
                continue

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """The page ``name`` filled with ``context`` (every value escaped)."""
        html = self.templates.get_template(name).render(request=request, csrf=csrf_token(request),
                                                         today=dt.date.today().isoformat(), **context)
        return HTMLResponse(html, status)

    def problem(self, request: Request, error: ScrgraphError, status: int = 400) -> Response:
        """A page saying in one sentence what went wrong."""
        return self.render(request, "problem.html", status=status, message=str(error))


def create_app(graph: Graph, queries: Iterable[str | Path] = (), host: str = "127.0.0.1", port: int = 8000,
               access_token: str | None = None, warm: bool = False, page_rows: int = PAGE_ROWS,
               warmed: Callable[[float], Any] | None = None, views_apart: bool = False) -> Guard:
    """The ASGI application serving ``graph`` at ``host:port`` (the Host header must name that address);
    with ``warm``, the pages opened first are read on a thread of their own straight away, and
    ``warmed`` is called with the seconds that took. Tables longer than ``page_rows`` are shown a
    page at a time. With ``views_apart``, graph views are drawn in a process of their own from a
    copy of the store (see :mod:`scrgraph.web.viewworker`), stopped with the server."""
    bench = Workbench(graph, queries, page_rows, views_apart)
    if bench.views is not None:
        bench.warmers.insert(0, bench.views.prepare)
    routes = [
        *pages.routes(bench),
        *sparql.routes(bench),
        *decide.routes(bench),
        library_route(),
        Mount("/static", StaticFiles(packages=[("scrgraph.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=_closing(bench))
    if warm:
        def read_ahead() -> None:
            start = time.perf_counter()
            bench.warm()
            # What is read ahead stays until the next write: freeze it (and the modules, the
            # ontology) out of Python's full garbage collections, which went through it again
            # several times a minute under load, each holding every page up for 40-110 ms.
            gc.collect()
            gc.freeze()
            if warmed is not None:
                warmed(time.perf_counter() - start)

        threading.Thread(target=read_ahead, name="scrgraph-warm", daemon=True).start()
    app.state.bench = bench
    hosts = {f"{host}:{port}"}
    if host in ("127.0.0.1", "localhost"):
        hosts |= {f"127.0.0.1:{port}", f"localhost:{port}"}
    return Guard(app, hosts, access_token)


def _closing(bench: Workbench) -> Callable[[Starlette], Any]:
    """The application's lifespan: what the workbench started beside the server stops with it."""
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            bench.close()
    return lifespan
