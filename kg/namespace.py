"""The project's RDF namespaces, declared once.

``CKG`` lists every term of ``ontology/conflict.ttl``; ``_fail = True`` makes a
misspelt term an error instead of a silent new IRI. ``tests/test_namespace.py``
checks that this list and the ontology agree.
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


class CKG(DefinedNamespace):
    """Terms of the conflict-kg ontology."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes: documents and provenance
    Document: URIRef
    Evidence: URIRef
    # classes: actors
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Government: URIRef
    StateArmedForce: URIRef
    NonStateArmedGroup: URIRef
    InternationalOrganization: URIRef
    NonGovernmentalOrganization: URIRef
    MonitoringOrganization: URIRef
    MediaOrganization: URIRef
    State: URIRef
    Alliance: URIRef
    # classes: places
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    District: URIRef
    PlacePart: URIRef
    Facility: URIRef
    # classes: other things
    Population: URIRef
    Ceasefire: URIRef
    Thing: URIRef
    Claim: URIRef
    Figure: URIRef
    # classes: events
    Event: URIRef
    Attack: URIRef
    Bombing: URIRef
    Shelling: URIRef
    AirStrike: URIRef
    Assault: URIRef
    Offensive: URIRef
    Destruction: URIRef
    Raid: URIRef
    Clash: URIRef
    Capture: URIRef
    Siege: URIRef
    Withdrawal: URIRef
    Casualties: URIRef
    Displacement: URIRef
    CommunicationEvent: URIRef
    Proposal: URIRef
    Rejection: URIRef
    Acceptance: URIRef
    Agreement: URIRef
    Denial: URIRef
    Statement: URIRef
    CeasefireEvent: URIRef
    # classes: controlled vocabularies
    Qualifier: URIRef
    Outcome: URIRef
    CeasefireAction: URIRef
    Status: URIRef

    # properties: provenance
    mentionedIn: URIRef
    evidence: URIRef
    document: URIRef
    start: URIRef
    end: URIRef
    quote: URIRef
    published: URIRef
    # properties: event roles
    agent: URIRef
    opponent: URIRef
    target: URIRef
    place: URIRef
    capturedFrom: URIRef
    addressee: URIRef
    about: URIRef
    respondsTo: URIRef
    denies: URIRef
    claimant: URIRef
    claimAbout: URIRef
    action: URIRef
    status: URIRef
    date: URIRef
    during: URIRef
    source: URIRef
    # properties: figures
    figure: URIRef
    count: URIRef
    qualifier: URIRef
    outcome: URIRef
    victims: URIRef
    partOfFigure: URIRef
    # properties: actors and places
    within: URIRef
    partOf: URIRef
    hasPart: URIRef
    affiliatedWith: URIRef
    allyOf: URIRef

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
