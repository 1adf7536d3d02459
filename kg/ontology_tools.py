"""Keep the ontology's Turtle in one normal form, and ``kg/namespace.py`` in step with it.

    python -m kg.ontology_tools check      # exit 1 if a file is not normal or the namespace is stale
    python -m kg.ontology_tools format     # rewrite ontology/*.ttl in the normal form
    python -m kg.ontology_tools namespace  # regenerate kg/namespace.py from ontology/*.ttl

The normal form is rdflib's ``longturtle`` of the graph with its blank nodes
given canonical names (``rdflib.compare.to_canonical_graph``), so the same
triples always give the same bytes and a review diff shows only real changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.errors import Errors, KgError
from kg.namespace import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
NAMESPACE_FILE = Path(__file__).resolve().parent / "namespace.py"
NS = PREFIXES["ckg"]
# The top classes, in the order the namespace lists them; every ckg class sits under one.
ROOTS = (
    "Document", "Evidence", "Actor", "Place", "Population", "Ceasefire", "Thing", "Claim", "Figure",
    "Event", "Qualifier", "Outcome", "CeasefireAction", "Status", "Merge",
)  # fmt: skip


def turtle_files(folder: Path = ONTOLOGY_DIR) -> list[Path]:
    """The Turtle files of the ontology folder, sorted."""
    return sorted(folder.glob("*.ttl"))


def normal_form_files(folder: Path = ONTOLOGY_DIR) -> list[Path]:
    """Every Turtle file kept in the normal form: the ontology's and its quality shapes'."""
    return turtle_files(folder) + sorted((folder / "quality").glob("*.ttl"))


def normal_form(text: str) -> str:
    """The normal serialization of a Turtle document."""
    graph = Graph()
    graph.parse(data=text, format="turtle")
    canonical = Graph()
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace, replace=True)
    canonical += to_canonical_graph(graph)
    return canonical.serialize(format="longturtle")


def not_normal(paths: Iterable[Path]) -> list[Path]:
    """The files whose text differs from their normal form."""
    return [path for path in paths if path.read_text(encoding="utf-8") != normal_form(path.read_text(encoding="utf-8"))]


def format_files(paths: Iterable[Path]) -> list[Path]:
    """Rewrite files in the normal form; return those that changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        normal = normal_form(text)
        if normal != text:
            path.write_text(normal, encoding="utf-8")
            changed.append(path)
    return changed


def ontology(paths: Sequence[Path] | None = None) -> Graph:
    """The merged graph of the ontology files."""
    graph = Graph()
    for path in paths if paths is not None else turtle_files():
        graph.parse(path, format="turtle")
    return graph


def local(term: Node) -> str:
    """The local name of a ckg term."""
    return str(term)[len(NS) :]


def declared_terms(graph: Graph) -> dict[str, list[str]]:
    """The ckg terms declared in ``graph``, by kind, each kind in a stable order."""

    def ours(kind: URIRef) -> set[str]:
        return {local(s) for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(NS)}

    classes = ours(OWL.Class)
    ordered: list[str] = []

    def walk(name: str) -> None:
        if name in ordered:
            return
        ordered.append(name)
        children = [local(c) for c in graph.subjects(RDFS.subClassOf, URIRef(NS + name)) if str(c).startswith(NS)]
        for child in sorted(children):
            walk(child)

    for root in [r for r in ROOTS if r in classes] + sorted(classes - set(ROOTS)):
        walk(root)
    individuals = ours(OWL.NamedIndividual)
    grouped = []
    for cls in ordered:
        members = [i for i in individuals if (URIRef(NS + i), RDF.type, URIRef(NS + cls)) in graph]
        grouped.extend(sorted(members, key=lambda i: _enum_position(graph, cls, i)))
    grouped.extend(sorted(individuals - set(grouped)))
    return {
        "classes": ordered,
        "object properties": sorted(ours(OWL.ObjectProperty)),
        "datatype properties": sorted(ours(OWL.DatatypeProperty)),
        "individuals": grouped,
    }


