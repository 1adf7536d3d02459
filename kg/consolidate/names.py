"""The keys under which two names may be one actor or place: folded names, acronyms, heads.

Rules (each general, none keyed on a particular conflict):

- *name*: the label or an alias, folded (case, diacritics, punctuation, a leading "the",
  a possessive "'s") -- "the Rapid Support Forces" and "Rapid Support Forces";
- *acronym*: the initials of a name's words, for a name written in capitals -- "RSF";
- *force*: a name with a word for armed men at its end ("troops", "forces", "fighters")
  stands for the group it names -- "RSF fighters" and "RSF";
- *surname*: a person's family name alone -- "Guterres" and "Antonio Guterres".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from functools import lru_cache

SMALL_WORDS = frozenset({"of", "the", "for", "and", "in", "on", "to", "a", "an", "de", "al", "el"})
# Words for the armed men of a group: "X fighters" are X in action.
FORCE_WORDS = frozenset({"forces", "force", "troops", "fighters", "soldiers", "units", "militiamen", "militants",
                         "army", "military", "gunmen"})
# Names too vague to merge across documents on their own.
VAGUE = frozenset({"government", "army", "military", "forces", "troops", "rebels", "fighters", "soldiers",
                   "police", "militants", "officials", "authorities", "office", "ministry", "residents",
                   "people", "civilians", "group", "mission", "agency", "spokesman", "spokeswoman"})


@lru_cache(maxsize=1 << 16)  # a corpus repeats its names: each is folded once
def fold(name: str) -> str:
    """A name reduced to lower-case ASCII words without a leading "the" or possessives."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['\u2019]s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def acronym(name: str) -> str | None:
    """The initials of a name of three words or more ("Rapid Support Forces" -> "rsf")."""
    words = [w for w in fold(name).split() if w not in SMALL_WORDS]
    if len(words) < 3 or any(is_acronym(w) for w in name.split()):
        return None
    return "".join(w[0] for w in words)


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym: 2-6 capitals ("TPLF", "UN")."""
    return re.fullmatch(r"[A-Z][A-Z.]{1,6}", name.strip()) is not None


def keys(label: str | None, aliases: AbstractSet[str], person: bool) -> set[tuple[str, str]]:
    """The (rule, key) pairs a node can be found under."""
    found: set[tuple[str, str]] = set()
    for name in {label or "", *aliases} - {""}:
        folded = fold(name)
        if not folded:
            continue
        if is_acronym(name):
            found.add(("acronym", folded.replace(" ", "")))
        else:
            found.add(("name", folded))
            initials = acronym(name)
            if initials and not person:
                found.add(("acronym", initials))
        words = folded.split()
        if not person and len(words) >= 2 and words[-1] in FORCE_WORDS:
            base = " ".join(words[:-1])
            found.add(("name", base) if not is_acronym(name.rsplit(" ", 1)[0]) else ("acronym", base))
        if person:
            found.add(("surname", words[-1]))
    return {(rule, key) for rule, key in found if key not in VAGUE}

