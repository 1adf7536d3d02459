"""The folding rule that makes spellings of one name meet in one key.

News and gazetteers spell names differently ("Kufra" / "Al Kufrah",
"Tskhinvali" / "Ts'khinvali", "Tillaberi" / "Tillabéri"). Both the index and every
lookup pass names through :func:`fold`, which applies, in order:

1. Unicode compatibility decomposition, then drop combining marks (diacritics);
   a few letters without a decomposition are spelled out (ß→ss, ø→o, ł→l, ı→i,
   đ→d, æ→ae, œ→oe, þ→th).
2. Case folding.
3. Apostrophes and ayn/hamza signs (' ’ ‘ ʼ ʻ ʿ ʾ ` ´) are deleted; every other
   character that is not a letter or digit (hyphens, dots, slashes, commas)
   becomes a space.
4. Articles: a leading "the" and a leading Arabic article (al, el, ad, an, ar,
   as, ash, at, az, ez, ...) are dropped; Arabic articles inside the name (al,
   el, ad, ar, ash, az, ez, ed, er, es, ul, ud, ur) are dropped too. A name is
   never folded down to nothing.
5. Transliteration variants, inside each word: double letters become single;
   kh→h, q→k, ph→f, dh→d; ou→u; ai/ay/ei/ey→e; aw/ow→o; then o→u; a final
   "h" after a vowel is dropped (Raqqah/Raqqa); double letters collapse again.
6. Only for :func:`loose`: the folded name without spaces, each run of vowels
   (a e i o u y) made one "a", so that vowel variants and split or joined
   parts meet ("Gudermes"/"Goudermes", "Ras Kamboni"/"Raskamboni",
   "Sloviansk"/"Slovyansk"). The index keeps these keys apart (prefixed "~");
   the linker tries them last and accepts such a match only when the kind and
   the article's countries agree (see :mod:`kg.linking.decide`). Names with
   fewer than five consonants get no loose key: too many of them would meet
   ("Serena", "Sarina", "Sorano").

:func:`plain` applies steps 1-4 only: the index keeps it next to the folded key,
so that a lookup can tell a plain match from a match through a spelling variant.

Short all-capital acronyms ("UN", "WHO") are not folded: :func:`acronym_key`
gives them a separate, case-sensitive key so that "who" never matches WHO.

Changing the rule changes ``FOLD_VERSION``; the index records the version it
was built with, and ``make gazetteer`` rebuilds it when this file changes.
"""

from __future__ import annotations

import re
import unicodedata

FOLD_VERSION = "2"

_SPECIAL = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d"}
)
_APOSTROPHES = re.compile(r"['’‘ʼʻʿʾ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_LEADING_ARTICLES = frozenset(
    {"the", "al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ez", "ed", "er", "es", "adh", "ath", "ul"}
)
_INNER_ARTICLES = frozenset({"al", "el", "ad", "ar", "ash", "az", "ez", "ed", "er", "es", "ul", "ud", "ur"})
_DOUBLES = re.compile(r"([a-z])\1+")
_VARIANTS = (
    ("kh", "h"),
    ("q", "k"),
    ("ph", "f"),
    ("dh", "d"),
    ("ou", "u"),
    ("ai", "e"),
    ("ay", "e"),
    ("ei", "e"),
    ("ey", "e"),
    ("aw", "o"),
    ("ow", "o"),
    ("o", "u"),
)
_FINAL_H = re.compile(r"([aeiu])h$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_VOWEL_RUN = re.compile(r"[aeiouy]+")
LOOSE_PREFIX = "~"
_LOOSE_MIN_CONSONANTS = 5


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _word(word: str) -> str:
    word = _DOUBLES.sub(r"\1", word)
    for old, new in _VARIANTS:
        word = word.replace(old, new)
    word = _FINAL_H.sub(r"\1", word)
    return _DOUBLES.sub(r"\1", word)


def tokens(name: str) -> list[str]:
    """Steps 1-3 of the rule: the name's words, without marks, case or punctuation."""
    text = _APOSTROPHES.sub("", _strip_marks(name).casefold())
    return [t for t in _NON_WORD.split(text) if t]


def _words(name: str) -> list[str]:
    """Steps 1-4: the name's words without marks, case, punctuation or articles."""
    words = tokens(name)
    while len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    if len(words) > 1:
        kept = [words[0]] + [w for w in words[1:] if w not in _INNER_ARTICLES]
        words = kept if kept else words
    return words


def fold(name: str) -> str:
    """The folded key of a name (see the module docstring for the rule)."""
    return " ".join(_word(w) for w in _words(name))


def plain(name: str) -> str:
    """The name with steps 1-4 only (no transliteration variants).

    Two names with the same :func:`plain` form are spelled alike; names that meet only
    through :func:`fold` are spelling variants, which the linker trusts less.
    """
    return " ".join(_words(name))


def loose(name: str) -> str | None:
    """The loose key of a name (step 6 of the rule), or None for a short name or an acronym."""
    if acronym_key(name) is not None:
        return None
    compact = fold(name).replace(" ", "")
    if len(_VOWEL_RUN.sub("", compact)) < _LOOSE_MIN_CONSONANTS:
        return None
    return LOOSE_PREFIX + _VOWEL_RUN.sub("a", compact)


def acronym_key(name: str) -> str | None:
    """A case-sensitive key for an acronym ("U.N." and "UN" give "=UN"), else None."""
    compact = name.replace(".", "").replace(" ", "")
    if _ACRONYM.match(compact):
        return "=" + compact
    return None
