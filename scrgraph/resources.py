"""Find the analyst-editable data files that ship with scrgraph.

The top-level folders ``ontology/``, ``loaders/``, ``queries/`` and ``examples/`` of the repository are
installed as the packages ``scrgraph.ontology``, ``scrgraph.loaders``, ``scrgraph.queries`` and
``scrgraph.examples``; in an
editable install they resolve to the repository's own folders, so edits show at once.

Examples
--------
>>> sorted(p.name for p in data_files("ontology", ".ttl"))[:1]
['agencies.ttl']
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

BUNDLES = {
    "ontology": "scrgraph.ontology",
    "loaders": "scrgraph.loaders",
    "queries": "scrgraph.queries",
    "examples": "scrgraph.examples",
}


def bundle(name: str) -> Traversable:
    """The folder of one bundle: ``ontology``, ``loaders`` or ``queries``."""
    return files(BUNDLES[name])


def data_files(name: str, suffix: str) -> list[Traversable]:
    """The files of a bundle whose names end with ``suffix``, sorted by name."""
    return sorted(
        (entry for entry in bundle(name).iterdir() if entry.is_file() and entry.name.endswith(suffix)),
        key=lambda entry: entry.name,
    )


def schema_text() -> str:
    """The JSON Schema of the review record, as text."""
    return files("scrgraph").joinpath("schema", "review-record.schema.json").read_text(encoding="utf-8")
