"""Evidence per sentence: shared sentence nodes, mention offsets, and links that carry their evidence."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import spacy
from rdflib import RDF, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.evidence import Sentences, split_sentences
from kg.extract import sentence_spans
from kg.merge import merge_parts
from kg.model import Document, Entity, Event, Figure, Span
from kg.namespace import CKG
from kg.querying import to_table
from kg.rdf import document_data, document_graph
from kg.store.sparql import load_files, select
from kg.traced import trace

TEXT = (
    "Seleka fighters attacked Bangui on Sunday, officials said.\n\n"
    "The Seleka, backed by Chad, shelled the city again. "
    "At least 12 civilians were killed in Bangui, according to the Central African army."
)


def at(word: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of a word in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Span(start, start + len(word), word)


def bangui() -> Document:
    """A short hand-made report: two attacks, a toll attributed to a source, an ally and a place within a country."""
    entities = [
        Entity("e1", "Seleka", "NonStateArmedGroup", mentions=[at("Seleka"), at("Seleka", 1)]),
        Entity("e2", "Bangui", "City", mentions=[at("Bangui"), at("Bangui", 1)], within="e5"),
        Entity("e3", "Chad", "State", mentions=[at("Chad")]),
        Entity("e4", "Central African army", "StateArmedForce", mentions=[at("Central African army")]),
        Entity("e5", "Central African Republic", "Country", mentions=[]),
        Entity("e6", "officials", "Person", mentions=[at("officials")], affiliation="e4"),
        Entity("e7", "civilians", "Population", mentions=[at("civilians")]),
    ]
    events = [
        Event("v1", "Attack", at("attacked"), agent="e1", target="e2"),
        Event("v2", "Attack", at("shelled"), agent="e1", target="e2"),
        Event("v3", "Casualties", at("killed"), place="e2", source="e4",
              figures=[Figure(12, "at-least", "e7", "killed", span=at("At least 12"))]),
    ]
    return Document("car-1", TEXT, title="Bangui", entities=entities, events=events,
                    alliances=[("e1", "e3")], sentences=split_sentences(TEXT), file_name="car-1.txt")


def evidence_of(graph: Graph, node: URIRef) -> list[str]:
    return sorted(str(graph.value(e, CKG.quote)) for e in graph.objects(node, CKG.evidence))


def node(graph: Graph, key: str) -> URIRef:
    return URIRef(f"https://w3id.org/conflict-kg/id/car-1/{key}")


def test_evidence_split_sentences_trims_and_keeps_offsets() -> None:
    spans = split_sentences(TEXT)
    assert [s.text for s in spans] == [
        "Seleka fighters attacked Bangui on Sunday, officials said.",
        "The Seleka, backed by Chad, shelled the city again.",
        "At least 12 civilians were killed in Bangui, according to the Central African army.",
    ]
    assert all(TEXT[s.start:s.end] == s.text for s in spans)
    quoted = split_sentences('He said: "We will hold the town." Then he left.')
    assert [s.text for s in quoted] == ['He said: "We will hold the town."', "Then he left."]


def test_evidence_sentences_cover_spans_and_fall_back_to_the_span() -> None:
    sentences = Sentences(Document("d", TEXT))
    assert [s.text[:6] for s in sentences.covering(at("Chad"))] == ["The Se"]
    across = Span(at("said").start, at("Seleka", 1).end, "")
    assert len(sentences.covering(across)) == 2
    no_text = Sentences(Document("d", ""))
    assert no_text.covering(Span(3, 7, "word")) == [Span(3, 7, "word")]


def test_evidence_is_one_node_per_sentence_shared_by_its_facts() -> None:
    graph = document_graph(bangui())
    evidence = set(graph.subjects(RDF.type, CKG.Evidence))
    assert len(evidence) == 3  # the three sentences, however many facts they support
    for item in evidence:
        start, end = int(graph.value(item, CKG.start)), int(graph.value(item, CKG.end))
        assert str(graph.value(item, CKG.quote)) == TEXT[start:end]
        assert str(item).endswith(f"/sentence/{start}-{end}")
    # the Seleka are named in two sentences; the first attack and Bangui share the first
    assert len(evidence_of(graph, node(graph, "e1"))) == 2
    assert set(graph.objects(node(graph, "v1"), CKG.evidence)) <= set(graph.objects(node(graph, "e2"), CKG.evidence))


def test_evidence_keeps_every_mention_span_for_highlighting() -> None:
    graph = document_graph(bangui())
    spans = {str(o) for o in graph.objects(node(graph, "e2"), CKG.span)}
    assert spans == {f"{m.start}-{m.end}" for m in (at("Bangui"), at("Bangui", 1))}
    figure = next(graph.objects(node(graph, "v3"), CKG.figure))
    assert {str(o) for o in graph.objects(figure, CKG.span)} == {f"{at('At least 12').start}-{at('At least 12').end}"}
    assert evidence_of(graph, figure)[0].startswith("At least 12 civilians")


def test_evidence_links_are_stated_with_the_sentence_that_names_both_ends() -> None:
    graph = document_graph(bangui())
    found = {}
    for statement in graph.subjects(RDF.predicate, None):
        s, p, o = (graph.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in graph  # the link itself is stated too
        found[(str(s).rsplit("/", 1)[-1], str(p).rsplit("#", 1)[-1], str(o).rsplit("/", 1)[-1])] = \
            evidence_of(graph, statement)
    assert set(found) == {("e1", "allyOf", "e3"), ("e3", "allyOf", "e1"), ("e2", "within", "e5"),
                          ("e6", "affiliatedWith", "e4"), ("v3", "source", "e4")}
    assert found[("e1", "allyOf", "e3")] == ["The Seleka, backed by Chad, shelled the city again."]
    assert found[("v3", "source", "e4")][0].endswith("according to the Central African army.")
    # officials and the army are never in one sentence: both sentences are the evidence
    assert len(found[("e6", "affiliatedWith", "e4")]) == 2
    # the country is not named in the text (the gazetteer put Bangui in it): Bangui's first sentence
    assert found[("e2", "within", "e5")] == ["Seleka fighters attacked Bangui on Sunday, officials said."]


def test_evidence_document_node_keeps_its_file_name() -> None:
    graph = document_graph(bangui())
    doc = URIRef("https://w3id.org/conflict-kg/id/car-1")
    assert graph.value(doc, CKG.fileName) == Literal("car-1.txt")


def test_evidence_sentence_spans_come_from_spacy_without_white_space() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("  Rebels took Juba. \n\n Troops fled south.  ")
    assert [(s.text, doc.text[s.start:s.end]) for s in sentence_spans(doc)] == [
        ("Rebels took Juba.", "Rebels took Juba."), ("Troops fled south.", "Troops fled south.")]
    assert sentence_spans(spacy.blank("en")("No parser here.")) == []


def test_evidence_long_documents_keep_sentence_offsets_when_merged() -> None:
    text = "Rebels took Juba. Troops fled south."
    parts = [(0, Document("d#0", text[:17], sentences=[Span(0, 17, text[:17])])),
             (18, Document("d#1", text[18:], sentences=[Span(0, 18, text[18:])]))]
    merged = merge_parts(Document("d", text), parts)
    assert [(s.start, s.end) for s in merged.sentences] == [(0, 17), (18, 36)]
    assert all(text[s.start:s.end] == s.text for s in merged.sentences)


def test_evidence_trace_puts_each_rows_document_and_sentence_in_place_of_its_node() -> None:
    store = load_files([])
    store.load(document_data(bangui()), format=ox.RdfFormat.N_QUADS)
    table = trace(to_table(select(store, "SELECT ?actor ?evidence WHERE { ?e ckg:agent/rdfs:label ?actor ; "
                                         "ckg:firstEvidence ?evidence } ORDER BY ?evidence")),
                  lambda text: select(store, text))
    assert table.columns == ["actor", "document", "sentence"]
    assert [tuple(cell.value for cell in row if cell is not None) for row in table.rows] == [
        ("Seleka", "car-1", "Seleka fighters attacked Bangui on Sunday, officials said."),
        ("Seleka", "car-1", "The Seleka, backed by Chad, shelled the city again."),
    ]


def test_evidence_kg_query_prints_the_sentence_beside_each_row(tmp_path: Path) -> None:
    graph = tmp_path / "bangui.nq"
    graph.write_bytes(document_data(bangui()))
    result = CliRunner().invoke(app, ["query", "casualties", str(graph), "--evidence"])
    assert result.exit_code == 0, result.output
    assert "sentence" in result.output and "car-1" in result.output and "Central" in result.output


def test_evidence_linked_places_carry_wgs84_coordinates() -> None:
    doc = bangui()
    doc.entities[1].coordinates = (4.3612, 18.555)
    doc.entities[2].coordinates = (15.0, 19.0)  # an actor (a state): no coordinates in the graph
    graph = document_graph(doc)
    geo = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    assert float(graph.value(node(graph, "e2"), URIRef(geo + "lat"))) == 4.3612
    assert float(graph.value(node(graph, "e2"), URIRef(geo + "long"))) == 18.555
    assert graph.value(node(graph, "e3"), URIRef(geo + "lat")) is None
