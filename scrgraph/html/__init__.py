"""Interactive HTML views of the graph: one self-contained, offline page per view.

- :func:`render_page` draws any networkx graph (see its docstring for the node attributes it reads);
- :func:`whole_graph`, :func:`review_view`, :func:`agency_view`, :func:`theme_view`, :func:`group_view`
  build the graph to draw from the store;
- :func:`rows_page` draws the rows of a saved query, as the query's ``graph:`` header says.
"""

from __future__ import annotations

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
