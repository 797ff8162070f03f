"""Deciding recurrences: the queue of suggested links and the confirm/reject POSTs.

A decision is written through :meth:`Graph.confirm` / :meth:`Graph.reject`, the same as
``scrgraph link confirm/reject``, which relinks so the groups are refreshed before the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from scrgraph.errors import ScrgraphError
from scrgraph.web import reads

if TYPE_CHECKING:
    from scrgraph.web.app import Workbench


def routes(bench: Workbench) -> list[Route]:
    """The queue page and the decision POST."""

    def pending_links() -> Any:
        return bench.read("queue", lambda: reads.link_queue(bench.graph))

    bench.warmers.append(pending_links)

    def queue(request: Request) -> Response:
        pending = pending_links()
        done = request.query_params.get("done", "")
        return bench.render(request, "links.html", pending=pending, first=pending.rows[0] if pending.rows else None, done=done)

    async def decide(request: Request) -> Response:
        form = await request.form()
        a, b, decision = str(form.get("a", "")), str(form.get("b", "")), str(form.get("decision", ""))
        if decision not in ("confirm", "reject"):
            return bench.problem(request, ScrgraphError("Choose confirm or reject."))
        from starlette.concurrency import run_in_threadpool

        try:
            said = await run_in_threadpool(bench.write, lambda: getattr(bench.graph, decision)(a, b))
        except ScrgraphError as error:
            return bench.problem(request, error)
        return RedirectResponse("/links?" + urlencode({"done": said.split(". ")[0]}), status_code=303)

    return [Route("/links", queue), Route("/links/decide", decide, methods=["POST"])]
