"""A tracker's own key to its RAG colours and codes ("Key: Blue = complete, Green = on track").

Boards do not agree on what a colour means: in one tracker green is on track, in another complete;
some add codes of their own ("S" superseded, "X" not accepted). A tracker that prints its key says
which, and that key wins over the profile's ``rag`` table for that tracker. A key is read from the
tracker's sheet (outside its action rows) or from another sheet of the workbook, in any of these
forms:

- one cell naming two colours or codes or more, each with its meaning ("BRAG key: B = Complete and
  embedded, G = Complete, A = At risk, R = Off track");
- cells that each hold one colour and its meaning ("Blue - Completed", "Green - On track");
- a cell holding only a colour's name or a code (one or two capitals) with its meaning in the next
  cell ("Blue | Action complete", "X | Not accepted by the partners");
- a cell filled with a colour whose text is its meaning (a green cell saying "Complete"), or a blank
  one with its meaning in the next cell (a swatch);
- "blank = not yet started", "No colour = not started": what a cell left empty means;
- a cell (or a cell's comment) that opens "Key:", "Status key:", "RAG:" or "RAG scale used in this
  return:" and gives its entries, each code with its meaning,
  whatever the codes are: words ("Open - at risk = target date missed; Closed = action complete") or
  signs ("✓ = done, ◐ = in progress", "🔵 complete; ⚪ not started").

A meaning is read as a status of ``ontology/statuses.ttl`` would be; a colour or code given two
meanings is left to the profile, and so is everything when the key names fewer than two.

>>> key_of([["Rec", "Action", "RAG"], ["1", "Train staff", "Green"], ["Key: Blue = complete, Green = on track", None, None]],
...        {0: "ref", 1: "action", 2: "rag"}, 0)
{'blue': 'completed', 'green': 'in_progress'}
"""

from __future__ import annotations

import re
from typing import Any

from scrgraph.recognise.statuses import match_status, rag_colour

_COLOUR = r"(?:blue|green|amber|yellow|red|gr[ae]y|purple|black|white|blank|no colou?r|empty|[A-Z]{1,2})"
BLANK = re.compile(r"^(?:blank|no colou?r|empty)$", re.I)  # a key's word for a cell left empty
_SEPARATOR = r"\s*(?:=|:|-|–|—)\s*"
PAIR = re.compile(rf"(?<![\w-])(?P<colour>{_COLOUR}){_SEPARATOR}(?P<meaning>[A-Za-z][^=;,/\n]*?)"
                  rf"(?=\s*(?:[;,/\n]|$|(?<![\w-]){_COLOUR}{_SEPARATOR}))", re.I)
CODE = re.compile(r"^(?:(?i:blue|green|amber|red|gr[ae]y)|[A-Z]{1,2})$")


def key_name(written: str) -> str:
    """How a colour or code is looked up in a key: a colour's name ("green" for "G" or "Green"), the
    empty text for a cell left blank ("blank", "no colour"), else the code in lower case ("s")."""
    colour = rag_colour(written)
    if colour:
        return colour.lower()
    return "" if BLANK.match(written.strip()) else written.strip().lower()


def _pairs(text: str) -> list[tuple[str, str]]:
    """(colour or code, status id) for each pair of a text whose meaning is a status; a code counts only
    in capitals ("A = at risk", not "a - ...")."""
    found = []
    for match in PAIR.finditer(text):
        code = match.group("colour")
        if len(code) <= 2 and not code.isupper() and not BLANK.match(code):
            continue
        status = match_status(match.group("meaning").strip())
        if status is not None:
            found.append((key_name(code), status.status_id))
    return found


# A cell that says it is the key and gives its entries one after another, each code with its meaning,
# whatever the codes are: words ("Open - at risk = target date missed") or signs ("✓ = done").
KEY_CELL = re.compile(r"^\s*\*?\s*(?:[\w ]{0,40}?\b(?:key|legend|scale)\b[\w ]{0,40}?|rag|brag)\s*:\s*", re.I)
KEY_ENTRY = re.compile(r"^\s*(?P<code>[^=;:\n]{1,40}?)\s*=\s*(?P<meaning>[^=;\n]+?)\s*$"
                       r"|^\s*(?P<sign>[^\w\s=;,:]{1,3})\s*(?:[:–—-]\s*)?(?P<signed>[^\W\d][^=;\n]*?)\s*$")  # "🔵 complete"


def _meant(meaning: str) -> Any:
    """The status a key's meaning names: from its start ("Complete - evidence received"), else from the
    first word on which a status's words begin ("action under way", "recommendation not accepted")."""
    words = list(re.finditer(r"\S+", meaning))
    for word in words:
        status = match_status(meaning[word.start():])
        if status is not None:
            return status
    return None


