"""The answer index (kg.answers) answers every canned question as SPARQL does, whole and narrowed.

The graph is made by hand about an invented war in Teluria: Sapka lies within Mirendal, within
North Teluria, within Teluria; the Teluric Guard is also "TG" and, in a second report, "Guard
fighters", merged into one node; a second report's Mirendal is a place of its own; a camp is
linked to a Wikidata town the graph never names the country of; some events are dated, some
not; a capture has no taker. Every question is asked with each parameter it takes, alone and
combined, including hostile names, and the index's rows must be SPARQL's.
"""

from __future__ import annotations

import gc
import itertools
import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import resources
from kg.answers import INDEX_FILE, ask, fingerprint, open_index, refresh
from kg.answers.index import AnswerIndex
from kg.cli import app
from kg.errors import KgError
from kg.narrowing import SPECS, Narrowing, narrowed_text, resolve
from kg.store.oxigraph import OxigraphStore, open_store
from kg.store.sparql import select
from tests.handmade import disk_store, prefixes

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HOSTILE = 'Vel "the Anvil" } UNION { ?s ?p ?o } #\\ \n company'

GRAPHS = prefixes("answers") + r"""
<https://w3id.org/conflict-kg/graph/one> {
  :one a ckg:Document ; ckg:published "2040-06-30"^^xsd:date .
  :s1 a ckg:Evidence ; ckg:document :one .
  :s1b a ckg:Evidence ; ckg:document :one .
  :teluria a ckg:Place, ckg:Country ; rdfs:label "Teluria" ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :north a ckg:Place, ckg:Region ; rdfs:label "North Teluria" ; ckg:within :teluria ;
         ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :mirendal a ckg:Place, ckg:City ; rdfs:label "Mirendal" ; ckg:within :north ;
            ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :sapka a ckg:Place, ckg:City ; rdfs:label "Sapka" ; ckg:within :mirendal ; ckg:firstEvidence :s1b ;
         ckg:mentionedIn :one .
  :camp a ckg:Place, ckg:City ; rdfs:label "Lobesa Camp" ; skos:exactMatch wd:Q826112 ;
        ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :guard a ckg:Actor, ckg:Organization ; rdfs:label "Teluric Guard" ; skos:altLabel "TG" ;
         ckg:firstEvidence :s1 ; ckg:mentionedIn :one ; ckg:mergedInto :guardC .
  :column a ckg:Actor, ckg:Organization ; rdfs:label "Liberation Column" ; ckg:firstEvidence :s1 ;
          ckg:mentionedIn :one ; ckg:allyOf :anvil .
  :anvil a ckg:Actor, ckg:Organization ; rdfs:label "Vel \"the Anvil\" } UNION { ?s ?p ?o } #\\ \n company" ;
         ckg:firstEvidence :s1b ; ckg:mentionedIn :one ; ckg:allyOf :column, :guardC .
  :envoy a ckg:Actor, ckg:Person ; rdfs:label "Ilka Moor" ; ckg:affiliatedWith :column ;
         ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :allyLink rdf:subject :column ; rdf:predicate ckg:allyOf ; rdf:object :anvil ; ckg:firstEvidence :s1b .
  :c1 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :guard ; ckg:capturedFrom :column ; ckg:place :mirendal ;
      ckg:date "2040-06-05"^^xsd:date ; ckg:firstEvidence :s1b ; ckg:mentionedIn :one .
  :c2 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :column ; ckg:place :sapka ;
      ckg:date "2040-06-20"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c3 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :anvil ; ckg:place :north ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c4 a ckg:Capture ; ckg:status ckg:asserted ; ckg:place :camp ; ckg:date "2040-05-02"^^xsd:date ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c5 a ckg:Capture ; ckg:status ckg:planned ; ckg:agent :column ; ckg:place :mirendal ;
      ckg:date "2040-06-25"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :a1 a ckg:Attack ; ckg:status ckg:asserted ; ckg:agent :guard ; ckg:target :column ; ckg:place :sapka ;
      ckg:date "2040-06-06"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :a2 a ckg:Attack ; ckg:status ckg:asserted ; ckg:agent :column ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :k1 a ckg:Clash ; ckg:status ckg:asserted ; ckg:agent :column ; ckg:opponent :guard ; ckg:place :north ;
      ckg:date "2040-06-07"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :g1 a ckg:Siege ; ckg:status ckg:asserted ; ckg:agent :guard ; ckg:place :mirendal ; ckg:figure :gf1 ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :gf1 ckg:count 4000 ; ckg:qualifier ckg:around ; ckg:victims :residents .
  :residents rdfs:label "residents" .
  :x1 a ckg:Casualties ; ckg:status ckg:asserted ; ckg:figure :xf1 ; ckg:place :sapka ; ckg:source :column ;
      ckg:date "2040-06-06"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :xf1 ckg:count 12 ; ckg:outcome ckg:killed ; ckg:victims :residents .
  :x2 a ckg:Casualties ; ckg:status ckg:asserted ; ckg:figure :xf2 ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :xf2 ckg:count 3 ; ckg:outcome ckg:wounded .
  :d1 a ckg:Displacement ; ckg:status ckg:asserted ; ckg:figure :df1 ; ckg:place :mirendal ; ckg:source :envoy ;
      ckg:date "2040-06-08"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :df1 ckg:count 2500 .
  :truce a ckg:Ceasefire ; rdfs:label "truce" ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :p1 a ckg:Proposal ; rdfs:label "truce" ; ckg:status ckg:asserted ; ckg:agent :column ; ckg:addressee :guard ;
      ckg:about :truce ; ckg:action ckg:proposed ; ckg:date "2040-06-10"^^xsd:date ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :r1 a ckg:Rejection ; ckg:status ckg:asserted ; ckg:agent :guard ; ckg:respondsTo :p1 ;
      ckg:date "2040-06-11"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :q1 a ckg:Acceptance ; ckg:status ckg:asserted ; ckg:agent :anvil ; ckg:respondsTo :p1 ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :claim a ckg:Claim ; rdfs:label "shelled the market" ; ckg:claimant :column .
  :n1 a ckg:Denial ; ckg:status ckg:asserted ; ckg:agent :guard ; ckg:denies :claim ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :t1 a ckg:Statement ; ckg:status ckg:asserted ; ckg:agent :envoy ; ckg:date "2040-06-12"^^xsd:date ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
}

<https://w3id.org/conflict-kg/graph/two> {
  :two a ckg:Document ; ckg:published "2042-01-15"^^xsd:date .
  :s2 a ckg:Evidence ; ckg:document :two .
  :fighters a ckg:Actor, ckg:Organization ; rdfs:label "Guard fighters" ; ckg:firstEvidence :s2 ;
            ckg:mentionedIn :two ; ckg:mergedInto :guardC .
  :mirendal2 a ckg:Place, ckg:City ; rdfs:label "Mirendal" ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
  :c6 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :guard ; ckg:capturedFrom :column ;
      ckg:place :mirendal2 ; ckg:date "2040-06-05"^^xsd:date ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
  :c7 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :fighters ; ckg:place :mirendal2 ;
      ckg:date "2041-12-30"^^xsd:date ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
  :x3 a ckg:Casualties ; ckg:status ckg:asserted ; ckg:figure :xf3 ; ckg:place :mirendal2 ;
      ckg:date "2042-01-10"^^xsd:date ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
  :xf3 ckg:count 12 ; ckg:outcome ckg:killed ; ckg:victims :residents .
  :t2 a ckg:Statement ; ckg:status ckg:asserted ; ckg:agent :fighters ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
  :q2 a ckg:Acceptance ; ckg:status ckg:asserted ; ckg:agent :fighters ; ckg:about :truce ;
      ckg:action ckg:accepted ; ckg:date "2040-06-13"^^xsd:date ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
}

<https://w3id.org/conflict-kg/graph/consolidated> {
  :guardC a ckg:Actor, ckg:Organization ; rdfs:label "Teluric Guard" ; skos:altLabel "TG", "Guard fighters" ;
          ckg:consolidates :guard, :fighters ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one, :two ;
          ckg:allyOf :anvil .
}
"""

