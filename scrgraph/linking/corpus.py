"""The recommendations the linker compares, read from the store in three queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from scrgraph.vocab import local_id

if TYPE_CHECKING:
    from scrgraph.backend import Store

# Reviews and recommendations are read in two sub-SELECTs, which Oxigraph joins by hashing rather
# than one lookup per row (8 s instead of 11-20 s for 150,000 recommendations). Themes and
# addressees are single patterns (actions have them too; they are dropped here).
RECOMMENDATIONS = """
SELECT ?rec ?review_id ?year ?ref ?text WHERE {
  { SELECT ?review ?review_id ?year WHERE { ?review a scr:Review ; dcterms:identifier ?review_id . OPTIONAL { ?review scr:year ?year } } }
  { SELECT ?rec ?review ?text ?ref WHERE { ?rec a scr:Recommendation ; dcterms:isPartOf ?review ; scr:text ?text . OPTIONAL { ?rec scr:ref ?ref } } }
}"""
THEMES = "SELECT ?rec ?theme WHERE { ?rec dcterms:subject ?theme }"
ADDRESSEES = "SELECT ?rec ?agency WHERE { ?rec scr:addressedTo ?agency }"


@dataclass(frozen=True)
class Recommendation:
    """One recommendation as the linker sees it."""

    iri: str
    review_id: str
    year: int | None
    ref: str
    text: str
    themes: frozenset[str]
    addressees: frozenset[str]
    kind: str = "recommendation"

    @property
    def key(self) -> str:
        """The handle analysts use for it: ``review-id:ref``, and ``review-id:finding-ref`` for a finding."""
        return f"{self.review_id}:{self.ref}" if self.kind == "recommendation" else f"{self.review_id}:{self.kind}-{self.ref}"


def _sets(store: Store, sparql: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    ids: dict[str, str] = {}  # a few dozen themes or agencies, met hundreds of thousands of times
    for rec, value in cast(Iterable[tuple[str, str]], store.select_values(sparql)):  # both bound by the pattern
        found[rec].add(ids.get(value) or ids.setdefault(value, local_id(value)))
    return {rec: frozenset(values) for rec, values in found.items()}


FINDINGS = RECOMMENDATIONS.replace("scr:Recommendation", "scr:Finding")


def read_recommendations(store: Store, findings: bool = False,
                         on_text: Callable[[str, str], None] | None = None) -> list[Recommendation]:
    """Every recommendation in the store (and every finding, with ``findings``), ordered by review and IRI.

    ``on_text(iri, text)`` is told each item's text as it is read (before its themes and
    addressees), so that its terms can be made meanwhile (see ``background``).
    """
    rows: dict[str, tuple[str, str, str | None, str | None, str]] = {}
    for kind, sparql in (("recommendation", RECOMMENDATIONS), ("finding", FINDINGS))[:2 if findings else 1]:
        # year and ref are optional
        for rec, review_id, year, ref, text in cast(Iterable[tuple[str, str, str | None, str | None, str]], store.select_values(sparql)):
            if rec not in rows:
                rows[rec] = (kind, review_id, year, ref, text)
                if on_text is not None:
                    on_text(rec, text)
    themes = _sets(store, THEMES)
    addressees = _sets(store, ADDRESSEES)
    recs = [Recommendation(rec, review_id, int(year) if year is not None else None, ref or local_id(rec), text,
                           themes.get(rec, frozenset()), addressees.get(rec, frozenset()), kind)
            for rec, (kind, review_id, year, ref, text) in rows.items()]
    return sorted(recs, key=lambda r: (r.review_id, r.iri))
