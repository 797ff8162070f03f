"""Load review records from files and folders into the store, all or nothing."""

from __future__ import annotations

import contextlib
import itertools
import shutil
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Iterator

from scrgraph.errors import ScrgraphError
from scrgraph.record import ReviewRecord, read_record, record_files
from scrgraph.shacl import validate_records
from scrgraph.sparql_store import open_location, server_url
from scrgraph.store import LoadSummary

# Shows progress: called with a description and a number of steps, it gives a context manager whose
# value advances the display by a number of steps (the CLI passes its progress bar).
Progress = Callable[[str, int], ContextManager[Callable[[int], None]]]


def iter_records(files: list[Path], advance: Callable[[int], None] = lambda n: None) -> Iterator[ReviewRecord]:
    """Read and check record files one at a time; two files holding the same review are an error."""
    seen: dict[str, Path] = {}
    for path in files:
        record = read_record(path)
        if record.review_id in seen:
            raise ScrgraphError(f"{path} and {seen[record.review_id]} both hold review {record.review_id!r}; load one of them.")
        seen[record.review_id] = path
        advance(1)
        yield record


def read_records(paths: list[Path]) -> list[ReviewRecord]:
    """Read and check every record the paths name, into a list."""
    return list(iter_records(record_files(paths)))


def check_rules(records: list[ReviewRecord]) -> None:
    """Raise one sentence for the first SHACL rule the records break (the count of the others after it)."""
    problems = validate_records(records)
    if problems:
        more = f" ({len(problems) - 1} more problem(s); 'scrgraph validate' lists them all)" if len(problems) > 1 else ""
        raise ScrgraphError(problems[0].rstrip(".") + more + ".")


def _checked(records: Iterable[ReviewRecord]) -> Iterator[ReviewRecord]:
    for record in records:
        check_rules([record])
        yield record


def load_records_into(store_path: Path, records: Iterable[ReviewRecord], skip_shacl: bool = False) -> LoadSummary:
    """Check records against the rules and load them into the store, all or nothing.

    Records may come lazily; each is checked as it arrives and nothing is written unless all pass.
    """
    if not skip_shacl:
        records = _checked(records)
    existed = server_url(store_path) is not None or store_path.exists()
    try:
        with open_location(store_path, create=True) as store:
            return store.load_records(records)
    except BaseException:
        if not existed:
            shutil.rmtree(store_path, ignore_errors=True)
        raise


def describe(summary: LoadSummary, store_path: Path) -> str:
    """One line saying what a load did."""
    parts = []
    if summary.added:
        parts.append(f"added {len(summary.added)} review(s)")
    if summary.replaced:
        parts.append(f"replaced {len(summary.replaced)} review(s)")
    return f"Loaded into {store_path}: {', '.join(parts) or 'nothing'}."


def _no_progress(description: str, total: int) -> ContextManager[Callable[[int], None]]:
    return contextlib.nullcontext(lambda steps=1: None)


def load_paths(paths: list[Path], store_path: Path, skip_shacl: bool = False, progress: Progress | None = None) -> str:
    """Read, check and load everything the paths name; return a one-line summary.

    Every file is read and checked before anything is written; the store is opened only once
    the first record has passed, so bad input never creates or changes a store. ``progress``, when
    given, is told of each file read.
    """
    files = record_files(paths)
    with (progress or _no_progress)("Loading records", len(files)) as advance:
        warnings: list[str] = []
        records = _noting_undated(iter_records(files, advance), warnings)
        first = next(records)
        summary = load_records_into(store_path, itertools.chain([first], records), skip_shacl=skip_shacl)
    return "\n".join([describe(summary, store_path)] + [f"Warning: {w}" for w in warnings])


def _noting_undated(records: Iterator[ReviewRecord], warnings: list[str]) -> Iterator[ReviewRecord]:
    """Pass records on, noting a warning for each one that has no publication date."""
    from scrgraph.published import undated_warning

    for record in records:
        warning = undated_warning(record.review)
        if warning:
            warnings.append(warning)
        yield record
