"""Canned questions narrowed by place, actor and dates (kg.narrowing), in rdflib and Oxigraph alike.

The graph is made by hand about an invented war: Korvik lies within East Vardania, which lies
within Vardania; the Northern Front is also called "NF" and, in a second report, "Front
fighters", merged into one node; some captures are dated, some not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg import resources
from kg.cli import app
from kg.errors import KgError
from kg.narrowing import MARKER, SPECS, Narrowing, narrowed_text, resolve
from kg.querying import to_table
from kg.store.sparql import load_files, select
from tests.handmade import memory_store, prefixes, rdflib_dataset

HOSTILE = 'Kel "the Hammer" } UNION { ?s ?p ?o } #\\ \n brigade'

GRAPHS = prefixes("test") + r"""
<https://w3id.org/conflict-kg/graph/one> {
  :one a ckg:Document ; ckg:published "2031-03-30"^^xsd:date .
  :s1 a ckg:Evidence ; ckg:document :one .
  :vardania a ckg:Place, ckg:Country ; rdfs:label "Vardania" ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :east a ckg:Place, ckg:Region ; rdfs:label "East Vardania" ; ckg:within :vardania ;
        ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :korvik a ckg:Place, ckg:City ; rdfs:label "Korvik" ; ckg:within :east ;
          ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :lunmark a ckg:Place, ckg:City ; rdfs:label "Lunmark" ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :acahay a ckg:Place, ckg:City ; rdfs:label "Acahay" ; skos:exactMatch wd:Q926511 ;
          ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :front a ckg:Actor, ckg:Organization ; rdfs:label "Northern Front" ; skos:altLabel "NF" ; ckg:firstEvidence :s1 ;
         ckg:mentionedIn :one ; ckg:mergedInto :frontC .
  :army a ckg:Actor, ckg:Organization ; rdfs:label "Vardanian Army" ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :hammer a ckg:Actor, ckg:Organization ; rdfs:label "Kel \"the Hammer\" } UNION { ?s ?p ?o } #\\ \n brigade" ;
          ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c1 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :front ; ckg:capturedFrom :army ; ckg:place :korvik ;
      ckg:date "2031-03-05"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c2 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :army ; ckg:place :lunmark ;
      ckg:date "2031-04-10"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c3 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :front ; ckg:place :east ;
      ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c4 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :hammer ; ckg:place :acahay ;
      ckg:date "2031-03-20"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
  :c5 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :army ; ckg:place :korvik ;
      ckg:date "2031-03-25"^^xsd:date ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one .
}

<https://w3id.org/conflict-kg/graph/two> {
  :two a ckg:Document ; ckg:published "2031-03-31"^^xsd:date .
  :s2 a ckg:Evidence ; ckg:document :two .
  :fighters a ckg:Actor, ckg:Organization ; rdfs:label "Front fighters" ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two ;
            ckg:mergedInto :frontC .
  :lunmark2 a ckg:Place, ckg:City ; rdfs:label "Lunmark" ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
  :c6 a ckg:Capture ; ckg:status ckg:asserted ; ckg:agent :fighters ; ckg:place :lunmark2 ;
      ckg:date "2031-03-30"^^xsd:date ; ckg:firstEvidence :s2 ; ckg:mentionedIn :two .
}

<https://w3id.org/conflict-kg/graph/consolidated> {
  :frontC a ckg:Actor, ckg:Organization ; rdfs:label "Northern Front" ; skos:altLabel "NF", "Front fighters" ;
          ckg:consolidates :front, :fighters ; ckg:firstEvidence :s1 ; ckg:mentionedIn :one, :two .
}
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return memory_store(GRAPHS)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return rdflib_dataset(GRAPHS)


