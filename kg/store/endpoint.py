"""Remote SPARQL 1.1 endpoints: query them, through SPARQLWrapper.

``query_endpoint`` answers any query form with the same pyoxigraph types as a query over
graph files or a store (``select_endpoint`` SELECT only), so one printer serves all three.
"""

from __future__ import annotations

import ast
import urllib.error
import urllib.parse
import warnings
from collections.abc import Iterator

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import BUILDS_GRAPH, ONTOLOGY_GRAPH


def check_url(url: str) -> str:
    """The URL, if it is an http(s) URL."""
    parts = urllib.parse.urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError(Errors.E310, url=url)
    return url


def first_line(data: bytes | str | None) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else (data or "")
    return next((line.strip() for line in text.splitlines() if line.strip()), "no details")[:300]


def _wrapper_detail(exc: Exception) -> str:
    """The server's own words from a SPARQLWrapper exception (it keeps them only in its message)."""
    text = str(exc)
    if "Response:\n" not in text:
        return first_line(text)
    response = text.split("Response:\n", 1)[1]
    try:
        response = ast.literal_eval(response).decode("utf-8", "replace")
    except (ValueError, SyntaxError, AttributeError):
        pass
    return first_line(response)


def select_endpoint(url: str, query: str, timeout: int = 120) -> ox.QuerySolutions:
    """Run a SELECT query at a SPARQL 1.1 endpoint and parse its JSON results."""
    result = _results(url, query, "SELECT", timeout)
    if not isinstance(result, ox.QuerySolutions):
        raise KgError(Errors.E013, detail="only SELECT queries are supported here")
    return result


def query_endpoint(url: str, query: str, timeout: int = 120) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query of any form at a SPARQL 1.1 endpoint, answered as a local query is.

    SELECT and ASK come back as SPARQL JSON results; CONSTRUCT and DESCRIBE as RDF,
    given back as triples. Updates are refused before anything is sent, and the
    prefixes a local query may leave undeclared are declared for the endpoint.
    """
    from kg.store.sparql import declare_prefixes, is_update, query_form

    if is_update(query):
        raise KgError(Errors.E029)
    form = query_form(query)
    query = declare_prefixes(query)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return _graph(url, query, form, timeout)
    return _results(url, query, "ASK" if form == "ASK" else "SELECT", timeout)


def _ask(url: str, query: str, form: str, timeout: int) -> tuple[bytes, str]:
    """Send a query of the given form; the answer's bytes and media type (errors as KgError)."""
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    check_url(url)
    sparql = SPARQLWrapper(url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper's guess at the query type
        sparql.setQuery(query)
    sparql.queryType = form  # its guess fails on queries that open with comments, as canned queries do
    sparql.setMethod(POST)
    sparql.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
    sparql.setTimeout(timeout)
    try:
        response = sparql.query().response
        return response.read(), response.headers.get("Content-Type", "")
    except QueryBadFormed as exc:
        raise KgError(Errors.E013, detail=_wrapper_detail(exc)) from None
    except SPARQLWrapperException as exc:
        raise KgError(Errors.E312, url=url, detail=_wrapper_detail(exc)) from None
    except urllib.error.HTTPError as exc:
        raise KgError(Errors.E312, url=url, detail=f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KgError(Errors.E311, url=url, detail=str(reason)) from None


def _results(url: str, query: str, form: str, timeout: int) -> ox.QuerySolutions | ox.QueryBoolean:
    raw, _ = _ask(url, query, form, timeout)
    try:
        return ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise KgError(Errors.E313, url=url, detail=first_line(str(exc))) from None


def _graph(url: str, query: str, form: str, timeout: int) -> ox.QueryTriples:
    """The RDF a CONSTRUCT or DESCRIBE answers, as the triples of a local CONSTRUCT."""
    raw, media_type = _ask(url, query, form, timeout)
    rdf_format = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) or ox.RdfFormat.TURTLE
    answer = ox.Store()
    try:
        answer.load(raw, format=rdf_format)
    except (SyntaxError, ValueError) as exc:
        raise KgError(Errors.E313, url=url, detail=first_line(str(exc))) from None
    triples = answer.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(triples, ox.QueryTriples)
    return triples


QUADS_QUERY = f"""SELECT ?s ?p ?o ?g WHERE {{
  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{BUILDS_GRAPH}> && ?g != <{ONTOLOGY_GRAPH}>) }}
  UNION
  {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} }} }}
}}"""


def endpoint_quads(url: str) -> Iterator[ox.Quad]:
    """Every quad an endpoint holds (named graphs kept; a store's bookkeeping and ontology left out)."""
    for row in select_endpoint(url, QUADS_QUERY):
        graph = row["g"] if row["g"] is not None else ox.DefaultGraph()
        yield ox.Quad(row["s"], row["p"], row["o"], graph)
