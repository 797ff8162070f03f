"""scrgraph: a knowledge graph of safeguarding case reviews, and the saved queries boards ask of it.

The library face is :func:`scrgraph.open`, which returns a :class:`scrgraph.Graph`::

    import scrgraph
    with scrgraph.open("store", create=True) as graph:
        graph.load(["reviews/"])
        graph.query("review-summary").write("summary.csv")

The engine reads review records (see :mod:`scrgraph.record`), keeps them in a persistent RDF store
(:mod:`scrgraph.store`) and answers saved queries. Analyst-editable knowledge (the ontology, the
agency gazetteer, themes, loader profiles and saved queries) lives in data files shipped with the
package; see :mod:`scrgraph.resources`. Names are imported on first use, so ``import scrgraph`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__all__ = ["open", "Graph", "Rows", "errors", "__version__"]

_LAZY = {"open": ("scrgraph.graph", "open"), "Graph": ("scrgraph.graph", "Graph"),
         "Rows": ("scrgraph.graph", "Rows"), "errors": ("scrgraph.errors", None)}


def __getattr__(name: str) -> Any:
    """Import the public names on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'scrgraph' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)
