"""A long article made of varied invented sentences, for the memory cases (and `python -m` to write one).

The sentences are about invented places and forces, with enough variety
(actors, verbs, places, figures, dates, attributions) that the extraction
finds entities, events and figures in every paragraph, as in a real report.
"""

from __future__ import annotations

import json
import random
import sys

FORCES = ["the Northern Brigade", "Harlan militia fighters", "the Coastal Watch", "Velmoran troops",
          "the Freedom Front", "government soldiers", "Ostrian rebels", "the Ninth Division",
          "border police", "the Valley Defence Force", "Kesh separatists", "the Republican Army"]
PLACES = ["Dorvik", "Palmstad", "Kerenna", "Ostmark", "Tallow Ridge", "Mirafal", "Sanport", "Qelbin",
          "the Arun valley", "Hesk", "Lower Brenn", "Fairhollow", "the old airport", "Norreby"]
ATTACKS = ["shelled", "attacked", "bombed", "raided", "ambushed", "stormed", "struck"]
TARGETS = ["army posts", "a supply convoy", "the main bridge", "a police station", "positions",
           "a checkpoint", "the radio station", "an ammunition depot"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at dawn", "overnight",
        "on 3 March", "on 14 April", "late on Sunday"]
SOURCES = ["a spokesman said", "officials said", "witnesses told reporters", "the ministry said",
           "a local commander said", "aid workers said"]


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    """One invented news sentence."""
    force, other = rng.sample(FORCES, 2)
    place = rng.choice(PLACES)
    kind = rng.randrange(5)
    if kind == 0:
        return (f"{_upper(force)} {rng.choice(ATTACKS)} {rng.choice(TARGETS)} near {place} "
                f"{rng.choice(DAYS)}, {rng.choice(SOURCES)}.")
    if kind == 1:
        return (f"At least {rng.randint(2, 90)} people were killed and {rng.randint(2, 200)} wounded "
                f"in fighting in {place} {rng.choice(DAYS)}.")
    if kind == 2:
        return f"{_upper(force)} captured {place} from {other} {rng.choice(DAYS)}."
    if kind == 3:
        return (f"{_upper(force)} proposed a ceasefire in {place}, but {other} rejected it "
                f"{rng.choice(DAYS)}.")
    return (f"More than {rng.randint(100, 9000)} residents fled {place} after {other} "
            f"{rng.choice(ATTACKS)} the town {rng.choice(DAYS)}.")


def long_text(chars: int, seed: int = 7) -> str:
    """About ``chars`` characters of paragraphs of invented sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def long_article(doc_id: str, chars: int) -> dict[str, object]:
    """A long article as a JSON object."""
    return {"id": doc_id, "title": "A long report", "published": "2024-05-01", "text": long_text(chars)}


if __name__ == "__main__":  # python -m tests.robustness.longtext CHARS > big.json
    json.dump(long_article("long-report", int(sys.argv[1])), sys.stdout)
