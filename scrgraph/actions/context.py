"""What an import or template needs to know about one review already in the store."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scrgraph.errors import ScrgraphError
from scrgraph.knowledge import knowledge
from scrgraph.recognise.refs import natural_key
from scrgraph.vocab import local_id, review_iri

if TYPE_CHECKING:
    from scrgraph.backend import Store

# Each starts from the bound review, which the store writes into the query (isPartOf first): started
# from the class, it read every measure of the store.
RECOMMENDATIONS = """
SELECT ?review ?rec ?ref ?text ?agency WHERE {
  ?rec dcterms:isPartOf ?review ; a scr:Recommendation ; scr:ref ?ref ; scr:text ?text .
  OPTIONAL { ?rec scr:addressedTo ?agency }
}"""

AGENCY_NAMES = """
SELECT DISTINCT ?review ?agency ?name WHERE {
  { ?review scr:namesAgency ?agency } UNION { ?rec dcterms:isPartOf ?review ; scr:addressedTo ?agency }
  { ?agency rdfs:label|skos:prefLabel|skos:altLabel ?name }
  UNION { ?mention scr:mentionedIn ?review ; scr:agency ?agency ; scr:asWritten ?name }
}"""

# Asked once per graph of the review, ?g bound: with ?g free, Oxigraph walked every graph of the store
# (a 20-row import took 1.2 s beside 100,000 imported actions of another review, 0.002 s with ?g bound).
MEASURES = """
SELECT ?review ?measure ?text ?rec ?agency ?g WHERE {
  GRAPH ?g { ?measure dcterms:isPartOf ?review ; a scr:Measure ; scr:text ?text }
  OPTIONAL { ?measure scr:answers ?rec }
  OPTIONAL { ?measure scr:responsibleAgency ?agency }
}"""


def action_key(text: str) -> str:
    """An action text in comparable form: lower case, words only."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass
class Recommendation:
    """A recommendation of the review: its ref, text and addressees (agency ids)."""

    iri: str
    ref: str
    text: str
    addressees: list[str] = field(default_factory=list)


@dataclass
class KnownMeasure:
    """A measure already in the store for the review, with the graph that declares it."""

    iri: str
    key: str
    rec_refs: set[str]
    agency: str | None
    graph: str


@dataclass
class ReviewContext:
    """A review's recommendations, the agency names it uses and its measures."""

    review_id: str
    recommendations: dict[str, Recommendation]
    agency_names: dict[str, str]
    measures: list[KnownMeasure]
    labels: dict[str, str] = field(default_factory=dict)
    _indexed: tuple[str, dict[str, str], dict[tuple[str | None, str | None], list[KnownMeasure]]] | None = field(
        default=None, init=False, repr=False, compare=False)
    _matchers: dict[str, difflib.SequenceMatcher] = field(default_factory=dict, init=False, repr=False, compare=False)

    def agency_label(self, agency_id: str) -> str:
        """The readable name of an agency (gazetteer label, else the review's own label, else its id)."""
        concept = knowledge().agencies.get(agency_id)
        if concept:
            return concept.label
        return self.labels.get(agency_id, agency_id)

    def find_measure(self, rec_ref: str | None, agency: str | None, text: str, skip_graph: str) -> str | None:
        """The measure a tracker row describes: same text, or same recommendation and agency and similar text."""
        by_key, by_pair = self._index(skip_graph)
        key = action_key(text)
        if key in by_key:
            return by_key[key]
        best, score = None, 0.0
        for measure in by_pair.get((rec_ref, agency), ()):
            matcher = self._matchers.get(measure.key)
            if matcher is None:  # the measure's side is indexed once, not once per row compared with it
                matcher = self._matchers[measure.key] = difflib.SequenceMatcher(None, "", measure.key)
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() < max(score, 0.8) or matcher.quick_ratio() < max(score, 0.8):
                continue  # cannot reach 0.8, or beat the best so far
            ratio = matcher.ratio()
            if ratio > score:
                best, score = measure.iri, ratio
        return best if score >= 0.8 else None

    def _index(self, skip_graph: str) -> tuple[dict[str, str], dict[tuple[str | None, str | None], list[KnownMeasure]]]:
        """The measures outside ``skip_graph`` by text, and by recommendation and agency, in store order;
        made once per import (a tracker's rows each scanned every measure: time grew with rows times measures)."""
        if self._indexed is None or self._indexed[0] != skip_graph:
            by_key: dict[str, str] = {}
            by_pair: dict[tuple[str | None, str | None], list[KnownMeasure]] = {}
            for measure in self.measures:
                if measure.graph == skip_graph:
                    continue
                by_key.setdefault(measure.key, measure.iri)
                for ref in measure.rec_refs:
                    by_pair.setdefault((ref, measure.agency), []).append(measure)
            self._indexed = (skip_graph, by_key, by_pair)
        return self._indexed[1], self._indexed[2]


def review_context(store: Store, review_id: str) -> ReviewContext:
    """Read what the store holds about one review; an unknown review is an error."""
    if review_id not in store.review_ids():
        known = ", ".join(store.review_ids()) or "none yet"
        raise ScrgraphError(f"There is no review {review_id!r} in the store (reviews: {known}); load its record first.")
    bindings = {"review": _iri(review_iri(review_id))}
    recs: dict[str, Recommendation] = {}
    for row in store.select(RECOMMENDATIONS, bindings)[1]:
        rec = recs.setdefault(row["ref"], Recommendation(row["rec"], row["ref"], row["text"]))
        if row["agency"] and local_id(row["agency"]) not in rec.addressees:
            rec.addressees.append(local_id(row["agency"]))
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for row in store.select(AGENCY_NAMES, bindings)[1]:
        agency_id = local_id(row["agency"])
        names.setdefault(action_key(row["name"]), agency_id)
        labels.setdefault(agency_id, row["name"])
    measures: dict[tuple[str, str], KnownMeasure] = {}
    rows = (row for graph in store.review_graphs(review_id) for row in store.select(MEASURES, bindings | {"g": _iri(graph)})[1])
    for row in rows:
        measure = measures.setdefault((row["measure"], row["g"]), KnownMeasure(
            row["measure"], action_key(row["text"]), set(), local_id(row["agency"]) if row["agency"] else None, row["g"]))
        if row["rec"]:
            measure.rec_refs.add(_ref_of(row["rec"]))
    for rec in recs.values():
        rec.addressees.sort()
    ordered = dict(sorted(recs.items(), key=lambda item: natural_key(item[0])))
    return ReviewContext(review_id, ordered, names, list(measures.values()), labels)


def _iri(value: str):
    from rdflib import URIRef

    return URIRef(value)


def _ref_of(rec_iri: str) -> str:
    from urllib.parse import unquote

    return unquote(rec_iri.rsplit("/recommendation/", 1)[-1])
