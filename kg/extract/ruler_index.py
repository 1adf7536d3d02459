"""The same matches as spaCy's attribute ruler finds, found by dictionary lookup.

The English pipelines' ``attribute_ruler`` maps fine-grained tags to parts of
speech and morphology with about 180 one-token patterns. spaCy's ``Matcher``
tries every pattern at every token, which is a tenth of the small pipeline's
time. Nearly all of these patterns test one token's string attributes for
equality (or membership in a list), so a dictionary per combination of
attributes finds the same matches with one lookup each.

``index_attribute_ruler(nlp)`` gives the pipeline's ruler such a ``match``.
Patterns it cannot index (several tokens, operators, regular expressions,
other attributes) stay with a ``Matcher`` of their own. What the ruler then
does with the matches (their order, which rule wins, setting the attributes)
is still spaCy's code, so the annotations are the same.
"""

from __future__ import annotations

import re
from itertools import product
from operator import itemgetter
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP}
FLAG_ATTRS = {"IS_SPACE": IS_SPACE}
IN, NOT_IN, REGEX = "IN", "NOT_IN", "REGEX"
REGEX_MEMO = 200_000  # regular-expression results kept, by (expression, string)

Match = tuple[int, int, int, int]  # rule number, match id, start, end: what AttributeRuler.match returns
Condition = tuple[int, str, Any]  # attribute id, IN | NOT_IN | REGEX, the set of value ids or the regex
Check = tuple[int, int, str, Any]  # token offset, column, IN | NOT_IN | REGEX, values or regex
Hit = tuple[int, int, int, tuple[Check, ...]]  # rule number, match id, tokens, the checks a lookup leaves


def _NO_KEY(row: list[int]) -> tuple[()]:
    return ()


def index_attribute_ruler(nlp: Language) -> bool:
    """Give the pipeline's attribute ruler the indexed ``match``; returns whether it has one."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return False
    ruler.match = IndexedRulerMatch(ruler)  # type: ignore[method-assign]
    return True


def _conditions(token: dict[Any, Any], strings: Any) -> list[Condition] | None:
    """One pattern token's tests; None when it needs the Matcher (operators, other attributes or predicates)."""
    conditions: list[Condition] = []
    for name, value in token.items():
        name = name.upper() if isinstance(name, str) else None
        if name in FLAG_ATTRS and isinstance(value, bool):
            conditions.append((FLAG_ATTRS[name], IN, frozenset([int(value)])))
        elif name in STRING_ATTRS and isinstance(value, str):
            conditions.append((STRING_ATTRS[name], IN, frozenset([strings.add(value)])))
        elif name in STRING_ATTRS and isinstance(value, dict) and value:
            for predicate, argument in value.items():
                if predicate in (IN, NOT_IN) and isinstance(argument, list | tuple) \
                        and all(isinstance(v, str) for v in argument):
                    conditions.append((STRING_ATTRS[name], predicate, frozenset(strings.add(v) for v in argument)))
                elif predicate == REGEX and isinstance(argument, str):
                    conditions.append((STRING_ATTRS[name], REGEX, re.compile(argument)))
                else:
                    return None
        else:
            return None
    return conditions


class IndexedRulerMatch:
    """``AttributeRuler.match`` by dictionary lookup, for the ruler it was made for.

    A pattern is filed under the values its first token must have (every
    combination of them); the tests a lookup cannot do (values a token must
    not have, regular expressions, the pattern's later tokens) are checked on
    the candidates only. Regular expressions are tried once per distinct string.
    """

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self._build()

    def _build(self) -> None:
        ruler, strings = self.ruler, self.ruler.vocab.strings
        self.rules = len(ruler.attrs)
        self.rest = Matcher(ruler.vocab)
        self.regex_results: dict[tuple[Any, int], bool] = {}
        indexed: list[tuple[int, int, list[list[Condition]]]] = []  # rule number, match id, tests per token
        for number in range(self.rules):
            key = str(number)
            for pattern in ruler.matcher.get(key)[1]:
                read = [_conditions(token, strings) for token in pattern]
                if read and all(conditions is not None for conditions in read):
                    indexed.append((number, strings.add(key), cast(list[list[Condition]], read)))
                else:
                    self.rest.add(key, [pattern])
        self.columns: list[int | str] = sorted({attr for _, _, tokens in indexed
                                                for conditions in tokens for attr, _, _ in conditions})
        at = {attr: index for index, attr in enumerate(self.columns)}
        filed: dict[tuple[int, ...], dict[Any, list[Hit]]] = {}
        for number, match_id, tokens in indexed:
            keyed = sorted((c for c in tokens[0] if c[1] == IN), key=itemgetter(0))
            checks = tuple((offset, at[attr], kind, test) for offset, conditions in enumerate(tokens)
                           for attr, kind, test in conditions if offset > 0 or kind != IN)
            table = filed.setdefault(tuple(at[attr] for attr, _, _ in keyed), {})
            for values in product(*(sorted(accepted) for _, _, accepted in keyed)):
                # itemgetter of one column gives a value, of several a tuple: the keys are made alike.
                hits = table.setdefault(values[0] if len(values) == 1 else values, [])
                if (number, match_id, len(tokens), checks) not in hits:
                    hits.append((number, match_id, len(tokens), checks))
        self.tables = [(itemgetter(*columns) if columns else _NO_KEY, table) for columns, table in filed.items()]

    def __call__(self, doc: Doc) -> list[Match]:
        if len(self.ruler.attrs) != self.rules:  # rules added since
            self._build()
        strings = self.ruler.vocab.strings
        found: set[Match] = set()
        if len(self.rest):
            found.update((int(strings[match_id]), match_id, start, end)
                         for match_id, start, end in self.rest(doc, allow_missing=True, as_spans=False))
        if len(self.regex_results) > REGEX_MEMO:
            self.regex_results.clear()
        rows = doc.to_array(self.columns).tolist() if self.columns else [[] for _ in range(len(doc))]
        for position, row in enumerate(rows):
            for key_of, table in self.tables:
                hits = table.get(key_of(row))
                if not hits:
                    continue
                for number, match_id, length, checks in hits:
                    end = position + length
                    if end <= len(rows) and (not checks or self._passes(rows, position, checks)):
                        found.add((number, match_id, position, end))
        return sorted(found)

    def _passes(self, rows: list[list[int]], position: int, checks: tuple[Check, ...]) -> bool:
        for offset, column, kind, test in checks:
            value = rows[position + offset][column]
            if kind == IN:
                if value not in test:
                    return False
            elif kind == NOT_IN:
                if value in test:
                    return False
            else:
                known = self.regex_results.get((test, value))
                if known is None:
                    known = self.regex_results[(test, value)] = bool(test.search(self.ruler.vocab.strings[value]))
                if not known:
                    return False
        return True
