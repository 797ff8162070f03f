"""Interactive HTML views of the graph: one self-contained, offline page per view.

- :func:`render_page` draws any networkx graph (see its docstring for the node attributes it reads);
- :func:`whole_graph`, :func:`review_view`, :func:`agency_view`, :func:`theme_view`, :func:`group_view`
  build the graph to draw from the store;
- :func:`rows_page` draws the rows of a saved query, as the query's ``graph:`` header says.
"""

from scrgraph.lazy import lazy_names

_HOMES = {
    "PHYSICS_MAX_NODES": "scrgraph.html.render",
    "render_page": "scrgraph.html.render",
    "rows_graph": "scrgraph.html.rows",
    "rows_page": "scrgraph.html.rows",
    **{name: "scrgraph.html.views" for name in ("agency_view", "group_view", "review_view", "theme_view", "view_graph", "whole_graph")},
}
__all__ = sorted(_HOMES)

# Imported on first use (networkx, NumPy and Jinja load with the page writer, not with scrgraph.html.assets).
__getattr__ = lazy_names(__name__, _HOMES)
