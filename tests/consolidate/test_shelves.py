"""A shelf offers an event every cluster it may join, in the order they were filed, and leaves out those
that name someone else in a strict role."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.consolidate.shelves import Shelf


@dataclass(eq=False)
class Box:
    name: str
    roles: dict[str, str] = field(default_factory=dict)


def names(found: object) -> list[str]:
    return [box.name for box in found]  # type: ignore[attr-defined]


def test_an_event_is_offered_the_clusters_that_name_its_filler_or_none_in_filing_order() -> None:
    shelf: Shelf[Box] = Shelf(("about", "denies"))
    boxes = [Box("a", {"about": "truce-1"}), Box("b", {"about": "truce-2"}), Box("c"),
             Box("d", {"about": "truce-1", "denies": "claim-9"}), Box("e", {"denies": "claim-8"})]
    for box in boxes:
        shelf.add(box)
    assert names(shelf.candidates({"about": "truce-1"})) == ["a", "c", "d", "e"]
    both = names(shelf.candidates({"about": "truce-1", "denies": "claim-8"}))
    assert {"a", "c", "e"} <= set(both) and "b" not in both and both == sorted(both)  # by one role, in order
    assert names(shelf.candidates({"agent": "army"})) == names(shelf) == ["a", "b", "c", "d", "e"]


def test_a_cluster_that_names_a_role_after_it_was_filed_is_still_offered() -> None:
    shelf: Shelf[Box] = Shelf(("about",))
    late = Box("late")
    shelf.add(late)
    late.roles["about"] = "truce-2"  # a member that names the truce joined it
    assert names(shelf.candidates({"about": "truce-2"})) == ["late"]


def test_a_cluster_taken_off_is_not_offered_and_one_filed_again_comes_last() -> None:
    shelf: Shelf[Box] = Shelf(("about",))
    a, b, c = Box("a", {"about": "t"}), Box("b"), Box("c", {"about": "t"})
    for box in (a, b, c):
        shelf.add(box)
    assert shelf.remove(b) and not shelf.remove(b)
    assert names(shelf.candidates({"about": "t"})) == ["a", "c"]
    shelf.add(a)  # on the shelf already: it keeps its place
    shelf.add(b)
    assert names(shelf.candidates({"about": "t"})) == ["a", "c", "b"]
    assert names(shelf) == ["a", "c", "b"]
