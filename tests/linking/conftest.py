"""Shared fixtures: the gazetteer index, built once per session from ../shared/gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.linking.build_index import build
from kg.linking.gazetteer import Gazetteer, default_path

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "gazetteer"


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The bundled index when built (`make gazetteer`), else one built here from ../shared."""
    path = default_path()
    if path is None:
        if not (SHARED / "places.tsv").is_file():
            pytest.skip("no gazetteer: run `make gazetteer` (needs ../shared/gazetteer)")
        path = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
        build(SHARED, path)
    return Gazetteer(path)
