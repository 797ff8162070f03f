"""A real Neo4j for the tests: Neo4j Community 5.26 started once per session by the launcher.

``bash scripts/setup-neo4j.sh`` builds the launcher (tools/neo4j-launcher). The session fixture
``neo4j_server`` starts it on 127.0.0.1 at a free port with a known password and stops it at the
end. ``SCRGRAPH_TEST_NEO4J_URI`` (with ``SCRGRAPH_TEST_NEO4J_USER``, ``SCRGRAPH_TEST_NEO4J_PASSWORD``
and ``SCRGRAPH_TEST_NEO4J_DATABASE``) points the tests at another server instead; its database is
emptied by the tests. ``neo4j_db`` gives each test an empty database.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LAUNCHER = REPO / "tools" / "neo4j-launcher" / "target"
TEST_PASSWORD = "scrgraph-test-password"
START_TIMEOUT = 180.0


@dataclass
class Neo4jServer:
    """A Neo4j server the tests may use: its Bolt address, account and database."""

    uri: str
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)
    started_in: float | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        """The driver's auth tuple (None when the server needs none)."""
        return (self.user, self.password) if self.password else None

    def env(self) -> dict[str, str]:
        """Environment variables that point ``scrgraph neo4j`` at this server."""
        values = {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password or ""}
        if self.database:
            values["NEO4J_DATABASE"] = self.database
        return values

    def settings(self):
        """The server as :class:`scrgraph.neo4j.Neo4jSettings`."""
        from scrgraph.neo4j.connection import Neo4jSettings

        return Neo4jSettings(self.uri, self.user, self.password, self.database)

    def driver(self):
        """A new driver for the server (close it after use)."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth,
                                          notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)

    def run(self, query: str, **params) -> list[dict]:
        """Run one Cypher statement; its records as dicts (raw driver values)."""
        with self.driver() as driver:
            records, _, _ = driver.execute_query(query, params, database_=self.database)
        return [dict(r) for r in records]

    def wipe(self) -> None:
        """Empty the database: every node, relationship, constraint and index."""
        with self.driver() as driver, driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
            for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
                session.run(f"DROP CONSTRAINT `{record['name']}` IF EXISTS").consume()
            for record in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
                session.run(f"DROP INDEX `{record['name']}` IF EXISTS").consume()

    def stop(self) -> None:
        """Stop the server if this session started it."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def launcher_built() -> bool:
    """Whether scripts/setup-neo4j.sh has built the launcher."""
    return (LAUNCHER / "neo4j-launcher.jar").exists() and (LAUNCHER / "classpath.txt").exists()


def launcher_command(password: str | None = TEST_PASSWORD, port: int = 0, data_dir: Path | None = None,
                     quick_start: bool = True) -> list[str]:
    """The java command that starts the launcher (fails the test when it is not built).

    ``quick_start`` compiles with C1 only: a faster start and slower queries (the tests' trade;
    benchmarks turn it off)."""
    jar = LAUNCHER / "neo4j-launcher.jar"
    classpath = LAUNCHER / "classpath.txt"
    if not jar.exists() or not classpath.exists():
        pytest.fail("The Neo4j test server is not built; run 'bash scripts/setup-neo4j.sh' first "
                    "(it needs Java 17 and Maven), or set SCRGRAPH_TEST_NEO4J_URI to a running Neo4j.",
                    pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed, so the Neo4j test server cannot start; run 'bash scripts/setup-neo4j.sh'.",
                    pytrace=False)
    command = [java, "-XX:+UseSerialGC", "-Xms256m", "-Xmx1g", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
    if quick_start:
        command.append("-XX:TieredStopAtLevel=1")
    archive = LAUNCHER / "launcher.jsa"
    if archive.exists():
        command += [f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"]
    command += ["-cp", f"{jar}{os.pathsep}{classpath.read_text().strip()}", "scrgraph.Neo4jLauncher", "--port", str(port)]
    if password:
        command += ["--password", password]
    if data_dir is not None:
        command += ["--dir", str(data_dir)]
    return command


def start_launcher(password: str | None = TEST_PASSWORD, data_dir: Path | None = None, quick_start: bool = True) -> Neo4jServer:
    """Start a Neo4j of our own (its data in a temporary folder, or in ``data_dir``) and wait until it listens."""
    started = time.monotonic()
    process = subprocess.Popen(launcher_command(password, data_dir=data_dir, quick_start=quick_start), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    ready: list[str] = []

    def read_stdout() -> None:
        for line in process.stdout:
            lines.append(line)
            match = re.match(r"READY (bolt://\S+)", line)
            if match and not ready:
                ready.append(match.group(1))

    errors: list[str] = []
    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True).start()
    while not ready:
        if process.poll() is not None:
            pytest.fail("The Neo4j test server stopped before it was ready:\n" + "".join(errors[-30:] + lines[-10:]),
                        pytrace=False)
        if time.monotonic() - started > START_TIMEOUT:
            process.kill()
            pytest.fail(f"The Neo4j test server did not start within {START_TIMEOUT:.0f} s.", pytrace=False)
        time.sleep(0.05)
    return Neo4jServer(ready[0], "neo4j", password, None, process, time.monotonic() - started)


def external_server() -> Neo4jServer | None:
    """The server named by ``SCRGRAPH_TEST_NEO4J_URI``, if set."""
    uri = os.environ.get("SCRGRAPH_TEST_NEO4J_URI")
    if not uri:
        return None
    return Neo4jServer(uri, os.environ.get("SCRGRAPH_TEST_NEO4J_USER", "neo4j"),
                       os.environ.get("SCRGRAPH_TEST_NEO4J_PASSWORD"), os.environ.get("SCRGRAPH_TEST_NEO4J_DATABASE") or None)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """One Neo4j for the whole session (ours, or the one named by ``SCRGRAPH_TEST_NEO4J_URI``)."""
    server = external_server() or start_launcher()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_db(neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch) -> Neo4jServer:
    """The session's Neo4j, emptied, with ``NEO4J_*`` set so that ``scrgraph neo4j`` uses it."""
    neo4j_server.wipe()
    for name, value in neo4j_server.env().items():
        monkeypatch.setenv(name, value)
    if not neo4j_server.database:
        monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    return neo4j_server
