"""Small valid review records for the core tests, built in code so each test can break one rule."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

BASE: dict[str, Any] = {
    "review": {
        "id": "testtown-scp-child-t",
        "title": "Child T: a practice review",
        "type": "CSPR",
        "board": "Testtown Safeguarding Children Partnership",
        "subject": "Child T",
        "year_commissioned": 2020,
        "year_published": 2021,
        "author": "A. Reviewer",
        "outcome": "serious harm",
        "source": {"path": "child-t.pdf", "format": "pdf", "sha256": "0" * 64},
    },
    "findings": [
        {"ref": "F1", "heading": "Referral", "text": "Referrals were not made early.", "themes": ["THRESHOLDS"],
         "agencies": ["la_csc"], "provenance": {"page": 3, "paragraph": "3.1", "span": [10, 40], "passage": "Referrals were not made early."}},
    ],
    "recommendations": [
        {"ref": "1", "text": "The partnership should agree referral criteria.", "themes": ["THRESHOLDS"],
         "addressees": ["lscp"], "findings": ["F1"], "provenance": {"page": 5, "paragraph": "4.1"}},
        {"ref": "2", "text": "Police should share information with health visitors.", "addressees": ["police"]},
    ],
    "measures": [
        {"ref": "A1", "text": "Referral criteria published.", "agency": "lscp", "status": "completed",
         "due": "2022-03-31", "completed": "2022-02-01", "evidence": "Audit of referrals.", "recommendations": ["1"]},
        {"ref": "A2", "text": "Information sharing protocol.", "agency": "police", "status": "in_progress",
         "due": "2022-12-31", "recommendations": ["2"]},
    ],
    "agencies": [{"id": "lscp", "as_written": ["the Partnership"]}, {"id": "police", "as_written": ["Testtown Police"]}],
}


def record(**changes: Any) -> dict[str, Any]:
    """A deep copy of the base record; ``changes`` maps dotted paths (``review.title``) to new values."""
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        target: Any = data
        *parents, last = dotted.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    """Write a record as YAML and return its path."""
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
