"""Saved queries: find them, read their headers, bind their parameters and run them.

A saved query is a file ``NAME.rq`` (SPARQL, run on the store) with a twin ``NAME.cypher`` (run on
Neo4j); the bundled ones are in ``queries/``, and each folder given with ``--queries DIR`` adds
queries or replaces bundled ones of the same name (a later folder wins over an earlier one).
Each file starts with a header (:mod:`scrgraph.query_header`); a line ``#include NAME`` pulls in
``fragments/NAME.rq`` (or ``.cypher``) from the same places. Parameter values are bound to query
variables (SPARQL ``initBindings``, Cypher ``$name``), never pasted into the text; every parameter
is always bound, and the columns the header lists are what comes back.

Examples
--------
>>> "actions" in [q.name for q in list_queries()]
True
>>> get_query("actions").header.columns[:2]
['review_id', 'rec']
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import URIRef

from scrgraph import agency_parts, derived
from scrgraph.errors import QueryError, ScrgraphError
from scrgraph.query_header import Header, parse_header
from scrgraph.query_params import resolve_params
from scrgraph.recognise.refs import natural_key
from scrgraph.resources import bundle, data_files
from scrgraph.review_walk import (
    ReadAhead,
    groups_in_order,
    groups_joined_by,
    merge_page,
    reviews_by_earliest_due,
    reviews_in_order,
    walk_page,
)
from scrgraph.sparql_guard import check_read_only_local
from scrgraph.vocab import ID, PREFIXES, agency_iri, board_iri, group_iri, review_iri, slugify, theme_iri

LANGUAGES = {"sparql": ".rq", "cypher": ".cypher"}
BACKENDS = {"rdf": "sparql", "neo4j": "cypher"}
LIST_SEPARATOR = "; "
INCLUDE = re.compile(r"^[ \t]*(?:#|//)include[ \t]+([A-Za-z0-9_.-]+)[ \t]*$", re.MULTILINE)
MAX_INCLUDE_DEPTH = 8
CATALOGUE_MAX_AGE = 1.0  # seconds; see catalogue()
_CATALOGUES: dict[tuple[str, ...], tuple[float, dict[str, Any]]] = {}
_CATALOGUES_LOCK = threading.Lock()

KNOWN_IDS_SPARQL = {
    "review": 'SELECT DISTINCT ?id WHERE { ?n a scr:Review ; dcterms:identifier ?id } ORDER BY ?id',
    "agency": 'SELECT DISTINCT ?id WHERE { ?n a scr:Agency . BIND (STRAFTER(STR(?n), "/id/agency/") AS ?id) } ORDER BY ?id',
    "theme": 'SELECT DISTINCT ?id WHERE { ?n a scr:Theme . BIND (STRAFTER(STR(?n), "/id/theme/") AS ?id) } ORDER BY ?id',
    "group": 'SELECT DISTINCT ?id WHERE { ?n a scr:RecurrenceGroup ; dcterms:identifier ?id } ORDER BY ?id',
    # The ones the reviews use, for hints (any agency or theme of the vocabularies is a valid value).
    "agency:used": 'SELECT DISTINCT ?id WHERE { ?x scr:addressedTo|scr:concernsAgency|scr:responsibleAgency|scr:namesAgency ?n '
                   '. BIND (STRAFTER(STR(?n), "/id/agency/") AS ?id) } ORDER BY ?id',
    "theme:used": 'SELECT DISTINCT ?id WHERE { ?x dcterms:subject ?n . ?n a scr:Theme . '
                  'BIND (STRAFTER(STR(?n), "/id/theme/") AS ?id) } ORDER BY ?id',
}
KNOWN_IDS_CYPHER = {
    "review": "MATCH (n:Review) RETURN DISTINCT n.identifier AS id ORDER BY id",
    "agency": "MATCH (n:Agency) RETURN DISTINCT last(split(n.iri, '/')) AS id ORDER BY id",
    "theme": "MATCH (n:Theme) RETURN DISTINCT last(split(n.iri, '/')) AS id ORDER BY id",
    "group": "MATCH (n:RecurrenceGroup) RETURN DISTINCT n.identifier AS id ORDER BY id",
    "agency:used": "MATCH ()-[:ADDRESSED_TO|CONCERNS_AGENCY|RESPONSIBLE_AGENCY|NAMES_AGENCY]->(n) "
                   "RETURN DISTINCT last(split(n.iri, '/')) AS id ORDER BY id",
    "theme:used": "MATCH ()-[:SUBJECT]->(n:Theme) RETURN DISTINCT last(split(n.iri, '/')) AS id ORDER BY id",
}


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: its name, header and files (``sparql`` and/or ``cypher``)."""

    name: str
    header: Header
    files: dict[str, Any]
    origin: str
    fragment_dirs: tuple[Any, ...]
    _texts: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def title(self) -> str:
        """The query's title."""
        return self.header.title

    @property
    def languages(self) -> list[str]:
        """The languages the query is written in: ``sparql``, ``cypher`` or both."""
        return [lang for lang in LANGUAGES if lang in self.files]

    def source(self, language: str = "sparql") -> str:
        """The text of the query file in one language, as written."""
        file = self.files.get(language)
        if file is None:
            other = {"sparql": "an .rq file (SPARQL)", "cypher": "a .cypher twin (for Neo4j)"}[language]
            backend = "neo4j" if language == "sparql" else "rdf"
            raise QueryError(f"The saved query {self.name!r} has no {other}; run it with --backend {backend}.")
        return file.read_text(encoding="utf-8")

    def text(self, language: str = "sparql") -> str:
        """The query as it runs: its file with every ``#include`` line replaced by its fragment
        (read once for this query as the catalogue read it; see :func:`catalogue`)."""
        if language not in self._texts:
            self._texts[language] = expand_includes(self.source(language), language, self.fragment_dirs,
                                                    f"{self.name}{LANGUAGES[language]}")
        return self._texts[language]


