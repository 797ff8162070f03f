"""Documents into the store: extract, check, and refuse to replace a review already there unless forced.

Used by ``scrgraph extract --load`` and meant for ``scrgraph load`` when it is given documents
(see docs/loaders.md): a fresh extraction never replaces a review the store already holds, which
may have been loaded from a record an analyst corrected by hand, unless ``force``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrgraph.errors import ScrgraphError
from scrgraph.extract.writing import DOCUMENT_SUFFIXES, check_loadable
from scrgraph.record import RECORD_SUFFIXES, ReviewRecord, check_record


def is_document(path: Path) -> bool:
    """A file scrgraph extract can read (by its name)."""
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def split_paths(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(record files, document files) named by files and folders, in a stable order."""
    records: list[Path] = []
    documents: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ScrgraphError(f"The path {path} does not exist.")
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() in RECORD_SUFFIXES:
                records.append(file)
            elif is_document(file):
                documents.append(file)
            elif not path.is_dir():
                records.append(file)  # let the record reader say what is wrong with it
        if path.is_dir() and not files:
            raise ScrgraphError(f"The folder {path} holds no review records or documents; it is empty.")
    return records, documents


def checked_records(records: list[dict[str, Any]], sources: list[str], fresh: list[bool], held: set[str],
                    force: bool = False, allow_empty: bool = False) -> list[ReviewRecord]:
    """Check extracted (or corrected) records before loading; all problems are found before anything is written.

    A fresh extraction of a review the store already holds (its id in ``held``) is refused unless
    ``force``: the stored version may have been corrected by hand.
    """
    existing = held if not force else set()
    checked: list[ReviewRecord] = []
    seen: dict[str, str] = {}
    for record, source, is_fresh in zip(records, sources, fresh, strict=True):
        check_loadable(record, source, allow_empty)
        item = check_record({k: v for k, v in record.items() if k != "warnings"}, source=source)
        if item.review_id in seen:
            raise ScrgraphError(f"{source} and {seen[item.review_id]} both hold review {item.review_id!r}; load one of them.")
        if is_fresh and item.review_id in existing:
            raise ScrgraphError(f"The store already holds review {item.review_id} (perhaps corrected by hand), so the fresh "
                                f"extraction of {source} was not loaded; give --force to replace it.")
        seen[item.review_id] = source
        checked.append(item)
    return checked


def records_from_documents(documents: list[Path], held: set[str], profile: str | None = None, force: bool = False,
                           allow_empty: bool = False, advance: Callable[[int], None] = lambda n: None) -> list[ReviewRecord]:
    """Extract documents and check their records for loading (for ``scrgraph load DOCUMENT``)."""
    from scrgraph.extract import extract_document

    extractions = []
    for path in documents:
        extractions.append(extract_document(path, profile, source_path=str(path)))
        advance(1)
    return checked_records([e.record for e in extractions], [str(p) for p in documents], [True] * len(extractions),
                           held, force=force, allow_empty=allow_empty)
