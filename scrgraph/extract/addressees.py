"""Who a recommendation is for, told apart from agencies it merely mentions.

An agency named in a recommendation is *responsible* (an addressee) when:

- it is the subject of a clause and a directive verb follows it ("The LSCB should ...", "LSCB to
  seek ...", "Northtown Police should review ...");
- it is the agent of a passive directive or named after "recommends that", "ensure that",
  "assured that" ("... is agreed and published by Northtown Maternity Services", "is carried out
  with Health, Children's Services and ...");
- it is named together with one of those ("X in collaboration with Y", "X, Y and Z should"), also
  when a phrase set off by commas comes before the verb ("X, supported by Y, should");
- it ends or qualifies the subject of a directive ("All providers of NHS-funded care should ...",
  "Regulators, including CQC, should ...");
- it stands in the subject of a passive directive that names no agent ("Past concerns recorded
  by the GP should be flagged ...").

A short name the document defines in brackets after an agency's name ("Northtown Safeguarding
Children Board (NSCB)") stands for that agency wherever the document uses it.

It is only *mentioned* when it is the object of a preposition such as "to" ("referrals to
children's social care"), is used as a modifier ("the LSCB website", "maternity wards"), or is in
a clause that opens with the work to be done ("Reviewing and commissioning refuge places ...": the lead-in says who does it), unless one of the rules above makes it responsible. The wording is in the profile's
``addressees`` settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrgraph.extract.paragraphs import VERBS
from scrgraph.extract.profiles import Profile
from scrgraph.knowledge import knowledge
from scrgraph.recognise.agencies import AgencyMention, find_agencies

CLAUSE_BOUNDARY = re.compile(r"(?:^|[.;:!?]\s+|\n|\(\s*|,\s+(?:and|but|or|while|whilst|so)\s+|"
                             r"\b(?:that|whereby|so that|and that|where|when|which)\s+)", re.I)
PASSIVE = re.compile(r"\b(?:is|are|be|being)\s+(?:\w+ly\s+)?(?:\w+(?:ed|en|wn|ne|de|lt|ght|pt))\b", re.I)
# "X and the housing provider should ...": another party named with X that the gazetteer does not know.
COORDINATED = re.compile(r"^\s*(?:,\s*|\s+and\s+|\s*&\s*)(?:the\s+|all\s+|local\s+)?(?:[A-Za-z'’-]+\s+){0,4}?(?=(?:should|must|shall|will|to|need|needs|are|is)\b)", re.I)
ABBREVIATION = re.compile(r"\s*\((?P<short>[A-Z][A-Za-z&]{1,9})\)")  # a short name defined in brackets after a name
RECIPIENT = re.compile(r"\b(?:to|from|about|for|towards|into|against)\s+(?:the\s+|all\s+|relevant\s+)?$", re.I)


@dataclass(frozen=True)
class Responsible:
    """An agency a text makes responsible, the words as written, and how strongly (subject, agent, passive)."""

    agency_id: str
    as_written: str
    how: str


def _groups(text: str, mentions: list[AgencyMention], together: re.Pattern[str] | None) -> list[list[AgencyMention]]:
    """Mentions joined by "and", commas or "in collaboration with" form one group."""
    groups: list[list[AgencyMention]] = []
    for mention in mentions:
        if groups and together is not None and together.match(text[groups[-1][-1].end:mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


SUBORDINATE = {"so that", "where", "when", "which", "whereby"}


def _clause_before(text: str, start: int) -> tuple[str, bool]:
    """The words of the clause before ``start``, and whether the clause is subordinate ("so that ...")."""
    before = text[:start]
    boundaries = list(CLAUSE_BOUNDARY.finditer(before))
    if not boundaries:
        return before, False
    last = boundaries[-1]
    return before[last.end():], " ".join(last.group().lower().split()) in SUBORDINATE


def _attributive(after: str, profile: Profile) -> bool:
    nouns = profile.alternation("addressees.attributive_nouns", whole=False)
    return bool(nouns and re.match(rf"^\s*(?:['’]s\s+)?(?:own\s+)?(?:{nouns.pattern})\b", after, re.I))


def defined_abbreviations(text: str, mentions: list[AgencyMention]) -> dict[str, AgencyMention]:
    """Short names a document defines for an agency it names ("Northtown Safeguarding Children Board (NSCB)"),
    from the document's text and the agencies found in it; names the gazetteer knows are left to it."""
    found: dict[str, AgencyMention] = {}
    for mention in mentions:
        short = ABBREVIATION.match(text, mention.end)
        if short and short.group("short") not in found and _initials(short.group("short"), mention.as_written) \
                and not find_agencies(short.group("short")):
            found[short.group("short")] = mention
    return found


