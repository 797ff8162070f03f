"""Clean text at the door (control characters) and page-laid-out text (furniture, hyphenation, page breaks).

:func:`clean_controls` runs on every document's text before anything else reads it: terminal
escape sequences, control characters (NUL, vertical tab, C1 controls), bidirectional overrides
and characters XML cannot hold (lone surrogates, non-characters) go, so nothing a document carries
can rewrite the analyst's screen, reorder what a record shows, or stop a writer (XLSX, GraphML).
Vertical tabs, next-line and line/paragraph separators become line breaks.

The rest is used for PDF and for plain text with form feeds. Pages come in as lists of :class:`Line` (blank
lines already mark paragraph gaps); one list of lines comes out, in which:

- a line that repeats at the top or bottom of at least half the pages (digits ignored, so
  "Page 3 of 12" and a browser's "24/11/25, 17:39 Title" stamp repeat; web addresses ignored, so a
  footer address the browser cut short at different lengths repeats) is a running header or footer
  and goes, however long;
- a line at the top or bottom of a page that is only a page number ("7", "Page 7", "- 7 -",
  "vii", "3/84") or a web address (with or without such a number) goes;
- a word broken with a hyphen at the end of a line is joined ("assess-" + "ment"), except after
  prefixes that keep their hyphen ("multi-" + "agency");
- a paragraph that runs over a page break is joined: no paragraph break is put between the pages
  when the last line of a page does not end a sentence, or the next page goes on in lower case.
"""

from __future__ import annotations

import re

from scrgraph.controls import clean_controls
from scrgraph.extract.document import Line

PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?$", re.I)
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)  # a web address (a browser print's footer cuts it with "…")
HYPHEN_END = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,})[-\u00ad\u0002]$")  # the lookbehind: one try per run of letters, not one per letter
KEEP_HYPHEN = {"multi", "inter", "non", "self", "cross", "pre", "post", "co", "ex", "anti", "well", "semi",
               "mid", "re", "sub", "over", "under", "out", "cot", "long", "short", "part", "full", "step", "half",
               "e", "x", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
               "single", "joint", "face", "child", "family", "case", "risk", "high", "low", "older", "young",
               "first", "second", "third", "decision", "problem", "evidence", "hard", "far", "time"}
ZONE = 2  # lines at the top and at the bottom of a page that may be headers, footers or page numbers
SENTENCE_END = re.compile(r"[.!?:;)\]\"'’”]$")

INVISIBLE = {ord(ch): None for ch in "\u00ad\u200b\u2060\ufeff"}  # soft hyphen, zero-width space and joiner, BOM


def clean_line(text: str) -> tuple[str, int]:
    """One line's text cleaned (:func:`clean_controls`, breaks as spaces, no invisible characters)."""
    text, removed = clean_controls(text)
    if "\n" in text or "\t" in text or "\f" in text or "\r" in text:
        text = " ".join(text.split())
    return text.translate(INVISIBLE), removed


def _signature(text: str) -> str:
    """A line in the form that repeats on every page: addresses as one token, numbers as #."""
    words = text.lower().split()
    if _starts_block(text):
        return "\x00" + " ".join(words)  # a numbered paragraph or bullet: never counted as repeating
    return re.sub(r"\d+", "#", URL.sub("<address>", " ".join(words)))


def is_page_furniture(text: str) -> bool:
    """A page number ("7", "Page 7 of 12", "- 7 -", "vii", "3/84"), or a bare web address with or without
    one (a browser's printed footer): never text, wherever it stands at a page's top or bottom."""
    bare = URL.sub("", text).strip(" \t|–—-")
    return bool(PAGE_NUMBER.match(text.strip())) or (bare != text.strip() and (not bare or bool(PAGE_NUMBER.match(bare))))


def _zone_indices(lines: list[Line]) -> tuple[list[int], list[int]]:
    body = [i for i, line in enumerate(lines) if not line.blank]
    return body[:ZONE], body[-ZONE:] if len(body) > ZONE else body[ZONE:]


