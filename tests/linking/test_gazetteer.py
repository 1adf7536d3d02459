"""The offline gazetteer index: lookups, parents, demonyms, reproducible builds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.linking.build_index import build
from kg.linking.gazetteer import Gazetteer

from .conftest import SHARED


def _qids(gaz: Gazetteer, name: str) -> list[str]:
    return [c.qid for c in gaz.lookup(name)]


@pytest.mark.parametrize(
    ("name", "qid"),
    [("Hodeidah", "Q270041"), ("Khan Younis", "Q309348"), ("Mekelle", "Q332319"), ("Mek'ele", "Q332319"),
     ("Aleppo", "Q41183"), ("Russia", "Q159"), ("United Nations", "Q1065"), ("UN", "Q1065")],
)
def test_gazetteer_lookup_finds_spelling_variants(gazetteer: Gazetteer, name: str, qid: str) -> None:
    assert qid in _qids(gazetteer, name)


def test_gazetteer_lookup_returns_every_candidate(gazetteer: Gazetteer) -> None:
    qids = _qids(gazetteer, "Tripoli")
    assert {"Q3579", "Q168954"} <= set(qids)  # Libya's and Lebanon's
    aleppo = {(c.qid, c.kind) for c in gazetteer.lookup("Aleppo")}
    assert {("Q41183", "city"), ("Q214064", "region")} <= aleppo


def test_gazetteer_acronyms_match_case_sensitively(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("who") == []
    assert _qids(gazetteer, "WHO") == ["Q7817"]
    assert _qids(gazetteer, "US")[0] == "Q30"


def test_gazetteer_unknown_name_has_no_candidate(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwxzyplorb") == []


def test_gazetteer_get_and_parents(gazetteer: Gazetteer) -> None:
    aleppo = gazetteer.get("Q41183")
    assert aleppo is not None and aleppo.kind == "city" and aleppo.country == "SY"
    chain = [(c.qid, c.kind) for c in gazetteer.parents("Q41183")]
    assert chain == [("Q214064", "region"), ("Q858", "country")]
    assert gazetteer.parents("Q858") == []
    assert gazetteer.get("Q0") is None


@pytest.mark.parametrize(
    ("word", "qid"),
    [("Syrian", "Q858"), ("Russian", "Q159"), ("Ukrainian", "Q212"), ("Nigerian", "Q1033"), ("Lebanese", "Q822")],
)
def test_gazetteer_demonyms(gazetteer: Gazetteer, word: str, qid: str) -> None:
    found = gazetteer.demonym(word)
    assert found is not None and found.qid == qid


def test_build_index_is_byte_reproducible(tmp_path: Path) -> None:
    if not (SHARED / "places.tsv").is_file():
        pytest.skip("needs ../shared/gazetteer")
    extra = tmp_path / "extra.tsv"
    extra.write_text("qid\tname\tkind\tcountry\taliases\tevidence\nQ1\tTest Front\tarmed-group\tSY\tTF\tx:y\n")
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build(SHARED, first, extra)
    build(SHARED, second, extra)
    assert first.read_bytes() == second.read_bytes()
    assert [c.qid for c in Gazetteer(first).lookup("TF")] == ["Q1"]


def test_gazetteer_refuses_a_stale_or_broken_index(tmp_path: Path) -> None:
    from kg.errors import KgError

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(KgError) as info:
        Gazetteer(broken)
    assert info.value.code == "E202"


def test_default_gazetteer_is_opened_once_per_process(gazetteer: Gazetteer) -> None:
    from kg.linking.gazetteer import default_gazetteer, default_path

    if default_path() is None:
        pytest.skip("no bundled index (run `make gazetteer`)")
    first = default_gazetteer()
    assert first is not None and default_gazetteer() is first
    assert "Q41183" in [c.qid for c in first.lookup("Aleppo")]


def test_parents_keep_to_the_childs_country_when_a_qid_has_rows_in_two(tmp_path: Path) -> None:
    """A region QID that one source files under the wrong country must not carry a town abroad."""
    src = tmp_path / "src"
    src.mkdir()
    head = "qid\tname\tkind\tcountry\tparent_qid\tlat\tlon\taliases\tsource\n"
    rows = [
        "Q9001\tValdoria\tcountry\tVA\t\t1\t1\t\tne",
        "Q9002\tMorvenia\tcountry\tMO\t\t2\t2\t\tne",
        "Q9010\tUpland\tregion\tVA\tQ9001\t1\t1\t\tdr5hn",
        "Q9010\tUplands\tregion\tMO\tQ9002\t2\t2\t\tne",
        "Q9020\tKestrelford\tcity\tVA\tQ9010\t1\t1\t\tne",
        "Q9021\tOrlowen\tcity\tMO\tQ9010\t2\t2\t\tne",
    ]
    (src / "places.tsv").write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    (src / "organizations.tsv").write_text("qid\tname\tkind\tcountry\taliases\tevidence\n", encoding="utf-8")
    build(src, tmp_path / "g.sqlite", extra=None)
    gaz = Gazetteer(tmp_path / "g.sqlite")
    assert [(c.qid, c.country) for c in gaz.parents("Q9020")] == [("Q9010", "VA"), ("Q9001", "VA")]
    assert [(c.qid, c.country) for c in gaz.parents("Q9021")] == [("Q9010", "MO"), ("Q9002", "MO")]


def test_gazetteer_keeps_at_most_so_many_names(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-lived linker (a feed's) does not keep every name it was asked about; lookups stay right."""
    from kg.linking import gazetteer as module

    monkeypatch.setattr(module, "CACHE_NAMES", 3)
    monkeypatch.setattr(gazetteer, "_cache", {})  # the fixture is shared: what earlier tests asked stays out
    for name in ("Tripoli", "Aleppo", "Zorblaxville", "Qwertania", "Florinthe", "Mekelle"):
        gazetteer.matches(name)
        assert len(gazetteer._cache) <= 3
    assert "Q3579" in _qids(gazetteer, "Tripoli") and "Q332319" in _qids(gazetteer, "Mekelle")


def test_holders_is_inside_read_backwards(gazetteer: Gazetteer) -> None:
    """Each holder of a place holds it in ``inside``, and each place ``inside`` gives has that holder:
    a city's region and country, a region's country, over a seeded sample of the whole gazetteer."""
    rng = random.Random(3)
    con = gazetteer._con
    places = [row[0] for row in con.execute("SELECT DISTINCT qid FROM entity WHERE kind IN ('city', 'region')")]
    held = 0
    for qid in rng.sample(places, 40):
        holders = gazetteer.holders(qid)
        assert qid in holders
        for holder in holders - {qid}:
            assert qid in gazetteer.inside(holder), (qid, holder)
            held += 1
    assert held >= 40  # most places have a country at least
    larger = [row[0] for row in con.execute("SELECT DISTINCT qid FROM entity WHERE kind IN ('region', 'country')")]
    for holder in rng.sample(larger, 8):
        inside = gazetteer.inside(holder)
        for qid in rng.sample(inside, min(10, len(inside))):
            assert holder in gazetteer.holders(qid), (holder, qid)
