"""Canned questions narrowed to a place, an actor and dates, the way analysts ask them.

Each ``queries/NAME.rq`` holds one marker comment (``# narrowing: ...``) where the patterns
of ``--place``, ``--actor``, ``--since``/``--until`` go; unnarrowed, the file is plain SPARQL
that any engine runs. A place or an actor is first matched against the graph (``resolve``: the
nodes of its names, then what lies within the place or is merged with the actor, level by level),
and those nodes reach the query as ``VALUES`` at the head of the rows' group, as do the days of a
date range, so the engine starts from them rather than from every event. Every value a user gives
reaches a query as a literal serialised by pyoxigraph (quotes, backslashes and newlines escaped),
never as text.

``SPECS`` says, per question, which node each parameter narrows (the README's table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import PREFIXES, WD

CKG, RDFS, SKOS, XSD = (PREFIXES[p] for p in ("ckg", "rdfs", "skos", "xsd"))
MARKER = "# narrowing:"
MAX_DAYS = 731  # a date range up to two years is looked up day by day, a longer one filtered
NAMES = f"<{RDFS}label>|<{SKOS}altLabel>"
SAME_ACTOR = f"<{CKG}mergedInto>|^<{CKG}mergedInto>"  # one step to a mention's merged node, or a node's mentions
INSIDE = f"^<{CKG}within>|^<{CKG}consolidates>"  # one step to what lies within a place, or the mentions merged there


@dataclass(frozen=True)
class Role:
    """A column a parameter narrows: the row's node ``var`` itself, or what ``path`` (IRIs) leads to from it."""

    column: str
    var: str
    path: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Spec:
    """What each parameter narrows in one question (empty: the parameter does not apply)."""

    place: tuple[Role, ...] = ()
    actor: tuple[Role, ...] = ()
    dates: tuple[str, ...] = ()  # the date column, or the since and until columns of a holding


def _on(column: str, predicate: str, var: str = "event") -> Role:
    return Role(column, var, tuple(CKG + p for p in predicate.split("/")))


SPECS: dict[str, Spec] = {
    "proposals": Spec(actor=(_on("proposer", "agent"), _on("addressee", "addressee")), dates=("date",)),
    "rejections": Spec(actor=(_on("rejecter", "agent"), _on("proposer", "respondsTo/agent")), dates=("date",)),
    "acceptances": Spec(actor=(_on("accepter", "agent"), _on("proposer", "respondsTo/agent")), dates=("date",)),
    "ceasefires": Spec(actor=(_on("actor", "agent"),), dates=("date",)),
    "captures": Spec(place=(_on("place", "place"),), actor=(_on("actor", "agent"), _on("from", "capturedFrom")),
                     dates=("date",)),
    "attacks": Spec(place=(_on("place", "place"),), actor=(_on("actor", "agent"), _on("target", "target")),
                    dates=("date",)),
    "clashes": Spec(place=(_on("place", "place"),), actor=(_on("actor", "agent"), _on("opponent", "opponent")),
                    dates=("date",)),
    "sieges": Spec(place=(_on("place", "place"),), actor=(_on("besieger", "agent"),)),
    "casualties": Spec(place=(_on("place", "place"),), actor=(_on("source", "source"),), dates=("date",)),
    "displacements": Spec(place=(_on("place", "place"),), actor=(_on("source", "source"),), dates=("date",)),
    "denials": Spec(actor=(_on("denier", "agent"), _on("claimant", "denies/claimant"))),
    "statements": Spec(actor=(_on("speaker", "agent"), _on("affiliation", "agent/affiliatedWith")),
                       dates=("date",)),
    "alliances": Spec(actor=(Role("actor", "one"), Role("ally", "other"))),
    "actors": Spec(actor=(Role("actor", "thing"),)),
    "places": Spec(place=(Role("place", "thing"),)),
    "control": Spec(place=(Role("place", "where"),), actor=(Role("holder", "who"),), dates=("since", "until")),
}


@dataclass(frozen=True)
class Narrowing:
    """What the user asked for: a place, an actor, a date range, and whether undated rows stay."""

    place: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None
    undated: bool = False

    def __bool__(self) -> bool:
        return bool(self.place or self.actor or self.since or self.until)

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None


