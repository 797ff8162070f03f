"""Check graphs against the SHACL shapes in ``ontology/shapes.ttl`` and explain each break in a sentence.

Examples
--------
>>> from scrgraph.record import check_record
>>> rec = check_record({"review": {"id": "demo-child-a", "title": "Child A", "type": "SCR",
...     "board": "Demo Board", "subject": "Child A"},
...     "recommendations": [{"ref": "1", "text": "Train staff.", "addressees": ["nobody"]}]})
>>> print(validate_records([rec])[0])
demo-child-a, recommendation 1: addressee nobody is not in the gazetteer (ontology/agencies.ttl) nor declared in the record.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from scrgraph.knowledge import knowledge
from scrgraph.mapping import record_quads
from scrgraph.record import ReviewRecord
from scrgraph.resources import bundle
from scrgraph.vocab import ID, local_id


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The bundled SHACL shapes."""
    return Graph().parse(data=bundle("ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def _describe(node: URIRef) -> str:
    """A focus node as an analyst would name it: 'review-id, recommendation 4.2'."""
    value = str(node)
    if value.startswith(ID + "review/"):
        parts = [p for p in value[len(ID + "review/"):].split("/") if p]
        from urllib.parse import unquote

        parts = [unquote(p) for p in parts]
        if len(parts) >= 3:
            return f"{parts[0]}, {parts[1]} {parts[2]}"
        return parts[0] if parts else value
    return local_id(value)


def _readable(message: str) -> str:
    """Replace IRIs in a SHACL message by their last segment."""
    return re.sub(r"<?(https?://[^\s>]+)>?", lambda m: local_id(m.group(1)), message)


@lru_cache(maxsize=1)
def _vocabulary_triples() -> tuple:
    """What the shapes need to know of the bundled vocabularies: which agencies, themes, statuses
    and action types exist, and which statuses count as resolved or need a reason."""
    from scrgraph.vocab import SCR

    graph = knowledge().graph
    classes = (SCR.Agency, SCR.Theme, SCR.ActionStatus, SCR.ActionType)
    wanted = [t for cls in classes for t in graph.triples((None, RDF.type, cls))]
    wanted += [t for prop in (SCR.resolved, SCR.reasonRequired) for t in graph.triples((None, prop, None))]
    return tuple(wanted)


class _QueriesParsedOnce(Graph):
    """A data graph whose SPARQL queries are parsed once per text. pyshacl asks each SPARQL rule of the
    shapes (``sh:sparql``) anew for every node it checks, and rdflib parses the text each time: three
    quarters of the 0.27 s a review took to validate went to parsing the same four queries."""

    def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
              initNs: Any = None, initBindings: Any = None, use_store_provided: bool = True,  # noqa: N803 - rdflib's names
              **kwargs: Any) -> Any:
        """rdflib's ``Graph.query``, a query text given with no namespaces prepared once (see :func:`_prepared`)."""
        if isinstance(query_object, str) and processor == "sparql" and not initNs:
            query_object = _prepared(query_object, kwargs.pop("base", None))
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@lru_cache(maxsize=64)
def _prepared(text: str, base: str | None) -> Any:
    """A SPARQL query parsed and translated, to be run again with other bindings (rdflib's prepared query)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, base=base)


# pyshacl compiles the one shared shapes graph as it validates: two threads validating at once (two
# analysts' loads in one workbench or notebook) read each other's half-built shapes and report breaks
# that are not there. One validation at a time; it holds the interpreter's lock anyway.
_VALIDATING = threading.Lock()


def validate_graph(data: Graph) -> list[str]:
    """Validate a data graph against the shapes, with the bundled vocabularies beside it.

    Returns one sentence per break (empty when the graph conforms). ``data`` is not changed.
    """
    from pyshacl import validate

    checked = _QueriesParsedOnce()
    for s, p, o in data:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            # Stores may type plain strings as xsd:string; the shapes' sh:in lists are plain.
            o = Literal(str(o))
        checked.add((s, p, o))
    for triple in _vocabulary_triples():
        checked.add(triple)
    with _VALIDATING:
        conforms, report, _ = validate(
            checked,
            shacl_graph=shapes_graph(),
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,  # ``checked`` is this call's own copy: pyshacl would copy it again into a plain graph
        )
    if conforms:
        return []
    problems = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        messages = [str(m) for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        message = messages[0] if messages else "breaks a rule of ontology/shapes.ttl"
        value = report.value(result, SH.value)
        if value is not None:
            message = message.replace("{$value}", local_id(str(value)) if isinstance(value, URIRef) else str(value))
        message = _readable(message)
        problems.add(f"{_describe(focus)}: {message}.")
    return sorted(problems)


def record_graph(records: list[ReviewRecord]) -> Graph:
    """The records' triples as one rdflib graph, with the ontology's vocabularies beside them."""
    dataset = Dataset()
    dataset.parse(data="".join("".join(record_quads(r)) for r in records), format="nquads")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def validate_records(records: list[ReviewRecord]) -> list[str]:
    """Validate review records against the shapes; return one sentence per break (empty when they conform)."""
    if not records:
        return []
    return validate_graph(record_graph(records))


def validate_store(store) -> list[str]:
    """Validate everything in the store (all reviews and imports) against the shapes."""
    from scrgraph.derived import DERIVED_GRAPH
    from scrgraph.vocab import ONTOLOGY_GRAPH

    return validate_graph(store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                          f"FILTER (?g != <{ONTOLOGY_GRAPH}> && ?g != <{DERIVED_GRAPH}>) }}"))
