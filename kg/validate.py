"""Check a graph against the ontology: SHACL shapes (pySHACL) and OWL consistency (HermiT).

``validate(graph)`` returns a ``Report`` whose problems name the offending node
in plain words ("aleppo/e3 (Capture): has no ckg:place (the place taken)").
The SHACL step runs ``ontology/shapes.ttl`` with the ontology as
``ont_graph``; the reasoner step writes ontology plus data as N-Triples (which
owlready2 reads) into a temporary folder and runs HermiT in a fresh owlready2
``World``. When HermiT finds the graph inconsistent, an OWL 2 RL closure
(owlrl) names the nodes and axioms that clash.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg import resources
from kg.errors import Errors, KgError
from kg.namespace import CKG, ID, REPORT_PREFIXES, prefixes

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_FILE = "shapes.ttl"
PREFIXES = prefixes(REPORT_PREFIXES)
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in a graph."""

    severity: str  # "violation", "warning", "info" or "inconsistency"
    node: str  # the offending node, short
    kinds: str  # its ckg classes, e.g. "Capture"
    message: str
    check: str = "shacl"  # "shacl" or "reasoner"
    path: str = ""  # the property concerned, if any
    component: str = ""  # the SHACL constraint component, e.g. "MinCountConstraintComponent"

    def __str__(self) -> str:
        kinds = f" ({self.kinds})" if self.kinds else ""
        return f"{self.node}{kinds}: {self.message}"


@dataclass
class Report:
    """What ``validate`` found. ``ok`` only when the shapes and the reasoner both pass."""

    shapes_conform: bool
    consistent: bool | None  # None when the reasoner was not run
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.shapes_conform and self.consistent is not False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity in ("violation", "inconsistency")]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity not in ("violation", "inconsistency")]

    def summary(self) -> str:
        violations = len([p for p in self.errors if p.check == "shacl"])
        shapes = "conforms" if self.shapes_conform else f"{violations} violation(s)"
        if self.consistent is None:
            reasoner = "not run"
        else:
            reasoner = "consistent" if self.consistent else "INCONSISTENT"
        return f"shapes: {shapes}; reasoner: {reasoner}; warnings: {len(self.warnings)}"


def _parse_file(graph: Graph, name: str) -> None:
    source = resources.ontology_file(name)
    try:
        graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise KgError(Errors.E102, path=f"ontology/{name}", detail=str(exc).splitlines()[0]) from None


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    for source in resources.ontology_files():
        if source.name != SHAPES_FILE:
            _parse_file(graph, source.name)
    return graph


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    graph = Graph()
    _parse_file(graph, SHAPES_FILE)
    return graph


def ontology_graph() -> Graph:
    """The ontology (every ``ontology/*.ttl`` but the shapes), as a fresh graph."""
    graph = Graph()
    graph += _ontology()
    return graph


def shapes_graph() -> Graph:
    """The SHACL shapes for instance data, as a fresh graph."""
    graph = Graph()
    graph += _shapes()
    return graph


def as_graph(data: Graph | Dataset) -> Graph:
    """One graph holding every triple of ``data`` (the union of a dataset's graphs)."""
    if isinstance(data, Dataset):
        union = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return data


def short(node: Node) -> str:
    """A node as people read it: data IRIs without the common prefix, ckg terms as ckg:name."""
    text = str(node)
    if isinstance(node, BNode):
        return f"_:{text}"
    if isinstance(node, Literal):
        return repr(text)
    if text.startswith(str(ID)):
        return text[len(str(ID)) :]
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def kinds_of(graph: Graph, node: Node) -> str:
    """The node's most specific ckg classes, e.g. "Capture" or "City"."""
    ckg = str(CKG._NS)
    classes = {c for c in graph.objects(node, RDF.type) if isinstance(c, URIRef) and str(c).startswith(ckg)}
    ontology = _ontology()
    broader = {b for c in classes for b in ontology.transitive_objects(c, RDFS.subClassOf) if b != c}
    return ", ".join(sorted(str(c)[len(ckg) :] for c in classes - broader))


