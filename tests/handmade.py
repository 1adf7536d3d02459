"""Hand-made TriG graphs about invented wars, and the stores the tests make of them.

tests/store/test_answers.py and tests/test_query_parameters.py each write a small graph by hand; both
start with the same prefixes and load their graph the same ways: into an in-memory Oxigraph store, an
rdflib dataset, or a store on disk (with the ontology), which is closed before the test reads it.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg import resources
from kg.store.oxigraph import OxigraphStore
from kg.store.sparql import load_files


def prefixes(base: str) -> str:
    """The prefix lines of a hand-made graph whose own nodes are ``:name`` under ``id/<base>/``."""
    return f"""
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix : <https://w3id.org/conflict-kg/id/{base}/> .
"""


def memory_store(trig: str) -> ox.Store:
    """An in-memory store holding the ontology and the graph."""
    store = load_files([])
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    return store


def rdflib_dataset(trig: str, ontology: bool = True) -> Dataset:
    """An rdflib dataset (default graph the union) holding the graph, and the ontology unless told not to."""
    data = Dataset(default_union=True)
    for onto in resources.ontology_files() if ontology else []:
        data.parse(data=onto.read_text(encoding="utf-8"), format="turtle")
    data.parse(data=trig, format="trig")
    return data


def disk_store(path: Path, trig: str) -> Path:
    """A store on disk at ``path`` holding the ontology and the graph, closed again (no index computed)."""
    writer = OxigraphStore(path)
    writer.db.load(trig.encode(), format=ox.RdfFormat.TRIG)
    writer.flush()
    del writer
    gc.collect()
    return path