PLACES = ["Teluria", "North Teluria", "Mirendal", "Sapka", "Lobesa Camp", "Bhutan", "mirendal"]
ACTORS = ["Teluric Guard", "TG", "Guard fighters", "liberation column", "Ilka Moor", HOSTILE]
DATES = [(date(2040, 6, 1), date(2040, 6, 30), False), (date(2040, 6, 1), date(2040, 6, 30), True),
         (date(2040, 6, 6), None, False), (None, date(2040, 6, 6), True),
         (date(2040, 1, 1), date(2043, 1, 1), False), (date(2041, 1, 1), date(2041, 12, 31), True)]


def _ordering(name: str) -> list[str]:
    """The columns of a question's ORDER BY."""
    line = next(line for line in resources.query_text(name).splitlines() if line.startswith("ORDER BY"))
    return re.findall(r"\?(\w+)", line)


def _rows(solutions: ox.QuerySolutions) -> list[tuple[object, ...]]:
    columns = [v.value for v in solutions.variables]
    return [tuple(solution[c] for c in columns) for solution in solutions]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("answers") / "store"
    disk_store(path, GRAPHS)
    assert refresh(path, progress=False)
    return path


@pytest.fixture(scope="module")
def index(store_path: Path) -> AnswerIndex:
    found = open_index(store_path)
    assert found is not None
    return found


