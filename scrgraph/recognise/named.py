"""An agency, theme or status named by a person: by its id, its label or one of its aliases.

Every option and parameter that names one (``view --agency``, ``query -p agency``, ``actions list
--agency``, ``-p theme``) reads it here, so ``Police``, ``police`` and ``Leicestershire
Constabulary`` name the same agency everywhere. Agencies go through the gazetteer
(:func:`scrgraph.recognise.agencies.resolve_agency`) but only by a name it knows outright (label,
alternative label, abbreviation, local body or name pattern): a typed filter that only contains an
agency's name, or is a near spelling of one, is not taken as that agency.

Examples
--------
>>> named_id("agency", "Police"), named_id("agency", "police"), named_id("agency", "Leicestershire Constabulary")
('police', 'police', 'police')
>>> named_id("theme", "information sharing & seeking")
'INFO_SHARING'
>>> named_id("status", "Complete")
'completed'
>>> named_id("agency", "Ministry of Magic") is None
True
"""

from __future__ import annotations

import re
from functools import cache

# The kinds of thing named from the bundled vocabularies (reviews and groups live in the store).
VOCABULARY_KINDS = ("agency", "theme", "status")
# How a gazetteer match must have been found for a typed name to count as that agency.
OUTRIGHT = ("name", "abbreviation", "pattern")


def comparable(text: str) -> str:
    """A name in comparable form: lower case, words only ("Information sharing & seeking" -> "information sharing seeking")."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@cache
def name_table(kind: str) -> dict[str, str]:
    """Every name of the ``kind``'s concepts in comparable form -> its id: ids first, then labels and aliases."""
    from scrgraph.knowledge import knowledge  # rdflib: only when a name is read, not at start-up

    kb = knowledge()
    concepts = {"agency": kb.agencies, "theme": kb.themes, "status": kb.statuses}[kind]
    table = {comparable(concept.id): concept.id for concept in concepts.values()}
    for concept in concepts.values():
        for label in (concept.label, *concept.alt_labels):
            table.setdefault(comparable(label), concept.id)
    table.pop("", None)
    return table


def named_id(kind: str, written: str) -> str | None:
    """The id of the ``kind`` (agency, theme or status) that ``written`` names, or ``None`` when it names none."""
    if kind not in VOCABULARY_KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(VOCABULARY_KINDS)}")
    found = name_table(kind).get(comparable(written))
    if found is None and kind == "agency":
        from scrgraph.recognise.agencies import resolve_agency  # the gazetteer: built on first use

        match = resolve_agency(written)
        if match is not None and match.via in OUTRIGHT and not match.ambiguous:
            found = match.agency_id
    return found
