"""Map a tracker's status words and RAG colours onto the status scheme of ``ontology/statuses.ttl``.

A status cell is matched by the status's id, label or any of its local labels (skos:altLabel),
ignoring case and punctuation; a cell that starts with a label and goes on ("Complete - audit
done") matches that label, and the rest is kept as a possible reason; a RAG colour written before
the status ("Green - complete") is passed over; a status that closes an action followed by one that
says how it closed without being done ("Closed - superseded by ...", "Closed: not accepted ...")
is the second. A RAG colour is used only
when the tracker has no status, through the ``rag`` table of the tracker profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrgraph.knowledge import knowledge
from scrgraph.recognise.named import comparable, name_table

RAG_COLOURS = {"r": "Red", "red": "Red", "a": "Amber", "amber": "Amber", "yellow": "Amber", "g": "Green", "green": "Green",
               "b": "Blue", "blue": "Blue", "grey": "Grey", "gray": "Grey"}


@dataclass(frozen=True)
class StatusMatch:
    """A status cell read: the status id, and any words after the status label (a reason or note)."""

    status_id: str
    rest: str


def status_labels() -> dict[str, str]:
    """Every recognised status wording (normalised) -> status id."""
    return name_table("status")


# A RAG colour written before the status in one cell ("Green - complete", "Red: delayed").
LEADING_COLOUR = re.compile(r"^\s*(?:red|amber|green|blue|gr[ae]y)\b[\s\-–—:;,/(]*(?=\w)", re.I)


# (status a cell starts with, status the words after it name): the second says more. An open action
# said to be on track is in progress, one said to be delayed overdue; work completed and assured is
# embedded.
SHARPENED = {("not_started", "in_progress"), ("not_started", "overdue"), ("in_progress", "overdue"),
             ("completed", "completed_embedded")}


def match_status(written: str) -> StatusMatch | None:
    """The status a cell names (the longest label it starts with, after a RAG colour written first),
    or ``None``.

    >>> match_status("Green – complete").status_id
    'completed'
    >>> match_status("Closed - superseded by the county protocol")
    StatusMatch(status_id='superseded', rest='by the county protocol')
    >>> match_status("Open - delayed").status_id, match_status("Completed and assured").status_id
    ('overdue', 'completed_embedded')
    """
    found = _labelled(written)
    colour = LEADING_COLOUR.match(written) if found is None else None
    if colour:
        found = _labelled(written[colour.end():])
    if found is None or not found.rest:
        return found
    why = _labelled(re.sub(r"^(?:and|but|yet|now)\s+", "", found.rest, flags=re.I))
    if why is not None and needs_reason(why.status_id) and not needs_reason(found.status_id):
        return why  # "Closed - superseded by the new strategy": closed, and the words after say how
    head = comparable(written.strip()[: len(written.strip()) - len(found.rest)])
    if why is not None and (found.status_id, why.status_id) in SHARPENED and (found.status_id != "not_started" or head == "open"):
        return why  # "Completed - impact evidenced", "Open - delayed": the words after say more
    if head == "closed":  # "Closed - agency declined": closed without being done
        words = re.findall(r"[A-Za-z]+", found.rest)
        for phrase in [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]:
            later = _labelled(phrase)
            if later is not None and not later.rest and later.status_id == "closed_not_accepted":
                return StatusMatch(later.status_id, found.rest)
    return found


def runs_on(written: str, rest: str) -> bool:
    """Whether the words after a status's label run on as one sentence with it ("New fields live in
    the maternity system"): four words or more, not set off by a dash, colon or other mark, and not
    a date ("Completed 12/03/2024").

    >>> runs_on("New fields live in the system", "fields live in the system"), runs_on("Complete - audit done and filed", "audit done and filed")
    (True, False)
    """
    before = written.strip()[: len(written.strip()) - len(rest)]
    return len(rest.split()) >= 4 and not re.search(r"[^\w\s]\s*$", before) and not rest[:1].isdigit()


def _labelled(written: str) -> StatusMatch | None:
    """The status whose label is the cell's text, or the longest label it starts with."""
    key = comparable(written)
    labels = status_labels()
    if key in labels:
        return StatusMatch(labels[key], "")
    for label in sorted(labels, key=len, reverse=True):
        if label and key.startswith(label + " "):
            # The label ends in the written text after as many words as the label has.
            words = len(label.split())
            parts = re.split(r"([^A-Za-z0-9]+)", written.strip())
            consumed = "".join(parts[: 2 * words - 1])
            rest = re.sub(r"^[\s\-–—:;,.]+", "", written.strip()[len(consumed):])
            return StatusMatch(labels[label], rest)
    return None


# Coloured circles and squares, as trackers written on phones and in Google Sheets show a RAG rating.
RAG_SIGNS = {"🔴": "Red", "🟥": "Red", "🟠": "Amber", "🟧": "Amber", "🟡": "Amber", "🟨": "Amber",
             "🟢": "Green", "🟩": "Green", "🔵": "Blue", "🟦": "Blue"}


SPLIT_RATING = re.compile(r"^\s*([A-Za-z]+)\s*/\s*([A-Za-z]+)\s*$")  # "Amber/Green"


def rag_colour(written: str) -> str | None:
    """A RAG cell as one of Red, Amber, Green, Blue or Grey (its name, letter or coloured circle: "🟢");
    ``None`` if it is not a colour."""
    sign = RAG_SIGNS.get(str(written).strip().replace("\ufe0f", ""))
    split = SPLIT_RATING.match(str(written))
    if split and RAG_COLOURS.get(comparable(split.group(1))) and RAG_COLOURS.get(comparable(split.group(2))):
        return RAG_COLOURS[comparable(split.group(1))]  # "Red/Amber": a rating between two, read as the first
    return sign or RAG_COLOURS.get(comparable(written))


def default_rag(status_id: str) -> str | None:
    """The RAG colour a status shows when the tracker gives none."""
    concept = knowledge().statuses.get(status_id)
    return concept.default_rag if concept else None


def needs_reason(status_id: str) -> bool:
    """True when the status must come with a reason (not accepted, superseded)."""
    concept = knowledge().statuses.get(status_id)
    return bool(concept and concept.reason_required)
