"""General reading of texts no layout profile fits: headings from a lexicon, markers, lead-ins, sentences.

Used by :mod:`scrgraph.extract.build` for a kind (findings, recommendations, measures) the
profile-driven sections gave nothing of, or where they gave only the generic profile's unmarked
paragraphs or items that are mostly headings. The text is cut into blocks (its non-empty lines,
a wrapped line joined to the one it runs on from; list items and headings from the markup keep
what they are); then, in order:

1. **sections**: a block that is a heading of the lexicon (``loaders/headings.yaml``, numbered or
   not), a label before a colon ("Issues identified: ..."), or a lead-in ending in a colon ("...
   made the following recommendations:") opens a section of its kind; other headings close it,
   except sub-headings under a lead-in;
2. **items**: in a section, blocks with a list marker (``1.`` ``(a)`` ``(i)`` ``•`` ``-`` ``o``
   ...) are its items; with no markers, its paragraphs are (split by semicolon clauses, or by
   statements in findings); an inline list ("themes include: a; b; and c") gives one item per
   part; a list under no heading that mostly asks gives recommendations;
3. **sentences** (:func:`sentence_candidates`): where nothing was found that way, sentences that
   ask for something are candidate recommendations, sentences that report a failing or a lesson
   candidate findings, and sentences that report an action candidate measures, all marked low
   confidence. The sentence cues are in the lexicon's ``cues``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from scrgraph.extract.document import Document
from scrgraph.extract.items import Item
from scrgraph.extract.lexicons import compile_pattern, lexicon_data
from scrgraph.extract.paragraphs import Para
from scrgraph.extract.responses import is_answer_label

LEXICON = "headings.yaml"  # in the loaders bundle (scrgraph.resources)
KINDS = ("findings", "recommendations", "measures")
MARKER = re.compile(r"^\s*(?P<marker>[•·▪◦●■►▶✓\-–—*]|â€¢|Â·|(?:o|l|§)(?=\s+[A-Z\"'“‘])|l(?=[A-Z][a-z])|\(?\d{1,2}\)|\d{1,2}\.(?!\d)|"
                    r"\(?[a-h]\)|\(?[ivx]{1,5}\)|[ivx]{1,5}\.(?=\s))\s*")
HEADING_MAX_WORDS = 12
NUMBERED_HEADING = re.compile(r"^(?:recommendation|finding|learning point|lesson|rec)s?\.?\s*(?P<ref>\d{1,2}[a-z]?)\b", re.I)
TOPIC_WORDS = 12  # parts of a list led in without a colon ("learning around a; b; and c") are short topics
LABEL = re.compile(r"^(?P<label>[A-Z][^:.!?]{1,60}?)\s*:\s+(?P<rest>\S.*)$")
LEAD_END = re.compile(r"[:–—-]\s*$")
INLINE_LEAD = re.compile(r"^(?P<lead>.{10,300}?\b(?:include[sd]?|including|are|were|as follows|following(?: [a-z]+){0,2} (?:had|have|has) been [a-z]+|following|were that|was that)"
                         r"(?:,? but (?:are|were) not limited to)?)\s*[:–—]\s*(?P<rest>.+)$|"
                         r"^(?P<lead2>[^;:]{5,200}?\b(?:around|about|include[sd]?|including|on))\s+(?P<rest2>[^;]{3,}(?:;[^;]{3,}){1,}[.]?)$", re.I)
SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"“‘'(])")
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
LIST_ITEM_END = re.compile(r";(?:\s+(?:and|or))?$")  # "(a) a team has been set up;" ends as a sentence does
QUESTION = re.compile(r"\bwhether\b|\?[\"'”’)]*$")
QUOTES = "\"“‘'"
CLAUSE_JOIN = re.compile(r"(?:,\s+and|;)\s+")  # clauses of one sentence
AND_JOIN = re.compile(r",?\s+and\s+|,\s+which\s+")  # "recommendations were made(, and|, which) the agencies ..."
STAMP = re.compile(r"(?=\S)(?:https?://\S+(?:\s+\d{1,3}/\d{1,3})?)?\s*(?:\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}\S*(?:\s+\S+){0,18})?\s*",
                   re.I | re.S)  # a bare address (with its page "3/20") or a browser's print stamp


def _stop(text: str) -> bool:
    """A web page's navigation or sharing line ("Skip to content", "Read more"): ends a lead-in, never an item."""
    return bool(cue("page_chrome").match(text))


