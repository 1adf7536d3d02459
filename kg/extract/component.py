"""kg_extract: all of the extractor's components as one pipe (the package's spaCy entry point).

``load_nlp`` adds the components one by one; this factory is for users who
build their own pipeline: ``nlp.add_pipe("kg_extract")``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.attribution import Attribution
from kg.extract.coref import Coref
from kg.extract.entities import EntityFinder
from kg.extract.events import EventFinder
from kg.extract.quantities import Quantities
from kg.extract.timex import TimeFinder


class Extractor:
    """Runs kg_entities, kg_coref, kg_time, kg_quantities, kg_events and kg_attribution in turn."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.entities = EntityFinder(nlp, "kg_entities")
        self.steps: list[Callable[[Doc], Doc]] = [
            self.entities,
            Coref(nlp, "kg_coref"),
            TimeFinder(nlp, "kg_time"),
            Quantities(nlp, "kg_quantities"),
            EventFinder(nlp, "kg_events"),
            Attribution(nlp, "kg_attribution"),
        ]

    def __call__(self, doc: Doc) -> Doc:
        for step in self.steps:
            doc = step(doc)
        return doc


def make_extractor(nlp: Language, name: str) -> Extractor:
    """The whole extractor as one component."""
    return Extractor(nlp, name)


if "kg_extract" not in Language.factories:
    Language.factory("kg_extract", assigns=["doc._.kg"], func=make_extractor)