def _key_cell_pairs(text: str) -> list[tuple[str, str]]:
    """(code, status id) for each entry of a cell that opens "Key:" or "Status key:" (see :data:`KEY_CELL`),
    its entries separated by semicolons (else commas) on its first line."""
    opening = KEY_CELL.match(text)
    if opening is None:
        return []
    line = text[opening.end():].split("\n", 1)[0]
    entries = line.split(";") if ";" in line else line.split(",")
    found = []
    for entry in entries:
        match = KEY_ENTRY.match(entry)
        if match is None:
            continue
        code, meaning = (match.group("code"), match.group("meaning")) if match.group("code") else (match.group("sign"), match.group("signed"))
        status = _meant(meaning)
        if status is not None and len(code.split()) <= 6:
            found.append((key_name(code), status.status_id))
    return found


def is_key_entry(text: str) -> bool:
    """Whether a cell is one entry of a key and nothing else ("Amber - Some slippage"), not an action
    ("Re-publish the policy")."""
    return bool(PAIR.fullmatch(text.strip())) and bool(_pairs(text.strip()))


def _whole_key(text: str) -> list[tuple[str, str]]:
    """The pairs of a cell that holds a whole key of two entries or more: "Status key: Open = action under
    way; Closed = action complete" (its own codes), else "B = Complete, G = On track"; else none."""
    found = _pairs(text)
    labelled = _key_cell_pairs(text)
    if len(labelled) >= 2 and len(labelled) > len(found):
        return labelled
    return found if len(found) >= 2 else []


def _cell_pairs(row: list[Any], c: int, text: str, fill: str | None) -> list[tuple[str, str]]:
    """The key's pairs one cell of a row outside the action rows gives (see the module docstring)."""
    whole = _whole_key(text)
    if whole:
        return whole
    found = _pairs(text)
    if found and PAIR.fullmatch(text):
        return found
    if CODE.match(text) and c + 1 < len(row) and isinstance(row[c + 1], str) and (status := match_status(row[c + 1].strip())):
        return [(key_name(text), status.status_id)]
    if fill and (status := match_status(text)) is not None and not status.rest:
        return [(fill.lower(), status.status_id)]
    return []


def key_of(grid: list[list[Any]], columns: dict[int, str], header: int, fills: dict[tuple[int, int], str] | None = None,
           others: list[list[list[Any]]] | None = None) -> dict[str, str]:
    """The colours and codes the tracker's key gives a meaning, each to its status id (see the module
    docstring): ``grid`` is the tracker's sheet with its header row at ``header`` and ``columns`` by
    index, ``fills`` the RAG colour of its cells that have one, ``others`` the workbook's other sheets."""
    action = next((c for c, name in columns.items() if name == "action"), None)
    others_filled = [c for c, name in columns.items() if name in ("ref", "recommendation", "agency", "due")]
    fills = fills or {}
    pairs: list[tuple[str, str]] = []

    def filled(row: list[Any], c: int | None) -> bool:
        return c is not None and c < len(row) and row[c] is not None and str(row[c]).strip() != ""

    for r, row in enumerate(grid):
        # an action row: its action and one more of its fields filled (a key's line holds a meaning alone)
        in_table = r > header and filled(row, action) and any(filled(row, c) for c in others_filled)
        for c, value in enumerate(row):
            if isinstance(value, str) and value.strip():
                if in_table and "=" not in value:
                    continue  # an action row's cell holds a key only written with "=" (and is read fast otherwise)
                whole = _whole_key(value.strip())
                if whole:  # a whole key in one cell, wherever it stands
                    pairs.extend(whole)
                elif not in_table and r != header:
                    pairs.extend(_cell_pairs(row, c, value.strip(), fills.get((r, c))))
            elif (r, c) in fills and not in_table and r != header and c + 1 < len(row) and isinstance(row[c + 1], str) \
                    and (status := match_status(row[c + 1].strip())) is not None:
                pairs.append((fills[(r, c)].lower(), status.status_id))  # a swatch, its meaning beside it
    for sheet in others or []:
        for row in sheet:
            for c, value in enumerate(row):
                if isinstance(value, str) and value.strip():
                    pairs.extend(_cell_pairs(row, c, value.strip(), None))
    meanings: dict[str, set[str]] = {}
    for code, status_id in pairs:
        meanings.setdefault(code, set()).add(status_id)
    key = {code: next(iter(found)) for code, found in meanings.items() if len(found) == 1}
    return key if len(key) >= 2 else {}
