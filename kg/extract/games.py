"""Non-events: sport and games told with war words ("laid siege to the king", "the capital fell to the visitors").

A sentence is about a game when it names at least two different game words and no
war word (``games.tsv``); every sentence of a document is, when the document names
game words often and war words rarely. Fighting and truce words in such sentences
tell no event.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.state import words

MIN_SENTENCE_GAME_WORDS = 2  # one word ("King Abdullah", "the board") is not yet a game
MIN_DOCUMENT_GAME_WORDS = 6
DOCUMENT_RATIO = 4  # a game report: game words outnumber war words at least this many times


def game_sentences(doc: Doc, game: set[str], war: set[str]) -> set[int]:
    """Start indexes of the sentences told about a game."""
    table = words(doc)
    per_sentence: list[tuple[int, set[str], int]] = []
    total_game = total_war = 0
    for sent in doc.sents:
        found: set[str] = set()
        war_count = 0
        for i in range(sent.start, sent.end):
            if table.pos[i] not in ("NOUN", "PROPN"):
                continue
            lemma = table.lemmas[i]
            if lemma in game:
                found.add(lemma)
                total_game += 1
            elif lemma in war:
                war_count += 1
        total_war += war_count
        per_sentence.append((sent.start, found, war_count))
    if total_game >= MIN_DOCUMENT_GAME_WORDS and total_game >= DOCUMENT_RATIO * max(total_war, 1):
        return {start for start, _, _ in per_sentence}
    return {start for start, found, wars in per_sentence if len(found) >= MIN_SENTENCE_GAME_WORDS and not wars}
