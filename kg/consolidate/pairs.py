"""The user's corrections to consolidation: ``--same-as FILE`` and ``--keep-apart FILE``.

Each is a TSV of two columns, one pair a line (``#`` starts a comment): an IRI, or a
label (or alias) that names every node so labelled.
"""

from __future__ import annotations

from pathlib import Path

from kg.consolidate.names import fold
from kg.consolidate.records import Corpus
from kg.errors import Errors, KgError


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """The pairs of a TSV file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise KgError(Errors.E001, path=path) from None
    except (OSError, UnicodeDecodeError):
        raise KgError(Errors.E003, path=path) from None
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != 2 or not all(cells):
            raise KgError(Errors.E031, path=path, line=number)
        pairs.append((cells[0], cells[1]))
    return pairs


def named(corpus: Corpus, name: str) -> list[str]:
    """The IRIs of the nodes a name stands for: the IRI itself, or every node so labelled."""
    if name in corpus.nodes:
        return [name]
    wanted = fold(name)
    return sorted(iri for iri, node in corpus.nodes.items()
                  if wanted and any(fold(n) == wanted for n in {node.label or "", *node.aliases}))


def resolve(corpus: Corpus, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pairs of names as pairs of node IRIs (every node of one name with every node of the other)."""
    found: list[tuple[str, str]] = []
    for one, other in pairs:
        left, right = named(corpus, one), named(corpus, other)
        for name, nodes in ((one, left), (other, right)):
            if not nodes:
                raise KgError(Errors.E032, name=name)
        found.extend((a, b) for a in left for b in right if a != b)
    return found
