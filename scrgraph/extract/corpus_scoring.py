"""Score extracted records against hand-made readings of real texts (the ``../shared/corpus`` gold shape).

Gold items give an exact quote, often shortened to its first words and ended with ``[...]`` or
``...``. An extracted item matches a gold item when, in normalised form (lower case, plain quotes,
punctuation dropped, single spaces), the first :data:`KEY_CHARS` characters of either one occur in
the other: so an extraction that starts with a label ("Label: sentence") or stops at the gold's
cut still matches, but one sharing only a few words does not. Matching is one-to-one (each gold
item is taken by at most one extracted item; pairs that start alike first, then the longest overlap), so splitting one gold item into
several extracted ones earns one hit and counts the rest against precision.

Per kind, :func:`score_pair` gives (right, expected, extracted): precision = right / extracted,
recall = right / expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scrgraph.extract.evaluate import norm

KEY_CHARS = 50
CUT = re.compile(r"\s*(?:\[\.\.\.\]|\[…\]|\.\.\.|…)\s*$")
KINDS = ("findings", "recommendations", "recommendation refs", "addressees", "measures")


@dataclass
class Tally:
    """Right, expected and extracted counts of one kind."""

    right: int = 0
    expected: int = 0
    extracted: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.right += other.right
        self.expected += other.expected
        self.extracted += other.extracted

    def figures(self) -> tuple[float | None, float | None]:
        """(precision, recall), ``None`` where there is nothing to divide by."""
        return (self.right / self.extracted if self.extracted else None,
                self.right / self.expected if self.expected else None)


def _comparable(text: Any) -> str:
    return norm(CUT.sub("", str(text or "")))


def overlaps(extracted: str, gold: str) -> bool:
    """Whether an extracted text and a gold quote are the same item (see the module docstring)."""
    e, g = _comparable(extracted), _comparable(gold)
    if not e or not g:
        return False
    return g[:KEY_CHARS] in e or e[:KEY_CHARS] in g


def match(extracted: list[str], gold: list[str]) -> list[tuple[int, int]]:
    """One-to-one (extracted index, gold index) pairs of matching items: items that start alike first, then
    the longest overlap."""
    candidates = []
    for i, e in enumerate(extracted):
        for j, g in enumerate(gold):
            if overlaps(e, g):
                ce, cg = _comparable(e), _comparable(g)
                common = len(cg) if cg[:KEY_CHARS] in ce else len(ce)
                starts_alike = ce.startswith(cg[:KEY_CHARS]) or cg.startswith(ce[:KEY_CHARS])
                candidates.append((not starts_alike, -min(common, len(ce), len(cg)), i, j))
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, i, j in sorted(candidates):
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def plain_ref(ref: Any) -> str:
    """A ref without its label word and trailing dot: "Recommendation 3." -> "3"."""
    value = re.sub(r"^(?:recommendations?|rec|r)\s*\.?\s*", "", str(ref or "").strip(), flags=re.I)
    return value.rstrip(".").strip().lower()


def _texts(entries: Iterable[dict[str, Any]]) -> list[str]:
    return [str(e.get("text") or "") for e in entries]


def score_pair(record: dict[str, Any], gold: dict[str, Any],
               agency_ids: Callable[[str], set[str]]) -> dict[str, Tally]:
    """Tallies per kind of one extracted record against one gold reading.

    ``recommendation refs`` counts matched recommendations whose ref agrees (numbered gold items
    only); ``addressees`` compares (recommendation, agency id) pairs of matched recommendations,
    the gold names turned into ids by ``agency_ids``.
    """
    tallies: dict[str, Tally] = {}
    for kind in ("findings", "recommendations", "measures"):
        got = record.get(kind) or []
        want = gold.get(kind) or []
        pairs = match(_texts(got), _texts(want))
        tallies[kind] = Tally(len(pairs), len(want), len(got))
        if kind != "recommendations":
            continue
        numbered = [(i, j) for i, j in pairs if want[j].get("ref") not in (None, "")]
        refs_right = sum(1 for i, j in numbered if plain_ref(got[i].get("ref")) == plain_ref(want[j]["ref"]))
        tallies["recommendation refs"] = Tally(refs_right, sum(1 for w in want if w.get("ref") not in (None, "")),
                                               len(numbered))
        addressees = Tally()
        for i, j in pairs:
            wanted = {a for name in want[j].get("addressees") or [] for a in agency_ids(str(name))}
            given = set(got[i].get("addressees") or [])
            addressees.add(Tally(len(wanted & given), len(wanted), len(given)))
        tallies["addressees"] = addressees
    return tallies
