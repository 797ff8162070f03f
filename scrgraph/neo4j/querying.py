"""Run Cypher (a saved query's twin) on Neo4j and get rows of plain Python values.

Parameters are the same Python values the SPARQL side gets: strings, numbers, booleans and dates,
a date given either as ``datetime.date`` or as an ISO string ``YYYY-MM-DD`` (turned into a Neo4j
date, so that it compares with the dates the push wrote). Values come back as Python values:
Neo4j dates as ``datetime.date``, nodes as their ``iri``.

Examples
--------
>>> cypher_parameter("2024-03-31")
datetime.date(2024, 3, 31)
>>> cypher_parameter("police")
'police'
"""

from __future__ import annotations

import atexit
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from scrgraph.errors import ScrgraphError
from scrgraph.neo4j.connection import Neo4jSettings, neo4j_error, open_driver

__all__ = ["Neo4jSettings", "run_cypher", "cypher_parameter", "python_value"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def cypher_parameter(value: Any) -> Any:
    """A parameter value as Neo4j should get it (ISO date strings become dates)."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        return [cypher_parameter(v) for v in value]
    return value


def python_value(value: Any) -> Any:
    """A value returned by Neo4j as a plain Python value."""
    import neo4j.graph
    import neo4j.time

    if isinstance(value, neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    if isinstance(value, neo4j.graph.Node):
        return value.get("iri") or dict(value)
    if isinstance(value, neo4j.graph.Relationship):
        return value.type
    if isinstance(value, neo4j.graph.Path):
        return [python_value(n) for n in value.nodes]
    if isinstance(value, list):
        return [python_value(v) for v in value]
    if isinstance(value, dict):
        return {k: python_value(v) for k, v in value.items()}
    return value


def run_cypher(settings: Neo4jSettings, text: str, params: Mapping[str, Any] | None = None,
               timeout: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a Cypher query (read-only) and return its column names and its rows as dicts of Python
    values; with ``timeout``, the server stops it after that many seconds."""
    import neo4j

    parameters = {name: cypher_parameter(value) for name, value in (params or {}).items()}
    driver = _driver(settings)
    try:
        records, summary, keys = driver.execute_query(
            neo4j.Query(text, timeout=timeout), parameters, database_=settings.database, routing_=neo4j.RoutingControl.READ)
    except Exception as exc:
        code = getattr(exc, "code", "") or ""
        if "TransactionTimedOut" in code:
            raise ScrgraphError(f"The Cypher query took more than {timeout:g} s and Neo4j stopped it.") from None
        if code.startswith("Neo.ClientError.Statement"):
            raise ScrgraphError(f"The Cypher query failed: {_first_line(exc)}.") from None
        _forget(settings)
        raise neo4j_error(exc, settings, during="running the query") from None
    columns = list(keys)
    rows = [{c: python_value(record[c]) for c in columns} for record in records]
    return columns, rows


# One driver per server for the life of the process (a saved query runs several statements).
_DRIVERS: dict[Neo4jSettings, Any] = {}


def _driver(settings: Neo4jSettings) -> Any:
    driver = _DRIVERS.get(settings)
    if driver is None:
        driver = _DRIVERS[settings] = open_driver(settings)
    return driver


def _forget(settings: Neo4jSettings) -> None:
    driver = _DRIVERS.pop(settings, None)
    if driver is not None:
        driver.close()


@atexit.register
def close_drivers() -> None:
    """Close every driver opened by :func:`run_cypher`."""
    for settings in list(_DRIVERS):
        _forget(settings)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc).strip()
    return text.splitlines()[0].rstrip(".") if text else type(exc).__name__
