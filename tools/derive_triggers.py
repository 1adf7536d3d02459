"""Derive event trigger words from the CAMEO verb dictionary (PETRARCH, MIT).

    python tools/derive_triggers.py ../shared/lexicons/petrarch/CAMEO.2.0.txt > kg/data/lexicon/triggers-cameo.tsv

A developer tool (it reads ``../shared``), not part of the installed package.
It keeps the CAMEO verb blocks of the fighting families (18x-20x) and the verbs
whose patterns act on ``&CEASEFIRE``, and maps each CAMEO code family to one of
our event kinds or ceasefire actions. The dictionary is broad and noisy ("BEST",
"MATCH", "RESIDE" sit in fighting blocks), so words whose everyday sense is not
violent are left out by a reviewed stop list, each group with its reason.
The output keeps the MIT notice of the source.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# CAMEO verb block -> (kind, subtype: an ontology subclass of the kind). Blocks not named here are not read.
BLOCKS: dict[str, tuple[str, str]] = {
    "AMBUSH": ("Attack", "Assault"),
    "EXPLOSIVE_DESTRUCTION": ("Attack", "Bombing"),
    "GUNFIRE": ("Attack", "Assault"),
    "POUND": ("Attack", "Bombing"),
    "RAID": ("Attack", "Raid"),
    "SHOOT": ("Attack", "Assault"),
    "TARGET": ("Attack", "-"),
    "DESTROY": ("Attack", "Destruction"),
    "FLATTEN": ("Attack", "Destruction"),
    "PHYSICAL_CONFLICT": ("Attack", "Assault"),
    "ENCIRCLE": ("Siege", "-"),
    "BESIEGE": ("Siege", "-"),
    "INVADE": ("Attack", "Offensive"),
    "RECAPTURE": ("Capture", "-"),
    "KILL": ("Casualties", "-"),
    "MASSACRE": ("Casualties", "-"),
}
# Verbs of PHYSICAL_CONFLICT that tell a mutual fight rather than a one-sided attack.
MUTUAL = {"battle", "clash", "fight", "skirmish", "combat", "engage", "fight:back"}
# Words whose block says less than the word: taking and holding ground is a capture.
OVERRIDE: dict[str, tuple[str, str]] = {"occupy": ("Capture", "-")}
# CAMEO code (prefix) of a pattern on &CEASEFIRE -> the action it does to the truce.
CEASEFIRE_CODES: list[tuple[str, str]] = [
    ("196", "violated"),
    ("0871", "agreed"),
    ("0356", "agreed"),
    ("0256", "proposed"),
    ("1056", "proposed"),
    ("045", "proposed"),
    ("1246", "rejected"),
    ("081", "extended"),
]
# A proposal or refusal is a talk event of its own as well as an act on the truce; other acts are not.
ANSWERS = {"proposed": "Proposal", "rejected": "Rejection"}
# Pattern verbs whose CAMEO 196 code means the truce is given up, not broken.
ENDING = {"abandon", "call_off"}
STOP = {
    # everyday senses far more common in news than the violent one
    "beat", "best", "break", "bust", "master", "overcome", "overshadow", "overtake", "surmount", "dominate",
    "match", "pit", "quarrel", "struggle", "conflict", "altercate", "duel", "grapple", "wrestle", "kick",
    "circle", "ring", "surround", "blow", "die", "hang", "string_up", "stamp_out", "ravish", "desolate",
    "hit", "hammer", "ram", "thump", "pelt", "clobber", "pummel", "stone", "bludgeon", "square_off",
    "disarm", "crush", "smash", "shatter", "ruin", "fire", "aim", "target", "defeat", "siege", "fight_down",
    "shoot_down",  # an interception ("shot down 20 drones"), not an attack on a place
    "reside", "inhabit", "infest",
    # whole-phrase artefacts of the dictionary ("KILLED_AND")
    "killed_and", "killed_or", "shot_and", "attacked_and_stabbed", "kidnapped_and_killed",
    # ceasefire patterns that are not acts on the truce itself
    "make", "monitor", "enforce", "kill", "deliver", "issue", "disagree", "order",
}
NOTICE = """# Derived by tools/derive_triggers.py from CAMEO.2.0.txt of openeventdata/UniversalPetrarch
# (commit 067552d83956f552d355256bf200e89ec9fdb7dc); see NOTICE-petrarch.md beside this file.
# The MIT License (MIT). Copyright (c) 2015 Open Event Data Alliance. Permission is hereby granted,
# free of charge, to any person obtaining a copy of this software and associated documentation files,
# to deal in them without restriction, subject to including this copyright and permission notice.
# Do not edit by hand: change the tool's tables and regenerate. Entries of triggers.tsv win over these.
# lemma[:child]	pos	kind	subtype	ceasefire_action
"""

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_WORD = re.compile(r"^(\+?)([A-Z_]+)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?")
_TRUCE = re.compile(r"^-\s+\*\s+(?:\((FOR|TO)\s+)?&CEASEFIRE\)?\s+\[([0-9:]+)\]\s*#\s*([A-Z_]+)")
# The dictionary's comment names the verb as found ("CALLED_OFF"): its base form.
BASE = {"called_off": "call_off"}


def _lemma(word: str, phrase: bool) -> str | None:
    """CAMEO's ``BLOW_UP`` -> ``blow:up`` (a verb and a child it needs); None for longer phrases."""
    parts = word.lower().strip("_").split("_")
    if len(parts) == 1 and not phrase:
        return parts[0]
    return f"{parts[0]}:{parts[1]}" if len(parts) == 2 else None


def derive(text: str) -> list[tuple[str, str, str, str, str]]:
    """The rows of the derived trigger table, sorted."""
    rows: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    block: str | None = None
    for line in text.splitlines():
        head = _HEADER.match(line)
        if head:
            block = head.group(1)
            continue
        truce = _TRUCE.match(line)
        if truce:
            code, verb = truce.group(2).split(":")[0], truce.group(3).lower()
            verb = BASE.get(verb, verb)
            action = next((a for prefix, a in CEASEFIRE_CODES if code.startswith(prefix)), None)
            if verb in ENDING:
                action = "ended"
            if action and verb not in STOP:
                lemma = verb.replace("_", ":") + (f":{truce.group(1).lower()}" if truce.group(1) else "")
                kind = ANSWERS.get(action, "-")
                rows.setdefault((lemma, "act"), (lemma, "V", kind, "-", action))
            continue
        if block not in BLOCKS or not line or line[0] in "-#&~ ":
            continue
        word = _WORD.match(line)
        if not word or (word.group(3) and not word.group(3).startswith(("18", "19", "20"))):
            continue
        lemma = _lemma(word.group(2), bool(word.group(1)))
        if lemma is None or lemma.replace(":", "_") in STOP:
            continue
        kind, subtype = OVERRIDE.get(lemma, BLOCKS[block])
        if lemma in MUTUAL:
            kind, subtype = "Clash", "-"
        rows.setdefault((lemma, "event"), (lemma, "V", kind, subtype, "-"))
    return sorted(rows.values())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: derive_triggers.py CAMEO.2.0.txt > triggers-cameo.tsv", file=sys.stderr)
        return 2
    rows = derive(Path(argv[1]).read_text(encoding="utf-8", errors="replace"))
    sys.stdout.write(NOTICE + "".join("\t".join(row) + "\n" for row in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
