"""Read review records from files and folders, and check them before :meth:`scrgraph.graph.Graph.load` writes them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.record import ReviewRecord, read_record, record_files
from scrgraph.shacl import validate_records
from scrgraph.store import LoadSummary


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


def checked(records: Iterable[ReviewRecord]) -> Iterator[ReviewRecord]:
    """Pass records on, each checked against the SHACL rules as it arrives."""
    for record in records:
        check_rules([record])
        yield record


def describe(summary: LoadSummary, store_path: str | Path) -> str:
    """One line saying what a load did."""
    parts = []
    if summary.added:
        parts.append(f"added {len(summary.added)} review(s)")
    if summary.replaced:
        parts.append(f"replaced {len(summary.replaced)} review(s)")
    return f"Loaded into {store_path}: {', '.join(parts) or 'nothing'}."


def noting_undated(records: Iterator[ReviewRecord], warnings: list[str]) -> Iterator[ReviewRecord]:
    """Pass records on, noting a warning for each one that has no publication date."""
    from scrgraph.published import undated_warning

    for record in records:
        warning = undated_warning(record.review)
        if warning:
            warnings.append(warning)
        yield record
