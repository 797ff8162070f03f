"""Compare an extracted record with a hand-made reading ("gold"), field by field.

The gold format is the one of ``../shared/seeds/gold/*.yaml``: review details; findings with a ref,
the first words of their text and, optionally, the paragraphs they cover; recommendations with
ref, first words and addressees (names as printed); measures with first words, agency and status.
Agency names in the gold are turned into canonical ids by a mapping the caller gives, so the
comparison does not depend on the gazetteer it is testing.

:func:`compare` returns precision and recall per field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

METADATA_FIELDS = ("title", "type", "board", "subject", "year_commissioned", "year_completed", "year_published",
                   "author", "outcome")


def norm(text: Any) -> str:
    """Text in comparable form: lower case, plain quotes, single spaces."""
    value = str(text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w' ]+", " ", value.lower()).split())


@dataclass
class Score:
    """Precision and recall of one field (``None`` when there was nothing to measure)."""

    field: str
    precision: float | None
    recall: float | None
    found: int = 0
    expected: int = 0
    extracted: int = 0

    def line(self) -> str:
        """One printable line."""
        p = "-" if self.precision is None else f"{self.precision:.2f}"
        r = "-" if self.recall is None else f"{self.recall:.2f}"
        return f"{self.field:28} precision {p:>5}  recall {r:>5}  ({self.found} right of {self.expected} expected, {self.extracted} extracted)"


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _paragraphs(ref: str) -> set[str]:
    match = re.fullmatch(r"(\d+)\.(\d+)-(\d+)\.(\d+)", ref or "")
    if match and match.group(1) == match.group(3):
        return {f"{match.group(1)}.{n}" for n in range(int(match.group(2)), int(match.group(4)) + 1)}
    return {ref}


def _starts(extracted: str, gold: str) -> bool:
    return norm(extracted).startswith(norm(gold)[:60])


def compare(record: dict[str, Any], gold: dict[str, Any], agency_ids: Callable[[str], set[str]]) -> list[Score]:
    """Scores per field of an extracted record against a gold reading."""
    scores: list[Score] = []
    review = record.get("review", {})
    gold_review = gold.get("review", {})
    right = sum(1 for f in METADATA_FIELDS if f in gold_review and norm(review.get(f)) == norm(gold_review.get(f)))
    expected = sum(1 for f in METADATA_FIELDS if f in gold_review)
    scores.append(Score("review details", _ratio(right, expected), _ratio(right, expected), right, expected, expected))

    recs = {r["ref"]: r for r in record.get("recommendations") or []}
    gold_recs = gold.get("recommendations") or []
    found = sum(1 for g in gold_recs if str(g["ref"]) in recs)
    scores.append(Score("recommendation refs", _ratio(found, len(recs)), _ratio(found, len(gold_recs)), found, len(gold_recs), len(recs)))
    found = sum(1 for g in gold_recs if str(g["ref"]) in recs and _starts(recs[str(g["ref"])]["text"], g["text"]))
    scores.append(Score("recommendation text", _ratio(found, len(recs)), _ratio(found, len(gold_recs)), found, len(gold_recs), len(recs)))
    gold_pairs = {(str(g["ref"]), a) for g in gold_recs for name in g.get("addressees") or [] for a in agency_ids(name)}
    got_pairs = {(ref, a) for ref, r in recs.items() for a in r.get("addressees") or []}
    common = len(gold_pairs & got_pairs)
    scores.append(Score("addressees", _ratio(common, len(got_pairs)), _ratio(common, len(gold_pairs)), common, len(gold_pairs), len(got_pairs)))

    findings = record.get("findings") or []
    gold_findings = gold.get("findings") or []
    covered = [(_paragraphs(f["ref"]), f) for f in findings]
    hits = 0
    for g in gold_findings:
        paragraphs = set(map(str, g.get("paragraphs") or [g["ref"]]))
        if any(p & paragraphs and norm(g["text"])[:50] in norm(f["text"]) for p, f in covered):
            hits += 1
    relevant = sum(1 for p, f in covered if any(p & set(map(str, g.get("paragraphs") or [g["ref"]])) for g in gold_findings))
    scores.append(Score("findings", _ratio(relevant, len(findings)), _ratio(hits, len(gold_findings)), hits, len(gold_findings), len(findings)))

    measures = record.get("measures") or []
    gold_measures = gold.get("measures") or []
    pairs = []
    for g in gold_measures:
        match = next((m for m in measures if norm(g["text"])[:40] in norm(m["text"])), None)
        pairs.append((g, match))
    hits = sum(1 for _, m in pairs if m is not None)
    relevant = sum(1 for m in measures if any(norm(g["text"])[:40] in norm(m["text"]) for g in gold_measures))
    scores.append(Score("measures", _ratio(relevant, len(measures)), _ratio(hits, len(gold_measures)), hits, len(gold_measures), len(measures)))
    matched = [(g, m) for g, m in pairs if m is not None]
    right = sum(1 for g, m in matched if norm(g.get("status")).replace(" ", "_") == m.get("status"))
    scores.append(Score("measure status", _ratio(right, len(matched)), _ratio(right, len(gold_measures)), right, len(gold_measures), len(matched)))
    right = sum(1 for g, m in matched if (m.get("agency") in agency_ids(g["agency"]) if g.get("agency") else m.get("agency") is None))
    scores.append(Score("measure agency", _ratio(right, len(matched)), _ratio(right, len(gold_measures)), right, len(gold_measures), len(matched)))
    return scores
