"""Review records: the YAML/JSON interchange format every loader writes and analysts may edit.

A record is a mapping with the keys ``review``, ``findings``, ``recommendations``, ``measures``
and ``agencies``; its JSON Schema is ``scrgraph/schema/review-record.schema.json`` and the README
documents every field. :func:`read_record` reads and checks one file; :func:`check_record` checks a
mapping already in memory. Every problem is reported as one sentence naming the field path.

Examples
--------
>>> rec = check_record({"review": {"title": "Child Q", "type": "CSPR",
...     "board": "Northtown Safeguarding Children Partnership", "subject": "Child Q"}})
>>> rec.review_id
'northtown-scp-child-q'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import yaml

from scrgraph.controls import code_point, first_control
from scrgraph.errors import ScrgraphError
from scrgraph.input_files import read_regular
from scrgraph.resources import schema_text
from scrgraph.vocab import slugify

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
MAX_RECORD_BYTES = 20 * 1024 * 1024
MAX_RECORD_NESTING = 32  # mappings and lists inside one another; a record needs about five


class _RecordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader that keeps dates and timestamps as text: the record's schema reads them,
    so an impossible date (2023-02-30) is refused in a sentence naming its field."""


_RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _mapping_once(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    """A YAML mapping whose keys are each given once: YAML would keep a repeated key's last value
    silently, so a second ``published:`` typed into a record by hand would hide the first."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, str) and key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice in one mapping",
                                                    key_node.start_mark)
        if isinstance(key, str):
            seen.add(key)
    return yaml.SafeLoader.construct_yaml_map(loader, node)


_RecordLoader.add_constructor("tag:yaml.org,2002:map", _mapping_once)

# Long board names shortened when a review id is made from them.
_BOARD_ABBREVIATIONS = [
    ("local safeguarding children partnership", "lscp"),
    ("local safeguarding children board", "lscb"),
    ("safeguarding children partnership", "scp"),
    ("safeguarding children board", "scb"),
    ("safeguarding adults partnership", "sap"),
    ("safeguarding adults board", "sab"),
    ("community safety partnership", "csp"),
]


@dataclass
class ReviewRecord:
    """A checked review record: its data (ids filled in) and the file it came from."""

    data: dict[str, Any]
    path: Path | None = None

    @property
    def review(self) -> dict[str, Any]:
        """The ``review`` part of the record."""
        return self.data["review"]

    @property
    def review_id(self) -> str:
        """The review's id (given in the record, or made from board and subject)."""
        return self.data["review"]["id"]

    def items(self, kind: str) -> list[dict[str, Any]]:
        """The findings, recommendations, measures or agencies of the record."""
        return self.data.get(kind) or []


def make_review_id(board: str, subject: str, board_short: str | None = None) -> str:
    """A readable review id from the board's (short) name and the subject's pseudonym."""
    name = board_short or board
    lowered = f" {name.lower()} "
    if not board_short:
        for phrase, short in _BOARD_ABBREVIATIONS:
            lowered = lowered.replace(f" {phrase} ", f" {short} ")
    return slugify(f"{lowered} {subject}")


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """The Rust validator (jsonschema-rs): about 200 times faster, used to accept valid records."""
    return jsonschema_rs.validator_for(json.loads(schema_text()), validate_formats=True)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    """The reference validator, used only to explain why a record is invalid."""
    schema = json.loads(schema_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _field_path(parts: list[Any] | Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _shown(value: Any) -> str:
    """A value as an error message quotes it: at most 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)' was unexpected", error.message)
        return f"has an unknown field {', '.join(repr(e) for e in extra) or ''}".rstrip()
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    description = error.schema.get("description") if isinstance(error.schema, Mapping) else None
    if error.validator == "pattern" and description:
        return f"{_shown(error.instance)} is not valid: {description[0].lower()}{description[1:].rstrip('.')}"
    if error.validator == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
        return f"{_shown(error.instance)} is not one of: {allowed}"
    if error.validator in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        return "is empty"
    return error.message.replace(repr(error.instance), _shown(error.instance))


def _where(source: str | None) -> str:
    return f"{source}: " if source else ""


def check_record(data: Any, source: str | None = None) -> ReviewRecord:
    """Check a record mapping against the schema and the rules between its parts.

    Fills in ``review.id`` when it is missing. Raises :class:`ScrgraphError` with one sentence
    naming the first problem's field path. Refs must be unique within each list (two items with
    one ref would become one node in the graph, so this is checked here). The other rules between
    parts of a record (known agencies and themes, measures that answer real recommendations ...)
    are SHACL shapes, checked on the record's graph by :mod:`scrgraph.shacl`.
    """
    if not isinstance(data, dict):
        raise ScrgraphError(f"{_where(source)}a review record must be a mapping with a 'review' key, not {type(data).__name__}.")
    check_text_values(data, source)
    errors = [] if _fast_validator().is_valid(data) else sorted(
        _validator().iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        error = jsonschema.exceptions.best_match(errors)
        raise ScrgraphError(f"{_where(source)}{_field_path(list(error.absolute_path))} {_schema_message(error)}.")
    _check_unique_refs(data, source)
    data = dict(data)
    review = data["review"] = dict(data["review"])
    review.setdefault("id", make_review_id(review["board"], review["subject"], review.get("board_short")))
    if not review["id"]:
        raise ScrgraphError(f"{_where(source)}review.id could not be made from the board and subject; give one.")
    return ReviewRecord(data=data)


def _check_unique_refs(data: dict[str, Any], source: str | None) -> None:
    """Refuse a record in which two findings, recommendations or measures share a ref."""
    for kind in ("findings", "recommendations", "measures"):
        seen: set[str] = set()
        for item in data.get(kind) or []:
            ref = item.get("ref")
            if ref is None:
                continue
            if ref in seen:
                raise ScrgraphError(f"{_where(source)}two {kind} share the ref {ref}; refs must be unique within a review.")
            seen.add(ref)


def _refuse_aliases(text: str, source: str) -> None:
    """Refuse YAML anchors and aliases: a few lines of them can expand to gigabytes ("billion laughs")."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_RecordLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ScrgraphError(f"{source} uses YAML anchors or aliases (&name, *name), which review records may not use; "
                                f"write each value out.")


def check_text_values(data: Any, source: str | None) -> None:
    """Refuse a record nested more than :data:`MAX_RECORD_NESTING` deep, or holding a control character,
    escape code, bidirectional override or lone surrogate in any key or text (named by its field path)."""
    pending: list[tuple[Any, list[Any]]] = [(data, [])]
    while pending:
        value, path = pending.pop()
        if len(path) > MAX_RECORD_NESTING:
            raise ScrgraphError(f"{_where(source)}{_field_path(path[:3])} is nested more than {MAX_RECORD_NESTING} "
                                f"levels deep, more than a review record can hold.")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ScrgraphError(f"{_where(source)}{_field_path(path)} has the key {key!r}, which is not text; "
                                        f"quote it.")
                pending.append((key, path))
                pending.append((item, path + [key]))
        elif isinstance(value, list):
            pending.extend((item, path + [index]) for index, item in enumerate(value))
        elif not isinstance(value, (str, int, float, bool, type(None))):
            raise ScrgraphError(f"{_where(source)}{_field_path(path)} holds a {type(value).__name__} value; a review "
                                f"record holds only text, numbers, true/false, lists and mappings.")
        elif isinstance(value, str) and (char := first_control(value)) is not None:
            raise ScrgraphError(f"{_where(source)}{_field_path(path)} holds the control character {code_point(char)} "
                                f"(such as a terminal escape code or a bidirectional override); remove it and try again.")


def parse_record_text(text: str, source: str, suffix: str) -> Any:
    """Parse record text as JSON or YAML (no anchors or aliases, dates as text), with one-sentence errors."""
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            _refuse_aliases(text, source)
            data = yaml.load(text, Loader=_RecordLoader)
    except json.JSONDecodeError as exc:
        raise ScrgraphError(f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "it cannot be parsed"
        raise ScrgraphError(f"{source} is not valid YAML: {problem}{where}.") from None
    except RecursionError:
        raise ScrgraphError(f"{source} is nested more than {MAX_RECORD_NESTING} levels deep, more than a review "
                            f"record can hold.") from None
    return data


def read_record(path: Path) -> ReviewRecord:
    """Read and check one record file (``.yaml``, ``.yml`` or ``.json``): a regular file within the size limit."""
    data = read_regular(path, MAX_RECORD_BYTES, "review record")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScrgraphError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None
    if not text.strip():
        raise ScrgraphError(f"{path} is empty.")
    record = check_record(parse_record_text(text, str(path), path.suffix.lower()), source=str(path))
    record.path = path
    return record


def record_files(paths: list[Path]) -> list[Path]:
    """Expand files and folders into the record files they name, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ScrgraphError(f"The path {path} does not exist.")
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES)
            if not inside:
                raise ScrgraphError(f"The folder {path} holds no review records (.yaml, .yml or .json files).")
            found.extend(inside)
        else:
            found.append(path)
    return found


def dump_record(record: dict[str, Any], fmt: str = "yaml") -> str:
    """Write a record as YAML (block style, keys in schema order) or JSON."""
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
