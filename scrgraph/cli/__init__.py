"""The ``scrgraph`` command line: one module per command group, composed in :mod:`scrgraph.cli.main`.

Help pages and usage errors are plain text: Typer reads ``TYPER_USE_RICH`` once, when it is first
imported, and with Rich it imports Rich's Markdown, Pygments and traceback modules for every
command, which cost more than the rest of ``scrgraph --help`` (benchmarks/startup.py). An analyst
who wants Rich's panels sets ``TYPER_USE_RICH=1``.
"""

import os

os.environ.setdefault("TYPER_USE_RICH", "0")
