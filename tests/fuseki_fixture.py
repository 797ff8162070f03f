"""A real SPARQL 1.1 server for the tests: Apache Jena Fuseki 5.6.0, started once per session.

``bash scripts/setup-fuseki.sh`` resolves Fuseki's class path from Maven Central
(tools/fuseki-server). The session fixture ``fuseki_server`` starts it on 127.0.0.1 at a free port
with an in-memory, transactional dataset at ``/ds`` that takes updates, and stops it at the end.
``SCRGRAPH_TEST_SPARQL_URL`` points the tests at another server's dataset instead (emptied by the
tests). ``fuseki_dataset`` gives each test the dataset emptied.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CLASSPATH = REPO / "tools" / "fuseki-server" / "target" / "classpath.txt"
MAIN_CLASS = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
START_TIMEOUT = 120.0


@dataclass
class FusekiServer:
    """A SPARQL 1.1 dataset the tests may use: its URL, and the process when this session started it."""

    url: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def wipe(self) -> None:
        """Empty the dataset: every named graph and the default graph."""
        body = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
        urllib.request.urlopen(urllib.request.Request(self.url + "/update", data=body), timeout=60).read()

    def stop(self) -> None:
        """Stop the server if this session started it."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fuseki_command() -> list[str]:
    """The java command that starts Fuseki on 127.0.0.1 at a free port (fails the test when not built)."""
    if not CLASSPATH.exists():
        pytest.fail("The Fuseki test server is not built; run 'bash scripts/setup-fuseki.sh' first "
                    "(it needs Java 17 and Maven), or set SCRGRAPH_TEST_SPARQL_URL to a dataset's URL.", pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed, so the Fuseki test server cannot start; run 'bash scripts/setup-fuseki.sh'.",
                    pytrace=False)
    return [java, "-XX:+UseSerialGC", "-Xms128m", "-Xmx1g", "-XX:TieredStopAtLevel=1",
            "-cp", CLASSPATH.read_text().strip(), MAIN_CLASS,
            "--localhost", "--port=0", "--mem", "--update", "/ds"]


def start_fuseki() -> FusekiServer:
    """Start a Fuseki of our own and wait until it listens; its dataset's URL."""
    started = time.monotonic()
    process = subprocess.Popen(fuseki_command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    ports: list[str] = []

    def read_output() -> None:
        for line in process.stdout:
            lines.append(line)
            match = re.search(r"Start Fuseki \(http=(\d+)\)", line)
            if match and not ports:
                ports.append(match.group(1))

    threading.Thread(target=read_output, daemon=True).start()
    while not ports:
        if process.poll() is not None:
            pytest.fail("The Fuseki test server stopped before it was ready:\n" + "".join(lines[-30:]), pytrace=False)
        if time.monotonic() - started > START_TIMEOUT:
            process.kill()
            pytest.fail(f"The Fuseki test server did not start within {START_TIMEOUT:.0f} s.", pytrace=False)
        time.sleep(0.05)
    return FusekiServer(f"http://127.0.0.1:{ports[0]}/ds", process)


@pytest.fixture(scope="session")
def fuseki_server() -> Iterator[FusekiServer]:
    """One Fuseki for the whole session (ours, or the dataset named by ``SCRGRAPH_TEST_SPARQL_URL``)."""
    url = os.environ.get("SCRGRAPH_TEST_SPARQL_URL")
    server = FusekiServer(url.rstrip("/")) if url else start_fuseki()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fuseki_dataset(fuseki_server: FusekiServer) -> FusekiServer:
    """The session's Fuseki dataset, emptied."""
    fuseki_server.wipe()
    return fuseki_server
