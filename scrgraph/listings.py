"""The bundled vocabularies as rows people can read: ids, labels and the names each is recognised by.

``scrgraph agencies`` and ``scrgraph themes`` print these, so an analyst can see every id a
parameter, a tracker or a record may use, and add a missing name to the data file
(``ontology/agencies.ttl``, ``ontology/themes.ttl``) rather than guess.

Examples
--------
>>> columns, rows = vocabulary_rows("agencies", contains="police")
>>> columns[:2], any(row["agency"] == "police" for row in rows)
(['agency', 'agency_label'], True)
"""

from __future__ import annotations

from typing import Any

from scrgraph.errors import ScrgraphError

KINDS = {
    "agencies": ("agency", "agencies", ["agency", "agency_label", "sector", "recognised_as"]),
    "themes": ("theme", "themes", ["theme", "theme_label", "kind", "recognised_as"]),
    "statuses": ("status", "statuses", ["status_id", "status_label", "resolved", "recognised_as"]),
}


def vocabulary_rows(kind: str, contains: str = "") -> tuple[list[str], list[dict[str, Any]]]:
    """Every term of a bundled vocabulary (``agencies``, ``themes`` or ``statuses``), sorted by label;
    with ``contains``, only those whose id, label or a recognised name holds that text (any case)."""
    from scrgraph.knowledge import knowledge

    if kind not in KINDS:
        raise ScrgraphError(f"There is no vocabulary {kind!r}; give one of: {', '.join(KINDS)}.")
    single, attribute, columns = KINDS[kind]
    wanted = contains.strip().lower()
    rows = []
    for concept in sorted(getattr(knowledge(), attribute).values(), key=lambda c: c.label.lower()):
        names = list(dict.fromkeys(concept.alt_labels + concept.abbreviations + concept.phrases))
        names = [n for n in names if n.lower() != concept.label.lower()]
        if wanted and not any(wanted in text.lower() for text in [concept.id, concept.label, *names]):
            continue
        third = {"agencies": concept.sector, "themes": concept.kind, "statuses": concept.resolved}[kind]
        rows.append(dict(zip(columns, [concept.id, concept.label, third, names], strict=True)))
    return columns, rows
