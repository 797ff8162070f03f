"""Turn a checked review record into RDF, as N-Quads in the review's own named graph.

N-Quads text is what both store backends parse fastest (Oxigraph in Rust, rdflib in Python), so
the mapping writes it directly. Every node's IRI comes from :mod:`scrgraph.vocab`, so the same
record always gives the same quads.

Examples
--------
>>> from scrgraph.record import check_record
>>> rec = check_record({"review": {"id": "demo-child-a", "title": "Child A", "type": "SCR",
...     "board": "Demo Board", "subject": "Child A"},
...     "recommendations": [{"ref": "1", "text": "Train staff.", "addressees": ["police"]}]})
>>> quads = record_quads(rec)
>>> any("scrgraph/ontology#addressedTo" in q for q in quads)
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from scrgraph.knowledge import knowledge
from scrgraph.published import parse_published
from scrgraph.record import ReviewRecord
from scrgraph.vocab import (
    SCR,
    action_type_iri,
    agency_iri,
    board_iri,
    item_iri,
    review_graph,
    review_iri,
    status_iri,
    theme_iri,
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
XSD = "http://www.w3.org/2001/XMLSchema#"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI as an N-Triples term. The IRIs scrgraph builds are already percent-encoded."""
    return f"<{value}>"


def text(value: str) -> str:
    """A plain string literal as an N-Triples term."""
    return f'"{value.translate(_ESCAPES)}"'


def typed(value: Any, datatype: str) -> str:
    """A typed literal (``integer``, ``date``, ``boolean``, ``decimal``) as an N-Triples term."""
    lexical = str(value).lower() if datatype == "boolean" else str(value)
    return f'"{lexical.translate(_ESCAPES)}"^^<{XSD}{datatype}>'


def scr(term: str) -> str:
    """A term of the scrgraph ontology as an N-Triples term."""
    return f"<{SCR[term]}>"


def measure_key(measure: dict[str, Any]) -> str:
    """The stable key of a measure: its ref if it has one, else a digest of its text."""
    if measure.get("ref"):
        return str(measure["ref"])
    return "m-" + hashlib.sha1(measure["text"].strip().encode("utf-8")).hexdigest()[:12]


def year_published(review: dict[str, Any]) -> int | None:
    """The year a review was published: ``year_published``, else the year of its ``published`` date."""
    if review.get("year_published"):
        return int(review["year_published"])
    published = parse_published(review.get("published"))
    return published.earliest.year if published else None


def review_year(review: dict[str, Any]) -> int | None:
    """The year a review is dated by: published, else completed, else commissioned."""
    for year in (year_published(review), review.get("year_completed"), review.get("year_commissioned")):
        if year:
            return int(year)
    return None


class _Writer:
    """Collects the quads of one review graph."""

    def __init__(self, graph: str) -> None:
        self.graph = f"<{graph}>"
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.graph} .\n")

    def opt(self, s: str, p: str, value: Any, datatype: str | None = None) -> None:
        if value is None or value == "":
            return
        self.add(s, p, typed(value, datatype) if datatype else text(str(value)))


