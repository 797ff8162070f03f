"""Coroners' Prevention of Future Deaths reports (Regulation 28): matters of concern and who the report goes to.

A report is recognised by the template's "The MATTERS OF CONCERN are as follows" (or its
``MattersOfConcern:`` field, or a "CORONER'S CONCERNS" heading) together with a coroner, an inquest
or Regulation 28. The concerns are the text after it up to the next part of the report (action
to be taken, your response, copies): numbered items (``1.``, ``(1)``, ``(i)``, glued ``3.EMAS``,
inline one after another) in order, else its paragraphs split at inline headings. A second
numbered run that asks for something ("may wish to consider", "should") is the coroner's
recommendations, addressed to the report's receivers when they name no one, and so is a numbered or
lettered run that asks under "ACTION SHOULD BE TAKEN"; the person who died
is the subject and the coroner area the board. The template's words (how the concerns open and
end, the asking words, the receivers' label, the openers of concerns written as paragraphs) are
in ``loaders/pfd.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scrgraph.extract.document import Document
from scrgraph.extract.lexicons import lexicon_pattern

LEXICON = "pfd.yaml"  # in the loaders bundle: the template's words
OPENING = re.compile(r"matters?\s*of\s*concern\b(?:\s+(?:are|is)\s+as follows)?\s*[.:]?\s*(?:\(brief summary of matters of concern\))?\s*[–—-]?\s*", re.I)
FIELD_END = r"[A-Z][A-Za-z]+(?:[A-Z][a-z]+)+:\s*$"  # a structured form's next field ("ActionToBeTaken:")
MARK = re.compile(r"(?:^|(?<=[\s.:;–—-]))(?:\((?P<paren>\d{1,2}|[ivx]{1,5})\)|(?P<dot>\d{1,2})[.)](?=\s*[A-Z“\"'‘])|(?P<roman>[ivx]{1,5})\.(?=\s+[A-Z])"
                  r"|\((?P<letter>[a-h])\)(?=\s+[A-Z])"
                  # an inline list's letter after a semicolon or the colon that opens it, its text in lower case:
                  # "... as follows: (a) Kieran was ...; (b) the referral ...; and (c) ..."
                  r"|(?<=[;:])\s+(?:and\s+)?\((?P<inline>[a-h])\)(?=\s+[a-z]))")
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]
LIST_START_CHARS = 600  # a numbered run further into the concerns is an enumeration inside one concern
TOPIC = r"[A-Z][\w'’]*(?: (?!(?:should|is|are|was|were|be|been|has|have|had|will|would|could|may|must)\b)[\w'’]+){0,8}"
DECEASED = re.compile(r"\b(?:investigation|inquest) into the death of (?:the late )?(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? )?"
                      r"(?P<name>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})")
AREA = re.compile(r"^\s*Area:\s*(?P<area>[^\n]+)$|\bcoroner area of (?P<area2>[A-Z][\w'’ -]+?)(?:[.,\n]|$)", re.M)


def _words(key: str, flags: int = re.I) -> re.Pattern[str]:
    return lexicon_pattern(LEXICON, key, flags)


@lru_cache(maxsize=1)
def _closing() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{FIELD_END}|{_words('next_parts', 0).pattern})", re.M)


@lru_cache(maxsize=1)
def _inline_heading() -> re.Pattern[str]:
    return re.compile(rf"(?<=[.!?”\"’)]) (?={TOPIC} (?:{_words('evidence_openers', 0).pattern})\b)")


@lru_cache(maxsize=1)
def _receiver() -> re.Pattern[str]:
    return re.compile(rf"^\s*{_words('receivers_label').pattern}\s*\n(?P<body>.+?)(?=\n\s*\n\s*(?:\d{{1,2}}\s+)?[A-Z][A-Z' ]{{4,}}\s*$|"
                      rf"\n[A-Z][A-Za-z]+:\s*$|\n\s*\n\s*\n|\Z)", re.M | re.S | re.I)


@dataclass
class Concern:
    """One matter of concern (or, ``asks``, one of the coroner's recommendations) with its span."""

    ref: str | None
    text: str
    start: int
    end: int
    asks: bool = False


def is_pfd(document: Document) -> bool:
    """Whether the document is a coroner's Prevention of Future Deaths report (or a reply quoting one): the
    template's "matters of concern are as follows", its ``MattersOfConcern:`` field or "CORONER'S CONCERNS"
    heading, with a coroner, an inquest or Regulation 28 (a review that only mentions an inquest is not one)."""
    head = document.text[:200000]
    return bool(_opening(head) and _words("coroner_words").search(head))


def is_reply(document: Document) -> bool:
    """Whether the document is an agency's reply to a coroner's report ("This response is provided to address
    ... your Regulation 28 report"), whose own actions are measures."""
    return bool(_words("reply").search(document.text[:200000]))


def restates_concern(sentence: str) -> bool:
    """In a reply, a sentence that restates one of the coroner's concerns ("Your second concern was that ...")."""
    return bool(_words("restated_concern", 0).match(sentence.strip()))


def reply_action(sentence: str) -> bool:
    """In a reply, a sentence in which the replying agency itself acts ("we have set up ...", "the Council will
    ..."), not one about the person who died, a relative or an existing service."""
    return bool(_words("reply_actor", 0).search(sentence))


def reply_courtesy(sentence: str) -> bool:
    """In a reply, a sentence about the letter itself ("I hope this response reassures you that we have taken
    your report seriously"): no measure, though the agency says what it has done."""
    return bool(_words("reply_courtesy").search(sentence))


def is_pfd_reply(document: Document) -> bool:
    """Whether the document replies to a coroner's report without quoting its concerns (a letter
    "Re: Regulation 28 Report to Prevent Future Deaths" answering "Concern 1:", "Concern 2:" ...)."""
    head = document.text[:200000]
    return is_reply(document) and not is_pfd(document) and bool(_words("reply_to_report").search(head))


def reply_change(sentence: str) -> bool:
    """In a reply, a sentence that states a change made or planned with no agency as its subject ("A joint
    protocol was agreed by both trusts on 15 July 2024", "Full integration is planned by March 2025")."""
    return bool(_words("reply_change").search(sentence))


def _opening(text: str) -> re.Match[str] | None:
    # the heading is matched with its case: "CORONER'S CONCERNS" in capitals on a line of its own
    return _words("concerns_follow").search(text) or _words("concerns_heading", re.M).search(text)


def _region(text: str) -> tuple[int, int] | None:
    opening = _opening(text)
    if opening is None:
        return None
    start = OPENING.match(text, opening.start())
    begin = start.end() if start else opening.end()
    closing = _closing().search(text, begin)
    return begin, closing.start() if closing else len(text)


def _value(match: re.Match[str]) -> tuple[str, int] | None:
    letter = match.group("letter") or match.group("inline")
    if letter:
        return "letter", ord(letter) - ord("a") + 1
    if match.group("paren"):
        token = match.group("paren")
        if token.isdigit():
            return "number", int(token)
        return ("roman", ROMAN.index(token) + 1) if token in ROMAN else None
    if match.group("dot"):
        return "number", int(match.group("dot"))
    token = match.group("roman")
    return ("roman", ROMAN.index(token) + 1) if token in ROMAN else None


def _mark_ref(mark: re.Match[str]) -> str:
    """The number or letter a mark writes ("(b)", "2.", "; and (c)" give "b", "2", "c")."""
    return next(value for name in ("letter", "inline", "paren", "dot", "roman") if (value := mark.group(name)))


def _runs(text: str, begin: int, end: int) -> list[list[re.Match[str]]]:
    """Numbered runs (1, 2, 3 ... in order, each mark after the one before)."""
    marks = [m for m in MARK.finditer(text, begin, end) if _value(m)]
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    scheme = None
    for mark in marks:
        kind, number = _value(mark)  # type: ignore[misc]
        if current and kind == scheme and number == _value(current[-1])[1] + 1:  # type: ignore[index]
            current.append(mark)
        elif number == 1:
            if len(current) >= 2 or (current and runs):
                runs.append(current)
            current, scheme = [mark], kind
    if current and (len(current) >= 2 or runs):
        runs.append(current)
    return runs


def _clean(text: str) -> str:
    """Text without the template's prompts and footers, a stray next-section number at its end, or dashes."""
    text = " ".join(_words("template_text").sub(" ", text).split()).strip(" –—-")
    return re.sub(r"(?<=[.!?”\"’)])\s+\d{1,2}$", "", text)


def _opens_list(text: str, begin: int, mark: int) -> bool:
    """Whether a numbered run starting at ``mark`` is the list of concerns, not an enumeration inside one:
    nothing but a lead-in ("Evidence was heard that:") before it, or a short preamble and a new line."""
    before = text[begin:mark]
    prefix = _clean(before)
    at_line_start = not before.strip(" \t") or before.rstrip(" \t").endswith("\n")
    return not prefix or prefix.endswith((":", "–", "—", "-")) or (at_line_start and len(prefix) <= LIST_START_CHARS)


def _action_asks(text: str) -> list[Concern]:
    """The numbered or lettered items of the report's "ACTION SHOULD BE TAKEN" part that mostly ask for
    something ("(a) The council should consider ..."): the coroner's recommendations there."""
    heading = _words("action_part", re.M).search(text)
    if heading is None:
        return []
    closing = _closing().search(text, heading.end())
    end = closing.start() if closing else len(text)
    asks: list[Concern] = []
    for run in _runs(text, heading.end(), end)[:1]:
        for position, mark in enumerate(run):
            until = run[position + 1].start() if position + 1 < len(run) else end
            body = _clean(text[mark.end():until])
            if body:
                asks.append(Concern(_mark_ref(mark), body, mark.end(), until, asks=True))
    return asks if sum(1 for a in asks if _words("asking").search(a.text[:120])) * 2 > len(asks) else []


def concerns(document: Document) -> list[Concern]:
    """The report's matters of concern (and asking items) in order."""
    text = document.text
    region = _region(text)
    if region is None:
        return []
    found = _concerns_in(text, *region)
    if not any(concern.asks for concern in found):
        found.extend(_action_asks(text))
    return found


def _concerns_in(text: str, begin: int, end: int) -> list[Concern]:
    """The concerns (and a later run of asking items) between the concerns' opening and the next part."""
    runs = _runs(text, begin, end)
    if runs and not _opens_list(text, begin, runs[0][0].start()):
        runs = []
    found: list[Concern] = []
    if runs:
        for index, run in enumerate(runs):
            stop = runs[index + 1][0].start() if index + 1 < len(runs) else end
            bodies = []
            for position, mark in enumerate(run):
                until = run[position + 1].start() if position + 1 < len(run) else stop
                body = _clean(text[mark.end():until])
                if body:
                    bodies.append(Concern(_mark_ref(mark), body, mark.end(), until))
            asks = index > 0 and sum(1 for b in bodies if _words("asking").search(b.text[:120])) * 2 > len(bodies)
            for concern in bodies:
                concern.asks = asks
                if asks or index == 0:
                    found.append(concern)  # a later run that asks nothing repeats the concerns (a reply)
        return found
    for paragraph in re.finditer(r"[^\n]+", text[begin:end]):
        cuts = [0] + [m.start() + 1 for m in _inline_heading().finditer(paragraph.group())] + [len(paragraph.group())]
        for left, right in zip(cuts, cuts[1:], strict=False):  # "... at night. Staff training I heard that ..." starts a concern
            body = _clean(paragraph.group()[left:right])
            if len(body.split()) >= 8:
                start = begin + paragraph.start() + left
                found.append(Concern(None, body, start, begin + paragraph.start() + right))
    return found


def receivers(document: Document) -> list[str]:
    """Who the report is sent to, as written (a ``Receiver:`` field or a numbered list)."""
    match = _receiver().search(document.text[:20000])
    if not match:
        return []
    body = " ".join(match.group("body").split())
    parts = re.split(r"(?:^|\s)\d{1,2}[.)]\s+", body)
    return [p.strip(" ,;") for p in parts if len(p.strip(" ,;")) > 2]


def deceased(document: Document) -> str | None:
    """The name of the person whose death the inquest was about, as written."""
    match = DECEASED.search(document.text[:50000])
    return match.group("name") if match else None


def coroner_area(document: Document) -> str | None:
    """The coroner area the report comes from ("East London"), if written."""
    match = AREA.search(document.text[:50000])
    if not match:
        return None
    return (match.group("area") or match.group("area2")).strip()
