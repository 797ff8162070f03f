"""Run the command line with ``python -m scrgraph``."""

from scrgraph.cli.main import run

run()