def answer(store: ox.Store, dataset: Dataset | None, name: str, narrowing: Narrowing) -> list[dict[str, str]]:
    """The narrowed rows (their contract's cells), checked to be the same in Oxigraph and rdflib."""
    resolved = resolve(name, narrowing, lambda text: select(store, text))
    text = narrowed_text(name, resources.query_text(name), resolved)
    table = to_table(select(store, text))
    ox_rows = [{c: t.value for c, t in zip(table.columns, row) if t is not None} for row in table.rows]
    if dataset is not None:
        rdflib_rows = [{str(k): str(v) for k, v in b.items()} for b in dataset.query(text).bindings]
        assert sorted(ox_rows, key=sorted) == sorted(rdflib_rows, key=sorted), name
    return [{k: v for k, v in row.items() if k not in ("evidence", "documents")} for row in ox_rows]


def places(rows: list[dict[str, str]]) -> list[str]:
    return sorted(row.get("place", "") for row in rows)


def test_query_parameters_each_question_has_one_marker_and_runs_unnarrowed(store: ox.Store) -> None:
    assert set(SPECS) == set(resources.query_names())
    for name in resources.query_names():
        text = resources.query_text(name)
        assert sum(line.strip().startswith(MARKER) for line in text.splitlines()) == 1, name
        assert narrowed_text(name, text, None) == text
        list(select(store, text))


def test_query_parameters_place_includes_the_places_within_it(store: ox.Store, dataset: Dataset) -> None:
    rows = answer(store, dataset, "captures", Narrowing(place="Vardania"))
    assert places(rows) == ["East Vardania", "Korvik", "Korvik"]
    assert places(answer(store, dataset, "captures", Narrowing(place="East Vardania"))) == [
        "East Vardania", "Korvik", "Korvik"]
    assert places(answer(store, dataset, "captures", Narrowing(place="Korvik"))) == ["Korvik", "Korvik"]
    assert places(answer(store, dataset, "places", Narrowing(place="East Vardania"))) == ["East Vardania", "Korvik"]


def test_query_parameters_a_place_only_the_gazetteer_knows_covers_what_lies_in_it(
        store: ox.Store, dataset: Dataset) -> None:
    from kg.linking.gazetteer import default_gazetteer

    if default_gazetteer() is None:
        pytest.skip("no gazetteer index: run `make gazetteer`")
    assert "Q926511" in default_gazetteer().inside("Q733")  # a town of Paraguay
    resolved = resolve("captures", Narrowing(place="Paraguay"), lambda text: select(store, text))
    assert [w.code for w in resolved.warnings] == ["E074"]
    assert places(answer(store, dataset, "captures", Narrowing(place="Paraguay"))) == ["Acahay"]


def test_query_parameters_actor_matches_each_name_and_the_merged_node(store: ox.Store, dataset: Dataset) -> None:
    by_label = answer(store, dataset, "captures", Narrowing(actor="Northern Front"))
    by_alias = answer(store, dataset, "captures", Narrowing(actor="NF"))
    by_other_report = answer(store, dataset, "captures", Narrowing(actor="Front fighters"))
    assert places(by_label) == places(by_alias) == places(by_other_report) == ["East Vardania", "Korvik", "Lunmark"]
    assert places(answer(store, dataset, "captures", Narrowing(actor="nf"))) == places(by_label)  # case aside
    # the loser's column counts too: the army lost Korvik once and took it back
    assert places(answer(store, dataset, "captures", Narrowing(actor="Vardanian Army"))) == [
        "Korvik", "Korvik", "Lunmark"]
    assert [r["actor"] for r in answer(store, dataset, "actors", Narrowing(actor="NF"))] == ["Northern Front"]


def test_query_parameters_dates_bound_the_row_and_undated_rows_need_asking(store: ox.Store, dataset: Dataset) -> None:
    march = Narrowing(since=date(2031, 3, 1), until=date(2031, 3, 31))
    assert [r["date"] for r in sorted(answer(store, dataset, "captures", march), key=lambda r: r["date"])] == [
        "2031-03-05", "2031-03-20", "2031-03-25", "2031-03-30"]
    with_undated = answer(store, dataset, "captures", Narrowing(since=date(2031, 3, 1), until=date(2031, 3, 31),
                                                                 undated=True))
    assert len(with_undated) == 5 and sum("date" not in r for r in with_undated) == 1
    assert len(answer(store, dataset, "captures", Narrowing(since=date(2031, 3, 26)))) == 2
    assert len(answer(store, dataset, "captures", Narrowing(until=date(2031, 3, 5)))) == 1
    # a long range is filtered rather than listed day by day: the same rows
    assert len(answer(store, dataset, "captures", Narrowing(since=date(2001, 1, 1), until=date(2031, 3, 31)))) == 4


