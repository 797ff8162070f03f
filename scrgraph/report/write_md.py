"""Write the report as Markdown, with its charts saved as PNG files beside it.

Text from reviews is data: characters Markdown or HTML would act on are escaped, and table cells
escape pipes and line breaks (as :func:`scrgraph.output.format_rows` does).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from scrgraph.report.model import Bullets, Document, Figure, Heading, Paragraph, Table

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)(#|>|[+-](?=\s|$)|\d+[.)](?=\s|$))")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written, on one line: HTML and Markdown punctuation escaped.

    >>> md_escape("# <b>*x*</b> [a](b) | 1_2 & 4.3 &amp;")
    '\\\\# &lt;b&gt;\\\\*x\\\\*&lt;/b&gt; \\\\[a\\\\](b) \\\\| 1\\\\_2 & 4.3 &amp;amp;'
    >>> md_escape("4. Item"), md_escape("- x")
    ('4\\\\. Item', '\\\\- x')
    """
    text = " ".join(text.split())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    def guard(match: re.Match[str]) -> str:
        mark = match.group(2)
        if mark[0].isdigit():  # "4." starts a numbered list; "4\\." does not
            return match.group(1) + mark[:-1] + "\\" + mark[-1]
        return match.group(1) + "\\" + mark

    return _LINE_START.sub(guard, text)


def _cell(text: str) -> str:
    return md_escape(text) or " "


def figure_files(document: Document, path: Path) -> dict[int, Path]:
    """Where each figure of the report goes: ``STEM-figure-N-NAME.png`` beside the Markdown file."""
    path = Path(path)
    return {f.number: path.with_name(f"{path.stem}-figure-{f.number}-{f.filename}") for f in document.figures()}


def md_text(document: Document, images: dict[int, Path]) -> str:
    """The report as Markdown text; ``images`` gives each figure's file (linked by its name)."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["#" * min(max(block.level, 1), 6) + " " + md_escape(block.text), ""]
        elif isinstance(block, Paragraph):
            text = md_escape(block.text)
            lines += [f"*{text}*" if block.note else text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {md_escape(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines += [f"**{md_escape(block.label)}**", ""]
            lines.append("| " + " | ".join(_cell(c) for c in block.columns) + " |")
            lines.append("| " + " | ".join("---:" if i in block.numeric else "---" for i in range(len(block.columns))) + " |")
            for row in block.rows:
                lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
            lines.append("")
            if block.source:
                lines += [f"*{md_escape(block.source)}*", ""]
        elif isinstance(block, Figure):
            name = quote(images[block.number].name)
            alt = md_escape(block.alt).replace("\\]", "]").replace("]", "\\]")
            lines += [f"![{alt}]({name})", "", f"**{md_escape(block.label)}**", ""]
            if block.source:
                lines += [f"*{md_escape(block.source)}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
