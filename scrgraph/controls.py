"""Characters no text scrgraph keeps may carry: control characters, escape codes, bidirectional overrides.

One definition for the whole project. Documents are cleaned of them at the door
(:func:`clean_controls`, used by :mod:`scrgraph.extract.cleaning`); review records and trackers that
carry them are refused or cleaned (:func:`first_control`); and every writer passes text through
:func:`xml_safe` (XLSX, DOCX, GraphML, HTML) (and the terminal), so that text a
store already holds can always be written out.

Examples
--------
>>> clean_controls("a\\x1b[31mred\\x00")
('ared', 6)
>>> first_control("fine\\ttext"), first_control("bad\\u202etext")
(None, '\\u202e')
>>> xml_safe("page\\fbreak")
'page\\nbreak'
"""

from __future__ import annotations

import re

# Terminal escape sequences: CSI (ESC [ ... final byte, or the one-byte C1 CSI), OSC (ESC ] ... BEL or
# ESC \\), and the two-byte escapes (ESC and one character).
ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?")
LINE_BREAKS = "\v\x85\u2028\u2029"  # vertical tab, next line, line and paragraph separators
# Control characters but tab, newline, form feed and carriage return; C1 controls; the Arabic letter mark,
# left-to-right and right-to-left marks; bidirectional embeddings, overrides and isolates; lone surrogates;
# non-characters. As (first, last) code points.
UNWANTED_RANGES = [(0x00, 0x08), (0x0b, 0x0b), (0x0e, 0x1f), (0x7f, 0x9f), (0x061c, 0x061c), (0x200e, 0x200f),
                   (0x202a, 0x202e), (0x2066, 0x2069), (0xd800, 0xdfff), (0xfdd0, 0xfdef), (0xfffe, 0xffff)]
_UNWANTED = re.compile("[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in UNWANTED_RANGES)
                       + "".join(f"\\U{ord(ch):08x}" for ch in LINE_BREAKS) + "]")
UNWANTED: dict[int, str | None] = {code: None for first, last in UNWANTED_RANGES for code in range(first, last + 1)}
UNWANTED.update({ord(ch): "\n" for ch in LINE_BREAKS})
# What a record's text may not hold: the unwanted characters, the line breaks XML and spreadsheets
# cannot hold, and the form feed.
_NOT_IN_RECORDS = re.compile(_UNWANTED.pattern[:-1] + "\\f]")


def clean_controls(text: str) -> tuple[str, int]:
    """Text without escape sequences, control and bidirectional-override characters; and how many went.

    Tabs, newlines, form feeds and carriage returns stay (readers use them); vertical tabs and the
    Unicode line separators become newlines and are not counted.
    """
    if not _UNWANTED.search(text):
        return text, 0
    before = len(text)
    text = ESCAPE_SEQUENCE.sub("", text).translate(UNWANTED)
    return text, before - len(text)


def first_control(text: str) -> str | None:
    """The first character of ``text`` a review record may not hold (tab, newline and carriage return may)."""
    found = _NOT_IN_RECORDS.search(text)
    return found.group() if found else None


def xml_safe(text: str) -> str:
    """Text every XML format (XLSX, DOCX, GraphML, HTML) can hold, and a terminal can show without being
    rewritten: :func:`clean_controls`, form feeds as newlines."""
    if not _NOT_IN_RECORDS.search(text):
        return text
    return clean_controls(text)[0].replace("\f", "\n")


def code_point(char: str) -> str:
    """A character as analysts can look it up: ``U+001B``."""
    return f"U+{ord(char):04X}"
