"""From lines to paragraphs: item markers, labels standing apart, and headings.

A :class:`Para` is one paragraph-like unit: a heading, a text paragraph, a list item with its
marker (``4.2``, ``1.``, ``(a)``, ``ii)``, ``Recommendation 3``, a bullet), a *label* (a marker
standing alone, its text further down) or a table row. For page-laid-out text (PDF, plain text)
physical lines are joined into paragraphs where a line runs to the full width (it was wrapped) or
ends in the middle of a phrase; a short line ends a paragraph, so headings and bullet lists whose
bullet glyphs were lost still come out one per line. Headings are found from the markup, from bold
short paragraphs, or from their look: short, no full stop, not inside a list that a colon opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrgraph.extract.document import Document, Line
from scrgraph.extract.profiles import Profile, heading_kind

DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){1,3})\.?(?=\s|$)")
NUMBER = re.compile(r"^(?:\((\d{1,3})\)|(\d{1,3})[.)])(?=\s|$)")
ROMAN_WORD = r"(?:x{0,2}(?:ix|iv|v?i{1,3}|v|x))"
ROMAN = re.compile(rf"^(?:\(({ROMAN_WORD})\)|({ROMAN_WORD})[.)])(?=\s|$)")
LETTER = re.compile(r"^(?:\(([a-zA-Z])\)|([a-z])[.)]|([A-Z])\))(?=\s|$)")
BULLET = re.compile(r"^(?:[•●▪■◦‣○·\uf0b7\uf0a7\uf076\u2013\u2014*➢►✓-]|o(?=\s+[A-Z]))(?=\s|$)")
FUNCTION_WORDS = {"the", "of", "and", "to", "a", "an", "in", "for", "with", "by", "on", "at", "from", "or", "that",
                  "which", "as", "its", "their", "his", "her", "this", "these", "between", "within", "into", "about"}
VERBS = re.compile(r"\b(?:should|must|will|shall|would|could|can|may|might|is|are|was|were|has|have|had|be|been)\b", re.I)
QUESTION_START = re.compile(r"^(?:what|how|why|when|where|who|which)\b", re.I)
CONTINUES_REFERENCE = re.compile(r"\b(?:paragraphs?|paras?|sections?|pages?|chapters?|recommendations?|findings?|see|para\.)$", re.I)
SENTENCE_END = re.compile(r"[.!?]['’\"”)]*$")


@dataclass
class Para:
    """A paragraph-like unit of a document (see the module docstring)."""

    text: str
    start: int
    end: int
    page: int | None
    kind: str = "text"  # text | heading | label | item | row
    level: int = 0
    scheme: str | None = None  # decimal | number | letter | roman | labelled | short | bullet | cont
    ref: str | None = None
    markup: bool = False
    gap: bool = False
    nlines: int = 1
    cells: tuple[str, ...] = ()
    cell_parts: tuple[tuple[str, ...], ...] = ()  # each cell's paragraphs (Line.cell_parts)
    table: int | None = None
    row: int | None = None
    bold: bool = False
    explicit: bool = False
    number: str | None = None
    list_context: bool = False
    label_word: str | None = None

    @property
    def depth(self) -> int:
        """How deep a decimal ref is (4.2 -> 2, 4.2.1 -> 3); 1 for other refs."""
        return self.ref.count(".") + 1 if self.scheme == "decimal" and self.ref else 1


# ---------------------------------------------------------------------------------------------
# Markers


def _labelled_pattern(profile: Profile) -> re.Pattern[str]:
    labels = "|".join(f"(?:{w})" for w in profile.get("item_labels") or ["recommendations?", "findings?"])
    return re.compile(rf"^(?P<label>{labels})\s*(?:no\.?\s*)?(?P<num>\d{{1,3}}(?:\.\d{{1,2}})?[a-z]?)\b\s*(?:[:.\-–—)]\s*|\s+|$)", re.I)


def parse_marker(text: str, profile: Profile) -> tuple[str, str, str, str | None] | None:
    """(scheme, ref, rest of the text, label word) of an item marker at the start of a line, or ``None``."""
    text = text.strip()
    if not text:
        return None
    match = _labelled_pattern(profile).match(text)
    if match and match.group("label")[0].isupper():
        return "labelled", match.group("num"), text[match.end():].strip(), match.group("label").lower().rstrip(".")
    short = profile.get("short_refs")
    if short:
        match = re.match(rf"^(?P<ref>{short})(?:[:.)]\s*|\s+|$)", text)
        if match and not re.match(r"^[A-Z]{1,3}\d{1,2}\s+(?:[a-z]|\d)", text):
            return "short", match.group("ref"), text[match.end():].strip(), None
    match = DECIMAL.match(text)
    if match:
        return "decimal", match.group(1), text[match.end():].strip(), None
    match = NUMBER.match(text)
    if match:
        return "number", match.group(1) or match.group(2), text[match.end():].strip(), None
    match = ROMAN.match(text)
    if match:
        return "roman", match.group(1) or match.group(2), text[match.end():].strip(), None
    match = LETTER.match(text)
    if match:
        return "letter", match.group(1) or match.group(2) or match.group(3), text[match.end():].strip(), None
    match = BULLET.match(text)
    if match:
        return "bullet", "", text[match.end():].strip(), None
    return None


def marker_scheme(marker: str, profile: Profile) -> tuple[str, str]:
    """The scheme and ref of a list marker from the markup ("1." -> number 1, "•" -> bullet)."""
    if not marker:
        return "cont", ""
    parsed = parse_marker(marker + " x", profile)
    if parsed is None:
        return "bullet", ""
    return parsed[0], parsed[1]


# ---------------------------------------------------------------------------------------------
# Headings


def looks_like_heading(text: str, max_words: int = 14) -> bool:
    """A short line that names rather than says: a capital first, no colon or comma at the end, no verb."""
    text = text.strip()
    words = text.split()
    if not words or len(words) > max_words:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'‘“("):
        return False
    if text[-1] in ",;:" or words[-1].strip("\"'’”") in FUNCTION_WORDS:
        return False
    if re.fullmatch(r"[\d\s.,/-]+", text):
        return False
    if VERBS.search(text) and not QUESTION_START.match(text):
        return False
    if text.endswith("."):
        if len(words) > 10 or re.search(r"\.\s+[A-Z]", text):
            return False
        if any(w.lower().endswith("ed") for w in words[1:]):
            return False
    if text.count(".") > 1 and not re.search(r"\d\.\d", text):
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Building paragraphs


def _wrap_width(lines: list[Line]) -> int:
    lengths = sorted(len(line.text) for line in lines if not line.blank and line.kind == "text")
    if not lengths:
        return 80
    return max(20, lengths[int(0.9 * (len(lengths) - 1))])


def _full(text: str, width: int) -> bool:
    return len(text) >= 0.8 * width


def _ends_mid_phrase(text: str) -> bool:
    words = text.rstrip().split()
    return bool(words) and (words[-1] in FUNCTION_WORDS or text.rstrip().endswith(("-", "–", "/", "&")))


def _lines_are_paragraphs(lines: list[Line], width: int) -> bool:
    """True for a text that writes each paragraph on one line (a web page saved as text) rather than
    wrapping it: a third or more of its full-width lines end a sentence, where a wrapped text's end
    one only by chance (under a tenth, measured on PDF text and plain-text reports); or, among three
    full-width lines or more followed by text, none is followed by a line that goes on in lower case
    (most are, in a wrapped text: 0.78-0.94 measured), as when a flattened table's rows fill the page."""
    full = [line.text.rstrip() for line in lines if not line.blank and _full(line.text, width)]
    if full and sum(1 for text in full if SENTENCE_END.search(text)) * 3 >= len(full):
        return True
    nexts = [after.text for line, after in zip(lines, lines[1:], strict=False)
             if not line.blank and not after.blank and _full(line.text, width)]
    return len(nexts) >= 3 and not any(text[:1].islower() for text in nexts)