# -- finding queries ------------------------------------------------------------------------------


def _query_dirs(extra_dirs: Iterable[Path | str]) -> list[tuple[Any, str]]:
    """The folders to read, bundled first: (folder, origin) pairs."""
    dirs: list[tuple[Any, str]] = [(bundle("queries"), "bundled")]
    for folder in extra_dirs or ():
        path = Path(folder)
        if not path.is_dir():
            raise ScrgraphError(f"The queries folder {path} does not exist or is not a folder; give a folder of .rq files with --queries.")
        dirs.append((path, str(path)))
    return dirs


def _files(folder: Any, suffix: str, bundled: bool) -> list[Any]:
    if bundled:
        return data_files("queries", suffix)
    return sorted((p for p in Path(folder).iterdir() if p.is_file() and p.name.endswith(suffix)), key=lambda p: p.name)


def catalogue(extra_dirs: Iterable[Path | str] = ()) -> dict[str, SavedQuery]:
    """Every saved query by name: the bundled ones, then each ``--queries`` folder's (which win).

    The folders are read again when what was read of them is more than :data:`CATALOGUE_MAX_AGE`
    seconds old: a file an analyst edits is seen within a second, and the workbench, answering
    many requests a second, does not read every query file for each (each file read let the
    other requests' threads take the processor, so a page that ran one query waited on forty).
    """
    key = tuple(str(folder) for folder in extra_dirs or ())
    now = time.monotonic()
    with _CATALOGUES_LOCK:
        kept = _CATALOGUES.get(key)
    if kept is not None and now - kept[0] < CATALOGUE_MAX_AGE:
        return kept[1]
    queries = _read_catalogue(extra_dirs)
    with _CATALOGUES_LOCK:
        _CATALOGUES[key] = (now, queries)
    return queries


def _read_catalogue(extra_dirs: Iterable[Path | str]) -> dict[str, SavedQuery]:
    dirs = _query_dirs(extra_dirs)
    fragment_dirs = tuple(folder.joinpath("fragments") for folder, _ in reversed(dirs))
    found: dict[str, tuple[dict[str, Any], str]] = {}
    for folder, origin in dirs:
        here: dict[str, dict[str, Any]] = {}
        for language, suffix in LANGUAGES.items():
            for file in _files(folder, suffix, origin == "bundled"):
                here.setdefault(file.name[: -len(suffix)], {})[language] = file
        for name, files in here.items():
            found[name] = (files, origin)  # a folder's query replaces an earlier one of the same name
    queries = {}
    for name in sorted(found):
        files, origin = found[name]
        main = files.get("sparql") or files["cypher"]
        header = _header(main, origin)
        queries[name] = SavedQuery(name=name, header=header, files=files, origin=origin, fragment_dirs=fragment_dirs)
    return queries