def _sparql_and_index(db: ox.Store, index: AnswerIndex, name: str, narrowing: Narrowing) -> None:
    run = lambda query: select(db, query)  # noqa: E731
    text = resources.query_text(name)
    try:
        resolved = resolve(name, narrowing, run) if narrowing else None
    except KgError as exc:
        with pytest.raises(KgError) as again:
            ask(name, text, narrowing, run, index)
        assert again.value.code == exc.code
        return
    assert index.answers(name, narrowing)
    _same(name, index.ask(name, resolved), run(narrowed_text(name, text, resolved)), narrowing)
    if resolved is not None:  # the index finds the names and items as SPARQL does, and walks nothing
        looked_up = resolve(name, narrowing, run, index)
        assert (looked_up.place_names, looked_up.actor_names, looked_up.place_roots) == (
            resolved.place_names, resolved.actor_names, resolved.place_roots), (name, narrowing)
        assert not (looked_up.place_nodes or looked_up.actor_nodes or looked_up.place_items)
        _same(name, ask(name, text, narrowing, run, index, warn=lambda message: None),
              run(narrowed_text(name, text, resolved)), narrowing)


def _same(name: str, found: ox.QuerySolutions, expected: ox.QuerySolutions, asked: object = None) -> None:
    """The same rows, in the order of the question's ORDER BY (rows it ties may come in any order: Oxigraph
    groups by hash, so two runs of one query can give them in two orders)."""
    columns = [v.value for v in found.variables]
    assert columns == [v.value for v in expected.variables]
    got, want = _rows(found), _rows(expected)
    assert sorted(map(repr, got)) == sorted(map(repr, want)), (name, asked)
    keys = [columns.index(c) for c in _ordering(name)]
    assert [tuple(repr(r[k]) for k in keys) for r in got] == [tuple(repr(r[k]) for k in keys) for r in want]


def test_answers_whole_answers_are_sparqls(store_path: Path, index: AnswerIndex) -> None:
    db = open_store(store_path, read_only=True)
    answered = 0
    for name in resources.query_names():
        expected = _rows(select(db, resources.query_text(name)))
        _same(name, index.ask(name, None), select(db, resources.query_text(name)))
        answered += bool(expected)
    assert answered == len(resources.query_names())  # the graph gives every question rows


@pytest.mark.parametrize("name", resources.query_names())
def test_answers_narrowed_answers_are_sparqls(store_path: Path, index: AnswerIndex, name: str) -> None:
    db = open_store(store_path, read_only=True)
    spec = SPECS[name]
    places: list[str | None] = [None, *PLACES] if spec.place else [None]
    actors: list[str | None] = [None, *ACTORS] if spec.actor else [None]
    dates: list[tuple[date | None, date | None, bool]] = [(None, None, False), *DATES] if spec.dates else [
        (None, None, False)]
    asked = 0
    for place, actor, (since, until, undated) in itertools.product(places, actors, dates):
        narrowing = Narrowing(place, actor, since, until, undated)
        if narrowing and (not place or not actor or not since or actor in ACTORS[:2]):  # combined: a sample
            _sparql_and_index(db, index, name, narrowing)
            asked += 1
    assert asked >= 3


