"""Refuse SPARQL text that would change the store or reach the network (SERVICE, LOAD, remote FROM)."""

from __future__ import annotations

import contextlib
import gc
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from scrgraph.errors import QueryError
from scrgraph.vocab import BASE

UPDATE_REFUSAL = "scrgraph sparql only reads; use scrgraph load or remove to change the store."
SERVICE_REFUSAL = "The query asks for a SERVICE clause, which would send data over the network; scrgraph queries read only the local store."
_NETWORK_WORDS = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")
# Every SPARQL 1.1 keyword that can start an update or name a graph elsewhere, as a word of its own.
_RISKY_WORD = re.compile(r"\b(?:SERVICE|LOAD|FROM|INSERT|DELETE|WITH|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.IGNORECASE)
# The codepoint escapes (``\u0053ERVICE``) SPARQL expands before it reads any token, strings included.
_ESCAPE = re.compile(r"\\[uU]")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_]+")  # ?from is a variable (SPARQL's VAR1 and VAR2 tokens), not FROM

# rdflib's SPARQL grammar (pyparsing, with its packrat cache) is not safe to run on two threads at
# once: under the workbench's concurrent requests a parse failed with pyparsing's own TypeError.
PARSE_LOCK = threading.Lock()

MAX_NESTING = 100  # brackets inside one another; Oxigraph's parser overflows its stack a few thousand deep
_STRINGS_AND_COMMENTS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


def check_nesting(query_text: str) -> None:
    """Refuse SPARQL text whose brackets nest more than :data:`MAX_NESTING` deep, before any parser reads it."""
    depth = deepest = 0
    for char in _STRINGS_AND_COMMENTS.sub(" ", query_text):
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryError(f"The query nests brackets {deepest:,} deep, more than the limit of {MAX_NESTING}; "
                            f"write it with fewer levels.")


def _walk(node: Any):
    """Yield every parse-tree node below ``node`` (rdflib CompValues, lists and ParseResults)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))


def _parses(parse: Callable[[str], Any], text: str) -> tuple[bool, Any]:
    """``(True, tree)`` when ``parse`` accepts ``text``, else ``(False, None)``; run on its own thread.

    pyparsing leaves reference cycles through the tracebacks of the exceptions it catches, and a
    traceback holds every calling frame: parsed on the caller's thread, an open store in any caller
    would stay alive (and keep its lock) until the garbage collector next ran. A thread's frames
    stop at the thread, so the cycles hold nothing of ours. The garbage collector is paused
    meanwhile (the caller only waits): collecting on this thread could drop the caller's pyoxigraph
    objects, which must be dropped on the thread that made them.
    """
    outcome: list[tuple[bool, Any]] = [(False, None)]

    def run() -> None:
        with contextlib.suppress(Exception), PARSE_LOCK:
            outcome[0] = (True, parse(text))

    collecting = gc.isenabled()
    gc.disable()
    try:
        worker = threading.Thread(target=run, name="scrgraph-sparql-guard")
        worker.start()
        worker.join()
    finally:
        if collecting:
            gc.enable()
    return outcome[0]


def _plainly_a_read(query_text: str) -> bool:
    """Whether ``query_text`` holds none of the keywords an update, a SERVICE or a FROM needs, read as
    SPARQL reads tokens: outside strings, comments, IRIs (``<...>``, the same terminal as SPARQL's
    IRIREF) and variables, as words of their own, with no codepoint escape anywhere (which could
    spell a keyword or end a string early) and nothing but ASCII outside strings and comments (so a
    word boundary here is one there). Such text cannot be anything but a read of the store.

    >>> _plainly_a_read("SELECT ?r WHERE { ?r scr:addressedTo ?a }  # no FROM here")
    True
    >>> _plainly_a_read("SELECT ?from WHERE { ?r scr:published ?from }")
    True
    >>> _plainly_a_read('SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }')
    False
    >>> _plainly_a_read('SELECT * WHERE { ?s ?p "\\u0022 SERVICE" }')
    False
    """
    if _ESCAPE.search(query_text):
        return False
    code = _VARIABLE.sub(" ", _STRINGS_AND_COMMENTS.sub(" ", query_text))
    return code.isascii() and not _RISKY_WORD.search(code)


@lru_cache(maxsize=256)
def check_read_only_local(query_text: str) -> None:
    """Raise QueryError unless ``query_text`` is a read-only query that touches only the local store.

    Checked on rdflib's parse tree: updates (LOAD included), SERVICE clauses and FROM / FROM NAMED
    graphs outside scrgraph's own graph names are refused. Text rdflib cannot parse is refused if it
    names SERVICE or LOAD anywhere outside comments; otherwise the engine reports its syntax error.
    Text in which none of the keywords an update, a SERVICE or a FROM needs occurs as a token
    (:func:`_plainly_a_read`) cannot be any of them, and passes without loading rdflib's parser
    (0.3 s: more than the rest of a short command's start-up; most saved queries say ``addressedTo``
    or have "from" in a comment, which a search for the letters alone took for a keyword).
    Brackets nested more than :data:`MAX_NESTING` deep are refused before any parser runs.
    """
    check_nesting(query_text)
    if _plainly_a_read(query_text):
        return
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    is_query, tree = _parses(parseQuery, query_text)
    if not is_query:
        if _parses(parseUpdate, query_text)[0]:
            raise QueryError(UPDATE_REFUSAL)
        if _NETWORK_WORDS.search(_COMMENT.sub("", query_text)):
            raise QueryError(SERVICE_REFUSAL)
        return
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryError(SERVICE_REFUSAL)
        if name == "DatasetClause":
            iri = str(node.get("default") or node.get("named") or "")
            if not iri.startswith(BASE):
                raise QueryError(f"The query reads the graph {iri} with FROM, which is not in the store; scrgraph queries read only the local store.")
