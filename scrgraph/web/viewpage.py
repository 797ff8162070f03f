"""The drawn graph of ``scrgraph view``, served inside the workbench with its controls added.

The page keeps its own Content-Security-Policy (its inline scripts allowed by hash); the workbench
adds its own script, served from this address, and lets the page ask this address for nothing else.
The vis-network library, which a saved page carries inline, is fetched from this address instead
(:data:`LIBRARY_PATH`): the browser keeps it, and each view is 100 KB rather than 550.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from scrgraph.html.assets import vis_network_js

LIBRARY_PATH = "/static/vis-network.min.js"
WORKBENCH_SCRIPT = '<script src="/static/graph.js"></script>'
POLICY_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')


def workbench_view(page_html: str) -> tuple[str, str]:
    """The page with the library fetched from the workbench and the workbench's script added, and the
    Content-Security-Policy to send with it."""
    match = POLICY_META.search(page_html)
    policy = match.group(2) if match else "default-src 'none'"
    policy = policy.replace("script-src ", "script-src 'self' ", 1)
    page = POLICY_META.sub(lambda m: m.group(1) + policy + m.group(3), page_html, count=1)
    page = page.replace(f"<script>{vis_network_js()}</script>", f'<script src="{LIBRARY_PATH}"></script>', 1)
    return page.replace("</body>", WORKBENCH_SCRIPT + "\n</body>", 1), policy + "; frame-ancestors 'none'"


def library_route() -> Route:
    """The route serving vis-network (kept by the browser for a day)."""
    def library(request: Request) -> Response:
        return Response(vis_network_js(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "private, max-age=86400"})
    return Route(LIBRARY_PATH, library)
