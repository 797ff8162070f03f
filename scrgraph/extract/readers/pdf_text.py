"""The characters of a PDF page as text runs with their position, font size and weight (pypdfium2).

One pass over the page's characters, in the order pdfium gives them: each character's loose box
(the font's full height, so that all the characters of a line share one band), the font size and
weight of each word (asked at its first character: a word keeps one type), and, where these change,
whether the font is bold (weight 600 or more, or a bold face in
its name). Characters on one line and close together make a :class:`Run`; a line break, a jump back
to the left, another line or a gap wider than two em spaces (a column gutter or a table cell) ends
one. The cost is linear in the characters on the page.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|[-,]bd\b|[-,]sb\b", re.I)
# Private-use bullets of the Symbol and Wingdings fonts, as pdfium reports them.
BULLETS = {ord(ch): "•" for ch in "\uf0b7\uf0a7\uf06c\uf06e\uf076\uf0d8\uf0fc\uf0a8\uf0de\uf0e0\u25aa\u25cf"}
SOFT_HYPHEN = "\u00ad"
GAP_EMS = 2.0  # a horizontal gap wider than this many font sizes ends a run


@dataclass
class Run:
    """Characters of one line set close together: their box (PDF points, y upwards), text and type."""

    left: float
    bottom: float
    right: float
    top: float
    chars: list[str] = field(default_factory=list)
    size_sum: float = 0.0
    counted: int = 0
    bold_count: int = 0
    bold_lead: int = -1  # how many characters it starts with in bold (counted up to its first plain one)

    @property
    def text(self) -> str:
        """The run's text, spaces normalised."""
        return " ".join("".join(self.chars).split())

    @property
    def size(self) -> float:
        """The mean font size of its characters."""
        return self.size_sum / self.counted if self.counted else 0.0

    @property
    def lead(self) -> str:
        """The words it starts with in bold, when plain ones follow ("Escalation." of a run-in heading)."""
        if self.bold_lead <= 0:
            return ""
        seen = 0
        for cut, char in enumerate(self.chars):
            seen += char != " "
            if seen == self.bold_lead:
                return " ".join("".join(self.chars[: cut + 1]).split())
        return ""

    @property
    def bold(self) -> bool:
        """Whether (nearly) all its characters are bold."""
        return self.counted > 0 and self.bold_count >= 0.9 * self.counted


def _bold_font(textpage, index: int, weight: int, buffer, flags) -> bool:
    """Whether the font of the character at ``index`` is bold (asked when size or weight changes)."""
    import pypdfium2.raw as pdfium_c

    length = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), ctypes.byref(flags))
    name = buffer.value.decode("utf-8", "replace") if 0 < length <= len(buffer) else ""
    return weight >= 600 or bool(BOLD_NAME.search(name.partition("+")[2] or name))


def page_runs(textpage, count: int) -> list[Run]:
    """The runs of a page's ``count`` characters, in pdfium's order."""
    import pypdfium2.raw as pdfium_c

    handle = textpage.raw
    box = pdfium_c.FS_RECTF()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    runs: list[Run] = []
    run: Run | None = None
    font: tuple[float, int, int | None] | None = None
    piece: int | None = None
    word_start, size, weight = True, 0.0, 0
    bold = False
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(handle, index)
        if code in (10, 13):
            run, word_start = None, True
            continue
        char = chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        if char == " " or code == 0xA0:
            word_start = True
            if run is not None:
                run.chars.append(" ")
            continue
        if code == 2:  # pdfium's mark for a hyphen that breaks a word at the end of a line
            char = SOFT_HYPHEN
        char = char.translate(BULLETS)
        if word_start:  # a word keeps one size, weight and text object: asked once a word, not once a character
            size = pdfium_c.FPDFText_GetFontSize(handle, index)
            weight = pdfium_c.FPDFText_GetFontWeight(handle, index)
            piece = ctypes.cast(pdfium_c.FPDFText_GetTextObject(handle, index), ctypes.c_void_p).value
            word_start = False
        if (size, weight, piece) != font:  # a bold word set in the same size and weight is another text object
            font = (size, weight, piece)
            bold = _bold_font(handle, index, weight, buffer, flags)
        if not pdfium_c.FPDFText_GetLooseCharBox(handle, index, box):
            continue
        left, right, bottom, top = box.left, box.right, min(box.bottom, box.top), max(box.bottom, box.top)
        middle = (bottom + top) / 2
        em = max(size, top - bottom, 1.0)
        if run is None or not run.bottom <= middle <= run.top or left > run.right + GAP_EMS * em \
                or left < run.left - em:
            run = Run(left, bottom, right, top)
            runs.append(run)
        else:
            run.right = max(run.right, right)
            run.left = min(run.left, left)
        run.chars.append(char)
        run.size_sum += size
        run.counted += 1
        run.bold_count += bold
        if run.bold_lead < 0 and not bold:
            run.bold_lead = run.counted - 1
    return [run for run in runs if run.text]