def is_furniture(text: str) -> bool:
    """Page furniture or boilerplate, never an item: a bare address (with its page "3/20"), a browser's print
    stamp, a copyright or licence line (the lexicon's ``boilerplate`` cue)."""
    return bool(STAMP.fullmatch(text.strip()) or cue("boilerplate").match(text.strip()))


@dataclass
class Block:
    """A non-empty line or paragraph of the text, with its span."""

    text: str
    start: int
    end: int
    page: int | None
    marker: str | None = None  # a list item's marker from the markup (HTML, Word, Markdown)
    heading: bool = False  # a heading from the markup


def _mark(block: Block) -> tuple[str, int] | None:
    """A block's list marker and where its text starts after it, from the markup or the text itself."""
    if block.marker:
        return block.marker, 0
    match = MARKER.match(block.text)
    return (match.group("marker"), match.end()) if match else None


def _data() -> dict:
    return lexicon_data(LEXICON)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    return compile_pattern(pattern, LEXICON, where)


@cache
def cue(name: str) -> re.Pattern[str]:
    """One sentence cue of the lexicon's ``cues`` (ask, not_ask, found, not_found, announced, reported, statement, imperative)."""
    return _compile(_data().get("cues", {}).get(name) or r"(?!)", f"cues.{name}")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[re.Pattern[str]]]:
    """The heading lexicon: kind -> compiled patterns (``other`` closes a section)."""
    return {kind: [_compile(p, kind) for p in _data().get(kind) or []] for kind in (*KINDS, "other")}


def heading_kind(text: str) -> str | None:
    """The kind a heading, label or lead-in names (the earliest match wins), or ``None``."""
    best: tuple[int, str] | None = None
    for kind, patterns in lexicon().items():
        for pattern in patterns:
            found = pattern.search(text)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), kind)
    return best[1] if best else None