def test_query_parameters_combine(store: ox.Store, dataset: Dataset) -> None:
    rows = answer(store, dataset, "captures", Narrowing(place="Vardania", actor="NF", since=date(2031, 3, 1),
                                                        until=date(2031, 3, 31)))
    assert rows == [{"actor": "Northern Front", "place": "Korvik", "from": "Vardanian Army", "date": "2031-03-05"}]


def test_query_parameters_control_keeps_the_holdings_that_overlap_the_range(store: ox.Store) -> None:
    # Oxigraph only: rdflib 7 answers control.rq wrongly on this graph even unnarrowed (it does not
    # join the next capture on its place), so the two engines cannot be compared here.
    days = Narrowing(place="Korvik", since=date(2031, 3, 10), until=date(2031, 3, 12))
    rows = answer(store, None, "control", days)
    assert rows == [{"place": "Korvik", "holder": "Northern Front", "since": "2031-03-05", "until": "2031-03-25"}]
    holders = answer(store, None, "control", Narrowing(place="Korvik", actor="Vardanian Army"))
    assert sorted(r.get("since", "") for r in holders) == ["", "2031-03-25"]


def test_query_parameters_hostile_values_are_data(store: ox.Store, dataset: Dataset) -> None:
    rows = answer(store, dataset, "captures", Narrowing(actor=HOSTILE))
    assert rows == [{"actor": HOSTILE, "place": "Acahay", "date": "2031-03-20"}]
    for value in ('x" } UNION { ?s ?p ?o } #', "x' . } ", "a\\", "}\n}", '"""'):
        with pytest.raises(KgError) as error:
            resolve("captures", Narrowing(actor=value), lambda text: select(store, text))
        assert error.value.code == "E072"


def test_query_parameters_that_do_not_apply_are_refused(store: ox.Store) -> None:
    for name, narrowing, code in (("sieges", Narrowing(since=date(2031, 1, 1)), "E070"),
                                  ("places", Narrowing(actor="NF"), "E070"),
                                  ("captures", Narrowing(since=date(2031, 2, 1), until=date(2031, 1, 1)), "E071"),
                                  ("captures", Narrowing(place="Nowhere-on-earth Qqq"), "E073")):
        with pytest.raises(KgError) as error:
            resolve(name, narrowing, lambda text: select(store, text))
        assert error.value.code == code


def test_query_parameters_on_the_command_line(tmp_path: Path) -> None:
    graph = tmp_path / "war.trig"
    graph.write_text(GRAPHS, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["query", "captures", str(graph), "--place", "Vardania", "--actor", "NF",
                               "--since", "2031-03-01", "--until", "2031-03-31", "-f", "csv"])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[1].startswith("Northern Front,Korvik,Vardanian Army,2031-03-05,")
    assert len(done.stdout.splitlines()) == 2
    refused = runner.invoke(app, ["query", "sieges", str(graph), "--until", "2031-03-01"])
    assert refused.exit_code == 1 and "error E070" in refused.output and "Traceback" not in refused.output
    bad_day = runner.invoke(app, ["query", "captures", str(graph), "--since", "2031-02-30"])
    assert bad_day.exit_code != 0 and "2031-02-30" in bad_day.output


def test_query_parameters_in_the_python_interface(tmp_path: Path) -> None:
    from kg.api import KnowledgeGraph

    graph = tmp_path / "war.trig"
    graph.write_text(GRAPHS, encoding="utf-8")
    kg = KnowledgeGraph.load(graph)
    rows = kg.ask("captures", place="Korvik", since="2031-03-20", until=date(2031, 3, 31))
    assert [(r["actor"], r["date"]) for r in rows] == [("Vardanian Army", "2031-03-25")]
    with pytest.warns(UserWarning, match="E074"):
        assert [r["place"] for r in kg.ask("captures", place="Paraguay")] == ["Acahay"]


