"""Split a document's paragraphs into sections: findings, recommendations, measures and the rest.

A heading starts a section when its words match the profile's ``sections`` patterns (the heading
may go on with "and ...", "from ...", "for ..." or after a colon, so "Recommendations for
Children's Social Care" and "Learning from the review" count, but "Learning briefing" does not).
Headings from the markup end a section at their level or above; in a document whose sections are
numbered ("3." "4."), only numbered headings start and end sections and other headings are
sub-headings; a heading that names an agency never ends a recommendations or measures section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrgraph.extract.paragraphs import Para
from scrgraph.extract.profiles import Profile
from scrgraph.recognise.agencies import find_agencies, resolve_agency

KINDS = ("findings", "recommendations", "measures", "other")
REST = re.compile(r"^\s*(?:(?:\d{1,2}|[ivxIVX]{1,4}|[A-Z])\b\s*)?(?:[:.\-–—(].*|(?:and|from|for|of|to|made|arising|linked|in|on|by|with|about|across|identified|"
                  r"following|relating|related|concerning|that|which|we|this|the)\b.*)?$", re.I)


@dataclass
class Section:
    """A run of paragraphs under one heading of a known kind (``front`` is what precedes the first)."""

    kind: str
    heading: Para | None
    level: int
    paras: list[Para] = field(default_factory=list)


def heading_kind(text: str, profile: Profile) -> str | None:
    """The section kind a heading's words name, or ``None``."""
    text = re.sub(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[A-Z]|[ivx]{1,5})[.)]?\s+(?=[A-Za-z])", "", text.strip())
    text = text.strip(" *:#")
    for kind in KINDS:
        for pattern in profile.patterns(f"sections.{kind}"):
            match = pattern.match(text)
            if match and REST.match(text[match.end():]):
                return kind
    return None


def is_agency_heading(text: str, profile: Profile) -> bool:
    """A heading that is an agency's name (perhaps after "Recommendations for")."""
    prefix = profile.pattern("addressees.heading_prefix")
    name = prefix.sub("", text.strip(), count=1) if prefix else text
    name = name.strip(" :.-–")
    if not name or len(name.split()) > 10:
        return False
    match = resolve_agency(name)
    if match is None or match.via == "fuzzy":
        return False
    if match.via == "contained":
        covered = sum(m.end - m.start for m in find_agencies(name))
        return covered >= 0.7 * len(name)
    return True


def split_sections(paras: list[Para], profile: Profile) -> list[Section]:
    """The sections of a document, in order."""
    headings = [p for p in paras if p.kind == "heading"]
    numbered_mode = sum(1 for h in headings if h.number and h.level == 1) >= 2
    sections = [Section("front", None, 99)]
    for para in paras:
        current = sections[-1]
        if para.kind != "heading":
            current.paras.append(para)
            continue
        kind = heading_kind(para.text, profile)
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
