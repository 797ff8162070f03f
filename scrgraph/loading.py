"""Load review records from files and folders into the store, all or nothing."""

from __future__ import annotations

from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.record import ReviewRecord, read_record, record_files
from scrgraph.shacl import validate_records
from scrgraph.store import GraphStore, LoadSummary


def read_records(paths: list[Path], quiet: bool = True) -> list[ReviewRecord]:
    """Read and check every record the paths name; two records with the same review id are an error."""
    from scrgraph.cli.common import progress_bar

    files = record_files(paths)
    records: list[ReviewRecord] = []
    seen: dict[str, Path | None] = {}
    with progress_bar("Reading records", len(files), quiet) as advance:
        for path in files:
            record = read_record(path)
            if record.review_id in seen:
                raise ScrgraphError(f"{path} and {seen[record.review_id]} both hold review {record.review_id!r}; load one of them.")
            seen[record.review_id] = path
            records.append(record)
            advance(1)
    return records


def check_rules(records: list[ReviewRecord]) -> None:
    """Raise one sentence for the first SHACL rule the records break (the count of the others after it)."""
    problems = validate_records(records)
    if problems:
        more = f" ({len(problems) - 1} more problem(s); 'scrgraph validate' lists them all)" if len(problems) > 1 else ""
        raise ScrgraphError(problems[0].rstrip(".") + more + ".")


def load_records_into(store_path: Path, records: list[ReviewRecord], skip_shacl: bool = False) -> LoadSummary:
    """Check records against the rules, then load them into the store in one atomic step."""
    if not skip_shacl:
        check_rules(records)
    with GraphStore.open(store_path, create=True) as store:
        return store.load_records(records)


def describe(summary: LoadSummary, store_path: Path) -> str:
    """One line saying what a load did."""
    parts = []
    if summary.added:
        parts.append(f"added {len(summary.added)} review(s)")
    if summary.replaced:
        parts.append(f"replaced {len(summary.replaced)} review(s)")
    return f"Loaded into {store_path}: {', '.join(parts) or 'nothing'}."


def load_paths(paths: list[Path], store_path: Path, skip_shacl: bool = False, quiet: bool = True) -> str:
    """Read, check and load everything the paths name; return a one-line summary."""
    records = read_records(paths, quiet=quiet)
    return describe(load_records_into(store_path, records, skip_shacl=skip_shacl), store_path)