BARE_NUMBER = re.compile(r"^(\d{1,2})(?:\s+(?=[A-Z])|$)")
BARE_RUN_REACH = 6  # lines from one bare number to the next of its run


def _bare_numbered(lines: list[Line]) -> dict[int, re.Match[str]]:
    """Lines that start with a bare number ("1 Police to review ...") or are one ("1", its cells on the
    lines after it), counting up by one from 1 over two or more lines, each within a few lines of the
    last: the rows of a table saved as text, or a numbered list whose points were lost. A lone
    "2 children ..." is no item."""
    found: dict[int, re.Match[str]] = {}
    run: list[tuple[int, re.Match[str]]] = []
    for index, line in enumerate(lines):
        match = BARE_NUMBER.match(line.text) if not line.blank else None
        if match is None:
            continue
        number = int(match.group(1))
        if run and number == int(run[-1][1].group(1)) + 1 and index - run[-1][0] <= BARE_RUN_REACH:
            run.append((index, match))
            continue
        if len(run) >= 2:
            found.update(run)
        run = [(index, match)] if number == 1 else []
    if len(run) >= 2:
        found.update(run)
    return found


def _wrapped_paras(document: Document, profile: Profile) -> list[Para]:
    width = _wrap_width(document.lines)
    one_line_each = _lines_are_paragraphs(document.lines, width)
    bare = _bare_numbered(document.lines)
    paras: list[Para] = []
    current: Para | None = None
    previous: Line | None = None
    gap = True
    in_list = False  # inside a list a colon opened: a line starting with a capital starts an item
    for index, line in enumerate(document.lines):
        if line.blank:
            current, gap = None, True
            continue
        if line.kind == "row":  # a table written with "|" between its cells (readers/text.py)
            paras.append(Para(line.text, line.start, line.end, line.page, "row", cells=line.cells,
                              cell_parts=line.cell_parts, table=line.table, row=line.row, gap=gap))
            current, previous, gap = None, line, False
            continue
        marker = parse_marker(line.text, profile)
        if marker is None and index in bare:
            marker = ("number", bare[index].group(1), line.text[bare[index].end():].strip(), None)
        if marker and marker[0] in ("decimal", "number") and previous is not None and current is not None and not gap \
                and CONTINUES_REFERENCE.search(previous.text.rstrip()):
            marker = None  # "... see paragraph\n3.4 of the report" goes on
        if marker and marker[0] == "bullet" and not marker[2]:
            marker = None
        if marker:
            scheme, ref, rest, label = marker
            kind = "label" if not rest else "item"
            para = Para(rest, line.start, line.end, line.page, kind, scheme=scheme, ref=ref, gap=gap, label_word=label)
            paras.append(para)
            current = para if rest else None
        elif current is not None and previous is not None and line.kind != "heading" and (
                _ends_mid_phrase(previous.text)
                or (_full(previous.text, width) and not (in_list and line.text[:1].isupper())
                    and not (one_line_each and SENTENCE_END.search(previous.text.rstrip())))):
            current.text = f"{current.text} {line.text}"
            current.end = line.end
            current.nlines += 1
        elif line.kind == "heading" and previous is not None and line.page != previous.page:
            # a heading the reader saw by its type at the top of a page (a slide's title): never the end of
            # the page's last line before it, nor an item of the list there
            current = Para(line.text, line.start, line.end, line.page, "heading", gap=gap, level=line.level or 2)
            paras.append(current)
        else:
            current = Para(line.text, line.start, line.end, line.page, "text", gap=gap)
            paras.append(current)
        if current is not None and current.text.rstrip().endswith(":"):
            in_list = True
        elif current is not None and current.start == line.start and gap:
            before = next((p for p in reversed(paras) if p is not current and p.kind != "label"), None)
            in_list = before is not None and before.text.rstrip().endswith(":")
        previous = line
        gap = False
    return paras


