"""``/sparql``: the W3C SPARQL 1.1 Protocol over the store, read-only.

GET with ``?query=``, POST as a form (``query=``) or as ``application/sparql-query``; results as
SPARQL JSON, XML, CSV or TSV (SELECT, ASK) or as Turtle / N-Triples (CONSTRUCT, DESCRIBE) by the
Accept header (or ``?format=``). Updates, SERVICE and LOAD are refused before the engine sees them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from scrgraph.errors import ScrgraphError
from scrgraph.sparql_guard import check_read_only_local
from scrgraph.store import OxigraphStore

if TYPE_CHECKING:
    from scrgraph.web.app import Workbench

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                 "application/rdf+xml": ox.RdfFormat.RDF_XML}
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle"}


def _chosen(request: Request, offered: dict) -> str:
    """The media type to answer in: ``?format=``, else the first offered type the Accept header names."""
    short = request.query_params.get("format", "")
    if SHORT_NAMES.get(short) in offered:
        return SHORT_NAMES[short]
    accepted = [part.split(";")[0].strip().lower() for part in request.headers.get("accept", "").split(",")]
    return next((media for media in accepted if media in offered), next(iter(offered)))


async def _query_text(request: Request) -> str:
    if request.method == "GET":
        return request.query_params.get("query", "")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-query":
        return (await request.body()).decode("utf-8")
    if kind == "application/sparql-update":
        return "UPDATE refused"
    form = await request.form()
    if "update" in form:
        return "UPDATE refused"
    return str(form.get("query", ""))


def routes(bench: Workbench) -> list[Route]:
    """The /sparql route."""

    async def endpoint(request: Request) -> Response:
        text = await _query_text(request)
        if not text:
            return PlainTextResponse("Send a SPARQL query as ?query=... (GET) or in the body (POST).", 400)
        try:
            check_read_only_local(text)
        except ScrgraphError as error:
            return PlainTextResponse(str(error), 403)
        store = bench.graph.store
        if not isinstance(store, OxigraphStore):
            return PlainTextResponse("This endpoint answers for a local store; send the query to the shared server itself.", 501)
        try:
            result = store.engine_query(text)
        except Exception as exc:  # the engine's syntax or evaluation error
            return PlainTextResponse(f"The query failed: {str(exc).splitlines()[0]}", 400)
        if isinstance(result, ox.QueryTriples):
            media = _chosen(request, GRAPH_FORMATS)
            return Response(result.serialize(format=GRAPH_FORMATS[media]), media_type=media)
        media = _chosen(request, RESULT_FORMATS)
        return Response(result.serialize(format=RESULT_FORMATS[media]), media_type=media)

    return [Route("/sparql", endpoint, methods=["GET", "POST"])]
