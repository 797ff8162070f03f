"""Commands of the 'link' group (being built; see docs/architecture.md)."""

from __future__ import annotations

from scrgraph.cli.common import App

app = App()
