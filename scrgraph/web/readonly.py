"""A minimal read-only guard for SPARQL sent to the workbench's endpoint.

rdflib's query grammar accepts queries only (SELECT, ASK, CONSTRUCT, DESCRIBE), so every update
(INSERT, DELETE, LOAD, CLEAR, DROP...) fails its parse; SERVICE (a call to another host) is refused
on the parse tree. The project-wide guard (``scrgraph.sparql_guard``) replaces this once merged.
"""

from __future__ import annotations

from typing import Any

from rdflib.plugins.sparql.parser import parseQuery

from scrgraph.errors import ScrgraphError
from scrgraph.sparql_guard import PARSE_LOCK


def _has_service(node: Any) -> bool:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(value) for value in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_service(value) for value in node)
    return False


def check_read_only_local(query_text: str) -> None:
    """Raise :class:`ScrgraphError` unless ``query_text`` is a query that reads only this store."""
    try:
        with PARSE_LOCK:
            parsed = parseQuery(query_text)
    except Exception as exc:  # pyparsing's ParseException, or a bad prefix
        raise ScrgraphError(f"The endpoint answers read-only SPARQL queries only; this text is not one ({str(exc).splitlines()[0]}).") from None
    if _has_service(list(parsed)):
        raise ScrgraphError("The endpoint refuses SERVICE: it reads only this store and calls no other host.")
