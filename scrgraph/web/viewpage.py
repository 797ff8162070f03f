"""The drawn graph of ``scrgraph view``, served inside the workbench with its controls added.

The page keeps its own Content-Security-Policy (its inline scripts allowed by hash); the workbench
adds its own script, served from this address, and lets the page ask this address for nothing else.
"""

from __future__ import annotations

import re

WORKBENCH_SCRIPT = '<script src="/static/graph.js"></script>'
POLICY_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')


def workbench_view(page_html: str) -> tuple[str, str]:
    """The page with the workbench's script added, and the Content-Security-Policy to send with it."""
    match = POLICY_META.search(page_html)
    policy = match.group(2) if match else "default-src 'none'"
    policy = policy.replace("script-src ", "script-src 'self' ", 1)
    page = POLICY_META.sub(lambda m: m.group(1) + policy + m.group(3), page_html, count=1)
    return page.replace("</body>", WORKBENCH_SCRIPT + "\n</body>", 1), policy + "; frame-ancestors 'none'"
