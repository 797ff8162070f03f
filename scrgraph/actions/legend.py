"""A tracker's own key to its RAG colours ("Key: Blue = complete, Green = on track").

Boards do not agree on what a colour means: in one tracker green is on track, in another complete.
A tracker that prints its key says which, and that key wins over the profile's ``rag`` table for
that tracker. A key is read from its sheet in any of three forms:

- one cell naming two colours or more, each with its meaning ("BRAG key: B = Complete and embedded,
  G = Complete, A = At risk, R = Off track");
- cells that each hold one colour and its meaning ("Blue - Completed", "Green - On track"), outside
  the status and RAG columns, where a data row would say the same of itself;
- a cell holding only a colour's name with its meaning in the next cell, outside the tracker's
  columns (a key printed beside the table).

A meaning is read as a status of ``ontology/statuses.ttl`` would be; a colour given two meanings is
left to the profile, and so is every colour when the key names fewer than two.

>>> key_of([["Rec", "Action", "RAG"], ["1", "Train staff", "Green"], ["Key: Blue = complete, Green = on track", None, None]],
...        {0: "ref", 1: "action", 2: "rag"})
{'blue': 'completed', 'green': 'in_progress'}
"""

from __future__ import annotations

import re
from typing import Any

from scrgraph.recognise.statuses import match_status, rag_colour

_COLOUR = r"(?:blue|green|amber|red|gr[ae]y|[BGAR])"
_SEPARATOR = r"\s*(?:=|:|-|–|—)\s*"
PAIR = re.compile(rf"(?<![\w-])(?P<colour>{_COLOUR}){_SEPARATOR}(?P<meaning>[A-Za-z][^=;,/\n]*?)"
                  rf"(?=\s*(?:[;,/\n]|$|(?<![\w-]){_COLOUR}{_SEPARATOR}))", re.I)
COLOUR_NAME = re.compile(r"^(?:blue|green|amber|red|gr[ae]y)$", re.I)


def _pairs(text: str) -> list[tuple[str, str]]:
    """(colour, status id) for each colour-and-meaning pair of a text whose meaning is a status; a
    single letter counts only in capitals ("A = at risk", not "a - ...")."""
    found = []
    for match in PAIR.finditer(text):
        colour = match.group("colour")
        if len(colour) == 1 and not colour.isupper():
            continue
        status = match_status(match.group("meaning").strip())
        name = rag_colour(colour)
        if status is not None and name is not None:
            found.append((name.lower(), status.status_id))
    return found


def key_of(grid: list[list[Any]], columns: dict[int, str]) -> dict[str, str]:
    """The colours the sheet's key gives a meaning, each to its status id (see the module docstring);
    ``columns`` are the tracker's columns by index, as the header row gave them."""
    status_columns = {c for c, name in columns.items() if name in ("rag", "status")}
    pairs: list[tuple[str, str]] = []
    for row in grid:
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            text = value.strip()
            found = _pairs(text)
            if len(found) >= 2:
                pairs.extend(found)
            elif len(found) == 1 and c not in status_columns and PAIR.fullmatch(text):
                pairs.extend(found)
            elif COLOUR_NAME.match(text) and c not in columns and c + 1 < len(row) and isinstance(row[c + 1], str):
                status = match_status(row[c + 1].strip())
                if status is not None:
                    pairs.append((text.lower().replace("gray", "grey"), status.status_id))
    meanings: dict[str, set[str]] = {}
    for colour, status_id in pairs:
        meanings.setdefault(colour, set()).add(status_id)
    key = {colour: next(iter(found)) for colour, found in meanings.items() if len(found) == 1}
    return key if len(key) >= 2 else {}
