"""Markdown (``.md``): headings, lists nested by indent, tables, paragraphs; inline markup reduced to words."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from scrgraph.extract.document import Document, Line
from scrgraph.extract.readers.text import document_text

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_MD_BULLET = re.compile(r"^(\s*)([-*+•])\s+(.*)$")
_MD_ORDERED = re.compile(r"^(\s*)(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})([.)])\s+(.*)$")
# A decimal number opening a line indented inside a list item ("   1.2 The Trust should ..."), which
# Markdown does not count as a list marker: a numbered point under the item.
_MD_DECIMAL = re.compile(r"^\s+(\d{1,3}(?:\.\d{1,3})+)\.?\s+(\S.*)$")
# A list item that is only a title (a few words, no full stop): a heading when numbered points follow under it.
_TITLE = re.compile(r"[^.!?:;]{1,80}")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


# Each pattern stops at the next delimiter it could open, so no line makes it scan more than once.
_INLINE = [(re.compile(pattern, flags), replacement) for pattern, replacement, flags in [
    (r"<sup>([^<]*)</sup>", r"\1", re.I),
    (r"<br\s*/?>", " ", re.I),
    (r"<[^<>]+>", "", 0),
    (r"!\[([^\[\]]*)\]\([^()]*\)", r"\1", 0),
    (r"\[([^\[\]]*)\]\([^()]*\)", r"\1", 0),
    (r"\[([^\[\]]*)\]\[[^\[\]]*\]", r"\1", 0),
    (r"(\*\*|__)(.+?)\1", r"\2", 0),
    (r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?!\w)", r"\1", 0),
    (r"(?<![\w_])_(?!\s)([^_]+?)(?<!\s)_(?![\w])", r"\1", 0),
    (r"`([^`]*)`", r"\1", 0),
    (r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", 0),
]]


def inline_markup(text: str) -> str:
    """Markdown/HTML inline markup reduced to its words."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return " ".join(html_lib.unescape(text).replace("\u00a0", " ").split())


def _md_bold(text: str) -> bool:
    stripped = text.strip()
    return bool(re.fullmatch(r"(\*\*|__)[^*_]+\1:?", stripped))


def read_md(path: Path, data: bytes) -> Document:
    """Markdown: headings, list items (nested by indent), tables and joined paragraph lines."""
    text, document = document_text(path, data, "md")
    lines: list[Line] = []
    paragraph: list[str] = []
    item: Line | None = None
    owner: Line | None = None  # the list item (by its Markdown marker) the lines indented under it belong to
    item_indent = 0
    table_number = 0
    in_table = False
    row_number = 0
    in_code = False
    continued: dict[int, list[str]] = {}  # an item's lines, joined once at the end (never line by line)

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            raw = " ".join(p.strip() for p in paragraph)
            lines.append(Line(inline_markup(raw), 1, "text", bold=_md_bold(raw)))
            paragraph = []

    source = text.split("\n")
    for index, raw in enumerate(source):
        if raw.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        following = source[index + 1] if index + 1 < len(source) else ""
        if not raw.strip():
            flush()
            item = None if item is None or not following.startswith((" ", "\t")) else item
            owner = owner if item is not None else None
            in_table = False
            lines.append(Line("", 1, "blank"))
            continue
        heading = _MD_HEADING.match(raw)
        if heading:
            flush()
            item = owner = None
            title = heading.group(2).rstrip().rstrip("#").rstrip()
            lines.append(Line(inline_markup(title), 1, "heading", level=len(heading.group(1))))
            continue
        if paragraph and re.match(r"^\s{0,3}(=+|-+)\s*$", raw) and not item:
            level = 1 if raw.strip().startswith("=") else 2
            title = inline_markup(" ".join(paragraph))
            paragraph = []
            lines.append(Line(title, 1, "heading", level=level))
            continue
        if _MD_RULE.match(raw):
            flush()
            item = owner = None
            continue
        if raw.strip().startswith("|") and raw.strip().endswith("|") or in_table and "|" in raw:
            flush()
            item = owner = None
            if _MD_TABLE_SEP.match(raw):
                continue
            if not in_table:
                table_number += 1
                row_number = 0
                in_table = True
            cells = tuple(inline_markup(c) for c in raw.strip().strip("|").split("|"))
            row_number += 1
            lines.append(Line(" | ".join(cells), 1, "row", cells=cells, table=table_number, row=row_number))
            continue
        in_table = False
        bullet = _MD_BULLET.match(raw)
        ordered = None if bullet else _MD_ORDERED.match(raw)
        marked = bullet or ordered
        if marked:
            flush()
            indent = len(marked.group(1).expandtabs(4))
            marker = "•" if bullet else marked.group(2) + marked.group(3)
            body = marked.group(3) if bullet else marked.group(4)
            item = owner = Line(inline_markup(body), 1, "item", level=indent // 2, marker=marker)
            item_indent = indent
            lines.append(item)
            continue
        indent = len(raw) - len(raw.lstrip())
        sub = _MD_DECIMAL.match(raw) if owner is not None and item is not None and indent > item_indent else None
        if sub and owner is not None:  # "   1.2 ..." inside item 1: an item of its own, one level down
            if owner.kind == "item" and _TITLE.fullmatch(owner.text):  # "1. **Maternity care**" over its points: their heading
                owner.kind, owner.level = "heading", 3
            level = owner.level + 1 if owner.kind == "item" else 0
            item = Line(inline_markup(sub.group(2)), 1, "item", level=level, marker=sub.group(1))
            lines.append(item)
            continue
        if item is not None and (indent > item_indent or not paragraph) and lines and lines[-1] is item:
            continued.setdefault(id(item), [item.text]).append(inline_markup(raw))
            continue
        if item is not None and indent > item_indent:
            # A second paragraph inside a list item.
            lines.append(Line(inline_markup(raw), 1, "item", level=item.level + 1, marker=""))
            item = lines[-1]
            continue
        item = owner = None
        paragraph.append(raw)
    flush()
    for line in lines:
        if id(line) in continued:
            line.text = " ".join(continued[id(line)])
    document.lines = lines
    return document
