"""The extractor's word lists, read once from ``kg/data/lexicon/*.tsv``.

Each file is tab-separated, one entry a line, ``#`` starts a comment line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files


def read_rows(name: str) -> list[list[str]]:
    """The rows of ``kg/data/lexicon/NAME.tsv``, split on tabs, comments dropped."""
    # files() gives a Path here, whose joinpath takes several parts; the 3.10 Traversable stub takes one
    text = files("kg").joinpath("data", "lexicon", f"{name}.tsv").read_text(encoding="utf-8")  # type: ignore[call-arg]
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Trigger:
    """A word that can announce an event."""

    lemma: str
    child: str | None  # a child lemma the trigger needs ("take" + "control")
    pos: str  # "V", "N" or "*"
    kind: str | None
    subtype: str | None
    action: str | None  # what the word does to a ceasefire
    truce_only: bool = False  # derived from a pattern on a truce: acts on a ceasefire or on nothing


@dataclass
class Lexicon:
    """All word lists the components use."""

    demonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # demonym -> (country, iso2)
    countries: dict[str, str] = field(default_factory=dict)  # country name (lower) -> iso2
    actor_heads: dict[str, str] = field(default_factory=dict)  # lemma -> kind
    weak_heads: set[str] = field(default_factory=set)  # actor nouns that need a name beside them
    titles: set[str] = field(default_factory=set)
    populations: set[str] = field(default_factory=set)
    place_nouns: dict[str, str] = field(default_factory=dict)
    ceasefire_nouns: set[str] = field(default_factory=set)
    qualifiers: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    cues: dict[str, tuple[str, str]] = field(default_factory=dict)  # word -> (role, status)
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)  # lemma -> triggers
    reporting: set[str] = field(default_factory=set)
    implicatives: set[str] = field(default_factory=set)
    group_modifiers: dict[str, str] = field(default_factory=dict)
    claim_nouns: set[str] = field(default_factory=set)
    weapons: set[str] = field(default_factory=set)  # nouns of what hits, never who: "a missile struck X"
    game_words: set[str] = field(default_factory=set)  # sport and games ("pawn", "tournament")
    war_words: set[str] = field(default_factory=set)  # words only war reports use, beside game words

    def trigger_for(self, lemma: str, is_verb: bool, child_lemmas: set[str]) -> Trigger | None:
        """The most specific trigger entry that fits this word, or None."""
        best = None
        for trig in self.triggers.get(lemma, ()):
            if trig.pos == "V" and not is_verb or trig.pos == "N" and is_verb:
                continue
            if trig.child is not None:
                if trig.child in child_lemmas:
                    return trig
                continue
            best = best or trig
        return best


def _opt(cell: str) -> str | None:
    return None if cell in ("", "-") else cell


def _read_triggers(lex: Lexicon) -> None:
    """The hand-made triggers, then those derived from CAMEO (``triggers-cameo.tsv``) that add a word:
    a hand entry for the same word, child and part of speech wins."""
    seen: set[tuple[str, str | None, str]] = set()
    for name in ("triggers", "triggers-cameo"):
        for lemma, pos, kind, subtype, action in read_rows(name):
            word, _, child = lemma.partition(":")
            key = (word, child or None, pos)
            if name != "triggers" and any(k in seen for k in (key, (word, child or None, "*"))):
                continue
            seen.add(key)
            derived = name != "triggers" and _opt(action) is not None
            trig = Trigger(word, child or None, pos, _opt(kind), _opt(subtype), _opt(action), derived)
            lex.triggers.setdefault(word, []).append(trig)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read every lexicon file (once per process: the files are package data)."""
    lex = Lexicon()
    for demonym, country, iso in read_rows("demonyms"):
        lex.demonyms[demonym.lower()] = (country, iso)
        lex.countries[country.lower()] = iso
    lex.actor_heads = {row[0]: row[1] for row in read_rows("actors")}
    lex.weak_heads = {row[0] for row in read_rows("actors") if len(row) > 2 and row[2] == "weak"}
    lex.implicatives = {row[0] for row in read_rows("cues") if row[1] == "implicative"}
    lex.titles = {row[0] for row in read_rows("titles")}
    # "40 Ruritanians were killed": every nationality of the demonym table counts people, not only a few
    nationals = {form for word in lex.demonyms for form in (word, word if word.endswith("s") else word + "s")}
    lex.populations = {row[0].lower() for row in read_rows("populations")} | nationals
    lex.place_nouns = {row[0]: row[1] for row in read_rows("places")}
    lex.ceasefire_nouns = {row[0] for row in read_rows("ceasefires")}
    lex.qualifiers = {row[0]: row[1] for row in read_rows("qualifiers")}
    lex.numbers = {row[0]: int(row[1]) for row in read_rows("numbers")}
    lex.cues = {row[0]: (row[1], row[2]) for row in read_rows("cues")}
    _read_triggers(lex)
    lex.reporting = {row[0] for row in read_rows("reporting")}
    lex.claim_nouns = {row[0] for row in read_rows("claims")}
    lex.group_modifiers = {row[0]: row[1] for row in read_rows("group_modifiers")}
    lex.weapons = {row[0] for row in read_rows("weapons")}
    lex.game_words = {row[0] for row in read_rows("games") if row[1] == "game"}
    lex.war_words = {row[0] for row in read_rows("games") if row[1] == "war"} | lex.weapons
    return lex
