"""A real workbench for the tests: uvicorn in a thread on a free 127.0.0.1 port over one open Graph."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from typer.testing import CliRunner

import scrgraph
from scrgraph.cli.main import app as cli_app
from scrgraph.web.app import create_app
from scrgraph.web.paging import PAGE_ROWS
from tests.core_records import record, write

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "records"
HOSTILE = ('Agencies should act <img src=x onerror=alert(1)> now </script><script>alert(2)</script> '
           'and <a href="javascript:alert(3)">read this</a>.')


def cli(*args: object) -> str:
    """Run the scrgraph command line; return what it printed (it must succeed)."""
    result = CliRunner().invoke(cli_app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def hostile_store(base: Path) -> Path:
    """A store at ``base/store`` with the bundled examples and a review whose text is hostile HTML."""
    folder, store_dir = base / "records", base / "store"
    folder.mkdir()
    write(folder / "t.yaml", record(**{"recommendations.0.text": HOSTILE, "review.title": "Child T: <b>a</b> review"}))
    cli("load", folder, EXAMPLES, "--store", store_dir, "-q")
    return store_dir


def free_port() -> int:
    """A port nothing listens on at 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_workbench(store_dir: Path, access_token: str | None = None, page_rows: int = PAGE_ROWS,
                      views_apart: bool = False) -> Iterator[str]:
    """Serve the store at ``store_dir`` until the block ends; yield its base URL (no trailing slash).
    With ``views_apart``, graph views are drawn in processes of their own, as ``scrgraph serve`` does."""
    port = free_port()
    graph = scrgraph.open(store_dir)
    app = create_app(graph, host="127.0.0.1", port=port, access_token=access_token, page_rows=page_rows,
                     views_apart=views_apart)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the workbench did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        graph.close()
