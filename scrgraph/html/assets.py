"""The files a page inlines: vis-network, the page's own script, style and template.

Nothing is fetched from the network and nothing is written to disk: every asset is read from
installed package data and inlined into the one HTML file. ``templates/vis-network.min.js`` is
vis-network 9.1.2 as published (https://visjs.github.io/vis-network/, dual Apache-2.0/MIT licensed;
its licence header is kept at the top of the file).

Examples
--------
>>> "vis" in vis_network_js()[:2000]
True
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

VIS_NETWORK = "vis-network.min.js"


def script_safe(code: str) -> str:
    """JavaScript made safe to sit inside a ``<script>`` element (no ``</script`` or ``<!--`` inside)."""
    return code.replace("</", "<\\/").replace("<!--", "<\\!--")


@functools.lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The minified vis-network library bundled with scrgraph, as text ready to inline."""
    code = template_file(VIS_NETWORK)
    # A source-map comment would make developer tools look for a file that is not there.
    code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.M).rstrip() + "\n"
    if "</script" in code.lower():
        # Never expected in this file; a "</" would end the inline script early.
        code = script_safe(code)
    return code


@functools.cache
def template_file(name: str) -> str:
    """A file of ``scrgraph/html/templates`` as text."""
    return files("scrgraph.html").joinpath("templates", name).read_text(encoding="utf-8")
