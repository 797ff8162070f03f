"""Check and type the parameters given to a saved query.

Every parameter of a query is always bound: a value given with ``-p NAME VALUE``, else its
default (``""`` means "any"; ``today`` is today's date). Values are typed: dates become
``datetime.date``, ints ``int``, bools ``bool``; ids of reviews, agencies, themes and recurrence
groups stay strings and are checked against the store. Anything wrong gets one sentence that says
what is allowed.

Examples
--------
>>> from scrgraph.query_header import Param
>>> resolve_params("q", {"n": Param("n", "int", default=2, required=False)}, {"n": "3"})
{'n': 3}
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from scrgraph.errors import ScrgraphError
from scrgraph.query_header import Param
from scrgraph.recognise.dates import Part, date_option
from scrgraph.recognise.named import VOCABULARY_KINDS, named_id

ID_TYPES = {"review": "review", "agency": "agency", "theme": "theme", "group": "recurrence group"}
TRUE = ("true", "yes", "y", "1", "on")
FALSE = ("false", "no", "n", "0", "off")
# Date parameters that open a span: a period written for one of them ("2023/24") gives its first day.
PERIOD_STARTS = ("from", "start", "since")

Lookup = Callable[[str], list[str]]


def param_pairs(pairs: Iterable[tuple[str, str]] | None) -> dict[str, str]:
    """``-p NAME VALUE`` pairs as a dict; a name given twice is one sentence."""
    params: dict[str, str] = {}
    for name, value in pairs or []:
        if name in params:
            raise ScrgraphError(f"-p {name} is given twice; give each parameter once.")
        params[name] = value
    return params


def describe_params(params: Mapping[str, Param]) -> str:
    """The parameters of a query in a few words each, for messages and listings."""
    return "; ".join(p.summary() for p in params.values())


def resolve_params(query: str, params: Mapping[str, Param], given: Mapping[str, Any] | None,
                   lookup: Lookup | None = None) -> dict[str, Any]:
    """The value of every parameter of ``query``: the given ones checked and typed, the rest defaulted.

    ``lookup(kind)`` gives the ids of a kind (``review``, ``agency``, ``theme``, ``group``) known
    to the store; without it ids are not checked.
    """
    given = dict(given or {})
    unknown = [name for name in given if name not in params]
    if unknown:
        allowed = "its parameters are " + describe_params(params) if params else "it takes no parameters"
        raise ScrgraphError(f"The query {query!r} has no parameter {unknown[0]!r}; {allowed}.")
    values: dict[str, Any] = {}
    for name, param in params.items():
        raw = given.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if param.required:
                hint = _known_hint(param, lookup)
                raise ScrgraphError(f"The query {query!r} needs the parameter {name!r} ({param.type}"
                                    f"{': ' + param.description.rstrip('.') if param.description else ''}); "
                                    f"give it with -p {name} VALUE{hint}.")
            raw = param.default
        values[name] = convert(query, param, raw, lookup)
    return values


def convert(query: str, param: Param, raw: Any, lookup: Lookup | None = None) -> Any:
    """One parameter value, typed and checked (``""`` stays ``""``: "any")."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw == "" and not param.required and param.default == "":
        return ""
    name = param.name
    shown = raw.isoformat() if isinstance(raw, dt.date) else raw
    value: Any  # of the parameter's type
    if param.type == "int":
        value = _int(raw)
        if value is None:
            raise ScrgraphError(f"-p {name} {shown!r} is not a whole number; the query {query!r} needs a whole number "
                                f"for {name}, for example -p {name} {param.default if isinstance(param.default, int) else 2}.")
    elif param.type == "date":
        value = date_option(f"-p {name}", raw, date_part(name))
    elif param.type == "bool":
        value = _bool(raw)
        if value is None:
            raise ScrgraphError(f"-p {name} {shown!r} is not true or false; write true or false.")
    else:
        value = raw if isinstance(raw, str) else str(shown)
    if param.allowed:
        allowed = [convert_default(param, a) for a in param.allowed]
        if value not in allowed:
            listed = ", ".join("'' (any)" if a == "" else str(a) for a in param.allowed)
            raise ScrgraphError(f"-p {name} {shown!r} is not allowed for the query {query!r}; use one of: {listed}.")
    elif param.type in ID_TYPES:
        value = named_value(param.type, value, lookup)
        if lookup is not None:
            _check_known(query, param, value, shown, lookup)
    return value


def _check_known(query: str, param: Param, value: str, shown: Any, lookup: Lookup) -> None:
    """Refuse an id the store does not hold, in one sentence naming the ids it does."""
    # A lookup may check one id without listing them all (thousands of reviews on a large store).
    contains = getattr(lookup, "contains", None)
    if contains is not None and contains(param.type, value):
        return
    known = lookup(param.type)
    if value in known:
        return
    what = ID_TYPES[param.type]
    close = difflib.get_close_matches(value, known, n=1)
    maybe = f" (did you mean {close[0]!r}?)" if close else ""
    used = _used(param.type, lookup) or known
    if used:
        where = "used by the reviews" if used is not known else "in the store"
        listing = f"{what} ids {where}: {', '.join(used)}"
    elif param.type == "group":
        listing = "there are no recurrence groups yet: run 'scrgraph link' first"
    else:
        listing = f"there are no {what}s in the store yet"
    article = "an" if what[0] in "aeiou" else "a"
    named = " or title" if param.type == "review" else (" or name" if param.type in VOCABULARY_KINDS else "")
    raise ScrgraphError(f"-p {param.name} {shown!r} is not {article} {what} id{named} in the store{maybe}; {listing}.")


def named_value(kind: str, written: str, lookup: Lookup | None = None) -> str:
    """The id ``written`` names: an agency or theme by id, label or alias; a review by id or title (through ``lookup``).

    Anything not recognised comes back as written, for the store check to refuse with its hints.
    """
    if kind in VOCABULARY_KINDS:
        return named_id(kind, written) or written
    titled = getattr(lookup, "titled", None)
    if kind == "review" and titled is not None:
        # An id is one index lookup; a title is compared with every review's (20 ms at 1,000 reviews).
        contains = getattr(lookup, "contains", None)
        if contains is not None and contains("review", written):
            return written
        return titled(written) or written
    return written


def convert_default(param: Param, value: Any) -> Any:
    """An ``allowed`` or ``default`` value of a header in the parameter's type (no store checks)."""
    if value == "" or value is None:
        return ""
    if param.type == "int":
        return _int(value)
    if param.type == "date":
        return date_option(f"The default of {param.name}", value, date_part(param.name))
    if param.type == "bool":
        return _bool(value)
    return str(value)


def _int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    return None


def date_part(name: str) -> Part:
    """Which day of a written period a date parameter takes: the first for ``from``, else the last."""
    return "first" if name in PERIOD_STARTS else "last"


def _bool(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    return None


def _known_hint(param: Param, lookup: Lookup | None) -> str:
    if param.allowed:
        return "; one of: " + ", ".join(str(a) for a in param.allowed)
    if param.type in ID_TYPES and lookup is not None:
        used = _used(param.type, lookup)
        known = used or lookup(param.type)
        if known:
            where = "used by the reviews" if used else "in the store"
            return f"; {ID_TYPES[param.type]} ids {where}: {', '.join(known)}"
    return ""


def _used(kind: str, lookup: Lookup) -> list[str]:
    """The ids of a kind the reviews use (agencies and themes; the vocabularies hold many more)."""
    if kind not in ("agency", "theme"):
        return []
    try:
        return lookup(kind + ":used")
    except KeyError:
        return []
