"""Interactive HTML views of the graph: one self-contained, offline page per view.

- :func:`render_page` draws any networkx graph (see its docstring for the node attributes it reads);
- :func:`whole_graph`, :func:`review_view`, :func:`agency_view`, :func:`theme_view`, :func:`group_view`
  build the graph to draw from the store;
- :func:`rows_page` draws the rows of a saved query, as the query's ``graph:`` header says.
"""

from typing import TYPE_CHECKING

from scrgraph.lazy import lazy_names

if TYPE_CHECKING:  # what type checkers see; at run time each name is imported on first use
    from scrgraph.html.render import PHYSICS_MAX_NODES, render_page
    from scrgraph.html.rows import rows_graph, rows_page
    from scrgraph.html.views import agency_view, group_view, review_view, theme_view, view_graph, whole_graph

__all__ = [
    "PHYSICS_MAX_NODES",
    "agency_view",
    "group_view",
    "render_page",
    "review_view",
    "rows_graph",
    "rows_page",
    "theme_view",
    "view_graph",
    "whole_graph",
]

_HOMES = {"PHYSICS_MAX_NODES": "render", "render_page": "render", "rows_graph": "rows", "rows_page": "rows"}

# Imported on first use (networkx, NumPy and Jinja load with the page writer, not with scrgraph.html.assets).
__getattr__ = lazy_names(__name__, {name: f"scrgraph.html.{_HOMES.get(name, 'views')}" for name in __all__})
