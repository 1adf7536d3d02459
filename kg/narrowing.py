"""Canned questions narrowed to a place, an actor and dates, the way analysts ask them.

Each ``queries/NAME.rq`` holds one marker comment (``# narrowing: ...``) where the patterns
of ``--place``, ``--actor``, ``--since``/``--until`` go; unnarrowed, the file is plain SPARQL
that any engine runs. The patterns come first in the rows' group, so the engine starts from
the few nodes named rather than from every event. Every value a user gives reaches the query
as a literal serialised by pyoxigraph (quotes, backslashes and newlines escaped), never as text.

``SPECS`` says, per question, which node each parameter narrows (the README's table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import PREFIXES, WD

CKG, RDFS, SKOS, XSD = (PREFIXES[p] for p in ("ckg", "rdfs", "skos", "xsd"))
MARKER = "# narrowing:"
MAX_DAYS = 731  # a date range up to two years is looked up day by day, a longer one filtered
NAMES = f"<{RDFS}label>|<{SKOS}altLabel>"
SAME_ACTOR = f"(<{CKG}mergedInto>|^<{CKG}mergedInto>)+"  # a mention's merged node and its fellow mentions
INSIDE = f"(<{CKG}within>|<{CKG}consolidates>)+"  # what lies within a place, and the mentions merged there


@dataclass(frozen=True)
class Role:
    """A column a parameter narrows: the row's node ``var`` itself, or what ``path`` leads to from it."""

    column: str
    var: str
    path: str | None = None


@dataclass(frozen=True)
class Spec:
    """What each parameter narrows in one question (empty: the parameter does not apply)."""

    place: tuple[Role, ...] = ()
    actor: tuple[Role, ...] = ()
    dates: tuple[str, ...] = ()  # the date column, or the since and until columns of a holding


def _on(column: str, predicate: str, var: str = "event") -> Role:
    return Role(column, var, "/".join(f"<{CKG}{p}>" for p in predicate.split("/")))


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
    place_items: list[str] = field(default_factory=list)  # QIDs: the place and what the gazetteer puts in it
    actor_names: list[str] = field(default_factory=list)
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


def _roles(roles: tuple[Role, ...], key: str, match: str, closure: str, prefix: str) -> str:
    """The nodes that match ``?key``, or lie ``closure`` from one that does, in one of the roles.

    The two cases are written apart (``+`` rather than ``*``): Oxigraph loops over a ``+`` path from
    its bound end, where a ``*`` path would first list every node of the graph. The roles reached by
    a path come after the nodes, as a pattern of their own, so the engine goes from the key to the
    nodes to the rows.
    """
    top = f"?{prefix}_top"

    def nodes(node: str) -> str:
        return f"{{ {node} {match} ?{key} }}\n  UNION {{ {top} {match} ?{key} . {node} {closure} {top} }}"

    groups = [nodes(f"?{role.var}") for role in roles if role.path is None]
    reached = [f"{{ ?{role.var} {role.path} ?{prefix} }}" for role in roles if role.path is not None]
    if reached:
        groups.append(nodes(f"?{prefix}") + "\n  " + "\n  UNION ".join(reached))
    if len(groups) == 1:
        return groups[0]
    return "\n  UNION ".join(f"{{ {group} }}" for group in groups)


def place_block(resolved: Resolved, spec: Spec) -> str:
    """The places named, or linked to the items, with everything within them, in one of the place roles.

    Names (literals) and items (IRIs) share one VALUES column: a label is never an IRI, and an
    ``exactMatch`` never a literal, so one lookup answers both.
    """
    keys = [literal(n) for n in resolved.place_names] + [str(ox.NamedNode(str(WD) + q)) for q in resolved.place_items]
    return (_values("narrow_place_key", keys) + "\n  "
            + _roles(spec.place, "narrow_place_key", f"{NAMES}|<{SKOS}exactMatch>", INSIDE, "narrow_place"))


def actor_block(resolved: Resolved, spec: Spec) -> str:
    """The actors of these names, their merged nodes and fellow mentions, in one of the actor roles."""
    return (_values("narrow_actor_name", [literal(n) for n in resolved.actor_names]) + "\n  "
            + _roles(spec.actor, "narrow_actor_name", NAMES, SAME_ACTOR, "narrow_actor"))


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


def resolve(name: str, narrowing: Narrowing, select: Select) -> Resolved:
    """Match the narrowing's names against the graph (and a place against the gazetteer) for one question.

    An actor the graph does not name is an error; so is a place that neither the graph nor the
    gazetteer knows. A place only the gazetteer knows is a warning: its rows are those of the
    places the graph links to it or to what lies inside it.
    """
    check(name, narrowing)
    resolved = Resolved(narrowing)
    if narrowing.actor is not None:
        resolved.actor_names = graph_names(select, narrowing.actor)
        if not resolved.actor_names:
            raise KgError(Errors.E072, name=narrowing.actor)
    if narrowing.place is not None:
        resolved.place_names = graph_names(select, narrowing.place)
        items = graph_items(select, resolved.place_names) or gazetteer_items(narrowing.place)
        if not resolved.place_names and not items:
            raise KgError(Errors.E073, name=narrowing.place)
        if not resolved.place_names:
            resolved.warnings.append(KgError(Errors.E074, name=narrowing.place))
        resolved.place_items = with_inside(items)
    return resolved
