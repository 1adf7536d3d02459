"""Unnamed institutions told by a lowercase noun phrase speak for a figure: "according to the regional
directorate of ...", "the provincial health department said"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_an_unnamed_directorate_after_according_to_is_the_source(read):
    v = read("According to the provincial directorate of civil protection, at least 2,100 persons have left Pemba.")
    (moved,) = v.events("Displacement")
    assert v.label(moved.source) == "provincial directorate of civil protection"
    assert v.entity("provincial directorate of civil protection").kind == "Organization"


def test_an_unnamed_department_speaking_is_the_source(read):
    v = read("The provincial health department said 1,200 people had fled Lichinga.")
    (moved,) = v.events("Displacement")
    assert v.label(moved.source) == "provincial health department"


def test_an_institution_noun_that_says_nothing_is_no_actor(read):
    v = read("The committee met on Tuesday to discuss the budget of the provincial directorate.")
    assert v.entity("provincial directorate") is None and v.entity("committee") is None
