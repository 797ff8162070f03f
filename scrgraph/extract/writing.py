"""Write extracted records, and never overwrite one an analyst has corrected by hand.

Beside the records it writes, ``scrgraph extract`` keeps ``.scrgraph-extracted`` (JSON, with no
suffix so that record readers pass it by): the SHA-256
of each file as it was written. A record file whose content no longer has that hash (or that
scrgraph did not write) has been corrected by hand; it is kept as it is, and is what ``--load``
loads, unless ``--force`` is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from scrgraph.errors import ScrgraphError
from scrgraph.output import write_atomic
from scrgraph.record import RECORD_SUFFIXES, dump_record

if TYPE_CHECKING:
    from scrgraph.extract.build import Extraction

LEDGER = ".scrgraph-extracted"
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text")


class _Dumper(yaml.SafeDumper):
    """YAML for hand editing: texts of several lines as literal blocks, keys in record order."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        lines = value.split("\n")
        if all(line == line.rstrip() for line in lines) and not value.startswith(" "):
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def record_yaml(record: dict[str, Any]) -> str:
    """A record as YAML that reads back to the same record (multi-line texts as literal blocks)."""
    return yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def record_text(extraction: Extraction, fmt: str) -> str:
    """The record as YAML (with a comment saying where it came from) or JSON."""
    if fmt == "json":
        return dump_record(extraction.record, fmt)
    body = record_yaml(extraction.record)
    header = (f"# Extracted by scrgraph extract from {extraction.record['review']['source']['path']} "
              f"with the layout profile {extraction.profile} on {dt.date.today().isoformat()}.\n"
              "# Check the warnings at the end, correct anything wrong, then load it with: scrgraph load FILE\n")
    return header + body


def document_files(paths: list[Path]) -> list[Path]:
    """Expand files and folders into the documents they name, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                            and not p.name.startswith("."))
            if not inside:
                raise ScrgraphError(f"The folder {path} holds no documents ({', '.join(DOCUMENT_SUFFIXES)}).")
            found.extend(inside)
        else:
            found.append(path)
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ledger(folder: Path) -> dict[str, str]:
    path = folder / LEDGER
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class Written:
    """One record file: where it is, and whether it was kept because it was corrected by hand."""

    path: Path
    kept: bool


def corrected_by_hand(path: Path) -> bool:
    """True when a record file exists and is not what scrgraph last wrote there."""
    if not path.exists():
        return False
    recorded = _ledger(path.parent).get(path.name)
    try:
        current = _digest(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return True
    return recorded != current


def targets(extractions: list[Extraction], output: Path, fmt: str) -> list[Path]:
    """The record file for each extraction: ``output`` itself for one document named as a file, else a file in it."""
    as_file = output.suffix.lower() in RECORD_SUFFIXES and not output.is_dir()
    if as_file and len(extractions) > 1:
        raise ScrgraphError(f"{output} is one file but {len(extractions)} documents were given; give a folder with -o.")
    if as_file:
        return [output]
    suffix = ".json" if fmt == "json" else ".yaml"
    names: list[Path] = []
    for extraction in extractions:
        review_id = extraction.record["review"].get("id") or "review"
        candidate = output / f"{review_id}{suffix}"
        number = 2
        while candidate in names:
            candidate = output / f"{review_id}-{number}{suffix}"
            number += 1
        names.append(candidate)
    return names


def write_records(extractions: list[Extraction], paths: list[Path], fmt: str, force: bool) -> list[Written]:
    """Write each record to its file, keeping files corrected by hand unless ``force``."""
    written: list[Written] = []
    for extraction, path in zip(extractions, paths, strict=True):
        if path.exists() and path.is_dir():
            raise ScrgraphError(f"{path} is a folder; give a file name ending in .yaml or .json.")
        if not force and corrected_by_hand(path):
            written.append(Written(path, True))
            continue
        text = record_text(extraction, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        ledger = _ledger(path.parent)
        ledger[path.name] = _digest(text)
        write_atomic(path.parent / LEDGER, json.dumps(ledger, indent=2, sort_keys=True) + "\n")
        written.append(Written(path, False))
    return written


def summary_line(extraction: Extraction) -> str:
    """One line on what was extracted from a document."""
    counts = extraction.counts()
    parts = ", ".join(f"{counts[k]} {k}" for k in ("findings", "recommendations", "measures", "agencies"))
    warnings = len(extraction.warnings)
    return (f"{extraction.document.path}: profile {extraction.profile}; {parts}"
            f"{f'; {warnings} warning(s)' if warnings else ''}.")


def check_loadable(record: dict[str, Any], source: str, allow_empty: bool) -> None:
    """Refuse to load a record with no recommendations, unless allowed."""
    if not record.get("recommendations") and not allow_empty:
        raise ScrgraphError(f"{source} has no recommendations, so it was not loaded; correct the record, "
                            f"or give --allow-empty to load it as it is.")