def _structured_paras(document: Document, profile: Profile) -> list[Para]:
    paras: list[Para] = []
    gap = True
    for line in document.lines:
        if line.blank:
            gap = True
            continue
        if line.kind == "row":
            paras.append(Para(line.text, line.start, line.end, line.page, "row", cells=line.cells,
                              cell_parts=line.cell_parts, table=line.table, row=line.row, gap=gap))
        elif line.kind == "heading" and (labelled := _labelled_heading(line.text, profile)):
            scheme, ref, rest, label = labelled
            paras.append(Para(rest, line.start, line.end, line.page, "item" if rest else "label", scheme=scheme,
                              ref=ref, gap=gap, bold=True, label_word=label))
        elif line.kind == "heading":
            text = line.text
            number = None
            match = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=\S)", text)
            if match:
                number, text = match.group(1), text[match.end():]
            paras.append(Para(text, line.start, line.end, line.page, "heading", level=line.level, explicit=True,
                              bold=line.bold, gap=gap, number=number))
        elif line.kind == "item":
            scheme, ref = marker_scheme(line.marker or "", profile)
            text = line.text
            label = None
            inner = parse_marker(text, profile)
            if inner and inner[0] in ("labelled", "decimal") and inner[2]:
                scheme, ref, text, label = inner  # "1. Recommendation 3: ..." keeps the printed ref
            paras.append(Para(text, line.start, line.end, line.page, "item", level=line.level, scheme=scheme,
                              ref=ref, markup=True, gap=gap, bold=line.bold, label_word=label))
        else:
            marker = parse_marker(line.text, profile)
            if marker and not (marker[0] == "bullet" and not marker[2]):
                scheme, ref, rest, label = marker
                paras.append(Para(rest, line.start, line.end, line.page, "item" if rest else "label", scheme=scheme,
                                  ref=ref, gap=gap, bold=line.bold, label_word=label))
            else:
                paras.append(Para(line.text, line.start, line.end, line.page, "text", gap=gap, bold=line.bold))
        gap = False
    return paras