def _shortest_run_on(document: Document) -> int:
    """How long a line must be to run on into the next: 50 characters, or half the length of the text's
    longer lines (its 90th percentile) when that is more. A text written a paragraph to a line (a web page
    saved as text) has lines of hundreds of characters, and a headline of 130 with no full stop is a
    line of its own there, not the first of a wrapped paragraph."""
    lengths = sorted(len(line.text) for line in document.lines if line.text.strip())
    return max(50, lengths[len(lengths) * 9 // 10] // 2) if lengths else 50


def blocks(document: Document) -> list[Block]:
    """The text's blocks: its non-empty lines, a wrapped line joined to the one before when that ran on
    (a heading the reader saw by its type at the top of a page never is)."""
    result: list[Block] = []
    previous: Block | None = None
    shortest = _shortest_run_on(document)
    for line in document.lines:
        text = " ".join(line.text.replace("\x00", " ").split())
        if not text:
            previous = None
            continue
        runs_on = (previous is not None and document.wrapped and len(previous.text) > shortest
                   and previous.text[-1:] not in ".:;?!" and not MARKER.match(text)
                   and not (line.kind == "heading" and line.page != previous.page))  # a slide's title goes on no line
        if runs_on and previous is not None:
            previous.text = f"{previous.text} {text}"
            previous.end = line.end
            continue
        previous = Block(text, line.start + len(line.text) - len(line.text.lstrip()), line.end, line.page,
                         (line.marker or "•") if line.kind == "item" else None, line.kind == "heading")
        result.append(previous)
    return result


def _is_heading(block: Block) -> bool:
    words = block.text.split()
    return (0 < len(words) <= HEADING_MAX_WORDS and not MARKER.match(block.text) and block.text[-1:] not in ".,;"
            and block.text[:1].isupper() or block.text.endswith("?") and len(words) <= HEADING_MAX_WORDS)


def _numbered_heading(text: str) -> bool:
    """A numbered line that is a section heading: short, unpunctuated or a question, naming a kind or other."""
    words = text.split()
    shaped = 0 < len(words) <= 8 and (text[-1:] not in ".,;:" or text.endswith("?")) and text[:1].isupper()
    return shaped and heading_kind(text) is not None


def looks_like_heading(text: str) -> bool:
    """Whether an item is really a heading: it opens with a question, or is a few words with no full stop
    (a heading with paragraphs under it, as a findings group, is not)."""
    whole = text.strip()
    words = whole.split()
    return whole.split("\n")[0].strip().endswith("?") or (0 < len(words) <= 4 and whole[-1:] not in ".!;:")


def _item(kind: str, block: Block, text: str | None = None, offset: int = 0, ref: str | None = None,
          scheme: str = "paragraph") -> Item:
    body = text if text is not None else block.text
    end = block.end if text is None else min(block.end, block.start + offset + len(body))
    para = Para(body, block.start + offset, end, block.page, kind="text")
    return Item(kind, ref, [para], scheme=scheme)


def _ref(marker: str) -> str | None:
    inner = marker.strip("().")
    return inner if re.fullmatch(r"\d{1,2}|[a-h]|[ivx]{1,5}", inner) else None


def _inline_parts(rest: str) -> list[str]:
    parts = [p.strip(" .;") for p in re.split(r";\s*(?:and\s+|or\s+)?", rest)]
    return [p for p in parts if len(p.split()) >= 2]


def _split_inline(kind: str, block: Block, text: str, offset: int, scheme: str, ref: str | None = None) -> list[Item]:
    """An item whose text is "lead: a; b; c" gives one item per part; any other gives itself."""
    head, colon, rest = text.partition(": ")
    parts = _inline_parts(rest) if colon and len(head.split()) <= 12 else []
    if len(parts) < 2:
        return [_item(kind, block, text, offset, ref, scheme)]
    base = offset + len(head) + len(colon)
    return [_item(kind, block, part, base + max(rest.find(part), 0), scheme="inline") for part in parts]


def _heading_words(text: str) -> str | None:
    """The kind of a heading; in "Label: question" the part after the colon speaks first."""
    head, colon, rest = text.partition(":")
    return (heading_kind(rest) if colon and rest.strip() else None) or heading_kind(text)


def _by_statement(kind: str, block: Block, text: str, offset: int) -> list[Item]:
    """A paragraph of three or more clauses joined by semicolons gives one item per clause; a findings
    paragraph one item per statement (see ``_statements``); others are one item."""
    parts = _inline_parts(text)
    if len(parts) >= 3 and all(len(p.split()) >= 4 for p in parts):  # "a has been done; b will be; and c"
        return [_item(kind, block, part, offset + max(text.find(part), 0), scheme="inline") for part in parts]
    if kind == "recommendations":
        return _asking_parts(block, text, offset) or [_item(kind, block, text, offset)]
    if kind != "findings":
        return [_item(kind, block, text, offset)]
    return _statements(block, text, offset)


def _statements(block: Block, text: str, offset: int) -> list[Item]:
    """A findings paragraph as one finding per statement (a sentence with a reporting verb and the
    sentences after it, up to one that asks for something: "It makes recommendations to the board,
    including ...", which is no part of a finding); the sentences before the first of several
    statements only introduce them ("An analysis of 27 reviews ... The report found ...")."""
    starts = [0] + [m.end() for m in SENTENCE.finditer(text)]
    spans = list(zip(starts, starts[1:] + [len(text)], strict=True))
    asking = [a for a, b in spans[1:] if _asks(text[a:b]) and not cue("reported").search(text[a:b])]
    stated = [s for s in starts if cue("statement").search(text[s:s + 200].split(". ")[0])]
    if len(stated) < 2 and not asking:  # one finding, unless it only says there are some ("The review identified three themes.")
        return [] if _only_announces(text) else [_item("findings", block, text, offset)]
    # sentences before the first of several statements introduce them ("An analysis of 27 reviews ...")
    cuts = sorted(set([stated[0] if len(stated) >= 2 else 0] + stated[1:] + asking)) + [len(text)]
    return [_item("findings", block, text[a:b].strip(), offset + a) for a, b in zip(cuts, cuts[1:], strict=False)
            if a not in asking and text[a:b].strip() and not _only_announces(text[a:b])]


def _only_announces(text: str) -> bool:
    """Whether a statement of one sentence only says there is learning, not what it is (``cues.announced``)."""
    return len(SENTENCE.findall(text.strip())) == 0 and bool(cue("announced").search(text))


def statements(item: Item) -> list[Item]:
    """A finding read as one whole paragraph, as the findings it states one by one (see ``_statements``):
    a web summary's paragraph "The report found a ... The analysis also found b ..." gives two findings."""
    if item.kind != "findings" or item.scheme != "paragraph" or len(item.paras) != 1 or item.heading:
        return [item]
    para = item.paras[0]
    parts = _statements(Block(para.text, para.start, para.end, para.page), para.text, 0)
    if len(parts) == 1 and parts[0].paras[0].text == para.text:
        return [item]
    for number, part in enumerate(parts):
        part.ref = item.ref if len(parts) == 1 else f"{item.ref}.{number + 1}" if item.ref else None
        part.scheme, part.context = "paragraph", list(item.context)
    return parts


# A finding's label inside a paragraph of analysis ("... in the room. Finding 3 — The school did not ..."):
# at the paragraph's start or after a sentence, a label word, a number and a dash or colon.
INLINE_LABEL = re.compile(r"(?:^|(?<=[.!?][\"'”’)]\s)|(?<=[.!?]\s))(?:Key )?(?:Finding|Lesson|Learning point)\s+(?P<ref>\d{1,2}[a-z]?)\s*[—–:-]\s*")


def labelled_findings(item: Item) -> list[Item]:
    """The findings a paragraph of analysis labels inside it ("Finding 3 — The school did not ..."): for each
    label, the sentence it opens, with the label's number as its ref; none when it labels none."""
    if len(item.paras) != 1:
        return []
    para = item.paras[0]
    block = Block(para.text, para.start, para.end, para.page)
    found = []
    for label in INLINE_LABEL.finditer(para.text):
        rest = para.text[label.end():]
        sentence = SENTENCE.split(rest, maxsplit=1)[0].strip()
        if sentence:
            part = _item("findings", block, sentence, label.end(), ref=label.group("ref"), scheme="labelled")
            part.context = list(item.context)
            found.append(part)
    return found


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends."""
    starts = [0] + [m.end() for m in SENTENCE.finditer(text)]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(text)], strict=True) if text[a:b].strip()]


def _asking_parts(block: Block, text: str, offset: int) -> list[Item] | None:
    """The asks of a paragraph one by one when two or more of its sentences ask, else ``None``."""
    asking = [(a, b) for a, b in _sentence_spans(text) if _asks(text[a:b])]
    if len(asking) < 2:
        return None
    return [_item("recommendations", block, clause.strip(), offset + a + at + len(clause) - len(clause.lstrip()))
            for a, b in asking for clause, at in _ask_clauses(text[a:b]) if clause.strip()]


def asks(item: Item) -> list[Item]:
    """A recommendation read as one whole paragraph, as the asks it makes one by one, when two or more of
    its sentences ask (``cues.ask``, with a doer): "The review makes nine recommendations. Among them,
    the ICB should appoint ... The Board also calls for ..." gives two; the sentences that ask nothing
    are left out, and one verb asking for two things gives both (see ``_ask_clauses``)."""
    if item.kind != "recommendations" or item.scheme != "paragraph" or len(item.paras) != 1:
        return [item]
    para = item.paras[0]
    parts = _asking_parts(Block(para.text, para.start, para.end, para.page), para.text, 0)
    if parts is None:
        return [item]
    for number, part in enumerate(parts, start=1):
        part.ref = f"{item.ref}.{number}" if item.ref else None
        part.scheme, part.context = "paragraph", list(item.context)
    return parts


def reported_actions(item: Item) -> list[Item]:
    """A paragraph moved from the findings for what it says was done since ("Some changes have been made
    since her death. The police has introduced ... The trust has opened ..."): one measure for each
    sentence that reports an action when two or more do (the others, which only frame them, are
    left out), else the paragraph whole."""
    if len(item.paras) != 1:
        return [item]
    text = item.paras[0].text
    spans = [(a, b) for a, b in _sentence_spans(text) if _reports_action(text[a:b])]
    return _measure_parts(item, spans, "paragraph", numbered=False) if len(spans) >= 2 else [item]


def _reports_action(sentence: str, acted: bool = False) -> bool:
    """Whether a sentence reports an action (``cues.done``, with ``acted`` also ``cues.acted``) and is not
    about the review itself (``cues.not_done``)."""
    return bool((cue("done").search(sentence) or (acted and cue("acted").search(sentence)))
                and not cue("not_done").search(sentence))


def _measure_parts(item: Item, spans: list[tuple[int, int]], scheme: str | None, numbered: bool) -> list[Item]:
    """The measures the ``spans`` of an item's one paragraph give, each with the item's context (and,
    when ``numbered``, the item's ref and its number: "6.1.2")."""
    para = item.paras[0]
    block = Block(para.text, para.start, para.end, para.page)
    parts = [_item("measures", block, para.text[a:b].strip(), a) for a, b in spans]
    for number, part in enumerate(parts, start=1):
        part.ref = f"{item.ref}.{number}" if numbered and item.ref else None
        part.scheme, part.context = scheme, list(item.context)
    return parts


def actions(item: Item) -> list[Item]:
    """A measure read as one whole paragraph, as the actions it reports one by one, when every sentence
    of it reports one (``cues.done``, or ``cues.acted``: what someone did): "The trust has issued cards
    to staff. The ICB has started a review." gives two measures; a paragraph with a sentence that
    reports none stays whole."""
    if item.kind != "measures" or item.scheme not in ("paragraph", "decimal", "number") or len(item.paras) != 1:
        return [item]
    text = item.paras[0].text
    spans = _sentence_spans(text)
    if not all(_reports_action(text[a:b], acted=True) for a, b in spans):
        return [item]
    # each sentence, or its two actions ("X has asked Y to audit ..., and Z is updating ...")
    spans = [(a + start, a + start + len(clause)) for a, b in spans for clause, start in _two_actions(text[a:b])]
    return _measure_parts(item, spans, item.scheme, numbered=True) if len(spans) >= 2 else [item]


class _Reader:
    """The state of one pass over the blocks: the open section, a pending lead-in, sub-headings."""

    def __init__(self) -> None:
        self.found: dict[str, list[Item]] = {kind: [] for kind in KINDS}
        self.current: str | None = None
        self.lead: str | None = None
        self.sublist = False
        self.pending_ref: str | None = None  # the number of a "Recommendation 3" heading, for the item under it
        self.orphans: list[tuple[Block, tuple[str, int]]] = []  # marked lines under no section or lead-in
        self.groups: list[tuple[str, list[Item]]] = []  # each lead-in with the items after it
        self.quoting = False  # inside the report's words quoted paragraph by paragraph ("It stated: "...")

    def block(self, block: Block) -> None:
        text = block.text
        if _stop(text):
            self.lead = None
            return
        if cue("message_break").match(text):  # an earlier message quoted in an email: the section above ends
            self.current = self.lead = None
            return
        quote = cue("quoted_report").match(text) if self.current is None else None
        if quote or self.quoting and text[:1] in QUOTES:
            self._quote(block, text, quote.end() if quote else 0)
            return
        self.quoting = False
        mark = _mark(block)
        if block.heading or mark and mark[0][:1].isdigit() and _numbered_heading(text[mark[1]:]):
            self._heading(text[mark[1]:] if mark else text)  # "4. Learning", "5. What should practitioners do?"
            return
        if mark and len(text) > mark[1]:
            kind = self.lead or self.current
            if kind is None:
                self.orphans.append((block, mark))
            elif kind in KINDS:
                items = _split_inline(kind, block, text[mark[1]:], mark[1], "bullet", _ref(mark[0]))
                self.found[kind].extend(items)
                if self.lead and self.groups:
                    self.groups[-1][1].extend(items)
                    for item in items:
                        item.lead = self.groups[-1][0]
            return
        words = len(text.split())
        if text.endswith(":") and words <= 5 and self.lead and heading_kind(text) is None:
            return  # "Child B:" between a lead-in and its lists
        if LEAD_END.search(text) and words > 2:
            last = SENTENCE.split(text)[-1]  # the sentence that leads in the list names its kind
            self.lead = heading_kind(last) if heading_kind(last) in KINDS else self.current
            self.sublist = False
            self.groups.append((text, []))
            return
        if self._inline_lists(block):
            self.lead = None
            return
        if _is_heading(block):
            self._heading(text)
            return
        led = self.lead  # among recommendations, plain paragraphs after "What we will do:" are what the agency will do
        self.lead = None
        label = LABEL.match(text)
        if label and len(label.group("label").split()) <= 6 and heading_kind(label.group("label")) is not None:
            kind = heading_kind(label.group("label"))
            self.current = kind if kind in KINDS else None
            self.sublist = False
            if self.current:
                rest = label.group("rest")
                self.found[self.current].extend(_by_statement(self.current, block, rest, text.index(rest)))
            return
        if led == "measures" and self.current == "recommendations" and not is_answer_label(text) \
                and not cue("not_item").search(text):
            self.lead = led
            self.found[led].extend(_by_statement(led, block, text, 0))
            return
        if self.current in KINDS and not cue("not_item").search(text):
            if is_answer_label(text):
                return  # "Board response: Accepted ..." answers the item before it (responses.py)
            items = _by_statement(self.current, block, text, 0)
            if self.pending_ref and items:
                items[0].ref, self.pending_ref = self.pending_ref, None  # under "Recommendation 3"
            self.found[self.current].extend(items)

    def _quote(self, block: Block, text: str, offset: int) -> None:
        """A paragraph of the report's own words quoted in a news story: a finding, or a recommendation when it asks."""
        self.quoting = True
        body = text[offset:].strip().strip("\"“”'‘’").strip()
        if len(body.split()) < 5:
            return
        kind = "recommendations" if _asks(body) else "findings"
        self.found[kind].append(_item(kind, block, body, offset + max(text.find(body, offset) - offset, 0), scheme="quote"))

    def _inline_lists(self, block: Block) -> bool:
        """Sentences of the block that lead in an inline list ("Learning themes include: a; b; and c")."""
        text = block.text
        starts = [0] + [m.end() for m in SENTENCE.finditer(text)] + [len(text)]
        lists = []
        for left, right in zip(starts, starts[1:], strict=False):
            inline = INLINE_LEAD.match(text[left:right].strip())
            lead_words = (inline.group("lead") or inline.group("lead2")) if inline else ""
            rest = (inline.group("rest") or inline.group("rest2")) if inline else ""
            parts = _inline_parts(rest) if inline else []
            topics = inline is not None and (inline.group("lead") or all(len(p.split()) <= TOPIC_WORDS for p in parts))
            kind = heading_kind(lead_words)
            if topics and kind in KINDS and kind is not None and len(parts) >= 2:
                lists.append((kind, rest, left))
        if not lists:
            return False
        others = [(a, b) for a, b in zip(starts, starts[1:], strict=False) if not any(a == left for _, _, left in lists)]
        remainder = "".join(text[a:b] for a, b in others).strip()
        if remainder and self.current in KINDS:  # the block's other sentences are read as a paragraph
            self.found[self.current].extend(_by_statement(self.current, block, remainder, others[0][0]))
        for kind, rest, left in lists:
            offset = text.index(rest, left)
            for part in _inline_parts(rest):
                self.found[kind].append(_item(kind, block, part, offset + max(rest.find(part), 0), scheme="inline"))
        return True

    def _heading(self, text: str) -> None:
        kind = _heading_words(text)
        if kind is None and text.rstrip().endswith("?") and self.current in KINDS:
            return  # a question as a sub-heading ("Who was living in the household?") keeps its section
        if kind is None and (self.lead or self.sublist):
            self.current = self.lead or self.current  # a sub-heading of a list a lead-in opened
            self.sublist = True
            self.lead = None
            return
        self.current = kind if kind in KINDS else None
        self.lead = None
        self.sublist = False
        numbered = NUMBERED_HEADING.match(text)
        self.pending_ref = numbered.group("ref") if numbered and self.current else None


def _mostly_asking(items: list[Item]) -> bool:
    asking = [i for i in items if cue("ask").search(i.paras[0].text) or cue("imperative").match(i.paras[0].text)]
    return len(asking) * 2 > len(items)


def read_general(document: Document) -> dict[str, list[Item]]:
    """Findings, recommendations and measures of a text (kind -> items) by headings, markers and lead-ins."""
    reader = _Reader()
    for block in blocks(document):
        reader.block(block)
    for lead, items in reader.groups:  # "learning, which informed the recommendations:" then asks
        if items and items[0].kind == "findings" and re.search(r"(?i)\brecommend", lead) and _mostly_asking(items):
            for item in items:
                reader.found["findings"].remove(item)
                item.kind = "recommendations"
                reader.found["recommendations"].append(item)
    orphans = [_item("recommendations", block, block.text[end:], end, _ref(marker), "bullet") for block, (marker, end) in reader.orphans]
    if len(orphans) >= 2 and _mostly_asking(orphans):
        reader.found["recommendations"].extend(orphans)  # a list under no heading that mostly asks
    return reader.found


def sentence_parts(text: str) -> list[tuple[str, int]]:
    """The sentences of a text, each with its offset in it."""
    result = []
    offset = 0
    for sentence in SENTENCE.split(text):
        position = text.find(sentence, offset)
        offset = max(position, 0) + len(sentence)
        result.append((sentence.strip(), max(position, 0)))
    return result


def sentences(document: Document) -> list[tuple[str, Block, int]]:
    """Every sentence of the text's prose blocks: (sentence, block, offset in the block)."""
    return [(sentence, block, offset) for block in blocks(document)
            if not (_is_heading(block) or _stop(block.text) or len(block.text.split()) < 6)
            for sentence, offset in sentence_parts(block.text)]


def sentence_item(kind: str, sentence: str, block: Block, offset: int) -> Item:
    """An item of one sentence of a block, as :func:`sentences` gives them."""
    return _item(kind, block, sentence, offset, scheme="sentence")


def asks_for_something(sentence: str) -> bool:
    """A sentence that asks someone to act (``cues.ask``, not hindsight or guidance, with a doer before it)."""
    return _asks(sentence)


def names_asks(heading: str) -> bool:
    """Whether a heading names recommendations anywhere in it ("What the review found and what it asks of us")."""
    return any(pattern.search(heading) for pattern in lexicon().get("recommendations", []))


def _asks(sentence: str) -> bool:
    ask = cue("ask").search(sentence)
    if not ask or cue("not_ask").search(sentence):
        return False
    return bool(cue("asked_by").search(sentence) or cue("actor").search(sentence[:ask.start()]))


def reports_finding(sentence: str) -> bool:
    """A sentence that reports a finding: a strong cue, or a weak one ("did not") about practice or agencies."""
    if cue("found").search(sentence):
        return True
    return bool(cue("weak_found").search(sentence)) and bool(cue("practice").search(sentence))


def _listed(block: Block, sentence: str, offset: int) -> list[Item]:
    """A finding sentence, or one finding per part when it lists them ("identified the a, the b, and the c";
    "concluded that a, and that b")."""
    for lead, splitter, least in ((cue("listed").search(sentence), r",\s+(?:and\s+)?(?=the\s)", 3),
                                  (cue("reported").search(sentence), r",?\s+and that\s+", 2)):
        rest = sentence[lead.end():] if lead else ""
        parts = [p.strip(" .") for p in re.split(splitter, rest)] if lead else []
        if lead and len(parts) >= least:
            base = offset + lead.end()
            return [_item("findings", block, part, base + max(rest.find(part), 0), scheme="sentence") for part in parts]
    return [_item("findings", block, sentence, offset, scheme="sentence")]


class _Spans:
    """Character spans, merged and sorted, asked whether a span overlaps any of them (in log time)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps one of the spans."""
        index = bisect.bisect_left(self.starts, end) - 1  # the last span starting before ``end``
        return index >= 0 and self.ends[index] > start


def _done_clauses(sentence: str) -> list[tuple[str, int]]:
    """The sentence when it reports an action and is not about the review itself; else each of its clauses
    (joined by ", and" or a semicolon) that does ("A number of recommendations were made, and the agencies
    have continued to progress them" gives its second clause). (clause, offset in the sentence) pairs."""
    if not cue("not_done").search(sentence):
        return _two_actions(sentence)
    clauses = []
    starts = [0] + [m.end() for m in CLAUSE_JOIN.finditer(sentence)]
    for start, end in zip(starts, starts[1:] + [len(sentence)], strict=True):
        clause = CLAUSE_JOIN.sub("", sentence[start:end]).strip()
        if len(clause.split()) >= 5 and _reports_action(clause):
            clauses.append((clause, start))
    return clauses or _after_review_part(sentence)


def _two_actions(sentence: str) -> list[tuple[str, int]]:
    """The sentence, or its two parts when it reports an action on each side of an "and" and the second
    names its own doer ("there would be workshops for social workers and nurses and a checklist would be
    introduced"; the last such "and", so a list inside the first action stays whole; "we will provide
    training and will audit records" stays one): (clause, offset in the sentence) pairs."""
    for join in reversed(list(AND_JOIN.finditer(sentence))):
        first, second = sentence[:join.start()], sentence[join.end():]
        done = cue("done").search(second)
        if len(first.split()) >= 5 and len(second.split()) >= 5 and cue("done").search(first) and done and done.start() > 0:
            return [(first, 0), (second, join.end())]
    return [(sentence, 0)]


def _response_event(sentence: str) -> bool:
    """A meeting or session held in response to a review ("a follow-up meeting took place to maintain
    oversight of progress on the actions"): an event, and what it was for."""
    return bool(cue("event").search(sentence) and cue("response").search(sentence))


def _after_review_part(sentence: str) -> list[tuple[str, int]]:
    """What follows the first "and" after the part about the review itself, when that reports an action
    ("Recommendations were made and the agencies have been working to progress them" gives "the agencies
    have been working ..."); none when the action is not reported there."""
    about_review = cue("not_done").search(sentence)
    join = AND_JOIN.search(sentence, about_review.end()) if about_review else None
    if join is None:
        return []
    rest = sentence[join.end():]
    done = cue("done").search(rest)
    if len(rest.split()) < 5 or done is None or cue("not_done").search(rest):
        return []
    return [(rest, join.end())]


# "... and says that ...": a report's second ask joined to its first in one sentence of a news story
REPORTED_JOIN = re.compile(r",?\s+and (?:also )?(?:says|said|adds|added|states|stated|recommends|recommended|suggests|suggested) that\s+")
# "... recommends that a ..., and that b ...": one asking verb, two asks
GOVERNING = re.compile(r"\b(?:recommend(?:s|ed)?|urges?|urged|asks?|asked|including) that\b", re.I)
GOVERNED_JOIN = re.compile(r",?\s+and that\s+")


def _ask_clauses(sentence: str) -> list[tuple[str, int]]:
    """The sentence, or its two asks when it joins a second one with "and says that" ("The report calls for a
    and says that b should stop" gives both), or when one verb asks for both ("The review recommends that
    the police check ..., and that the council train ..."). (clause, offset in the sentence) pairs."""
    governing = GOVERNING.search(sentence)
    both = GOVERNED_JOIN.search(sentence, governing.end()) if governing else None
    if governing is not None and both is not None and len(sentence[governing.end():both.start()].split()) >= 4 \
            and len(sentence[both.end():].split()) >= 4:
        return [(sentence[:both.start()], 0), (sentence[both.end():], both.end())]
    join = REPORTED_JOIN.search(sentence)
    second = sentence[join.end():] if join else ""
    asked = join is not None and (bool(re.search(r"recommend|suggest", join.group())) or bool(cue("ask").search(second)))
    if join is None or len(sentence[:join.start()].split()) < 5 or not asked or cue("not_ask").search(second):
        return [(sentence, 0)]
    return [(sentence[:join.start()], 0), (sentence[join.end():], join.end())]


def sentence_candidates(document: Document, kind: str, taken: list[tuple[int, int]] | None = None,
                        plan_status: bool = False) -> list[Item]:
    """Sentences that ask for something (recommendations), report a failing or lesson (findings) or an action (measures).

    A line without a closing full stop counts only when it is long (a title is not a sentence); a
    sentence that reports a finding and asks ("found that ..., but added X should ...") is both.
    Lines already read as items of another kind (``taken`` spans) give no candidates. With
    ``plan_status``, only measures that say how the response to the review stands (``cues.plan_status``).
    """
    items: list[Item] = []
    spans = _Spans(taken or [])
    for sentence, block, offset in sentences(document):
        here = block.start + offset
        if spans.overlaps(here, here + len(sentence)):
            continue
        words = len(sentence.split())
        if words < 5 or not (SENTENCE_END.search(sentence) or LIST_ITEM_END.search(sentence)) and words < 22:
            continue
        if kind == "measures" and QUESTION.search(sentence):
            continue  # "A member asked whether the academies had accepted the recommendations."
        if kind != "measures" and LEAD_END.search(sentence):
            continue  # a lead-in ("The review ... recommended:") is no finding or recommendation (an action it reports is a measure)
        if kind == "recommendations" and _asks(sentence):
            items.extend(_item(kind, block, clause, offset + start, scheme="sentence") for clause, start in _ask_clauses(sentence))
        elif kind == "measures" and plan_status:
            if cue("plan_status").search(sentence):
                items.append(_item(kind, block, sentence, offset, scheme="sentence"))
        elif kind == "measures" and (cue("done").search(sentence) or cue("plan_status").search(sentence) or _response_event(sentence)):
            items.extend(_item(kind, block, clause, offset + start, scheme="sentence") for clause, start in _done_clauses(sentence))
        elif kind == "findings" and reports_finding(sentence) and not cue("not_found").search(sentence) and not cue("announced").search(sentence) and (
                cue("reported").search(sentence) or not _asks(sentence)):
            items.extend(_listed(block, sentence, offset))
    return items