@dataclass
class Resolved:
    """A narrowing matched against a graph: the names found, and the Wikidata items a place covers."""

    narrowing: Narrowing
    place_names: list[str] = field(default_factory=list)
    place_roots: list[str] = field(default_factory=list)  # QIDs: the place's own items
    place_items: list[str] = field(default_factory=list)  # QIDs: the place and what the gazetteer puts in it
    actor_names: list[str] = field(default_factory=list)
    place_nodes: list[str] = field(default_factory=list)  # IRIs: the places matched and all within them
    actor_nodes: list[str] = field(default_factory=list)  # IRIs: the actors named, merged nodes, fellow mentions
    warnings: list[KgError] = field(default_factory=list)


def check(name: str, narrowing: Narrowing) -> Spec:
    """The question's spec, or a clear error when a parameter given does not apply to it."""
    spec = SPECS[name]
    if narrowing.since and narrowing.until and narrowing.since > narrowing.until:
        raise KgError(Errors.E071, since=narrowing.since, until=narrowing.until)
    asked = [("--place", narrowing.place, spec.place), ("--actor", narrowing.actor, spec.actor),
             ("--since/--until", narrowing.dated, spec.dates)]
    for option, given, applies in asked:
        if given and not applies:
            useful = [o for o, _, a in asked if a] or ["none"]
            raise KgError(Errors.E070, option=option, name=name, useful=", ".join(useful))
    return spec


def literal(value: str) -> str:
    """A plain string as a SPARQL literal, escaped by pyoxigraph: user text stays data."""
    return str(ox.Literal(value))


def _date(day: date) -> str:
    return str(ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date")))


def _values(var: str, terms: list[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(terms)} }}"


def _roles(roles: tuple[Role, ...], nodes: list[str], prefix: str) -> str:
    """The rows whose node in one of the roles is one of ``nodes`` (IRIs), the nodes bound first.

    The nodes come as ``VALUES``, so the engine starts from them and reaches each row by an index
    lookup (a role node's events), whatever the size of the store. A role that is the row's node
    itself takes the values directly; the roles reached by a path share one column of them.
    """
    values = [str(ox.NamedNode(node)) for node in nodes]
    groups = [_values(role.var, values) for role in roles if role.path is None]
    # written from the bound node (the path inverted), or Oxigraph may walk a two-step path from the
    # row's end: every ckg:respondsTo of the store for each node
    reached = [f"{{ ?{prefix} {_inverse(role.path)} ?{role.var} }}" for role in roles if role.path is not None]
    if reached:
        groups.append(_values(prefix, values) + "\n  " + "\n  UNION ".join(reached))
    if len(groups) == 1:
        return groups[0]
    return "\n  UNION ".join(f"{{ {group} }}" for group in groups)


def _inverse(path: tuple[str, ...]) -> str:
    """A sequence path read the other way: ``(a, b)`` becomes ``^<b>/^<a>``."""
    return "/".join(f"^<{step}>" for step in reversed(path))


def place_block(resolved: Resolved, spec: Spec) -> str:
    """The rows whose place (in one of the place roles) is a place matched or lies within one."""
    return _roles(spec.place, resolved.place_nodes, "narrow_place")


def actor_block(resolved: Resolved, spec: Spec) -> str:
    """The rows where an actor of these names, its merged node or a fellow mention fills an actor role."""
    return _roles(spec.actor, resolved.actor_nodes, "narrow_actor")


def date_block(narrowing: Narrowing, spec: Spec) -> str:
    """The row's date within the range (a holding: overlapping it); undated rows only with ``undated``."""
    since, until = narrowing.since, narrowing.until
    if len(spec.dates) == 2:  # a holding from ?since until ?until, either end open when unbound
        start, end = (f"?{v}" for v in spec.dates)
        tests = []
        if until is not None:
            tests.append(f"(!BOUND({start}) || {start} <= {_date(until)})")
        if since is not None:
            tests.append(f"(!BOUND({end}) || {end} >= {_date(since)})")
        known = f"(BOUND({start}) || BOUND({end}))"
        if narrowing.undated:
            return f"FILTER (!{known} || ({' && '.join(tests)}))"
        return f"FILTER ({known} && {' && '.join(tests)})"
    var = f"?{spec.dates[0]}"
    pattern = f"?event <{CKG}date> {var} ."
    if since is not None and until is not None and not narrowing.undated and (until - since).days < MAX_DAYS:
        days = [_date(since + timedelta(days=n)) for n in range((until - since).days + 1)]
        return _values(spec.dates[0], days) + "\n  " + pattern
    tests = ([f"{var} >= {_date(since)}"] if since else []) + ([f"{var} <= {_date(until)}"] if until else [])
    if narrowing.undated:
        return f"FILTER (!BOUND({var}) || ({' && '.join(tests)}))"
    return pattern + f"\n  FILTER ({' && '.join(tests)})"


