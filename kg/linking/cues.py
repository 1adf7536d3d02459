"""What the words around a mention say about the thing it names.

The linker reads a few words on either side of each mention (offsets into the
article text) to tell:

* **granularity** -- "city" or "region": "the city of X", "X town", "the
  streets of X" say city; "X province", "the province of X", "villages in X",
  "the X and Y districts" say region (:func:`granularity`);
* **not a place** -- a demonym used as a language ("in French"), a plural
  demonym counted as people ("a million Syrians"), a name inside the name of a
  unit, force or organisation ("the Kherson battalion"), a river, sea or
  mountain ("the banks of the Volga", "the Tigris river") (:func:`not_a_place`);
* **a person** -- a title right before the name ("President Lincoln");
* **a place after all** -- words that only fit a place around a name the
  extractor typed as an organisation or a person ("the X district", "in X
  province", "villages in X") (:func:`says_place`).

Each test is a regular expression over the raw text, so it needs no parse and
behaves the same for ``kg build`` and for ``kg link`` on evidence quotes.
"""

from __future__ import annotations

import re

_CITY_NOUNS = r"city|town|village|capital|port|neighbou?rhood|suburb"
_AREA_NOUNS = (r"province|governorate|region|state|oblast|prefecture|department|emirate|district|county|"
               r"strip|territory|raion|rayon")
_PLURAL_AREA_NOUNS = r"provinces|governorates|regions|states|oblasts|prefectures|departments|districts|counties"
# A list of names before this one: "villages in Mopti and Segou" reaches Segou.
_LIST = r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*(?:,|\band\b|\bor\b)\s*)*"

# Words before the name that make it a city: "the city of X", "the streets of X".
_BEFORE_CITY = re.compile(
    r"\b(?:(?:city|town|village|port)\s+of|(?:streets|outskirts|suburbs?|neighbou?rhoods?|centre|center|"
    r"downtown|mayor)\s+of|downtown)\s+(?:the\s+)?$",
    re.I,
)
# Words before the name that make it an area: "the province of X", "villages in X", "across X province".
_BEFORE_AREA = re.compile(
    rf"(?:(?:^|\bthe\s+|[,;:(]\s*)(?:province|governorate|oblast|prefecture|department|emirate|district|"
    rf"state)\s+of\s+(?:the\s+)?"
    rf"|\b(?:villages|towns|hamlets|communities|settlements|districts|provinces)\s+(?:in|of|across|throughout)\s+"
    rf"(?:the\s+)?{_LIST})$",
    re.I,
)
_AFTER_CITY = re.compile(rf"^\s+(?:{_CITY_NOUNS})\b", re.I)
_AFTER_AREA = re.compile(
    rf"^(?:\s+(?:{_AREA_NOUNS}|{_PLURAL_AREA_NOUNS})\b"
    rf"|\s*(?:,|\band\b|\bor\b)\s*{_LIST}[A-Z][\w'’.-]*\s+(?:{_PLURAL_AREA_NOUNS})\b)",
    re.I,
)
# Words that are part of an area's own name, of which the bare name is a short form ("the Caprivi Strip").
_AFTER_OWN_AREA = re.compile(r"^(?:['’]s)?\s+(?:Strip|Valley|Territory|Territories)\b")
# A title before a name makes it a person's: "President Lincoln", "Gen. Kone".
_BEFORE_TITLE = re.compile(
    r"\b(?:President|Minister|Secretary|General|Gen\.|Lieutenant|Lt\.|Colonel|Col\.|Major|Maj\.|Captain|"
    r"Capt\.|Commander|Sergeant|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sheikh|King|Queen|Prince|Emir|Senator|Judge|"
    r"Ambassador|Envoy|Spokesman|Spokeswoman|Chancellor|Premier|Pope|Ayatollah|Imam)\s+$"
)

