"""Write the report as one self-contained HTML file.

Styles are inline, charts are ``data:`` URIs, and a Content-Security-Policy forbids loading
anything from anywhere, so the file opens offline and never makes a request to another host.
All document text is escaped: text from reviews is data, never markup.
"""

from __future__ import annotations

import base64
from html import escape

from scrgraph.report.model import Bullets, Document, Figure, Heading, Paragraph, Table

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; line-height: 1.45; color: #1b1b1b;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
p.note { font-size: 0.85rem; color: #444; font-style: italic; }
table { border-collapse: collapse; margin: 0.5rem 0 0.3rem; width: 100%; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #9a9a9a; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #e8eef4; }
td.num, th.num { text-align: right; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { font-weight: 600; font-size: 0.95rem; }
@media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
"""


def _text(value: str) -> str:
    return escape(value, quote=True)


def html_text(document: Document) -> str:
    """The report as the text of one self-contained HTML page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_text(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="scrgraph report">',
        f"<title>{_text(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    for block in document.blocks:
        parts.append(_block(block))
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _block(block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 6)
        return f"<h{level}>{_text(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        css = ' class="note"' if block.note else ""
        return f"<p{css}>{_text(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_text(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        data = base64.b64encode(block.png).decode("ascii")
        source = f'<p class="note">{_text(block.source)}</p>' if block.source else ""
        width = round(block.width_inches * 96)
        return (f'<figure id="figure-{block.number}"><img src="data:image/png;base64,{data}" width="{width}" '
                f'alt="{_text(block.alt)}">'
                f"<figcaption>{_text(block.label)}</figcaption></figure>{source}")
    raise TypeError(f"Unknown block {block!r}")


def _table(block: Table) -> str:
    def cell(tag: str, i: int, value: str) -> str:
        css = ' class="num"' if i in block.numeric else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{css}{scope}>{_text(value)}</{tag}>"

    head = "".join(cell("th", i, c) for i, c in enumerate(block.columns))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in block.rows)
    source = f'<p class="note">{_text(block.source)}</p>' if block.source else ""
    return (f'<table id="table-{block.number}"><caption>{_text(block.label)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{source}")
