"""`kg.validate`: plain-word problems for each kind of mistake, and the HermiT consistency check."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.namespace import GRAPH
from kg.validate import describe, validate

FIXTURES = Path(__file__).resolve().parent / "shapes"
PREFIXES = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix t: <https://w3id.org/conflict-kg/id/t/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/conflict-kg/id/t> a ckg:Document ; dcterms:identifier "t" .
t:ev a ckg:Evidence ; ckg:document <https://w3id.org/conflict-kg/id/t> ; ckg:start 0 ; ckg:end 4 ; ckg:quote "Homs" .
"""


def graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


@pytest.fixture(scope="module")
def reports():
    """Graphs with a mistake of each kind the shapes catch, checked without the reasoner."""
    names = ("events_XFAIL.ttl", "figures_XFAIL.ttl", "provenance_XFAIL.ttl", "links_XFAIL.ttl")
    return [validate(Graph().parse(FIXTURES / name), reasoner=False) for name in names]


@pytest.fixture(scope="module")
def broken_report(reports):
    return reports[0]


@pytest.mark.parametrize(
    "line",
    [
        "t/v2 (Capture): ckg:agent must point to a ckg:Actor (value: t/town)",
        "t/v3 (Clash): ckg:date must be one xsd:date (YYYY-MM-DD) (value: '27 November 2016')",
        "t/v4 (Clash): must have exactly one ckg:status among asserted, negated, planned, conditional, "
        "hypothetical, questioned (value: ckg:rumoured)",
        "t/f1 (Figure): ckg:count must be one non-negative xsd:integer (value: '-3')",
        "t/f3 (Figure): ckg:qualifier must be one of ckg:exactly, atLeast, moreThan, around, upTo, lessThan "
        "(value: ckg:roughly)",
        "t/f5 (Figure): ckg:victims must be one ckg:Population (value: t/rebels)",
        "t/v1 (Siege): must have ckg:evidence (a ckg:Evidence span of text)",
        "t/town (City): must have exactly one rdfs:label",
        "t/ev1 (Evidence): ckg:start must be less than ckg:end (value: '9')",
        "t/army (StateArmedForce): is recorded as its own ally",
        "t/a (District): lies within itself (a cycle of ckg:within)",
        "https://www.wikidata.org/wiki/Q1032: a Wikidata link must be http://www.wikidata.org/entity/Q<number>",
    ],
)
def test_validate_names_the_node_and_the_mistake(reports, line: str) -> None:
    assert line in {str(p) for report in reports for p in report.errors}


def test_validate_report_of_a_broken_graph(broken_report) -> None:
    assert not broken_report.ok and not broken_report.shapes_conform
    assert broken_report.consistent is None
    lines = list(describe(broken_report))
    assert lines[-1].startswith("shapes: ") and "reasoner: not run" in lines[-1]
    assert lines[0].startswith("violation: ")
    assert any(line.startswith("warning: ") for line in lines)
    assert not any(line.startswith("warning: ") for line in describe(broken_report, show_warnings=False))


def test_validate_a_capture_without_place_is_a_warning(broken_report) -> None:
    line = "t/v1 (Capture): has no ckg:place (the place taken), so the captures question cannot list it"
    assert line in {str(p) for p in broken_report.warnings}


def test_validate_warnings_alone_pass() -> None:
    report = validate(Graph().parse(FIXTURES / "recommended_PASS.ttl"), reasoner=False)
    assert report.ok and report.shapes_conform
    assert report.warnings and not report.errors


@pytest.mark.java
def test_validate_complete_graph_passes_shapes_and_hermit() -> None:
    data = Graph().parse(FIXTURES / "complete_PASS.ttl")
    dataset = Dataset()
    named = dataset.graph(GRAPH["t"])
    for triple in data:
        named.add(triple)
    report = validate(dataset)
    assert report.ok, "\n".join(describe(report))
    assert report.consistent is True and report.problems == []


@pytest.mark.java
def test_validate_hermit_finds_a_node_that_is_both_actor_and_place() -> None:
    # "Belgrade" as agent of an attack but typed a city: the shapes flag the role,
    # HermiT the clash of disjoint classes that the range of ckg:agent entails.
    data = graph("""
        t:belgrade a ckg:City, ckg:Place ; rdfs:label "Belgrade" ;
            ckg:mentionedIn <https://w3id.org/conflict-kg/id/t> ; ckg:evidence t:ev .
        t:v1 a ckg:Event, ckg:Attack ; ckg:status ckg:asserted ; ckg:agent t:belgrade ;
            ckg:mentionedIn <https://w3id.org/conflict-kg/id/t> ; ckg:evidence t:ev .
        t:v2 a ckg:Event, ckg:Capture, ckg:Clash ; ckg:status ckg:asserted ; ckg:place t:belgrade ;
            ckg:mentionedIn <https://w3id.org/conflict-kg/id/t> ; ckg:evidence t:ev .
    """)
    report = validate(data)
    assert report.consistent is False and not report.ok
    reasons = [str(p) for p in report.problems if p.check == "reasoner"]
    assert any(r.startswith("t/belgrade") and "ckg:Actor" in r and "ckg:Place" in r for r in reasons), reasons
    assert any(r.startswith("t/v2") and "ckg:Capture" in r and "ckg:Clash" in r for r in reasons), reasons


@pytest.mark.java
def test_validate_hermit_finds_two_values_of_a_functional_property() -> None:
    data = graph("""
        t:v1 a ckg:Event, ckg:Siege ; ckg:status ckg:asserted, ckg:negated ;
            ckg:mentionedIn <https://w3id.org/conflict-kg/id/t> ; ckg:evidence t:ev .
    """)
    report = validate(data)
    assert report.consistent is False
    assert any(p.check == "reasoner" and p.node == "t/v1" for p in report.problems), [str(p) for p in report.problems]
    assert "t/v1 (Siege): must have exactly one ckg:status" in "\n".join(map(str, report.errors))
