"""A document moved to another file name is rebuilt, so its graph names the file it now comes from."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.corpus import build_store, input_hash
from kg.model import Document
from kg.store.oxigraph import open_store

FILE_NAME = ox.NamedNode("https://w3id.org/conflict-kg/ontology#fileName")


def test_input_hash_changes_with_the_file_name() -> None:
    document = Document("jaffna-1", "Troops shelled Jaffna on Monday.", file_name="jaffna.json")
    assert input_hash(document) == input_hash(replace(document))
    assert input_hash(document) != input_hash(replace(document, file_name="jaffna-flash.json"))
    assert input_hash(document) != input_hash(replace(document, file_name=None))


def file_names(store: Path) -> set[str]:
    return {q.object.value for q in open_store(store).quads_for_pattern(None, FILE_NAME, None, None)}


@pytest.mark.model
def test_corpus_rebuilds_a_document_whose_file_was_renamed(tmp_path: Path, pipeline) -> None:
    article = {"id": "jaffna-1", "published": "2008-11-03", "text": "Troops shelled rebel positions near Jaffna."}
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "jaffna.json").write_text(json.dumps(article))
    store = tmp_path / "store"
    first = build_store([str(folder)], store, progress=False, pipeline=pipeline)
    assert (first.built, first.skipped) == (1, 0)
    assert file_names(store) == {"jaffna.json"}
    (folder / "jaffna.json").rename(folder / "jaffna-flash.json")
    again = build_store([str(folder)], store, progress=False, pipeline=pipeline)
    assert (again.built, again.skipped) == (1, 0)
    assert file_names(store) == {"jaffna-flash.json"}
    unchanged = build_store([str(folder)], store, progress=False, pipeline=pipeline)
    assert (unchanged.built, unchanged.skipped) == (0, 1)
