"""The word table the components scan holds exactly what the tokens say."""

from __future__ import annotations

import pytest

from kg.extract.state import words


@pytest.mark.model
def test_the_word_table_matches_every_token(nlp):
    doc = nlp("Serb forces CAPTURED the town of Vukovar on Monday; 3,000 people fled and a dozen died, "
              "officials SAID.\n\nThey denied it.")
    table = words(doc)
    assert len(table.lemmas) == len(doc) > 20
    for tok in doc:
        assert table.lemmas[tok.i] == tok.lemma_.lower()
        assert table.lowers[tok.i] == tok.lower_
        assert table.pos[tok.i] == tok.pos_
        assert table.like_num[tok.i] == tok.like_num
    assert words(doc) is table  # read once per document


def test_an_empty_doc_has_an_empty_table():
    import spacy

    table = words(spacy.blank("en")(""))
    assert table.lemmas == table.lowers == table.pos == table.like_num == []
