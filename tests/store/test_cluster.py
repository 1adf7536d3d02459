"""--cluster: the same build on a Dask LocalCluster of two worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import build_store
from kg.errors import KgError

from .conftest import ARTICLES, snapshot

pytestmark = pytest.mark.model


def test_cluster_build_equals_single_process_build(tmp_path: Path, corpus: Path, reference_store: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        summary = build_store([str(corpus)], tmp_path / "store", cluster=cluster.scheduler_address, progress=False)
        assert summary.built == len(ARTICLES), summary.failed
        again = build_store([str(corpus)], tmp_path / "store", cluster=cluster.scheduler_address, progress=False)
        assert (again.built, again.skipped) == (0, len(ARTICLES))
    assert snapshot(tmp_path / "store") == snapshot(reference_store)


def test_cluster_unreachable_is_a_clear_error(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    pytest.importorskip("distributed")
    import kg.corpus

    from .conftest import free_port

    monkeypatch.setattr(kg.corpus, "CLUSTER_TIMEOUT", "2s")

    with pytest.raises(KgError) as caught:
        build_store([str(corpus)], tmp_path / "store", cluster=f"tcp://127.0.0.1:{free_port()}", progress=False)
    assert caught.value.code == "E331"
