"""``scrgraph serve``: the board's workbench, a local web application over one open :class:`~scrgraph.graph.Graph`."""
