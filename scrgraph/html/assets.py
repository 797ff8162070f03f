"""The files a page inlines: vis-network (the copy pyvis ships), the page's own script, style and template.

Nothing is fetched from the network and nothing is written to disk: every asset is read from
installed package data and inlined into the one HTML file.

Examples
--------
>>> "vis" in vis_network_js()[:2000]
True
"""

from __future__ import annotations

import functools
import importlib.util
import re
from importlib.resources import files
from pathlib import Path

from scrgraph.errors import ScrgraphError

# The copies of vis-network inside pyvis's package data, newest first.
VIS_CANDIDATES = (
    ("templates", "lib", "vis-9.1.2", "vis-network.min.js"),
    ("lib", "vis-9.1.2", "vis-network.min.js"),
    ("templates", "lib", "vis-9.0.4", "vis-network.min.js"),
    ("lib", "vis-9.0.4", "vis-network.min.js"),
)


def script_safe(code: str) -> str:
    """JavaScript made safe to sit inside a ``<script>`` element (no ``</script`` or ``<!--`` inside)."""
    return code.replace("</", "<\\/").replace("<!--", "<\\!--")


@functools.lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The minified vis-network library shipped inside the installed pyvis package, as text."""
    # Found without importing pyvis (its import pulls in much more than this one file).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ScrgraphError("The pyvis package is not installed; install scrgraph's dependencies (pip install scrgraph).")
    roots = [Path(location) for location in spec.submodule_search_locations]
    for parts in VIS_CANDIDATES:
        entry = next((root.joinpath(*parts) for root in roots if root.joinpath(*parts).is_file()), None)
        if entry is not None:
            code = entry.read_text(encoding="utf-8")
            # A source-map comment would make developer tools look for a file that is not there.
            code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.M).rstrip() + "\n"
            if "</script" in code.lower():
                # Never expected in this file; a "</" would end the inline script early.
                code = script_safe(code)
            return code
    raise ScrgraphError("The vis-network script was not found in the installed pyvis package; reinstall pyvis.")


@functools.cache
def template_file(name: str) -> str:
    """A file of ``scrgraph/html/templates`` as text."""
    return files("scrgraph.html").joinpath("templates", name).read_text(encoding="utf-8")