def test_answers_a_narrowed_row_counts_only_its_own_reports(store_path: Path, index: AnswerIndex) -> None:
    """Two reports' captures of two places called Mirendal make one row; within North Teluria it is one
    report's, with that report's evidence."""
    db = open_store(store_path, read_only=True)
    run = lambda query: select(db, query)  # noqa: E731
    whole = [r for r in index.ask("captures", None) if r["place"].value == "Mirendal" and r["from"] is not None]
    assert [r["documents"].value for r in whole] == ["2"]
    narrowed = index.ask("captures", resolve("captures", Narrowing(place="North Teluria"), run))
    rows = [r for r in narrowed if r["place"].value == "Mirendal"]
    assert [(r["documents"].value, r["evidence"].value.rsplit("/", 1)[-1]) for r in rows] == [("1", "s1b")]


def test_answers_a_write_makes_the_index_stale(tmp_path: Path) -> None:
    path = disk_store(tmp_path / "store", GRAPHS)
    assert open_index(path) is None  # none computed yet
    assert refresh(path, progress=False)
    assert open_index(path) is not None
    before = fingerprint(path)
    reader = open_store(path, read_only=True)
    list(select(reader, "SELECT * WHERE { ?s ?p ?o } LIMIT 5"))
    del reader
    assert fingerprint(path) == before  # reading leaves the index fresh
    writer = OxigraphStore(path)
    capture = ox.Quad(ox.NamedNode("https://w3id.org/conflict-kg/id/answers/c9"), ox.NamedNode(RDF_TYPE),
                      ox.NamedNode("https://w3id.org/conflict-kg/ontology#Capture"),
                      ox.NamedNode("https://w3id.org/conflict-kg/graph/one"))
    writer.db.add(capture)
    del writer
    gc.collect()
    assert open_index(path) is None


def test_answers_kg_query_reads_a_fresh_index_and_no_index_bypasses_it(tmp_path: Path) -> None:
    path = disk_store(tmp_path / "store", GRAPHS)
    assert refresh(path, progress=False)
    runner = CliRunner()
    args = ["query", "captures", "--store", str(path), "--place", "North Teluria", "-f", "csv"]
    by_index = runner.invoke(app, args)
    by_sparql = runner.invoke(app, [*args, "--no-index"])
    assert by_index.exit_code == 0 and by_sparql.exit_code == 0
    assert by_index.output == by_sparql.output and "Sapka" in by_index.output
    # a mark left in the index shows which way an answer came
    import sqlite3

    db = sqlite3.connect(path / INDEX_FILE)
    db.execute("UPDATE rows SET cells = replace(cells, '\"Sapka\"', '\"Sapka (indexed)\"')")
    db.commit()
    db.close()
    assert "Sapka (indexed)" in runner.invoke(app, args).output
    assert "Sapka (indexed)" not in runner.invoke(app, [*args, "--no-index"]).output
    nobody = runner.invoke(app, ["query", "captures", "--store", str(path), "--actor", HOSTILE + " x"])
    assert nobody.exit_code == 1 and "error E072" in nobody.output


def test_answers_a_killed_computation_leaves_no_index_in_use(tmp_path: Path) -> None:
    path = disk_store(tmp_path / "store", GRAPHS)
    (path / f"{INDEX_FILE}.tmp-999999").write_bytes(b"half an index")
    assert open_index(path) is None
    (path / INDEX_FILE).write_bytes(b"not a database")
    assert open_index(path) is None
    assert refresh(path, progress=False)
    assert open_index(path) is not None
    assert not list(path.glob(f"{INDEX_FILE}.tmp-*"))