def remove_furniture(pages: list[list[Line]]) -> tuple[list[list[Line]], int]:
    """Remove running headers, footers and page numbers; return the pages and how many lines went."""
    if not pages:
        return pages, 0
    top_counts: dict[str, int] = {}
    bottom_counts: dict[str, int] = {}
    zones = []
    for lines in pages:
        top, bottom = _zone_indices(lines)
        zones.append((top, bottom))
        for sig in {_signature(lines[i].text) for i in top}:
            top_counts[sig] = top_counts.get(sig, 0) + 1
        for sig in {_signature(lines[i].text) for i in bottom}:
            bottom_counts[sig] = bottom_counts.get(sig, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    removed = 0
    result = []
    for lines, (top, bottom) in zip(pages, zones, strict=True):
        drop = set()
        for i in top:
            sig = _signature(lines[i].text)
            if (len(pages) >= 2 and not sig.startswith("\x00") and top_counts.get(sig, 0) >= needed) or is_page_furniture(lines[i].text):
                drop.add(i)
        for i in bottom:
            sig = _signature(lines[i].text)
            if (len(pages) >= 2 and not sig.startswith("\x00") and bottom_counts.get(sig, 0) >= needed) or is_page_furniture(lines[i].text):
                drop.add(i)
        removed += len(drop)
        result.append([line for i, line in enumerate(lines) if i not in drop])
    return result, removed


def join_hyphenation(lines: list[Line]) -> list[Line]:
    """Join words broken with a hyphen at the end of a line (the word moves up to the first line)."""
    for i, line in enumerate(lines):
        match = HYPHEN_END.search(line.text)
        if not match:
            continue
        j = i + 1
        while j < len(lines) and lines[j].blank and j - i <= 2:
            j += 1
        if j >= len(lines) or lines[j].kind not in ("text",):
            continue
        following = lines[j].text.lstrip()
        word = re.match(r"[a-z][\w'’]*[,.;:!?)]?", following)
        if not word:
            continue
        stem = match.group(1)
        keep = stem.split("-")[-1].lower() in KEEP_HYPHEN or line.text.endswith("-") and following[:1].isdigit()
        head = line.text[: match.end(1)] + ("-" if keep else "")
        line.text = head + word.group()
        lines[j].text = following[word.end():].lstrip()
        if not lines[j].text:
            lines[j].kind = "blank"
    return lines


def join_pages(pages: list[list[Line]]) -> list[Line]:
    """One list of lines: a blank line between pages, except where a paragraph runs over the break."""
    joined: list[Line] = []
    for lines in pages:
        lines = [line for line in lines]
        while lines and lines[0].blank:
            lines.pop(0)
        while lines and lines[-1].blank:
            lines.pop()
        if not lines:
            continue
        if joined:
            last = next((line for line in reversed(joined) if not line.blank), None)
            first = lines[0]
            runs_on = last is not None and (
                not SENTENCE_END.search(last.text.rstrip())
                or first.text.lstrip()[:1].islower()
            ) and not _starts_block(first.text) and last.kind == "text"
            if not runs_on:
                joined.append(Line("", first.page, "blank"))
        joined.extend(lines)
    return joined


def _starts_block(text: str) -> bool:
    """A line that starts a numbered paragraph or a bullet never continues the previous page."""
    return bool(re.match(r"^\s*(?:\d{1,2}(?:\.\d{1,3})*\.?\s|[•●▪■◦‣\-–*·]\s|\(?[a-z]\)\s)", text))


def clean_pages(pages: list[list[Line]]) -> tuple[list[Line], int]:
    """Headers, footers and page numbers out; hyphenation and page breaks joined."""
    pages, removed = remove_furniture(pages)
    lines = join_pages(pages)
    return join_hyphenation(lines), removed