def _labelled_heading(text: str, profile: Profile) -> tuple[str, str, str, str | None] | None:
    """A heading that is an item's label ("Recommendation 3", "Finding 2: Title", "F1 Title")."""
    marker = parse_marker(text, profile)
    return marker if marker and marker[0] in ("labelled", "short") else None


def _mark_headings(paras: list[Para], document: Document, profile: Profile) -> None:
    max_words = int(profile.get("heading_max_words") or 14)
    previous: Para | None = None
    for index, para in enumerate(paras):
        following = paras[index + 1] if index + 1 < len(paras) else None
        before = next((p for p in reversed(paras[:index]) if p.kind != "label"), None)
        if para.kind == "text" and para.text.rstrip().endswith(":") and len(para.text.split()) <= 6 \
                and following is not None and _section_heading(para.text.rstrip().rstrip(":"), profile):
            para.kind, para.level = "heading", 2  # "Recommendations:" on a line of its own
            continue
        if para.kind == "text":
            in_list = before is not None and before.kind in ("text", "item") and (
                before.text.rstrip().endswith(":") or (before.list_context and not para.gap))
            if in_list and document.wrapped:
                para.list_context = True
            elif following is not None and not para.text.rstrip().endswith(":"):
                if para.bold and looks_like_heading(para.text.rstrip(":"), max_words):
                    para.kind, para.level = "heading", 2
                elif document.wrapped and para.nlines <= 2 and looks_like_heading(para.text, max_words) \
                        and not following.text[:1].islower():
                    para.kind, para.level = "heading", 2
                elif not document.wrapped and looks_like_heading(para.text, 8) and not SENTENCE_END.search(para.text) \
                        and following.kind in ("text", "item", "label", "heading", "row") and not in_list:
                    para.kind, para.level = "heading", 3
        previous = para
    del previous


def _section_heading(text: str, profile: Profile) -> bool:
    return heading_kind(text, profile) is not None


def _section_numbers(paras: list[Para]) -> set[str]:
    return {p.ref.split(".")[0] for p in paras if p.scheme == "decimal" and p.ref}


def _numbered_headings(paras: list[Para], profile: Profile) -> list[Para]:
    """Join a section number standing alone ("3.") to the heading after it; "4. Recommendations" is a heading."""
    decimal_sections = _section_numbers(paras)
    section_words = [profile.alternation(f"sections.{kind}", whole=False) for kind in ("findings", "recommendations", "measures", "other")]
    result: list[Para] = []
    skip = -1
    last = 0  # the number of the last numbered heading: "4. What we need you to do" after "3. What we found" is the next
    for index, para in enumerate(paras):
        if index <= skip:
            continue
        if para.kind == "heading" and para.number and para.number.isdigit():
            last = int(para.number)
        following = paras[index + 1] if index + 1 < len(paras) else None
        if para.kind == "label" and para.scheme == "number" and following is not None \
                and following.kind in ("heading", "text") and looks_like_heading(following.text):
            following.kind, following.level, following.number = "heading", 1, para.ref
            following.start = para.start
            following.explicit = following.explicit
            result.append(following)
            skip = index + 1
            continue
        if para.kind == "item" and para.scheme == "number" and not para.markup and looks_like_heading(para.text, 8) \
                and not SENTENCE_END.search(para.text) and (
                    para.ref in decimal_sections or any(p is not None and p.match(para.text) for p in section_words)
                    or (last and para.ref == str(last + 1))):
            para.kind, para.level, para.number = "heading", 1, para.ref
            para.scheme = None
            last = int(para.ref) if para.ref and para.ref.isdigit() else last
        result.append(para)
    return result


def build_paras(document: Document, profile: Profile) -> list[Para]:
    """The paragraphs of a document, with markers parsed and headings found."""
    paras = _wrapped_paras(document, profile) if document.wrapped else _structured_paras(document, profile)
    _mark_headings(paras, document, profile)
    return _numbered_headings(paras, profile)