def _header(file: Any, origin: str) -> Header:
    label = f"queries/{file.name}" if origin == "bundled" else str(file)
    return _parsed_header(file.read_text(encoding="utf-8"), label)


@lru_cache(maxsize=512)
def _parsed_header(text: str, label: str) -> Header:
    """A query file's header, parsed once per text (the YAML took longer than a small query runs)."""
    return parse_header(text, label)


def list_queries(extra_dirs: Iterable[Path | str] = ()) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    return list(catalogue(extra_dirs).values())


def get_query(name: str, extra_dirs: Iterable[Path | str] = ()) -> SavedQuery:
    """One saved query by name; an unknown name is an error that lists the known ones."""
    queries = catalogue(extra_dirs)
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=1)
        maybe = f" (did you mean {close[0]!r}?)" if close else ""
        raise QueryError(f"There is no saved query {name!r}{maybe}; saved queries: {', '.join(queries)}.")
    return queries[name]


def query_text(name: str, extra_dirs: Iterable[Path | str] = (), language: str = "sparql",
               prefixes: bool = False) -> str:
    """The text of a saved query as it runs (fragments included).

    With ``prefixes``, SPARQL gets the PREFIX lines the store predeclares, so the text also runs
    in other SPARQL tools.
    """
    text = get_query(name, extra_dirs).text(language)
    if prefixes and language == "sparql":
        lines = text.splitlines(keepends=True)
        head = 0
        while head < len(lines) and lines[head].lstrip().startswith("#"):
            head += 1
        declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        text = "".join(lines[:head]) + declared + "".join(lines[head:])
    return text


def expand_includes(text: str, language: str, fragment_dirs: Sequence[Any], source: str, depth: int = 0) -> str:
    """``text`` with each ``#include NAME`` line replaced by the fragment ``fragments/NAME``."""
    suffix = LANGUAGES[language]

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if depth >= MAX_INCLUDE_DEPTH:
            raise QueryError(f"The saved query {source} includes fragments too deeply (is {name!r} including itself?).")
        fragment = _fragment(name, suffix, fragment_dirs)
        if fragment is None:
            known = sorted({f.name[: -len(suffix)] for d in fragment_dirs for f in _fragment_files(d, suffix)})
            raise QueryError(f"The saved query {source} includes {name!r}, which is not a fragment in queries/fragments/ "
                                f"(fragments: {', '.join(known) or 'none'}).")
        body = expand_includes(fragment.read_text(encoding="utf-8"), language, fragment_dirs, f"fragments/{name}{suffix}", depth + 1)
        return body.rstrip("\n")

    return INCLUDE.sub(replace, text)