def shacl_problems(data: Graph, inference: str = "none") -> tuple[bool, list[Problem]]:
    """Run the shapes; return whether the data conforms (warnings allowed) and every result."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference=inference,
        advanced=True,
        allow_warnings=True,
    )
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        component = results.value(result, SH.sourceConstraintComponent)
        severity = SEVERITIES.get(results.value(result, SH.resultSeverity), "violation")
        message = str(results.value(result, SH.resultMessage) or "")
        value = results.value(result, SH.value)
        if value is not None and value != focus:
            message = f"{message} (value: {short(value)})"
        problems.append(
            Problem(
                severity=severity,
                node=short(focus),
                kinds=kinds_of(data, focus),
                message=message,
                path=short(path) if path is not None else "",
                component=str(component).rsplit("#", 1)[-1] if component is not None else "",
            )
        )
    problems.sort(key=lambda p: (p.severity != "violation", p.node, p.message))
    return bool(conforms), problems


def hermit_problems(data: Graph) -> tuple[bool, list[Problem]]:
    """Run HermiT on ontology plus data; return whether it is consistent and why not."""
    import owlready2

    merged = Graph()
    merged += _ontology()
    merged += data
    with tempfile.TemporaryDirectory(prefix="kg-hermit-") as tmp:
        path = Path(tmp) / "merged.nt"
        merged.serialize(destination=str(path), format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load()
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
            unsatisfiable = sorted(short(URIRef(c.iri)) for c in world.inconsistent_classes())
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, explain_inconsistency(merged)
        except (owlready2.OwlReadyJavaError, OSError) as exc:
            raise KgError(Errors.E100, detail=str(exc).strip().splitlines()[-1][:300]) from None
        finally:
            world.close()
    problems = [
        Problem("inconsistency", name, "", "is unsatisfiable (no individual can belong to it)", "reasoner")
        for name in unsatisfiable
    ]
    return not problems, problems


def explain_inconsistency(merged: Graph) -> list[Problem]:
    """Name the clashing nodes: an OWL 2 RL closure (owlrl) reports the axioms it finds broken,
    and functional properties with two values are listed by subject."""
    import owlrl

    closure = Graph()
    closure += merged
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    problems = _functional_clashes(merged)
    errors = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
    for message in sorted({str(m) for m in closure.objects(None, errors.error)}):
        node, kinds, text = _explain(closure, message)
        if node == "graph" and problems and "sameAs" in message:
            continue  # the functional clash above, told again in terms of owl:sameAs
        problems.append(Problem("inconsistency", node, kinds, text, check="reasoner"))
    if not problems:
        problems.append(
            Problem("inconsistency", "graph", "", "HermiT finds ontology plus data inconsistent", check="reasoner")
        )
    return problems


def _functional_clashes(merged: Graph) -> list[Problem]:
    """Subjects with two different values of a functional ckg property (two statuses, two counts)."""
    problems = []
    ckg = str(CKG._NS)
    for prop in sorted(merged.subjects(RDF.type, OWL.FunctionalProperty), key=str):
        if not str(prop).startswith(ckg):
            continue
        for subject in sorted(set(merged.subjects(prop, None)), key=str):
            values = sorted({short(v) for v in merged.objects(subject, prop)})
            if len(values) > 1:
                message = f"inconsistent with the ontology: {short(prop)} is functional but has {len(values)} values: "
                problems.append(
                    Problem(
                        "inconsistency", short(subject), kinds_of(merged, subject),
                        message + ", ".join(values), check="reasoner", path=short(prop),
                    )
                )
    return problems


def _explain(closure: Graph, message: str) -> tuple[str, str, str]:
    """(node, kinds, message) for one owlrl error message, with IRIs shortened."""
    words = message.split()
    node = ""
    for word in words:
        term = URIRef(word.strip(".,;:'\"<>()"))
        if str(term).startswith(str(ID)) and (term, None, None) in closure:
            node = short(term)
            break
    for word in set(words):
        bare = word.strip(".,;:'\"<>()")
        if bare.startswith("http"):
            message = message.replace(bare, short(URIRef(bare)))
    text = "inconsistent with the ontology: " + message
    kinds = kinds_of(closure, URIRef(str(ID) + node)) if node else ""
    return node or "graph", kinds, text


def validate(data: Graph | Dataset, reasoner: bool = True, inference: str = "none") -> Report:
    """Check ``data`` against the shapes and, unless ``reasoner`` is False, with HermiT."""
    graph = as_graph(data)
    conforms, problems = shacl_problems(graph, inference)
    consistent: bool | None = None
    if reasoner:
        consistent, found = hermit_problems(graph)
        problems = [*found, *problems]
    return Report(conforms, consistent, problems)


def describe(report: Report, show_warnings: bool = True) -> Iterable[str]:
    """The report as lines of text for people."""
    for problem in report.errors:
        yield f"{problem.severity}: {problem}"
    if show_warnings:
        for problem in report.warnings:
            yield f"{problem.severity}: {problem}"
    yield report.summary()