def narrowed_text(name: str, text: str, resolved: Resolved | None) -> str:
    """The question's SPARQL with the narrowing patterns in place of its marker (unchanged if none)."""
    if resolved is None or not resolved.narrowing:
        return text
    spec = check(name, resolved.narrowing)
    blocks = []
    if resolved.narrowing.actor:
        blocks.append(actor_block(resolved, spec))
    if resolved.narrowing.place:
        blocks.append(place_block(resolved, spec))
    if resolved.narrowing.dated:
        blocks.append(date_block(resolved.narrowing, spec))
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if line.strip().startswith(MARKER)]
    if len(at) != 1:
        raise ValueError(f"queries/{name}.rq must hold exactly one {MARKER!r} line")
    indent = lines[at[0]][: len(lines[at[0]]) - len(lines[at[0]].lstrip())]
    block = "".join(f"{indent}{line}\n" for b in blocks for line in b.replace("\n  ", "\n").splitlines())
    return "".join(lines[: at[0] + 1]) + block + "".join(lines[at[0] + 1:])


# --- matching the names given against the graph -----------------------------------------------

Select = Callable[[str], ox.QuerySolutions]


SMALL_WORDS = frozenset("a an and at de del der di du for in la le of on the to van von".split())


def case_variants(name: str) -> list[str]:
    """The spellings a name usually has in case: as given, lower, UPPER, Title, Title with small words low."""
    lower = name.lower()
    words = lower.split(" ")
    titled = " ".join(w if w in SMALL_WORDS and n else w[:1].upper() + w[1:] for n, w in enumerate(words))
    initials = " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
    return list(dict.fromkeys([name, lower, name.upper(), name.title(), name.capitalize(), titled, initials]))


def graph_names(select: Select, name: str) -> list[str]:
    """The labels of the graph spelled as ``name``: itself if some node has it, else any differing in case.

    The name and its usual case variants are looked up in the label index (a few lookups, whatever
    the store's size); only when none is there are all labels read and compared with case aside.
    """
    variants = _values("name", [literal(v) for v in case_variants(name)])
    query = f"SELECT DISTINCT ?name WHERE {{ {variants} ?node {NAMES} ?name }}"
    names = sorted(row["name"].value for row in select(query))
    if name in names:
        return [name]
    if names:
        return names
    folded = (f"SELECT DISTINCT ?name WHERE {{ ?node {NAMES} ?name "
              f"FILTER (LCASE(STR(?name)) = {literal(name.lower())}) }}")
    return sorted(row["name"].value for row in select(folded))


def graph_items(select: Select, names: list[str]) -> list[str]:
    """The Wikidata items (QIDs) the graph links the places of these names to."""
    if not names:
        return []
    query = (f"SELECT DISTINCT ?item WHERE {{ {_values('name', [literal(n) for n in names])} "
             f"?node {NAMES} ?name ; <{SKOS}exactMatch> ?item }}")
    wikidata = str(WD)
    return sorted(row["item"].value[len(wikidata):] for row in select(query)
                  if row["item"].value.startswith(wikidata))


def gazetteer_items(name: str) -> list[str]:
    """The QIDs of the gazetteer's places of this name."""
    from kg.linking.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    if gazetteer is None:
        return []
    return sorted({c.qid for c in gazetteer.lookup(name) if c.is_place})


def with_inside(items: list[str]) -> list[str]:
    """The items and every place the gazetteer puts inside one of them."""
    from kg.linking.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    found = dict.fromkeys(items)
    if gazetteer is not None:
        for qid in items:
            found.update(dict.fromkeys(gazetteer.inside(qid)))
    return list(found)


