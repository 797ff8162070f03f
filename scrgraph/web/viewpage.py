"""The drawn graph of ``scrgraph view``, served inside the workbench with its controls added.

The page keeps its own Content-Security-Policy (its inline script allowed by hash); the workbench
adds its own script, served from this address, and lets the page ask this address for nothing else.
The vis-network library, which a saved page carries inline, is fetched from this address instead
(:data:`LIBRARY_PATH`): the browser keeps it, and each view is 100 KB rather than 550 (and is
written without the library, rather than with it and then rewritten: 1.5 ms less a view).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from scrgraph.graph import Graph
from scrgraph.html.assets import vis_network_js

LIBRARY_PATH = "/static/vis-network.min.js"
WORKBENCH_SCRIPT = '<script src="/static/graph.js"></script>'
POLICY_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')


def workbench_view(graph: Graph, **chosen: Any) -> tuple[bytes, str]:
    """The page of ``graph.view(**chosen)`` with the library fetched from the workbench and the
    workbench's script added, encoded (where it is drawn: the server has less to do), and the
    Content-Security-Policy to send with it."""
    page = graph.view(**chosen, library=LIBRARY_PATH).html
    match = POLICY_META.search(page)
    policy = match.group(2) if match else "default-src 'none'"
    end = page.rindex("</body>")
    return (page[:end] + WORKBENCH_SCRIPT + "\n" + page[end:]).encode("utf-8"), policy + "; frame-ancestors 'none'"


def library_route() -> Route:
    """The route serving vis-network (kept by the browser for a day)."""
    def library(request: Request) -> Response:
        return Response(vis_network_js(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "private, max-age=86400"})
    return Route(LIBRARY_PATH, library)