def record_quads(record: ReviewRecord) -> list[str]:
    """All quads of one review record, as N-Quads lines in the review's named graph."""
    kb = knowledge()
    rid = record.review_id
    review = record.review
    w = _Writer(review_graph(rid))
    r = iri(review_iri(rid))
    w.add(r, iri(RDF_TYPE), scr("Review"))
    w.add(r, iri(DCT + "identifier"), text(rid))
    w.add(r, iri(DCT + "title"), text(review["title"]))
    w.add(r, iri(RDFS_LABEL), text(review["title"]))
    w.add(r, scr("reviewType"), text(review["type"]))
    for key, term in (("year_commissioned", "yearCommissioned"), ("year_completed", "yearCompleted")):
        w.opt(r, scr(term), review.get(key), "integer")
    w.opt(r, scr("yearPublished"), year_published(review), "integer")
    published = parse_published(review.get("published"))
    if published:
        w.add(r, scr("published"), typed(published.text, published.datatype))
        w.add(r, scr("publishedEarliest"), typed(published.earliest.isoformat(), "date"))
        w.add(r, scr("publishedLatest"), typed(published.latest.isoformat(), "date"))
    w.opt(r, scr("year"), review_year(review), "integer")
    w.opt(r, scr("author"), review.get("author"))
    w.opt(r, scr("outcome"), review.get("outcome"))
    for agency_id in review.get("sent_to") or []:
        w.add(r, scr("sentTo"), iri(agency_iri(agency_id)))

    board = iri(board_iri(review["board"]))
    w.add(r, scr("board"), board)
    w.add(board, iri(RDF_TYPE), scr("Board"))
    w.add(board, iri(RDFS_LABEL), text(review["board"]))
    w.add(board, iri(SKOS_PREF), text(review["board"]))
    if review.get("board_short"):
        w.add(board, iri("http://www.w3.org/2004/02/skos/core#altLabel"), text(review["board_short"]))

    subject = iri(item_iri(rid, "subject", "subject"))
    w.add(r, scr("reviewSubject"), subject)
    w.add(subject, iri(RDF_TYPE), scr("Subject"))
    w.add(subject, iri(RDFS_LABEL), text(review["subject"]))

    document = None
    source = review.get("source")
    if source:
        document = iri(item_iri(rid, "source", "document"))
        w.add(r, iri(PROV_DERIVED), document)
        w.add(document, iri(RDF_TYPE), scr("SourceDocument"))
        w.add(document, scr("path"), text(source["path"]))
        w.add(document, iri(RDFS_LABEL), text(source["path"].replace("\\", "/").rsplit("/", 1)[-1]))
        w.opt(document, iri(DCT + "format"), source.get("format"))
        w.opt(document, scr("sha256"), source.get("sha256"))

    for agency in record.items("agencies"):
        _agency_mention(w, rid, r, agency, kb)

    for finding in record.items("findings"):
        node = iri(item_iri(rid, "finding", finding["ref"]))
        _item(w, rid, r, node, "Finding", finding, document, f"Finding {finding['ref']}")
        for agency_id in finding.get("agencies") or []:
            w.add(node, scr("concernsAgency"), iri(agency_iri(agency_id)))

    for rec in record.items("recommendations"):
        node = iri(item_iri(rid, "recommendation", rec["ref"]))
        _item(w, rid, r, node, "Recommendation", rec, document, f"Recommendation {rec['ref']}")
        for agency_id in rec.get("addressees") or []:
            w.add(node, scr("addressedTo"), iri(agency_iri(agency_id)))
        for ref in rec.get("findings") or []:
            w.add(node, scr("arisesFrom"), iri(item_iri(rid, "finding", ref)))

    for measure in record.items("measures"):
        key = measure_key(measure)
        node = iri(item_iri(rid, "measure", key))
        _item(w, rid, r, node, "Measure", measure, document, _short(measure["text"]))
        if measure.get("agency"):
            w.add(node, scr("responsibleAgency"), iri(agency_iri(measure["agency"])))
        for ref in measure.get("recommendations") or []:
            w.add(node, scr("answers"), iri(item_iri(rid, "recommendation", ref)))
        status = measure.get("status") or "unknown"
        w.add(node, scr("status"), iri(status_iri(status)))
        w.opt(node, scr("dueDate"), measure.get("due"), "date")
        w.opt(node, scr("completedDate"), measure.get("completed"), "date")
        w.opt(node, scr("evidenceOfImpact"), measure.get("evidence"))
        w.opt(node, scr("closureReason"), measure.get("reason"))
        # The state the review itself reports: an undated status record (see ontology scr:asOf).
        state = iri(item_iri(rid, "measure", key) + "/status/review")
        w.add(node, scr("statusRecord"), state)
        w.add(state, iri(RDF_TYPE), scr("StatusRecord"))
        w.add(state, scr("status"), iri(status_iri(status)))
        w.opt(state, scr("dueDate"), measure.get("due"), "date")
        w.opt(state, scr("completedDate"), measure.get("completed"), "date")
        w.opt(state, scr("evidenceOfImpact"), measure.get("evidence"))
    return w.lines


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _item(w: _Writer, rid: str, review: str, node: str, cls: str, item: dict[str, Any],
          document: str | None, label: str) -> None:
    """The triples every finding, recommendation and measure share."""
    w.add(node, iri(RDF_TYPE), scr(cls))
    w.add(node, iri(DCT + "isPartOf"), review)
    w.add(node, iri(RDFS_LABEL), text(label))
    w.opt(node, scr("ref"), item.get("ref"))
    w.add(node, scr("text"), text(item["text"]))
    w.opt(node, scr("heading"), item.get("heading"))
    for theme_id in item.get("themes") or []:
        w.add(node, iri(DCT + "subject"), iri(theme_iri(theme_id)))
    if item.get("action_type"):
        w.add(node, scr("actionType"), iri(action_type_iri(item["action_type"])))
    provenance = item.get("provenance")
    if provenance:
        passage = iri(node[1:-1] + "/passage")
        w.add(node, iri(PROV_DERIVED), passage)
        w.add(passage, iri(RDF_TYPE), scr("Passage"))
        if document:
            w.add(passage, scr("inDocument"), document)
        w.opt(passage, scr("page"), provenance.get("page"), "integer")
        w.opt(passage, scr("paragraphRef"), provenance.get("paragraph"))
        span = provenance.get("span")
        if span:
            w.add(passage, scr("charStart"), typed(span[0], "integer"))
            w.add(passage, scr("charEnd"), typed(span[1], "integer"))
        w.opt(passage, scr("quote"), provenance.get("passage"))


def _agency_mention(w: _Writer, rid: str, review: str, agency: dict[str, Any], kb) -> None:
    agency_node = iri(agency_iri(agency["id"]))
    w.add(review, scr("namesAgency"), agency_node)
    if agency["id"] not in kb.agencies:
        # A local agency declared by the record itself: describe it in the review's graph.
        w.add(agency_node, iri(RDF_TYPE), scr("Agency"))
        label = agency.get("label") or agency["id"]
        w.add(agency_node, iri(RDFS_LABEL), text(label))
        w.add(agency_node, iri(SKOS_PREF), text(label))
    mention = iri(item_iri(rid, "agency", agency["id"]))
    w.add(mention, iri(RDF_TYPE), scr("AgencyMention"))
    w.add(mention, scr("mentionedIn"), review)
    w.add(mention, scr("agency"), agency_node)
    for form in agency.get("as_written") or []:
        w.add(mention, scr("asWritten"), text(form))


def iter_record_quads(records: list[ReviewRecord]) -> Iterator[str]:
    """The quads of several records, one after the other."""
    for record in records:
        yield from record_quads(record)
