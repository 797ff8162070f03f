"""From a PDF page's text runs to lines in reading order, and which lines are headings.

- **Columns**: a page set in two columns is read left column, then right; parts running across
  the page (a title, a table) stay where they are.
- **Lines**: runs that share a line are joined left to right; a line keeps its font size (the
  mean of its characters') and whether it is bold.
- **Headings**: the body size is the size most of the document's characters are set in. A short
  line set clearly larger is a heading, its level from its size (the largest heading size is
  level 1); a short bold line at body size standing on its own (a gap before it, and the line
  after it not bold) is a heading one level below the sized ones. A heading set over two lines is
  one heading.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scrgraph.extract.readers.pdf_text import Run

LARGER = 1.12  # a heading is set at least this much larger than the body text
HEADING_MAX_WORDS = 20
BOLD_HEADING_MAX_WORDS = 12
MAX_LEVEL = 6


@dataclass
class Row:
    """One line of a page: its box (PDF points, y upwards), text, font size and weight."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float = 0.0
    bold: bool = False
    chars: int = 0
    kind: str = "text"
    level: int = 0
    lead: str = ""  # the words it starts with in bold, when plain ones follow


def column_blocks(runs: list[Run], width: float) -> list[list[Run]]:
    """Runs in reading order for a page set in two columns: full-width parts, then left column, then right.

    A gutter is a vertical strip in the middle of the page that almost no run crosses, with text
    (not narrow table cells) on both sides down much of the page. A page without one is one block.
    """
    if len(runs) < 12 or width <= 0:
        return [runs]
    if sum(1 for r in runs if r.right - r.left > 0.55 * width) > 0.3 * len(runs):
        return [runs]  # most lines run across the page: one column
    best = None
    for step in range(30, 71, 2):
        x = width * step / 100
        crossing = [r for r in runs if r.left < x - 1 and r.right > x + 1]
        left = [r for r in runs if r.right <= x + 1]
        right = [r for r in runs if r.left >= x - 1]
        if len(left) < 6 or len(right) < 6 or len(crossing) > 0.15 * len(runs):
            continue
        if sum(r.right - r.left for r in left) / len(left) < 0.2 * width \
                or sum(r.right - r.left for r in right) / len(right) < 0.2 * width:
            continue
        tall = min(max(r.top for r in side) - min(r.bottom for r in side) for side in (left, right))
        if best is None or (len(crossing), -tall) < (len(best[1]), -best[2]):
            best = (x, crossing, tall)
    if best is None:
        return [runs]
    x, crossing, _ = best
    across = {id(r) for r in crossing}
    inside_runs = [r for r in runs if id(r) not in across]
    blocks: list[list[Run]] = []
    upper = float("inf")
    for separator in sorted(crossing, key=lambda r: -r.top) + [None]:
        lower = separator.top if separator is not None else float("-inf")
        inside = [r for r in inside_runs if lower <= (r.bottom + r.top) / 2 < upper]
        blocks.append([r for r in inside if r.right <= x + 1])
        blocks.append([r for r in inside if r.right > x + 1])
        if separator is not None:
            blocks.append([separator])
            upper = separator.bottom
    return [block for block in blocks if block]


def rows(runs: list[Run]) -> list[Row]:
    """Runs of one column joined into lines, top to bottom."""
    ordered = sorted(runs, key=lambda r: (-r.top, r.left))
    groups: list[tuple[list[float], list[Run]]] = []  # ([bottom, top], runs)
    for run in ordered:
        if groups:
            band, members = groups[-1]
            height = min(band[1] - band[0], run.top - run.bottom) or 1
            overlap = min(band[1], run.top) - max(band[0], run.bottom)
            if overlap > 0.5 * height:
                members.append(run)
                band[0], band[1] = min(band[0], run.bottom), max(band[1], run.top)
                continue
        groups.append(([run.bottom, run.top], [run]))
    result = []
    for band, members in groups:
        members.sort(key=lambda r: r.left)
        text = members[0].text
        for previous, run in zip(members, members[1:], strict=False):
            text += ("" if run.left - previous.right < 1 and not text.endswith(" ") else " ") + run.text
        counted = sum(r.counted for r in members)
        size = sum(r.size_sum for r in members) / counted if counted else 0.0
        bold = counted > 0 and sum(r.bold_count for r in members) >= 0.9 * counted
        result.append(Row(members[0].left, band[0], max(r.right for r in members), band[1], " ".join(text.split()),
                          size, bold, counted, lead=members[0].lead))
    return result


def body_size(pages: list[list[Row]]) -> float:
    """The font size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for row in page:
            sizes[round(row.size, 1)] += row.chars
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _short(row: Row, words: int) -> bool:
    return 0 < len(row.text.split()) <= words and not row.text.rstrip().endswith((",", ";"))


def mark_headings(pages: list[list[Row]], gap: float) -> None:
    """Mark the heading rows of a document (see the module docstring); ``gap`` is a paragraph gap."""
    body = body_size(pages)
    if body <= 0:
        return
    sized = [row for page in pages for row in page
             if round(row.size, 1) >= body * LARGER and _short(row, HEADING_MAX_WORDS)]
    levels = {size: min(rank + 1, MAX_LEVEL) for rank, size in enumerate(sorted({round(r.size, 1) for r in sized},
                                                                                 reverse=True))}
    for row in sized:
        row.kind, row.level = "heading", levels[round(row.size, 1)]
    bold_level = min(len(levels) + 1, MAX_LEVEL)
    for page in pages:
        for index, row in enumerate(page):
            if row.kind == "heading" or not row.bold or not _short(row, BOLD_HEADING_MAX_WORDS) \
                    or row.text.rstrip().endswith("."):
                continue
            above = page[index - 1] if index else None
            below = page[index + 1] if index + 1 < len(page) else None
            apart = above is None or above.kind == "heading" or above.bottom - row.top > gap
            ends = below is None or not below.bold or below.top < row.bottom - gap
            if apart and ends and abs(row.size - body) < body * (LARGER - 1):
                row.kind, row.level = "heading", bold_level


def join_headings(page: list[Row]) -> list[Row]:
    """A heading set over several lines (same level, no gap between) as one row."""
    joined: list[Row] = []
    for row in page:
        last = joined[-1] if joined else None
        if last is not None and row.kind == "heading" and last.kind == "heading" and row.level == last.level \
                and last.bottom - row.top < 0.8 * max(row.size, 1.0) and abs(row.left - last.left) < 2 * row.size:
            last.text = f"{last.text} {row.text}"
            last.bottom = row.bottom
            last.bold = last.bold and row.bold
            continue
        joined.append(row)
    return joined
