"""The indexed attribute ruler finds exactly the matches spaCy's Matcher finds, and so sets the same attributes."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg import resources
from kg.bench import DEV
from kg.extract.ruler_index import IndexedRulerMatch, index_attribute_ruler

TRICKY = [
    "I ain't gonna do it, y'all. Lemme see: c'mon, let's go, we gotta leave. Nothin' there.",
    "  Leading spaces\n\n\nand blank lines \t here  ",
    "",
    "There is a ceasefire. There were 4,000 people. Which side? That one, this one, those.",
    "He 's n't sure; she wasn't; they aren't. Y'all ain't heard nuthin'.",
]


def _texts() -> list[str]:
    texts = [json.loads(resources.example_file().read_text(encoding="utf-8"))["text"]]
    if DEV.is_dir():
        texts += [json.loads(path.read_text(encoding="utf-8"))["text"] for path in sorted(DEV.glob("*.json"))]
    return texts + TRICKY


def _spacy_match(ruler: AttributeRuler, doc: Doc) -> list[tuple[int, int, int, int]]:
    return AttributeRuler.match(ruler, doc)  # the class's own method, not the index on the instance


@pytest.mark.model
def test_the_models_ruler_matches_and_annotates_as_spacy_does():
    from kg.extract import default_model

    plain = spacy.load(default_model(), exclude=["senter"])
    indexed = spacy.load(default_model(), exclude=["senter"])
    assert index_attribute_ruler(indexed)
    ruler = indexed.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedRulerMatch)
    texts = _texts()
    with indexed.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        before = list(indexed.pipe(texts))
    assert sum(len(_spacy_match(ruler, doc)) for doc in before) > sum(len(doc) for doc in before)
    for doc in before:
        assert ruler.match(doc) == _spacy_match(ruler, doc)
    attrs = [POS, MORPH, LEMMA, TAG, DEP]
    for ours, theirs in zip(indexed.pipe(texts), plain.pipe(texts)):
        assert ours.to_array(attrs).tolist() == theirs.to_array(attrs).tolist()
        assert [(e.start, e.end, e.label_) for e in ours.ents] == [(e.start, e.end, e.label_) for e in theirs.ents]


def _pipeline(patterns: list[dict]) -> spacy.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def _ruler(patterns: list[dict]) -> AttributeRuler:
    return _pipeline(patterns).get_pipe("attribute_ruler")


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": {"IN": ["VBD", "VBZ"]}, "LOWER": "is"}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"tag": "VBD"}], [{"TEXT": "Was"}]], "attrs": {"MORPH": "Tense=Past"}},  # alternatives
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"LEMMA": "be"}, "index": 1},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"IS_SPACE": False}]], "attrs": {"MORPH": "Foo=Bar"}},
    {"patterns": [[{}, {"LOWER": "."}]], "attrs": {"MORPH": "End=Yes"}},  # any token before a full stop
    {"patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], "attrs": {"LEMMA": "much"}, "index": -1},
    {"patterns": [[{"LENGTH": 3}]], "attrs": {"MORPH": "Three=Yes"}},  # an attribute the index leaves to spaCy
]


def _doc(ruler: AttributeRuler) -> Doc:
    words = ["There", "was", "y'", "all", "gon", "na", "to", "go", "\n\n", "is", "very", "very", "big", "that", "."]
    tags = ["EX", "VBD", "PRP", "DT", "VBG", "TO", "TO", "VB", "_SP", "VBZ", "RB", "RB", "JJ", "WDT", "."]
    deps = ["expl", "ROOT", "nsubj", "det", "aux", "aux", "aux", "xcomp", "dep", "aux", "advmod", "advmod", "acomp",
            "nsubj", "punct"]
    heads = [1, 1, 7, 2, 7, 7, 7, 1, 7, 12, 12, 12, 1, 12, 1]
    return Doc(ruler.vocab, words=words, tags=tags, deps=deps, heads=heads)


def test_every_kind_of_pattern_matches_as_spacy_matches():
    ruler = _ruler(PATTERNS)
    indexed = IndexedRulerMatch(ruler)
    doc = _doc(ruler)
    found = indexed(doc)
    assert found == _spacy_match(ruler, doc)
    numbers = {number for number, *_ in found}
    assert numbers == set(range(len(PATTERNS))) - {0}  # no NN in the doc; every other rule fires
    assert len(indexed.rest) == 2  # the operator and the LENGTH pattern; everything else is indexed


def test_the_attributes_set_are_the_same():
    plain, indexed = _ruler(PATTERNS), _pipeline(PATTERNS)
    assert index_attribute_ruler(indexed)
    ruler = indexed.get_pipe("attribute_ruler")
    ours, theirs = ruler(_doc(ruler)), plain(_doc(plain))
    assert ours.to_array([POS, MORPH, LEMMA]).tolist() == theirs.to_array([POS, MORPH, LEMMA]).tolist()


def test_rules_added_later_are_found():
    ruler = _ruler(PATTERNS[:2])
    indexed = IndexedRulerMatch(ruler)
    doc = _doc(ruler)
    before = indexed(doc)
    ruler.add_patterns(PATTERNS[2:4])
    after = indexed(doc)
    assert after == _spacy_match(ruler, doc) and len(after) > len(before)
