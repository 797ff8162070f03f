"""The real development items: gold readings of ../shared, each widened to its whole paragraph.

Gold files give the first words of an item and end in ``[...]`` when shortened. The benchmark
compares whole asks, so each item's text is looked up in its document and taken to the end of
its paragraph (at most ``MAX_CHARS``). Nothing of these texts is kept in the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_DIRS = ("seeds/gold", "corpus/short/gold", "corpus/full/gold")
KINDS = {"finding": "findings", "recommendation": "recommendations"}
MAX_CHARS = 700
_TRUNCATION = re.compile(r"\s*(\[\.\.\.\]|\[\.\.|\.\.\.|\[)\s*$|\[\.\.\.\].*$", re.S)
_SPACE = re.compile(r"\s+")
_PARAGRAPH_END = re.compile(r"\n\s*\n|\n\s*(?:\d+(?:\.\d+)+|\(?[ivx]+\)|\(\d+\)|#+|[-\u2022*])\s")


@dataclass(frozen=True)
class RealItem:
    """One finding or recommendation of a real document."""

    slug: str
    kind: str
    index: int
    ref: str | None
    text: str
    addressees: frozenset[str]

    @property
    def key(self) -> str:
        """``slug:kind-index``, the handle the pairs file uses."""
        return f"{self.slug}:{self.kind}-{self.index}"


def _document(gold: Path) -> str:
    docs = gold.parent.parent / "docs" if gold.parent.parent.name != "seeds" else gold.parent.parent
    for candidate in sorted(docs.glob(gold.stem + ".*")):
        if candidate.suffix in (".txt", ".md"):
            return candidate.read_text(encoding="utf-8", errors="replace")
    return ""


def widen(text: str, document: str) -> str:
    """The gold ``text`` taken to the end of its paragraph in ``document`` when it is found there."""
    head = _TRUNCATION.sub("", text).strip()
    probe = _SPACE.sub(" ", head[:60]).strip()
    if len(probe) < 12:
        return text
    pattern = re.compile(r"\s+".join(re.escape(w) for w in probe.split(" ")), re.I)
    found = pattern.search(document)
    if not found:
        return _SPACE.sub(" ", head)
    rest = document[found.start():found.start() + MAX_CHARS * 2]
    end = _PARAGRAPH_END.search(rest, len(found.group(0)))
    whole = _SPACE.sub(" ", rest[:end.start()] if end else rest)
    return whole[:MAX_CHARS] if len(whole) >= len(head) else _SPACE.sub(" ", head)


def real_items(shared: Path = SHARED) -> dict[str, RealItem]:
    """Every finding and recommendation of the gold readings, by key (empty when ../shared is absent)."""
    items: dict[str, RealItem] = {}
    for folder in GOLD_DIRS:
        for gold in sorted((shared / folder).glob("*.yaml")):
            reading = yaml.safe_load(gold.read_text(encoding="utf-8")) or {}
            document = _document(gold)
            for kind, field in KINDS.items():
                for index, entry in enumerate(reading.get(field) or []):
                    item = RealItem(gold.stem, kind, index, entry.get("ref"), widen(str(entry.get("text") or ""), document),
                                    frozenset(str(a).lower() for a in entry.get("addressees") or ()))
                    items[item.key] = item
    return items
