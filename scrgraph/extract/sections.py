"""Split a document's paragraphs into sections: findings, recommendations, measures and the rest.

A heading starts a section when its words match the profile's ``sections`` patterns (the heading
may go on with "and ...", "from ...", "for ..." or after a colon, so "Recommendations for
Children's Social Care" and "Learning from the review" count, but "Learning briefing" does not).
Headings from the markup end a section at their level or above; in a document whose sections are
numbered ("3." "4."), only numbered headings start and end sections and other headings are
sub-headings; a heading that names an agency never ends a recommendations or measures section. A
heading from the markup that names another kind below a section's own ("What we have done" under
"3. Learning from reviews") opens a sub-section of that kind, up to the next heading at its level
or above, after which the section it sits in goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrgraph.extract.paragraphs import Para
from scrgraph.extract.profiles import Profile, heading_kind
from scrgraph.recognise.agencies import find_agencies, resolve_agency

CONTENTS = re.compile(r"^(?:table of )?contents:?$", re.I)
APPENDIX = re.compile(r"^(?:appendix|appendices|annex|annexe)\b", re.I)
SENTENCE_END = re.compile(r"[.!?]['’\"”)]*$")
PROSE_WORDS = 20


@dataclass
class Section:
    """A run of paragraphs under one heading of a known kind (``front`` is what precedes the first)."""

    kind: str
    heading: Para | None
    level: int
    paras: list[Para] = field(default_factory=list)
    within: Section | None = None  # the section a sub-section of another kind sits in ("What we have done" under "Learning from reviews")


def agency_heading_name(text: str, profile: Profile) -> str:
    """The name an agency sub-heading gives: without "Recommendations for" (the profile's prefix), the
    punctuation around it or a note in brackets after it ("The Willows Surgery (through the ICB)")."""
    prefix = profile.pattern("addressees.heading_prefix")
    name = (prefix.sub("", text.strip(), count=1) if prefix else text).strip(" :.-–")
    return re.sub(r"\s*\([^()]*\)$", "", name).strip(" :.-–") or name


def is_agency_heading(text: str, profile: Profile) -> bool:
    """A heading that is an agency's name (perhaps after "Recommendations for")."""
    name = agency_heading_name(text, profile)
    if not name or len(name.split()) > 10:
        return False
    match = resolve_agency(name)
    if match is None or match.via == "fuzzy":
        return False
    if match.via == "contained":
        covered = sum(m.end - m.start for m in find_agencies(name))
        return covered >= 0.7 * len(name)
    return True


def is_prose(text: str) -> bool:
    """A paragraph of running text (it ends a table of contents): many words, or a sentence."""
    words = len(text.split())
    return words >= PROSE_WORDS or (words >= 8 and SENTENCE_END.search(text.rstrip()) is not None)


def contents_entries(paras: list[Para]) -> set[int]:
    """Indices of the paragraphs of a table of contents: after a "Contents" heading (or line), the
    short lines up to the first paragraph of running text; their headings open no section."""
    entries: set[int] = set()
    inside = False
    for index, para in enumerate(paras):
        if CONTENTS.match(para.text.strip()):
            inside = True
            continue
        if inside and (is_prose(para.text) or para.kind in ("row",)):
            inside = False
        if inside:
            entries.add(index)
    return entries


SUB_KINDS = ("findings", "recommendations", "measures")


def split_sections(paras: list[Para], profile: Profile) -> list[Section]:
    """The sections of a document, in order (a table of contents opens none; in the appendices, a heading
    opens a findings section only above the appendix heading's level)."""
    headings = [p for p in paras if p.kind == "heading"]
    numbered_mode = sum(1 for h in headings if h.number and h.level == 1) >= 2
    sections = [Section("front", None, 99)]
    contents = contents_entries(paras)
    appendix: int | None = None  # the level of the appendix heading, once the appendices start
    for index, para in enumerate(paras):
        current = sections[-1]
        if para.kind != "heading" or index in contents:
            current.paras.append(para)
            continue
        kind = heading_kind(para.text, profile)
        marked = para.level if para.explicit else None
        while current.within is not None and marked is not None and marked <= current.level:
            # a heading at the sub-section's level or above ends it: the section it sits in goes on
            outer = current.within
            current = Section(outer.kind, outer.heading, outer.level, within=outer.within)
            sections.append(current)
        if kind in SUB_KINDS and current.kind in SUB_KINDS and kind != current.kind and marked is not None \
                and marked > current.level:
            sections.append(Section(kind, para, marked, within=current))
            continue
        if APPENDIX.match(para.text.strip()):
            appendix = para.level if para.explicit else 1
        elif kind == "findings" and appendix is not None and (para.level if para.explicit else 1) >= appendix:
            kind = None  # "Learning from ..." in an appendix names a programme or a data source
        if para.explicit:
            level = para.level
        elif para.number:
            level = 1
        else:
            level = 2 if numbered_mode or kind is None else 1
        inferred_in_numbered = numbered_mode and not para.number and not para.explicit
        agency = current.kind in ("recommendations", "measures") and is_agency_heading(para.text, profile)
        if agency and kind is None:
            current.paras.append(para)
            continue
        if kind is not None and not inferred_in_numbered and (level <= current.level or current.kind in ("front", "other")):
            if kind == current.kind and not para.explicit and not para.number and level > 1:
                current.paras.append(para)
                continue
            sections.append(Section(kind, para, level))
            continue
        if level <= current.level and (para.explicit or para.number) and not inferred_in_numbered:
            sections.append(Section(kind or "other", para, level))
            continue
        current.paras.append(para)
    return sections
