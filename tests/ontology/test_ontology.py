"""The ontology itself: it parses, declares exactly the terms of kg.namespace, is documented and consistent."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg import model, resources
from kg.namespace import CKG
from kg.ontology_tools import NS, ONTOLOGY_DIR, ROOTS, declared_terms, ontology
from kg.validate import hermit_problems

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology()


def ckg(name: str) -> URIRef:
    return URIRef(NS + name)


def classes(graph: Graph) -> set[URIRef]:
    return {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(NS)}


def test_ontology_every_file_parses_in_rdflib_and_oxigraph() -> None:
    import pyoxigraph as ox

    files = resources.ontology_files()
    assert {f.name for f in files} >= {"conflict.ttl", "alignments.ttl", "shapes.ttl"}
    for source in files:
        graph = Graph().parse(data=source.read_text(encoding="utf-8"), format="turtle")
        store = ox.Store()
        store.load(source.read_bytes(), format=ox.RdfFormat.TURTLE)
        assert len(store) == len(graph) > 100, source.name


def test_ontology_declares_exactly_the_terms_of_the_namespace(onto: Graph) -> None:
    declared = {name for names in declared_terms(onto).values() for name in names}
    in_python = set(CKG.__annotations__)
    assert declared - in_python == set(), "declared in Turtle but missing from kg/namespace.py"
    assert in_python - declared == set(), "in kg/namespace.py but not declared in ontology/*.ttl"
    used = {str(t)[len(NS) :] for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used - declared == set(), "misspelt or undeclared ckg terms used in the ontology"


def test_ontology_model_kinds_are_classes(onto: Graph) -> None:
    names = {str(c)[len(NS) :] for c in classes(onto)}
    assert set(model.ENTITY_KINDS) | set(model.EVENT_KINDS) | set(model.ATTACK_SUBTYPES) <= names


def test_ontology_every_class_is_reachable_from_a_root(onto: Graph) -> None:
    roots = {ckg(r) for r in ROOTS}
    for cls in classes(onto):
        ancestors = set(onto.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & roots, f"{cls} is under none of the roots"
        ckg_parents = {p for p in onto.objects(cls, RDFS.subClassOf) if str(p).startswith(NS)}
        assert cls in roots or ckg_parents, f"{cls} is a new top class: add it to ROOTS or give it a parent"
    for root in roots:
        assert not {p for p in onto.objects(root, RDFS.subClassOf) if str(p).startswith(NS)}, root


def test_ontology_every_term_has_one_plain_label_and_a_definition(onto: Graph) -> None:
    for names in declared_terms(onto).values():
        for name in names:
            labels = list(onto.objects(ckg(name), RDFS.label))
            assert len(labels) == 1, f"ckg:{name} has {len(labels)} labels"
            assert isinstance(labels[0], Literal), f"ckg:{name}: the label is not a literal"
            assert labels[0].language is None, f"ckg:{name}: label with a language tag"
            assert list(onto.objects(ckg(name), SKOS.definition)), f"ckg:{name} has no skos:definition"


def test_ontology_class_labels_are_lower_case_and_distinct(onto: Graph) -> None:
    labels = [str(onto.value(c, RDFS.label)) for c in classes(onto)]
    assert all(label == label.lower() for label in labels)
    assert len(labels) == len(set(labels))
    assert str(onto.value(CKG.NonStateArmedGroup, RDFS.label)) == "non-state armed group"
    assert str(onto.value(CKG.City, RDFS.label)) == "city"


def test_ontology_passes_its_quality_shapes(onto: Graph) -> None:
    shapes = Graph().parse(ONTOLOGY_DIR / "quality" / "terms-shapes.ttl")
    conforms, _, text = shacl_validate(onto, shacl_graph=shapes, advanced=True, inference="none")
    assert conforms, text
    broken = Graph()
    broken += onto
    broken.remove((CKG.City, SKOS.definition, None))
    broken.add((CKG.Siege, RDFS.label, Literal("encirclement")))
    conforms, _, text = shacl_validate(broken, shacl_graph=shapes, advanced=True, inference="none")
    assert not conforms
    assert "ontology#City>" in text and "ontology#Siege>" in text


@pytest.mark.parametrize(
    ("cls", "words"),
    [
        (CKG.Qualifier, model.QUALIFIERS),
        (CKG.Outcome, model.OUTCOMES),
        (CKG.CeasefireAction, model.CEASEFIRE_ACTIONS),
        (CKG.Status, model.STATUSES),
    ],
)
def test_ontology_vocabulary_individuals_carry_the_contract_words(onto: Graph, cls: URIRef, words: tuple) -> None:
    members = set(onto.subjects(RDF.type, cls))
    notations = sorted(str(onto.value(m, SKOS.notation)) for m in members)
    assert notations == sorted(words)
    for member in members:
        assert len(list(onto.objects(member, SKOS.notation))) == 1
        assert (member, RDF.type, OWL.NamedIndividual) in onto
    assert str(onto.value(CKG.atLeast, SKOS.notation)) == "at-least"


def test_ontology_header_is_complete(onto: Graph) -> None:
    from rdflib.namespace import DCTERMS

    iri = URIRef("https://w3id.org/conflict-kg/ontology")
    assert (iri, RDF.type, OWL.Ontology) in onto
    for prop in (OWL.versionIRI, DCTERMS.title, DCTERMS.license, DCTERMS.creator, DCTERMS.description):
        assert onto.value(iri, prop) is not None, prop
    assert not list(onto.objects(None, OWL.imports)), "no owl:imports: the ontology must load without a network"


def test_ontology_characteristics(onto: Graph) -> None:
    assert (CKG.allyOf, RDF.type, OWL.SymmetricProperty) in onto
    assert (CKG.partOf, RDF.type, OWL.TransitiveProperty) in onto
    assert (CKG.partOf, OWL.inverseOf, CKG.hasPart) in onto
    assert (CKG.within, RDFS.subPropertyOf, CKG.partOf) in onto
    for prop in (CKG.count, CKG.start, CKG.end, CKG.published, CKG.status, CKG.qualifier, CKG.outcome):
        assert (prop, RDF.type, OWL.FunctionalProperty) in onto, prop


def test_ontology_alignments_point_at_concepts_not_classes(onto: Graph) -> None:
    matched = {s for s, _ in onto.subject_objects(SKOS.closeMatch)}
    assert {CKG.Attack, CKG.Clash, CKG.Capture, CKG.Proposal, CKG.Rejection, CKG.CeasefireEvent} <= matched
    for _, concept in onto.subject_objects(SKOS.closeMatch):
        assert (concept, RDF.type, SKOS.Concept) in onto, concept
        assert onto.value(concept, SKOS.prefLabel) is not None
        assert onto.value(concept, SKOS.inScheme) is not None
        assert not str(concept).startswith(NS), "concepts must not be ckg terms (they would enter the type column)"
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    assert (CKG.Event, RDFS.subClassOf, URIRef(sem + "Event")) in onto
    assert (CKG.agent, RDFS.subPropertyOf, URIRef(sem + "hasActor")) in onto
    assert (CKG.source, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")) in onto


def test_ontology_alone_answers_no_canned_question(onto: Graph) -> None:
    loaded = Graph()
    for source in resources.ontology_files():
        loaded.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    for name in resources.query_names():
        assert list(loaded.query(resources.query_text(name))) == [], f"{name}: the ontology files hold instance data"


@pytest.mark.java
def test_ontology_is_consistent_under_hermit() -> None:
    consistent, problems = hermit_problems(Graph())
    assert consistent, [str(p) for p in problems]
