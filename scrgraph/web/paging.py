"""Pages of a long table: the rows one page shows, sorted, filtered and faceted over the whole answer.

A table that fits on one page is sent whole, and the browser sorts, filters and counts facets
(static/workbench.js). A longer one (a saved query over every action lists tens of thousands of
rows) is cut into pages on the server, as Datasette does, so that a page is sent and drawn at once;
its sort, filter words and chosen facet values then travel in the URL and apply to every row of
the answer, not only to those shown:

``_sort=COLUMN`` (``_desc=1`` for descending), ``_filter=WORDS``, ``_facet.COLUMN=VALUE`` and
``_page=N`` (from 1).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from scrgraph.graph import Rows
from scrgraph.recognise.refs import natural_key
from scrgraph.web.links import cell_text

PAGE_ROWS = 200
MAX_FACET_VALUES = 15  # a column is offered as a facet when it has 2 to this many values (as in workbench.js)
FACET = "_facet."
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?")


def sort_key(values: list[str]) -> Callable[[str], Any]:
    """How a column of ``values`` sorts: as numbers when every value is written as one (blanks last),
    else naturally (so refs such as 4.1, 4.9, 4.10 keep their order, and "4.10" is not 4.1).

    >>> sorted(["10", "9", ""], key=sort_key(["10", "9", ""])), sorted(["4.10", "4.9"], key=sort_key(["4.10", "4.9"]))
    (['9', '10', ''], ['4.9', '4.10'])
    """
    if all(_NUMBER.fullmatch(v.strip()) for v in values if v.strip()):
        return lambda text: (0, float(text)) if text.strip() else (1, 0.0)
    return lambda text: natural_key(text.strip().lower())


@dataclass(frozen=True)
class Page:
    """One page of a table and what its controls need: the rows shown, counts, facets and links."""

    rows: Rows
    total: int  # rows in the whole answer
    matched: int  # rows left by the filter words and chosen facet values
    first: int  # the number of the first row shown (from 1; 0 when none)
    number: int
    pages: int
    sort: str
    descending: bool
    words: str
    chosen: dict[str, str]
    facets: list[tuple[str, list[tuple[str, int]]]]
    params: tuple[tuple[str, str], ...]  # the request's own parameters, kept in every link

    def link(self, **changes: str | None) -> str:
        """The URL query of this table with ``changes`` (a value of None removes the parameter; a new
        sort, filter or facet goes back to page 1).

        >>> page = Page(Rows([], []), 0, 0, 0, 1, 1, "", False, "", {}, [], (("run", "1"), ("_page", "3")))
        >>> page.link(_sort="agency")
        '?run=1&_sort=agency'
        """
        values = dict(self.params)
        if any(name != "_page" for name in changes):
            values.pop("_page", None)
        for name, value in changes.items():
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
        return "?" + urlencode(list(values.items()))

    def facet_link(self, column: str, value: str) -> str:
        """The link that chooses ``value`` in the facet ``column``, or lets it go when it is chosen."""
        return self.link(**{FACET + column: None if self.chosen.get(column) == value else value})

    def sort_link(self, column: str) -> str:
        """The link that sorts by ``column``: ascending first, descending when it is already ascending."""
        descending = self.sort == column and not self.descending
        return self.link(_sort=column, _desc="1" if descending else None)


def page_of(rows: Rows, params: Mapping[str, str], page_rows: int = PAGE_ROWS) -> Page | None:
    """The page of ``rows`` that ``params`` (a request's query parameters) ask for; None when every row
    fits on one page and none of the paging parameters is given (the browser then does it all).

    >>> rows = Rows(["n"], [{"n": str(i)} for i in range(5)])
    >>> page = page_of(rows, {"_sort": "n", "_desc": "1"}, page_rows=2)
    >>> [row["n"] for row in page.rows], page.pages
    (['4', '3'], 3)
    """
    asked = any(name.startswith(("_sort", "_desc", "_filter", "_page", FACET)) for name in params)
    if len(rows.rows) <= page_rows and not asked:
        return None
    columns = rows.columns
    texts = [{column: cell_text(row.get(column)) for column in columns} for row in rows.rows]
    words = params.get("_filter", "").strip()
    chosen = {name[len(FACET):]: value for name, value in params.items() if name.startswith(FACET) and name[len(FACET):] in columns}
    kept = [n for n, text in enumerate(texts)
            if (not words or words.lower() in " ".join(text.values()).lower())
            and all(text[column] == value for column, value in chosen.items())]
    facets = []
    for column in columns:
        counts = Counter(texts[n][column] for n in kept)
        if 2 <= len(counts) <= MAX_FACET_VALUES or column in chosen:
            facets.append((column, counts.most_common()))
    sort = params.get("_sort", "")
    descending = params.get("_desc", "") == "1"
    if sort in columns:
        key = sort_key([texts[n][sort] for n in kept])
        kept.sort(key=lambda n: key(texts[n][sort]), reverse=descending)
    else:
        sort = ""
    pages = max(1, -(-len(kept) // page_rows))
    try:
        number = min(max(1, int(params.get("_page", "1"))), pages)
    except ValueError:
        number = 1
    shown = kept[(number - 1) * page_rows:number * page_rows]
    return Page(Rows(columns, [rows.rows[n] for n in shown]), len(rows.rows), len(kept),
                (number - 1) * page_rows + 1 if shown else 0, number, pages, sort, descending, words, chosen,
                facets, tuple(params.items()))
