"""Namespaces and the rules that build stable IRIs for everything in the graph.

IRIs are built only from the review id, the kind of item and its ref, so loading the same record
twice produces the same IRIs (and therefore the same triples).

Examples
--------
>>> review_iri("llr-lscb-child-f")
'https://w3id.org/scrgraph/id/review/llr-lscb-child-f'
>>> item_iri("llr-lscb-child-f", "recommendation", "4.2")
'https://w3id.org/scrgraph/id/review/llr-lscb-child-f/recommendation/4.2'
>>> slugify("Leicester, Leicestershire & Rutland LSCB")
'leicester-leicestershire-rutland-lscb'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, unquote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/scrgraph/"
SCR = Namespace(BASE + "ontology#")
ID = BASE + "id/"
GRAPH = BASE + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
LINKS_GRAPH = GRAPH + "links"
DERIVED_GRAPH = GRAPH + "derived"  # what the reviews give that queries would work out again (scrgraph.derived)

PREFIXES: dict[str, str] = {
    "scr": str(SCR),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": "http://www.w3.org/ns/org#",
    "theme": ID + "theme/",
    "agency": ID + "agency/",
    "status": ID + "status/",
    "atype": ID + "action-type/",
    "review": ID + "review/",
}


def _segment(value: str) -> str:
    """Percent-encode one path segment of an IRI."""
    return quote(value, safe="-._~")


def slugify(text: str) -> str:
    """Make a readable, lower-case, hyphenated slug from any text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def review_iri(review_id: str) -> str:
    """The IRI of a review."""
    return f"{ID}review/{_segment(review_id)}"


def review_graph(review_id: str) -> str:
    """The named graph that holds everything read from one review record."""
    return f"{GRAPH}review/{_segment(review_id)}"


def actions_graph(review_id: str, as_of: str) -> str:
    """The named graph that holds one dated action-plan import for a review."""
    return f"{GRAPH}actions/{_segment(review_id)}/{_segment(as_of)}"


def actions_graph_prefix(review_id: str) -> str:
    """The common start of every action-plan graph of one review."""
    return f"{GRAPH}actions/{_segment(review_id)}/"


def review_of_graph(graph: str) -> str | None:
    """The review a named graph belongs to (its record or an action-plan import), as the end of the
    review's IRI and graph names (``review_graph``, ``actions_graph``), else None."""
    for prefix in (GRAPH + "review/", GRAPH + "actions/"):
        if graph.startswith(prefix):
            return unquote(graph[len(prefix):].split("/")[0])
    return None


def item_iri(review_id: str, kind: str, ref: str) -> str:
    """The IRI of a finding, recommendation, measure or other item of a review, from its ref."""
    return f"{review_iri(review_id)}/{kind}/{_segment(ref)}"


def group_iri(group_id: str) -> str:
    """The IRI of a recurring-recommendation group (its id is a slug, kept as it is)."""
    return f"{ID}group/{group_id}"


def agency_iri(agency_id: str) -> str:
    """The IRI of a canonical agency."""
    return f"{ID}agency/{_segment(agency_id)}"


def theme_iri(theme_id: str) -> str:
    """The IRI of a theme."""
    return f"{ID}theme/{_segment(theme_id)}"


def status_iri(status_id: str) -> str:
    """The IRI of an action status."""
    return f"{ID}status/{_segment(status_id)}"


def action_type_iri(type_id: str) -> str:
    """The IRI of an action type."""
    return f"{ID}action-type/{_segment(type_id)}"


def board_iri(board: str) -> str:
    """The IRI of a board, from its name as printed."""
    return f"{ID}board/{slugify(board)}"


@lru_cache(maxsize=1 << 16)  # the same few predicates and nodes are asked for thousands of times per view
@functools.lru_cache(maxsize=8192)  # asked for the same few hundred predicates all the time
def local_id(iri: str) -> str:
    """The last segment of an IRI (after '#' or '/'), for display."""
    return re.split(r"[#/]", iri.rstrip("/"))[-1]
