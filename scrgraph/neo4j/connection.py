"""Where the Neo4j server is, how to connect, and its errors as one plain sentence.

The password is kept out of ``repr`` and never printed or logged.

Examples
--------
>>> s = Neo4jSettings("bolt://localhost:7687", "neo4j", "secret")
>>> "secret" in repr(s)
False
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scrgraph.errors import ScrgraphError

if TYPE_CHECKING:
    from neo4j import Driver

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
_URI_PASSWORD = re.compile(r"(?<=://)([^/@:]*):([^/@]*)@")  # user:password@ inside an address
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Neo4jSettings:
    """A Neo4j server to talk to: its address, user, password and database (None: the server's default)."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, database: str | None = None,
                 password: str | None = None) -> Neo4jSettings:
        """Settings from the arguments given, else ``NEO4J_URI``, ``NEO4J_USERNAME``,
        ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``, else the defaults (``neo4j://localhost:7687``, ``neo4j``)."""
        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
            user=user or os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )

    @property
    def where(self) -> str:
        """The server (and database) in words, for messages."""
        return f"{shown_uri(self.uri)}" + (f" (database {self.database})" if self.database else "")


def shown_uri(uri: str) -> str:
    """The address as messages show it: a password written inside it (bolt://user:secret@host) as ***."""
    return _URI_PASSWORD.sub(lambda m: f"{m.group(1)}:***@", uri)


def _masked(message: str, settings: Neo4jSettings) -> str:
    """A message with the password, and any password written inside the address, replaced by ***."""
    secrets = [settings.password] + [m.group(2) for m in _URI_PASSWORD.finditer(settings.uri)]
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message


def _check_uri(uri: str) -> None:
    scheme, sep, rest = uri.partition("://")
    if not sep or scheme.lower() not in SCHEMES or not rest.strip("/"):
        raise ScrgraphError(f"{shown_uri(uri)!r} is not a Neo4j address; give one like bolt://HOST:7687 or "
                            f"neo4j://HOST:7687.")


def open_driver(settings: Neo4jSettings) -> Driver:
    """A driver for the server, checked by connecting once; errors become one sentence."""
    import neo4j

    _check_uri(settings.uri)
    auth = (settings.user, settings.password) if settings.password else None
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=10.0,
                                            connection_acquisition_timeout=20.0, max_transaction_retry_time=5.0,
                                            user_agent="scrgraph",
                                            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)
    except Exception as exc:  # bad URI syntax, unsupported options
        raise ScrgraphError(_masked(f"{shown_uri(settings.uri)!r} is not a Neo4j address this driver can use "
                                    f"({_first_line(exc)}).", settings)) from None
    try:
        with driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()
    except Exception as exc:
        driver.close()
        raise neo4j_error(exc, settings) from None
    return driver


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[Driver]:
    """Open a driver for one command and close it afterwards."""
    driver = open_driver(settings)
    try:
        yield driver
    finally:
        driver.close()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc).strip() or type(exc).__name__
    return text.splitlines()[0].rstrip(".")


def neo4j_error(exc: BaseException, settings: Neo4jSettings, during: str | None = None) -> ScrgraphError:
    """One plain sentence for an error of the Neo4j driver (never showing the password)."""
    import neo4j.exceptions as ne

    where = shown_uri(settings.uri)
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, ScrgraphError):
        return exc
    if isinstance(exc, ne.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized") \
            or code.startswith("Neo.ClientError.Security.AuthenticationRateLimit"):
        message = (f"Neo4j at {where} refused the user name or password for user {settings.user!r}; "
                   "set NEO4J_USERNAME and NEO4J_PASSWORD (or --user) to an account of that server.")
    elif code == "Neo.ClientError.Database.DatabaseNotFound":
        message = (f"Neo4j at {where} has no database {settings.database!r}; give an existing one with "
                   "--database (or leave it out for the server's default).")
    elif code.startswith("Neo.ClientError.Security"):
        message = f"Neo4j at {where} does not allow user {settings.user!r} to do this ({_first_line(exc)})."
    elif isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, ne.IncompleteCommit, OSError)):
        if during:
            message = (f"The connection to Neo4j at {where} was lost while {during}; each review is written "
                       "whole or not at all, so push again when the server is back.")
        else:
            message = (f"Cannot reach Neo4j at {where}; check that the server is running and that the "
                       "address and port are right.")
    elif isinstance(exc, ne.ConfigurationError):
        message = f"{where!r} cannot be used to connect to Neo4j ({_first_line(exc)})."
    elif isinstance(exc, ne.Neo4jError):
        message = f"Neo4j at {where} reported an error" + (f" while {during}" if during else "") + f": {_first_line(exc)}."
    else:
        message = f"Talking to Neo4j at {where} failed" + (f" while {during}" if during else "") + f": {_first_line(exc)}."
    return ScrgraphError(_masked(message, settings))