# A demonym as a language: "(MNLA in French)", "translated from Arabic", "speaks Russian".
_BEFORE_LANGUAGE = re.compile(
    r"\b(?:in|into|from|speak|speaks|speaking|spoke|spoken|language|translated|translation)\s+$", re.I
)
_AFTER_LANGUAGE = re.compile(r"^\s*(?:$|[).,;:!?\"”’]|\b(?:and|or)\s+[A-Z][a-z]+\s*[).,;:])")
# Counted people: "a million Venezuelans", "thousands of Malians", "1,200 Somalis".
_BEFORE_COUNT = re.compile(
    r"(?:\d[\d,.]*|\b(?:hundreds|thousands|millions|dozens|tens|scores|hundred|thousand|million|billion|"
    r"many|some|several|few|more|most|all|other|fellow|ordinary|civilian|displaced|young|\w+teen|"
    r"two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)(?:\s+of)?)\s+$",
    re.I,
)
# A unit, force or organisation named after a place: "the Sikasso battalion", "Kidal militia".
_AFTER_UNIT = re.compile(
    r"^(?:['’]s)?\s+(?:regiment|battalion|brigade|division|corps|army|militia|legion|squadron|fleet|guards?|"
    r"battalions|brigades|regiments|units?|group|movement|front|party|club|team|fc|united|airlines?|"
    r"university|council|committee|commission|ministry|police|forces|rebels|fighters)\b",
    re.I,
)
# Rivers, seas and mountains: "crossed the Volga", "the Tigris river", "the banks of the Jordan". ("Across the
# X" fits a region as well; a river named like a region is caught by the region's own name, "River X".)
_BEFORE_WATER = re.compile(
    r"\b(?:crossed|banks?\s+of|shores?\s+of|upstream|downstream|"
    r"mouth\s+of|waters\s+of|river|sea\s+of|gulf\s+of|lake|mount|mt\.?|slopes\s+of|peak\s+of)\s+the\s+$",
    re.I,
)
_AFTER_WATER = re.compile(
    r"^\s+(?:river|sea|ocean|gulf|lake|strait|straits|bay|delta|valley|mountains?|hills|range|basin|"
    r"canal|estuary|coast|riverbank|waters)\b",
    re.I,
)
# A candidate's own name that names a landform ("River Nile", "Red Sea", "Blue Mountains").
LANDFORM_NAME = re.compile(
    r"^(?:lake|mount|mt|river|gulf of|sea of|bay of)\b|\b(?:sea|ocean|gulf|river|lake|strait|straits|bay|"
    r"mountains|hills|desert|peninsula|canal)$",
    re.I,
)

_BEFORE_CHARS, _AFTER_CHARS = 60, 40


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    return text[max(0, start - _BEFORE_CHARS):start], text[end:end + _AFTER_CHARS]


def granularity(text: str, start: int, end: int, *, unit_word: bool = True) -> str | None:
    """"city" or "region" when the words around ``text[start:end]`` say which, else None.

    With ``unit_word=False`` an administrative word right after the name ("X province") does not
    count: it names the unit, which tells a bare "X" elsewhere in the article apart from it."""
    before, after = _around(text, start, end)
    city = bool(_BEFORE_CITY.search(before) or _AFTER_CITY.match(after))
    area_after = _AFTER_AREA if unit_word else _AFTER_OWN_AREA
    area = bool(_BEFORE_AREA.search(before) or area_after.match(after))
    if city != area:
        return "city" if city else "region"
    return None


def is_language(text: str, start: int, end: int) -> bool:
    """The demonym at ``text[start:end]`` names a language: "in French)", "speaks Arabic."."""
    before, after = _around(text, start, end)
    return bool(_BEFORE_LANGUAGE.search(before) and _AFTER_LANGUAGE.match(after))


def is_people(text: str, start: int, end: int) -> bool:
    """The plural demonym at ``text[start:end]`` counts people: "a million Syrians"."""
    word = text[start:end]
    return word.endswith("s") and word[:1].isupper() and bool(_BEFORE_COUNT.search(_around(text, start, end)[0]))


def in_unit_name(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is part of a unit's or organisation's name: "the Sikasso regiment"."""
    return bool(_AFTER_UNIT.match(_around(text, start, end)[1]))


def is_water_or_landform(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is a river, sea or mountain: "crossed the Volga", "Tigris river"."""
    before, after = _around(text, start, end)
    return bool(_BEFORE_WATER.search(before) or _AFTER_WATER.match(after))


def not_a_place(text: str, start: int, end: int) -> str | None:
    """Why the name at ``text[start:end]`` names no place (part of a unit's name, water), or None.

    (A demonym's readings, language or people, are :func:`is_language` and :func:`is_people`.)"""
    if in_unit_name(text, start, end):
        return "part of a unit's or organisation's name"
    if is_water_or_landform(text, start, end):
        return "a river, sea or landform"
    return None


def after_title(text: str, start: int) -> bool:
    """A person's title stands right before ``text[start:]``: "President Lincoln"."""
    return bool(_BEFORE_TITLE.search(text[max(0, start - _BEFORE_CHARS):start]))


def says_place(text: str, start: int, end: int) -> bool:
    """The words around ``text[start:end]`` fit only a place: "the X district", "the city of X", "villages in X"."""
    return granularity(text, start, end) is not None
