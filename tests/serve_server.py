"""A real workbench for the tests: uvicorn in a thread on a free 127.0.0.1 port over one open Graph."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import uvicorn

import scrgraph
from scrgraph.web.app import create_app


def free_port() -> int:
    """A port nothing listens on at 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_workbench(store_dir: Path, access_token: str | None = None) -> Iterator[str]:
    """Serve the store at ``store_dir`` until the block ends; yield its base URL (no trailing slash)."""
    port = free_port()
    graph = scrgraph.open(store_dir)
    app = create_app(graph, host="127.0.0.1", port=port, access_token=access_token)
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
