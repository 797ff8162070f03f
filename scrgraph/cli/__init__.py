"""The ``scrgraph`` command line: one module per command group, composed in :mod:`scrgraph.cli.main`."""
