"""The report as a plain document: headings, paragraphs, lists, tables and figures, in order.

The gathering step turns saved-query rows into facts, the composing step turns facts into these
blocks, and each writer (Word, HTML, Markdown) renders the same blocks, so every format says the
same thing. Every value here is plain text (nothing is markup): writers escape it for their format.

Examples
--------
>>> table = Table("Reviews", ["Review", "Year"], [["Child Q", "2022"]], source="reviews-in-period")
>>> table.rows[0][1]
'2022'
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for the report's title, 2 for sections, 3 for subsections."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain sentences; ``note`` paragraphs (sources, explanations) are set smaller."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain sentences."""

    items: list[str]


@dataclass(frozen=True)
class Table:
    """A table with a caption and the saved query (and parameters) its numbers came from.

    ``number`` is filled in when the document is composed ("Table 3"); ``numeric`` names the
    columns that hold numbers (right-aligned by the writers).
    """

    caption: str
    columns: list[str]
    rows: list[list[str]]
    source: str = ""
    number: int = 0
    numeric: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """The caption with its number, e.g. ``Table 2: Agencies with unresolved actions``."""
        return f"Table {self.number}: {self.caption}" if self.number else self.caption


@dataclass(frozen=True)
class Figure:
    """A chart: a PNG at print resolution, its caption, its alternative text and a file name."""

    caption: str
    png: bytes
    alt: str
    filename: str
    width_inches: float = 6.0
    number: int = 0
    source: str = ""

    @property
    def label(self) -> str:
        """The caption with its number, e.g. ``Figure 1: Themes by year``."""
        return f"Figure {self.number}: {self.caption}" if self.number else self.caption


Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass
class Document:
    """The whole report: a title and its blocks in reading order."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        """Append blocks, numbering tables and figures in the order they come."""
        for block in blocks:
            if isinstance(block, Table) and not block.number:
                block = Table(block.caption, block.columns, block.rows, block.source,
                              sum(isinstance(b, Table) for b in self.blocks) + 1, block.numeric)
            elif isinstance(block, Figure) and not block.number:
                block = Figure(block.caption, block.png, block.alt, block.filename, block.width_inches,
                               sum(isinstance(b, Figure) for b in self.blocks) + 1, block.source)
            self.blocks.append(block)

    def tables(self) -> list[Table]:
        """Every table, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        """Every figure, in order."""
        return [b for b in self.blocks if isinstance(b, Figure)]