def _enum_position(graph: Graph, cls: str, individual: str) -> tuple[int, str]:
    """Where an individual stands in its class's owl:oneOf list (the contract's order)."""
    for equivalent in graph.objects(URIRef(NS + cls), OWL.equivalentClass):
        members = graph.value(equivalent, OWL.oneOf)
        if members is not None:
            items = [local(m) for m in graph.items(members)]
            if individual in items:
                return items.index(individual), individual
    return 10_000, individual


NAMESPACE_HEADER = '''"""The project's RDF namespaces, declared once.

``CKG`` lists every term of ``ontology/*.ttl``; ``_fail = True`` makes a
misspelt term an error instead of a silent new IRI. Generated from the Turtle by
``python -m kg.ontology_tools namespace``; ``tests/ontology`` regenerates it and
diffs, so do not edit the ``CKG`` class by hand.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/conflict-kg/ontology"
ID = Namespace("https://w3id.org/conflict-kg/id/")
GRAPH = Namespace("https://w3id.org/conflict-kg/graph/")
WD = Namespace("http://www.wikidata.org/entity/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
# A store's own graphs: its bookkeeping (what each document graph was built from) and the ontology.
KGB = Namespace("https://w3id.org/conflict-kg/build#")
BUILDS_GRAPH = GRAPH["_builds"]
ONTOLOGY_GRAPH = GRAPH["_ontology"]

# Every prefix the project prints or parses, declared once; each use below picks its own.
PREFIXES: dict[str, str] = {
    "ckg": ONTOLOGY_IRI + "#",
    "id": str(ID),
    "wd": str(WD),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "oa": str(OA),
    "geo": str(GEO),
    "prov": "http://www.w3.org/ns/prov#",
    "cameo": "https://w3id.org/conflict-kg/cameo/",
    "acled": "https://w3id.org/conflict-kg/acled/",
}
QUERY_PREFIXES = ("ckg", "rdf", "rdfs", "owl", "xsd", "skos", "wd")  # a query may use these undeclared
DATA_PREFIXES = ("ckg", "wd", "schema", "skos", "dcterms", "time", "geo")  # bound in graph files
EXPORT_PREFIXES = ("ckg", "id", "wd", "rdfs", "skos", "dcterms", "schema", "time", "xsd")  # in exports
REPORT_PREFIXES = ("ckg", "rdfs", "rdf", "dcterms", "skos", "time", "schema")  # in validation reports
DOCS_PREFIXES = ("ckg", "sem", "prov", "schema", "oa", "time", "xsd", "cameo", "acled")  # in the ontology docs


def prefixes(names: tuple[str, ...]) -> dict[str, str]:
    """The prefix map of the given prefixes, in their order."""
    return {name: PREFIXES[name] for name in names}


class CKG(DefinedNamespace):
    """Terms of the conflict-kg ontology."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")
'''


def namespace_source(graph: Graph | None = None) -> str:
    """The text of ``kg/namespace.py`` for the ontology."""
    graph = graph if graph is not None else ontology()
    lines = [NAMESPACE_HEADER]
    for kind, names in declared_terms(graph).items():
        lines.append(f"\n    # {kind}\n")
        lines.extend(f"    {name}: URIRef\n" for name in names)
    return "".join(lines)


def namespace_is_current() -> bool:
    """Whether ``kg/namespace.py`` is what ``namespace`` would write."""
    return NAMESPACE_FILE.read_text(encoding="utf-8") == namespace_source()


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "check"
    choices = ("check", "format", "namespace")
    try:
        if command == "check":
            bad = not_normal(normal_form_files())
            if bad:
                raise KgError(Errors.E103, paths=", ".join(str(p.relative_to(ROOT)) for p in bad))
            if not namespace_is_current():
                raise KgError(Errors.E104)
            print(f"ok: {len(normal_form_files())} Turtle files in normal form; kg/namespace.py is current")
        elif command == "format":
            for path in format_files(normal_form_files()):
                print(f"reformatted {path.relative_to(ROOT)}")
        elif command == "namespace":
            NAMESPACE_FILE.write_text(namespace_source(), encoding="utf-8")
            print(f"wrote {NAMESPACE_FILE.relative_to(ROOT)}")
        else:
            raise KgError(Errors.E105, name=command, choices=", ".join(choices))
    except KgError as exc:
        print(f"error {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