def _iris(rows: ox.QuerySolutions, var: str) -> set[str]:
    return {row[var].value for row in rows if isinstance(row[var], ox.NamedNode)}


def reachable(select: Select, start: set[str], step: str) -> list[str]:
    """The nodes ``start`` and every node ``step`` leads to from them, again and again (a closure).

    Walked level by level, one query per level from that level's new nodes, so each node is read
    once: a path (``+``) from each of a thousand mentions of one name would read the others' nodes
    a thousand times over.
    """
    seen, frontier = set(start), set(start)
    while frontier:
        values = _values("from", [str(ox.NamedNode(node)) for node in sorted(frontier)])
        frontier = _iris(select(f"SELECT DISTINCT ?to WHERE {{ {values} ?from {step} ?to }}"), "to") - seen
        seen |= frontier
    return sorted(seen)


def place_nodes(select: Select, names: list[str], items: list[str]) -> list[str]:
    """The places of these names or linked to these items (QIDs), and every place within one of them.

    Names are looked up among labels and items among ``skos:exactMatch`` links, apart: one pattern
    for both would try every predicate for each of a country's thousands of items. Within is
    ``ckg:within`` read backwards, and a mention's merged node (``ckg:consolidates`` read backwards).
    """
    found: set[str] = set()
    if names:
        keys = _values("key", [literal(n) for n in names])
        found |= _iris(select(f"SELECT DISTINCT ?node WHERE {{ {keys} ?node {NAMES} ?key }}"), "node")
    if items:
        keys = _values("key", [str(ox.NamedNode(str(WD) + q)) for q in items])
        found |= _iris(select(f"SELECT DISTINCT ?node WHERE {{ {keys} ?node <{SKOS}exactMatch> ?key }}"), "node")
    return reachable(select, found, INSIDE)


def actor_nodes(select: Select, names: list[str]) -> list[str]:
    """The actors of these names, their merged nodes and the mentions merged into those."""
    query = f"SELECT DISTINCT ?node WHERE {{ {_values('name', [literal(n) for n in names])} ?node {NAMES} ?name }}"
    return reachable(select, _iris(select(query), "node"), SAME_ACTOR)


class Lookups(Protocol):
    """Where the items of names are found when not by SPARQL (a store's answer index, ``kg.answers``)."""

    def items(self, names: list[str]) -> list[str]:
        """As ``graph_items``."""
        ...


def resolve(name: str, narrowing: Narrowing, select: Select, lookups: Lookups | None = None) -> Resolved:
    """Match the narrowing's names against the graph (and a place against the gazetteer) for one question.

    An actor the graph does not name is an error; so is a place that neither the graph nor the
    gazetteer knows. A place only the gazetteer knows is a warning: its rows are those of the
    places the graph links to it or to what lies inside it. Names are spelled as the graph spells
    them by SPARQL. With ``lookups`` (a store's answer index, which matches names and items to its
    rows itself) only the names and the place's own items are found: the nodes they reach, and the
    gazetteer's places inside, which over a large store run to tens of thousands, are not walked.
    """
    check(name, narrowing)
    resolved = Resolved(narrowing)
    if narrowing.actor is not None:
        resolved.actor_names = graph_names(select, narrowing.actor)
        if not resolved.actor_names:
            raise KgError(Errors.E072, name=narrowing.actor)
        if lookups is None:
            resolved.actor_nodes = actor_nodes(select, resolved.actor_names)
    if narrowing.place is not None:
        resolved.place_names = graph_names(select, narrowing.place)
        items = ((lookups.items(resolved.place_names) if lookups is not None
                  else graph_items(select, resolved.place_names)) or gazetteer_items(narrowing.place))
        if not resolved.place_names and not items:
            raise KgError(Errors.E073, name=narrowing.place)
        if not resolved.place_names:
            resolved.warnings.append(KgError(Errors.E074, name=narrowing.place))
        resolved.place_roots = items
        if lookups is None:
            resolved.place_items = with_inside(items)
            resolved.place_nodes = place_nodes(select, resolved.place_names, resolved.place_items)
    return resolved
