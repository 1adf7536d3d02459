"""The project's RDF namespaces, declared once.

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

    # classes
    Document: URIRef
    Evidence: URIRef
    Actor: URIRef
    Alliance: URIRef
    Organization: URIRef
    Government: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    NonGovernmentalOrganization: URIRef
    MonitoringOrganization: URIRef
    NonStateArmedGroup: URIRef
    StateArmedForce: URIRef
    Person: URIRef
    State: URIRef
    Place: URIRef
    City: URIRef
    Country: URIRef
    District: URIRef
    Facility: URIRef
    PlacePart: URIRef
    Region: URIRef
    Population: URIRef
    Ceasefire: URIRef
    Thing: URIRef
    Claim: URIRef
    Figure: URIRef
    Event: URIRef
    Attack: URIRef
    AirStrike: URIRef
    Assault: URIRef
    Bombing: URIRef
    Destruction: URIRef
    Offensive: URIRef
    Raid: URIRef
    Shelling: URIRef
    Capture: URIRef
    Casualties: URIRef
    CeasefireEvent: URIRef
    Clash: URIRef
    CommunicationEvent: URIRef
    Acceptance: URIRef
    Agreement: URIRef
    Denial: URIRef
    Proposal: URIRef
    Rejection: URIRef
    Statement: URIRef
    Displacement: URIRef
    Siege: URIRef
    Withdrawal: URIRef
    Qualifier: URIRef
    Outcome: URIRef
    CeasefireAction: URIRef
    Status: URIRef
    Merge: URIRef

    # object properties
    about: URIRef
    action: URIRef
    addressee: URIRef
    affiliatedWith: URIRef
    agent: URIRef
    allyOf: URIRef
    capturedFrom: URIRef
    claimAbout: URIRef
    claimant: URIRef
    consolidates: URIRef
    denies: URIRef
    document: URIRef
    during: URIRef
    evidence: URIRef
    figure: URIRef
    firstEvidence: URIRef
    hasPart: URIRef
    mentionedIn: URIRef
    mergeOf: URIRef
    mergeResult: URIRef
    mergedInto: URIRef
    opponent: URIRef
    outcome: URIRef
    partOf: URIRef
    partOfFigure: URIRef
    place: URIRef
    qualifier: URIRef
    respondsTo: URIRef
    retractedBy: URIRef
    source: URIRef
    status: URIRef
    target: URIRef
    victims: URIRef
    within: URIRef

    # datatype properties
    count: URIRef
    date: URIRef
    end: URIRef
    fileName: URIRef
    mergeReason: URIRef
    mergeRule: URIRef
    published: URIRef
    quote: URIRef
    reported: URIRef
    span: URIRef
    start: URIRef

    # individuals
    exactly: URIRef
    atLeast: URIRef
    moreThan: URIRef
    around: URIRef
    upTo: URIRef
    lessThan: URIRef
    killed: URIRef
    wounded: URIRef
    proposed: URIRef
    accepted: URIRef
    rejected: URIRef
    agreed: URIRef
    began: URIRef
    violated: URIRef
    ended: URIRef
    extended: URIRef
    asserted: URIRef
    negated: URIRef
    planned: URIRef
    conditional: URIRef
    hypothetical: URIRef
    questioned: URIRef