def _fragment_files(folder: Any, suffix: str) -> list[Any]:
    try:
        if not folder.is_dir():
            return []
        return [f for f in folder.iterdir() if f.is_file() and f.name.endswith(suffix)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _fragment(name: str, suffix: str, fragment_dirs: Sequence[Any]) -> Any:
    for folder in fragment_dirs:  # the last --queries folder first, the bundle last
        try:
            candidate = folder.joinpath(name + suffix)
            if candidate.is_file():
                return candidate
        except (FileNotFoundError, NotADirectoryError):
            continue
    return None


# -- running ------------------------------------------------------------------------------------


def _cached_lookup(fetch: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    return lru_cache(maxsize=None)(fetch)


# One id at a time, for checking a parameter without listing every id: (query, variable, value maker).
# The class is tested with a FILTER so that Oxigraph starts from the bound id, not from every review.
KNOWN_ID_SPARQL: dict[str, tuple[str, str, Callable[[str], Any]]] = {  # kind: (query, variable, id -> term)
    "review": ('SELECT ?id WHERE { ?n dcterms:identifier ?id ; a ?class . FILTER (?class = scr:Review) } LIMIT 1',
               "id", str),
    "group": ('SELECT ?id WHERE { ?n dcterms:identifier ?id ; a ?class . FILTER (?class = scr:RecurrenceGroup) } LIMIT 1',
              "id", str),
    "agency": ('SELECT ?n WHERE { ?n a scr:Agency } LIMIT 1', "n", lambda v: URIRef(agency_iri(v))),
    "theme": ('SELECT ?n WHERE { ?n a scr:Theme } LIMIT 1', "n", lambda v: URIRef(theme_iri(v))),
}


# The review a title names (ignoring case): only when exactly one review has it.
REVIEW_BY_TITLE = ('SELECT DISTINCT ?id ?wanted WHERE { ?n a scr:Review ; dcterms:identifier ?id ; dcterms:title ?title . '
                   'FILTER (LCASE(STR(?title)) = ?wanted) } LIMIT 2')


def store_lookup(store) -> Callable[[str], list[str]]:
    """The ids of reviews, agencies, themes or groups in a store, for checking parameters.

    Its ``contains(kind, id)`` checks one id with one small query; the full lists are read only
    for an id that is not there (to suggest the ids that are). ``titled(title)`` is the id of the
    one review with that title, if any.
    """

    def fetch(kind: str) -> list[str]:
        _, rows = store.select(KNOWN_IDS_SPARQL[kind])
        return [str(row["id"]) for row in rows if row.get("id")]

    def contains(kind: str, value: str) -> bool:
        if kind not in KNOWN_ID_SPARQL or not value or any(c in value for c in '<>"{}|^`\\ '):
            return False
        sparql, variable, make = KNOWN_ID_SPARQL[kind]
        return bool(store.select(sparql, {variable: make(value)})[1])

    def titled(title: str) -> str | None:
        rows = store.select(REVIEW_BY_TITLE, {"wanted": title.strip().lower()})[1]
        return str(rows[0]["id"]) if len(rows) == 1 else None

    lookup = _cached_lookup(fetch)
    lookup.contains = contains  # type: ignore[attr-defined]
    lookup.titled = titled  # type: ignore[attr-defined]
    return lookup


def bind_params(query: SavedQuery, params: Mapping[str, Any] | None, lookup=None) -> dict[str, Any]:
    """The typed value of every parameter of ``query`` (defaults filled in), by parameter name."""
    return resolve_params(query.name, query.header.params, params, lookup)


NODE_IRIS: dict[str, Callable[[str], str]] = {"review": review_iri, "agency": agency_iri, "theme": theme_iri, "group": group_iri}


def sparql_bindings(query: SavedQuery, values: Mapping[str, Any]) -> dict[str, Any]:
    """The SPARQL variables bound for parameter ``values``: each value to its variable, and the node
    IRI a review, agency, theme or group value names to the parameter's ``node`` variable (a blank
    value leaves that variable free). Every store writes them into the query, where Oxigraph plans
    around a bound node (see :mod:`scrgraph.sparql_binding`)."""
    bindings: dict[str, Any] = {}
    for name, value in values.items():
        param = query.header.params[name]
        bindings[param.variable] = value
        if param.node and param.type in NODE_IRIS and value != "":
            bindings[param.node] = URIRef(NODE_IRIS[param.type](value))
    return bindings


NO_BOARD = URIRef("urn:scrgraph:no-board")  # bound for a blank or unknown board: patterns on it match nothing
# The boards a value names (its id, name or short name; ?wanted in lower case), as the queries' own
# board filters match them; BOARD_NAMED is enough to tell one board from several.
BOARDS_NAMED = """SELECT DISTINCT ?b ?wanted WHERE { ?b a scr:Board .
  FILTER (?wanted = STRAFTER(STR(?b), "/id/board/")
          || EXISTS { ?b rdfs:label ?label FILTER (LCASE(STR(?label)) = ?wanted) }
          || EXISTS { ?b skos:altLabel ?short FILTER (LCASE(STR(?short)) = ?wanted) }) }"""
BOARD_NAMED = BOARDS_NAMED + " LIMIT 2"


def board_node(store, written: str) -> URIRef:
    """The board a board parameter names (its name, a short name or its id, in any case), as the
    queries' own board filters match it; :data:`NO_BOARD` for a blank value or one naming no board.

    The board the value names as an id or a printed name is tried first (one lookup each) and taken
    when it is one, without looking for another board whose short name the value is: reading every
    board's names takes 0.2 s at 10,000 reviews (7,358 boards), and a short name is looked for so.
    """
    wanted = written.strip().lower()
    if not wanted:
        return NO_BOARD
    for candidate in dict.fromkeys((f"{ID}board/{quote(wanted, safe='-._~')}", board_iri(written))):
        if store.select(BOARD_NAMED, {"b": URIRef(candidate), "wanted": wanted})[1]:
            return URIRef(candidate)
    found = [row["b"] for row in store.select(BOARD_NAMED, {"wanted": wanted})[1]]
    if len(found) > 1:
        raise ScrgraphError(f"{written!r} names more than one board; give the board's id instead "
                            f"(one of {', '.join(str(b).rsplit('/', 1)[-1] for b in found)}).")
    return URIRef(found[0]) if found else NO_BOARD


def _board_bindings(store, query: SavedQuery, values: Mapping[str, Any]) -> dict[str, URIRef]:
    """The node variable of each board parameter that has one, bound to the board it names."""
    return {param.node: board_node(store, str(values.get(name) or "")) for name, param in query.header.params.items()
            if param.type == "board" and param.node}


@dataclass(frozen=True)
class Page:
    """Which rows of a query's answer to give: ``limit`` rows (None for all) after skipping ``offset``."""

    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        for name, value in (("--limit", self.limit), ("--offset", self.offset)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ScrgraphError(f"{name} must be a whole number of rows, 0 or more.")

    @property
    def everything(self) -> bool:
        """Whether the page is the whole answer."""
        return self.limit is None and self.offset == 0

    def sparql(self, text: str) -> str:
        """The query as a sub-SELECT of one that keeps the page's rows (the engine stops after them)."""
        if self.everything:
            return text
        modifiers = (f" LIMIT {self.limit:d}" if self.limit is not None else "") + (f" OFFSET {self.offset:d}" if self.offset else "")
        return "SELECT * WHERE {\n{\n" + text + "\n}\n}" + modifiers

    def cypher(self, text: str) -> tuple[str, dict[str, int]]:
        """The query with SKIP and LIMIT as parameters, and their values."""
        if self.everything:
            return text, {}
        values = {"scrgraph_skip": self.offset}
        clauses = " SKIP $scrgraph_skip"
        if self.limit is not None:
            values["scrgraph_limit"] = self.limit
            clauses += " LIMIT $scrgraph_limit"
        return text.rstrip().rstrip(";") + "\n" + clauses, values


def run_query(store, name: str, params: Mapping[str, Any] | None = None,
              extra_dirs: Iterable[Path | str] = (), page: Page = Page()) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the saved query ``name`` on ``store`` with ``params``; return its columns and the rows of
    ``page``, all read from the engine at once (see :meth:`scrgraph.store.OxigraphStore.select`)."""
    columns, rows = _evaluate(store, name, params, extra_dirs, page, stream=False)
    return columns, list(rows)


def stream_query(store, name: str, params: Mapping[str, Any] | None = None,
                 extra_dirs: Iterable[Path | str] = (), page: Page = Page()) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """:func:`run_query` with the rows given one by one as the engine finds them (read them while the
    store is open): a listing is written out without being held, and starts at once when unsorted."""
    return _evaluate(store, name, params, extra_dirs, page, stream=True)


def _evaluate(store, name: str, params: Mapping[str, Any] | None, extra_dirs: Iterable[Path | str], page: Page,
              stream: bool) -> tuple[list[str], Iterator[dict[str, Any]]]:
    query = get_query(name, extra_dirs)
    values = bind_params(query, params, store_lookup(store))
    bindings = sparql_bindings(query, values) | _board_bindings(store, query, values)
    # Saved queries are files analysts edit: they too only read this store. Checked before the page's
    # LIMIT and OFFSET are put around it (those are ours), so each query is parsed once, not once a page.
    check_read_only_local(query.text("sparql"))
    kept = _kept_rows(store, query, values, extra_dirs)
    if kept is not None:
        end = None if page.limit is None else page.offset + page.limit
        return list(query.header.columns), iter(kept[page.offset:end])
    text = page.sparql(query.text("sparql"))
    select = (getattr(store, "select_stream", None) if stream else None) or store.select
    scoped = _scope_graphs(store, query, values)
    if scoped is not None:
        select = partial(select, graphs=scoped)
    try:
        joined = partial(_joined_groups, store, query, params, extra_dirs)
        walked = _walked(store, query, values, bindings, page, joined) if scoped is None and hasattr(store, "review_dataset") else None
        got, rows = walked or select(text, bindings)
    except ScrgraphError:
        raise
    except Exception as exc:  # a syntax or evaluation error in a (user's) query file
        raise _could_not_run(name, exc) from None
    columns = _check_columns(query, got)
    return columns, _guarded(name, shaped(query, rows))


def _kept_rows(store, query: SavedQuery, values: Mapping[str, Any],
               extra_dirs: Iterable[Path | str]) -> list[dict[str, Any]] | None:
    """The whole answer, already shaped, of a query the derived graph's kept parts answer
    (:mod:`scrgraph.agency_parts`); None for any other query, or when the parts cannot answer it."""
    if query.name != agency_parts.QUERY_NAME or not agency_parts.applies(query.text("sparql"), values):
        return None
    if [row["version"] for row in store.select(derived.VERSION_QUERY)[1]] != [derived.DERIVED_VERSION]:
        return None  # a store whose derived graph is of another version may keep no parts

    def live(review: str) -> list[dict[str, Any]]:
        return run_query(store, query.name, {"as_of": values["as_of"], "review": review}, extra_dirs)[1]

    try:
        return agency_parts.answer(store, values["as_of"], live)
    except ValueError:  # a kept share not in the form this version writes: the query works it out instead
        return None


BOARD_REVIEW_IDS = "SELECT ?id WHERE { ?review scr:board ?b ; dcterms:identifier ?id }"


def _board_reviews(store, written: str) -> list[str]:
    """The ids of the reviews of the board (or boards) ``written`` names: its id, name or short name,
    in any case, as queries/fragments/review-scope.rq matches them. A value that reads as an id is
    looked up directly; reading every board's names takes 0.2-0.3 s at 10,000 reviews."""
    wanted = written.strip().lower()
    if wanted == slugify(wanted):  # an id (a name that reads as one names the board of that id)
        boards = [board_iri(wanted)]
    else:
        boards = [row["b"] for row in store.select(BOARDS_NAMED, {"wanted": wanted})[1]]
    return [str(row["id"]) for board in boards for row in store.select(BOARD_REVIEW_IDS, {"b": URIRef(board)})[1]]


def _scope_graphs(store, query: SavedQuery, values: Mapping[str, Any]) -> list[str] | None:
    """The graphs a query scoped to reviews (``scope: review``) reads on a store that can read some of
    its graphs alone: those of the review its ``review`` parameter names (11x faster at 10,000
    reviews than the whole store), or of the reviews of the board its ``board`` parameter names (a
    board's question on a regional or national store); None for the whole store."""
    dataset = getattr(store, "review_dataset", None)
    if query.header.scope != "review" or dataset is None:
        return None
    if values.get("review"):
        return dataset(str(values["review"]))
    board = str(values.get("board") or "") if "board" in query.header.params else ""
    if not board:
        return None
    return list(dict.fromkeys(graph for review in _board_reviews(store, board) for graph in dataset(review)))


# The whole answer of a query with ``joined_by`` is read group by group when the groups that can
# have rows hold at most this share of all groups' members: each group read alone costs about its
# share of the whole query (``repeated-recommendations`` at 10,000 linked reviews: a period whose
# reviews joined no group 0.05 s against 4-5.7 s; one that nearly all groups joined 7-8.6 s walked,
# 5.7 s whole).
JOINED_WALK_SHARE = 0.25


def _joined_groups(store, query: SavedQuery, params: Mapping[str, Any] | None,
                   extra_dirs: Iterable[Path | str]) -> tuple[set[str], float] | None:
    """The groups that can have rows when a parameter of the header's ``joined_by`` is given (those
    with a member in a review its saved query lists for the same values: ``repeated-recommendations``
    for a period, the reviews ``reviews-in-period`` lists), and the share of all groups' members they
    hold; None when none is given, or the store cannot tell."""
    joined = query.header.joined_by
    given = {name: value for name, value in (params or {}).items()
             if name in joined.get("params", ()) and value not in (None, "")}
    if not given or not hasattr(store, "select_values"):
        return None
    reviews = {str(row[joined["column"]]) for row in run_query(store, joined["query"], given, extra_dirs)[1]}
    return groups_joined_by(store, reviews)


def _walked(store, query: SavedQuery, values: Mapping[str, Any], bindings: Mapping[str, Any], page: Page,
            joined_groups: Callable[[], tuple[set[str], float] | None] = lambda: None,
            ) -> tuple[list[str], Iterator[dict[str, Any]]] | None:
    """A page of a listing sorted review by review (``review_order``), by due date (``due_order``) or
    group by group (``group_order``), read review by review or group by group (see
    :mod:`scrgraph.review_walk`); for a query with ``joined_by``, from the groups ``joined_groups()``
    says can have rows (with their share of the members, see :func:`_joined_groups`), and so is the
    whole answer when their share is at most :data:`JOINED_WALK_SHARE`; None when the query or the
    page is not one to read that way."""
    header = query.header
    by = "group" if header.group_order else "review"  # the parameter each part of the walk is read by
    if not (header.review_order or header.due_order or header.group_order) or values.get(by):
        return None
    joined = joined_groups() if header.joined_by else None
    if page.limit is None and (joined is None or joined[1] > JOINED_WALK_SHARE):
        return None
    scoped = header.scope == "review" and by == "review"  # else each part is read from the whole store, from its node
    floors = (reviews_by_earliest_due(store) or []) if header.due_order else []
    parts: list[str] | None = groups_in_order(store) if header.group_order else (
        reviews_in_order(store, header.review_order) if header.review_order else [review for _, review in floors])
    if joined is not None:
        parts = [part for part in parts or [] if part in joined[0]]
        if not parts:  # no group can have a row
            return list(header.columns), iter([])
    if not parts:
        return None
    text = query.text("sparql")

    def rows_of(part: str) -> tuple[list[str], list[dict[str, Any]]]:
        return store.select(text, {**bindings, **sparql_bindings(query, {by: part})},
                            graphs=store.review_dataset(part) if scoped else None)

    def whole(offset: int, limit: int) -> list[dict[str, Any]]:
        return store.select(Page(limit, offset).sparql(text), bindings)[1]

    columns, first = rows_of(parts[0])  # the columns, and any error in the query, before a row is read
    ahead = ReadAhead(parts[1:], lambda part: rows_of(part)[1])

    def rows(part: str) -> list[dict[str, Any]]:
        return first if part == parts[0] else ahead(part)

    limit = sys.maxsize if page.limit is None else page.limit  # the whole answer, of a few groups
    if header.review_order or header.group_order:
        walked = walk_page(parts, rows, whole, page.offset, limit)
    else:
        due, review_column = header.due_order
        walked = merge_page(floors, rows, whole, lambda row: (row.get(due), row.get(review_column)), page.offset, limit)
    return columns, _closed_after(walked, ahead.close)


def _closed_after(rows: Iterator[dict[str, Any]], close: Callable[[], None]) -> Iterator[dict[str, Any]]:
    """The rows, then ``close()`` (also when they are not all read)."""
    try:
        yield from rows
    finally:
        close()


def _could_not_run(name: str, exc: Exception) -> QueryError:
    return QueryError(f"The saved query {name!r} could not run: {' '.join(str(exc).split())[:300]}.")


def _guarded(name: str, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows, an evaluation error met while reading them told as one sentence."""
    try:
        yield from rows
    except ScrgraphError:
        raise
    except Exception as exc:  # the engine evaluates lazily: its errors come while rows are read
        raise _could_not_run(name, exc) from None


def neo4j_lookup(settings: Any) -> Callable[[str], list[str]]:
    """The ids of reviews, agencies, themes or groups in Neo4j, for checking parameters."""
    from scrgraph.neo4j.querying import run_cypher

    def fetch(kind: str) -> list[str]:
        _, rows = run_cypher(settings, KNOWN_IDS_CYPHER[kind], {})
        return [str(row["id"]) for row in rows if row.get("id") is not None]

    return _cached_lookup(fetch)


def run_cypher_query(settings: Any, name: str, params: Mapping[str, Any] | None = None,
                     extra_dirs: Iterable[Path | str] = (), page: Page = Page(),
                     timeout: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the Cypher twin of the saved query ``name`` on Neo4j; return its columns and the rows of
    ``page`` (with ``timeout``, Neo4j stops the query after that many seconds)."""
    query = get_query(name, extra_dirs)
    text, paging = page.cypher(query.text("cypher"))
    try:
        from scrgraph.neo4j.querying import run_cypher
    except ImportError:
        raise ScrgraphError("The Neo4j backend is not available in this installation; run the query with --backend rdf.") from None
    values = bind_params(query, params, neo4j_lookup(settings))
    got, rows = run_cypher(settings, text, {**values, **paging}, timeout)
    return shape_rows(query, list(got), [{k: _native(v) for k, v in row.items()} for row in rows])


def run_saved(name: str, params: Mapping[str, Any] | None = None, *, backend: str = "rdf", store=None,
              settings: Any = None, extra_dirs: Iterable[Path | str] = ()) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a saved query on either backend: ``rdf`` (``store``) or ``neo4j`` (``settings``)."""
    if backend == "rdf":
        return run_query(store, name, params, extra_dirs)
    if backend == "neo4j":
        return run_cypher_query(settings, name, params, extra_dirs)
    raise ScrgraphError(f"Unknown backend {backend!r}; use rdf or neo4j.")


def _native(value: Any) -> Any:
    """A Neo4j driver value as a plain Python value (Neo4j dates become ``datetime.date``)."""
    if isinstance(value, (list, tuple)):
        return [_native(v) for v in value]
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        return to_native()
    return value


def _list_value(value: Any) -> list[str]:
    """A list column's value as a sorted list of texts, without repeats (natural order: "4.2" before "4.10")."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        cleaned = {(i.isoformat() if isinstance(i, dt.date) else str(i)).strip() for i in value if i is not None}
        cleaned.discard("")
        return sorted(cleaned, key=natural_key)
    text = str(value)
    return list(_sorted_long_list(text) if LONG_LIST < len(text) <= LONGEST_KEPT else _sorted_joined(text))


# A joined list longer than LONG_LIST characters (and not over LONGEST_KEPT, so the memory it takes
# stays under about 100 MB) is sorted once and remembered, the last LONG_LISTS_KEPT of them: the
# kept lists of ``recurring-themes`` hold 170,000 review ids at 10,000 reviews, which took 0.08 s
# to sort each time the query ran, the same lists run after run until a write changes them (and a
# changed list is another text, so nothing stale is returned).
LONG_LIST = 2_000
LONGEST_KEPT = 400_000
LONG_LISTS_KEPT = 128


def _sorted_joined(text: str) -> tuple[str, ...]:
    """The items of a list joined by SPARQL's GROUP_CONCAT, without repeats, in natural order.

    >>> _sorted_joined("R10; R2; ; R2")
    ('R2', 'R10')
    """
    cleaned = {i.strip() for i in text.split(LIST_SEPARATOR)}
    cleaned.discard("")
    return tuple(sorted(cleaned, key=natural_key))


_sorted_long_list = lru_cache(maxsize=LONG_LISTS_KEPT)(_sorted_joined)


def _check_columns(query: SavedQuery, got: Sequence[str]) -> list[str]:
    """The header's columns, once the engine's answer is known to give every one of them."""
    columns = query.header.columns
    missing = [c for c in columns if c not in got]
    if missing:
        raise QueryError(f"The saved query {query.name!r} lists the column(s) {', '.join(missing)} in its header "
                            f"but does not return them; make its SELECT/RETURN give every column of the header.")
    return list(columns)


def shaped(query: SavedQuery, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each row with the header's columns only (parameter variables dropped), list columns as sorted lists."""
    columns = query.header.columns
    lists = set(query.header.lists)
    for row in rows:
        yield {c: _list_value(row.get(c)) if c in lists else row.get(c) for c in columns}


def shape_rows(query: SavedQuery, got: Sequence[str], rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The header's columns of each row (parameter variables dropped), list columns as sorted lists."""
    return _check_columns(query, got), list(shaped(query, rows))