def _initials(short: str, name: str) -> bool:
    """Whether a short name is made of the name's capitals, in order, from its first ("NSCB" of "Northtown
    Safeguarding Children Board"; not "MHSDS" after "CQC", which names a data set the body holds)."""
    capitals = iter(re.findall(r"[A-Z]", name))
    letters = re.findall(r"[A-Z]", short)
    return len(letters) >= 2 and name[:1] == short[:1] and all(letter in capitals for letter in letters)


def _mentions(text: str, abbreviations: dict[str, AgencyMention]) -> list[AgencyMention]:
    """The agencies a text names, its document's own short names for them included."""
    mentions = find_agencies(text)
    for short, named in abbreviations.items():
        for match in re.finditer(rf"\b{re.escape(short)}\b", text):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions):
                mentions.append(AgencyMention(named.agency_id, named.label, short, match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)


def responsible_agencies(text: str, profile: Profile, abbreviations: dict[str, AgencyMention] | None = None) -> list[Responsible]:
    """The agencies a recommendation's text asks to act, in order of mention (``abbreviations``: the short
    names its document defines, see :func:`defined_abbreviations`)."""
    mentions = _mentions(text, abbreviations or {})
    if not mentions:
        return []
    subject_verbs = profile.pattern("addressees.subject_verbs")
    agent_before = profile.pattern("addressees.agent_before")
    together = profile.pattern("addressees.together")
    insertion = profile.pattern("addressees.subject_insertion")
    head_before = profile.pattern("addressees.subject_head_before")
    tail = profile.pattern("addressees.subject_tail")
    verb_led = profile.pattern("addressees.verb_led_clause")
    found: list[Responsible] = []
    for group in _groups(text, mentions, together):
        first, last = group[0], group[-1]
        before = text[max(0, first.start - 160):first.start]
        after = ABBREVIATION.sub("", text[last.end:last.end + 200], count=1)  # "Northtown Board (NB) should"
        clause, subordinate = _clause_before(text, first.start)
        how = None
        in_subject = not _attributive(after, profile) and not subordinate and not VERBS.search(clause) \
            and not re.search(r"\bto\s+\w+\s", clause) and not RECIPIENT.search(before) \
            and not (verb_led is not None and verb_led.match(clause))
        verb_after = [after, COORDINATED.sub("", after, count=1)] + ([insertion.sub("", after, count=1)] if insertion else [])
        if agent_before is not None and agent_before.search(before):
            how = "agent"
        elif in_subject and subject_verbs is not None and any(subject_verbs.match(a) for a in verb_after):
            how = "subject"
        elif in_subject and head_before is not None and tail is not None and head_before.search(clause) and tail.match(after):
            how = "subject"  # inside the subject: "All providers of NHS-funded care should ..."
        if how:
            found.extend(Responsible(m.agency_id, m.as_written, how) for m in group)
    first_sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    passive = PASSIVE.search(first_sentence)
    if passive and not any(r.how == "agent" for r in found):
        for mention in mentions:
            if mention.end <= passive.start() and not RECIPIENT.search(text[max(0, mention.start - 30):mention.start]) \
                    and not VERBS.search(first_sentence[:mention.start]) \
                    and not (verb_led is not None and verb_led.match(first_sentence)):
                found.append(Responsible(mention.agency_id, mention.as_written, "passive"))
    unique: dict[str, Responsible] = {}
    for item in found:
        unique.setdefault(item.agency_id, item)
    return list(unique.values())


def _sector(agency_id: str) -> str:
    concept = knowledge().agencies.get(agency_id)
    return (concept.sector or "") if concept else ""


def combine(context: list[tuple[str, str]], responsible: list[Responsible]) -> list[str]:
    """The addressees: the agency sub-heading's (or lead-in's), then those the text makes responsible.

    A collective heading ("Health") is dropped when the text names the specific agencies of its
    sector as subject or agent ("UHL Maternity Services and the Community Drug Team").
    """
    ids: list[str] = []
    strong = [r for r in responsible if r.how in ("subject", "agent")]
    for agency_id, _ in context:
        if agency_id == "health" and strong and all(_sector(r.agency_id).startswith("Health") for r in strong) \
                and not any(r.agency_id == "health" for r in strong):
            continue
        if agency_id not in ids:
            ids.append(agency_id)
    for item in responsible:
        if item.agency_id not in ids:
            ids.append(item.agency_id)
    return ids