def test_answers_kg_index_and_kg_consolidate_leave_a_fresh_index(tmp_path: Path) -> None:
    path = disk_store(tmp_path / "store", GRAPHS)
    runner = CliRunner()
    assert open_index(path) is None
    made = runner.invoke(app, ["index", "--store", str(path)])
    assert made.exit_code == 0, made.output
    assert open_index(path) is not None
    consolidated = runner.invoke(app, ["consolidate", "--store", str(path)])  # writes the store
    assert consolidated.exit_code == 0, consolidated.output
    index = open_index(path)
    assert index is not None
    db = open_store(path, read_only=True)
    _same("actors", index.ask("actors", None), select(db, resources.query_text("actors")))
    missing = runner.invoke(app, ["index", "--store", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and missing.output.startswith("error E300")


def test_answers_a_store_build_leaves_a_fresh_index(tmp_path: Path, reference_store: Path, corpus: Path) -> None:
    """kg build --store computes the index once it has closed the store, even when nothing changed (opening a
    store for writing changes its files); kg query answers from it as by SPARQL."""
    import shutil
    import subprocess

    from .conftest import kg_command

    store = tmp_path / "store"
    shutil.copytree(reference_store, store)
    assert open_index(store) is None
    built = subprocess.run(kg_command("build", str(corpus), "--store", str(store)), capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 0, built.stderr
    assert "answer index written" in built.stderr
    assert open_index(store) is not None
    runner = CliRunner()
    for name in resources.query_names():
        by_index = runner.invoke(app, ["query", name, "--store", str(store), "-f", "tsv"])
        by_sparql = runner.invoke(app, ["query", name, "--store", str(store), "-f", "tsv", "--no-index"])
        assert by_index.exit_code == 0 and sorted(by_index.output.splitlines()) == sorted(
            by_sparql.output.splitlines()), name


def test_answers_rows_of_labels_with_languages_are_sparqls(tmp_path: Path) -> None:
    """Labels in a language have no order the index reproduces: their question is asked whole, in SPARQL."""
    path = tmp_path / "store"
    writer = OxigraphStore(path)
    writer.db.load(GRAPHS.encode(), format=ox.RdfFormat.TRIG)
    extra = """@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <https://w3id.org/conflict-kg/graph/three> {
      <https://w3id.org/conflict-kg/id/answers/rifles> a ckg:Actor, ckg:Organization ; rdfs:label "Kessa Rifles"@en .
      <https://w3id.org/conflict-kg/id/answers/brigade> a ckg:Actor, ckg:Organization ;
        rdfs:label "Brigade d'Orvan"@fr .
    }"""
    writer.db.load(extra.encode(), format=ox.RdfFormat.TRIG)
    del writer
    gc.collect()
    assert refresh(path, progress=False)
    index = open_index(path)
    assert index is not None
    db = open_store(path, read_only=True)
    found = index.ask("actors", None)
    _same("actors", found, select(db, resources.query_text("actors")))
    assert any(row["actor"] == ox.Literal("Kessa Rifles", language="en") for row in index.ask("actors", None))


def test_answers_a_country_is_one_lookup_of_its_item_not_a_walk_of_its_places(
        store_path: Path, index: AnswerIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """A country's places in the gazetteer run to thousands, and the nodes within it to tens of thousands
    in a large store: the index keeps, for each node, the items that hold it, and never walks either."""
    from kg.linking.gazetteer import Gazetteer

    db = open_store(store_path, read_only=True)
    run = lambda query: select(db, query)  # noqa: E731
    expected = run(narrowed_text("places", resources.query_text("places"),
                                 resolve("places", Narrowing(place="Bhutan"), run)))

    def refuse(*args: object) -> None:
        raise AssertionError("walked down the gazetteer or the graph")

    monkeypatch.setattr(Gazetteer, "inside", refuse)
    monkeypatch.setattr("kg.narrowing.reachable", refuse)
    found = ask("places", resources.query_text("places"), Narrowing(place="Bhutan"), run, index,
                warn=lambda message: None)
    _same("places", found, expected)
    assert any(row["place"].value == "Lobesa Camp" for row in index.ask("places", resolve(
        "places", Narrowing(place="Bhutan"), run, index)))
    nowhere = resolve("places", Narrowing(place="Bhutan"), run, index)
    nowhere.place_roots = ["Q900000"]  # an item no node lies in: no rows, not the rows of unbound places
    assert list(index.ask("places", nowhere)) == []
