"""Data shipped inside the package: ontology, canned queries, examples.

In a source checkout they are read from the repository's top-level
``ontology/`` and ``queries/``; in an installed wheel from ``kg/ontology`` and
``kg/queries`` (hatch force-includes them), always through importlib.resources.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; annotations only, so 3.10 runs too
    from importlib.resources.abc import Traversable


def _folder(name: str) -> Traversable:
    packaged = files("kg").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def ontology_files() -> list[Traversable]:
    """The ontology's Turtle files (``ontology/*.ttl``), sorted by name."""
    return sorted((f for f in _folder("ontology").iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)


def ontology_file(name: str) -> Traversable:
    """One file of ``ontology/``."""
    return _folder("ontology").joinpath(name)


def query_names() -> list[str]:
    """Names of the canned queries (``queries/NAME.rq``)."""
    return sorted(f.name[:-3] for f in _folder("queries").iterdir() if f.name.endswith(".rq"))


def query_text(name: str) -> str:
    """The SPARQL text of a canned query."""
    return _folder("queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def query_question(name: str) -> str:
    """The question a canned query answers, from its header comment."""
    for line in query_text(name).splitlines():
        if line.startswith("# Question:"):
            return line.removeprefix("# Question:").strip()
    return ""


def example_file(name: str = "aleppo-2016-11.json") -> Traversable:
    """A bundled example article."""
    # files() gives a Path here, whose joinpath takes several parts; the 3.10 Traversable stub takes one
    return files("kg").joinpath("examples", name)  # type: ignore[call-arg]