def test_query_parameters_readme_table_says_what_each_parameter_narrows() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, spec in SPECS.items():
        dates = "since, until (overlapping)" if len(spec.dates) == 2 else (spec.dates[0] if spec.dates else "-")
        cells = [", ".join(r.column for r in roles) or "-" for roles in (spec.place, spec.actor)]
        assert f"| {name} | {cells[0]} | {cells[1]} | {dates} |" in readme, name


def test_query_parameters_narrow_the_reports_tables(store: ox.Store) -> None:
    from kg.report.graph import read_graph
    from kg.report.payload import build_payload

    view = read_graph(store, lambda qid: None)
    whole = {t["name"]: t for t in build_payload(store, view)["tables"]}
    tables = {t["name"]: t for t in build_payload(store, view, Narrowing(place="East Vardania"))["tables"]}
    assert len(whole) == len(resources.query_names()) and len(whole["captures"]["rows"]) == 6
    assert "alliances" not in tables and "statements" not in tables  # no place column: left out
    captures = tables["captures"]
    assert sorted(row[captures["columns"].index("place")] for row in captures["rows"]) == [
        "East Vardania", "Korvik", "Korvik"]


def test_query_parameters_names_are_looked_up_in_their_case_variants_before_any_scan() -> None:
    from kg.narrowing import graph_names

    store = load_files([])
    store.load(b"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:x:tla> rdfs:label "Tarvel Liberation Army of the South" ; skos:altLabel "TLA" .
<urn:x:dk> rdfs:label "DeKorva Militia" .
""", format=ox.RdfFormat.TURTLE)
    asked: list[str] = []

    def run(text: str) -> ox.QuerySolutions:
        asked.append(text)
        return select(store, text)

    assert graph_names(run, "tarvel liberation army of the south") == ["Tarvel Liberation Army of the South"]
    assert graph_names(run, "tla") == ["TLA"]
    assert not any("LCASE" in text for text in asked)  # found in the label index, no label read one by one
    assert graph_names(run, "dekorva militia") == ["DeKorva Militia"]  # no usual variant: all labels compared
    assert graph_names(run, "Nobody Known") == []


TALKS = prefixes("talks") + r"""
<https://w3id.org/conflict-kg/graph/talks> {
  :doc a ckg:Document ; ckg:published "2031-05-02"^^xsd:date .
  :s a ckg:Evidence ; ckg:document :doc .
  :league a ckg:Actor ; rdfs:label "Southern League" ; ckg:firstEvidence :s ; ckg:mentionedIn :doc .
  :council a ckg:Actor ; rdfs:label "Harbour Council" ; ckg:firstEvidence :s ; ckg:mentionedIn :doc .
  :plan a ckg:Proposal ; rdfs:label "a harbour truce" ; ckg:agent :league ; ckg:status ckg:asserted ;
        ckg:firstEvidence :s ; ckg:mentionedIn :doc .
  :no a ckg:Rejection ; ckg:agent :council ; ckg:respondsTo :plan ; ckg:status ckg:asserted ;
      ckg:date "2031-05-01"^^xsd:date ; ckg:firstEvidence :s ; ckg:mentionedIn :doc .
}
"""


def test_query_parameters_actor_reached_through_the_answered_proposal() -> None:
    # the proposer of a rejection is two steps from it (respondsTo, then agent): written from the actor
    store = memory_store(TALKS)
    data = rdflib_dataset(TALKS, ontology=False)
    by_proposer = answer(store, data, "rejections", Narrowing(actor="Southern League"))
    by_rejecter = answer(store, data, "rejections", Narrowing(actor="harbour council"))
    assert by_proposer == by_rejecter == [{"rejecter": "Harbour Council", "proposal": "a harbour truce",
                                           "proposer": "Southern League", "date": "2031-05-01"}]
    assert answer(store, data, "proposals", Narrowing(actor="Harbour Council")) == []
