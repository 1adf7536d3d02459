"""The intermediate model between extraction and RDF.

Extraction (``kg.extract``) fills these plain dataclasses; the mapping
(``kg.rdf``) turns them into triples. Neither side needs the other to be tested.

Entities and events are referred to by ``key``: a short id, unique within the
document and stable across runs (it becomes part of the IRI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime

# Kinds of entity, each the local name of a class in ontology/conflict.ttl.
ACTOR_KINDS = (
    "Person",
    "Organization",
    "Government",
    "StateArmedForce",
    "NonStateArmedGroup",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "MonitoringOrganization",
    "MediaOrganization",
    "State",
    "Alliance",
)
PLACE_KINDS = ("Place", "Country", "Region", "City", "District", "PlacePart", "Facility")
OTHER_KINDS = ("Population", "Ceasefire", "Thing")
ENTITY_KINDS = ACTOR_KINDS + PLACE_KINDS + OTHER_KINDS

# Kinds of event, each the local name of a class in ontology/conflict.ttl.
EVENT_KINDS = (
    "Attack",
    "Clash",
    "Capture",
    "Siege",
    "Withdrawal",
    "Casualties",
    "Displacement",
    "Proposal",
    "Rejection",
    "Acceptance",
    "Agreement",
    "Denial",
    "Statement",
    "CeasefireEvent",
)
# Subclasses of Attack, for ``Event.subtype``.
ATTACK_SUBTYPES = ("Bombing", "Shelling", "AirStrike", "Assault", "Offensive", "Destruction", "Raid")

# Whether an event is told as having happened.
STATUSES = ("asserted", "negated", "planned", "conditional", "hypothetical", "questioned")
QUALIFIERS = ("exact", "at-least", "more-than", "around", "up-to", "less-than")
OUTCOMES = ("killed", "wounded")
CEASEFIRE_ACTIONS = ("proposed", "accepted", "rejected", "agreed", "began", "violated", "ended", "extended")


@dataclass(frozen=True)
class Span:
    """A stretch of the document's text: character offsets and the text itself."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """An actor, place, population, ceasefire or other thing, with its mentions."""

    key: str
    label: str
    kind: str
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None  # bare id, e.g. "Q11194"
    within: str | None = None  # key of the smallest enclosing place the text names
    affiliation: str | None = None  # key of the organisation a person speaks for
    country: str | None = None  # ISO 3166-1 alpha-2, when known (for linking)
    coordinates: tuple[float, float] | None = None  # WGS84 latitude and longitude of a linked place


@dataclass
class Figure:
    """A reported number of people, with its hedge ("at least") and who they are."""

    count: int | None
    qualifier: str | None = None  # one of QUALIFIERS
    victims: str | None = None  # key of a Population entity
    outcome: str | None = None  # one of OUTCOMES, for casualties
    part_of: int | None = None  # index (in Event.figures) of the total this figure is part of
    span: Span | None = None


@dataclass
class Event:
    """Something that happened (or was said), with its roles as entity keys."""

    key: str
    kind: str
    trigger: Span
    status: str = "asserted"
    subtype: str | None = None  # e.g. "Bombing" for an Attack
    label: str | None = None  # a readable name, e.g. the proposal's wording
    agent: str | None = None
    opponent: str | None = None  # the other side of a Clash
    target: str | None = None  # what an Attack hit
    place: str | None = None  # where; for a Capture the place taken; for Displacement, fled from
    captured_from: str | None = None
    addressee: str | None = None  # to whom a Proposal was made
    topic: str | None = None  # Proposal/CeasefireEvent: ceasefire key; Rejection/Acceptance: proposal event key
    claim: str | None = None  # Denial: the key of the Claim denied
    action: str | None = None  # CeasefireEvent: one of CEASEFIRE_ACTIONS
    date: datetime.date | None = None  # the type by its module: the field's name hides it
    interval: tuple[datetime.date, datetime.date] | None = None  # when the text gives a span, not a day
    figures: list[Figure] = field(default_factory=list)
    source: str | None = None  # key of the actor the event or figure is attributed to
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Claim:
    """Something a source asserted that another actor denied."""

    key: str
    text: str
    claimant: str | None
    event: str | None  # key of the event the claim is about
    span: Span


@dataclass
class Document:
    """One article and everything read out of it."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    file_name: str | None = None  # the file the text was read from, without its folder
    sentences: list[Span] = field(default_factory=list)  # the text's sentences, in order
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    alliances: list[tuple[str, str]] = field(default_factory=list)  # pairs of actor keys
    where: str | None = field(default=None, compare=False, repr=False)  # the file (and line) it was read from

    def entity(self, key: str | None) -> Entity | None:
        """The entity with this key, or None."""
        if key is None:
            return None
        for ent in self.entities:
            if ent.key == key:
                return ent
        return None
