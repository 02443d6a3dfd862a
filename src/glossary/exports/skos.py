"""SKOS: the glossary as a concept scheme in Turtle, built with rdflib."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from glossary.io import scrub
from glossary.models import Role

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary


DEFAULT_SKOS_BASE = "urn:glossary:"


_SKOS_LABELS: tuple[tuple[Role, str], ...] = (("ja", "ja"), ("en", "en"))


def skos_graph(g: Glossary, base: str = DEFAULT_SKOS_BASE) -> object:
    """An rdflib Graph: one skos:Concept per entry in one skos:ConceptScheme."""
    try:
        from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
    except ImportError as exc:  # optional dependency
        raise RuntimeError("SKOS export needs rdflib: pip install 'glossary[skos]'") from exc

    ns = Namespace(base)
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("gl", ns)
    scheme = URIRef(base + "scheme")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("glossary", lang="en")))

    def uri(entry_id: str) -> URIRef:
        return URIRef(base + "concept/" + quote(scrub(entry_id), safe="-_."))

    for e in g:
        c = uri(e.id)
        graph.add((c, RDF.type, SKOS.Concept))
        graph.add((c, SKOS.inScheme, scheme))
        graph.add((c, SKOS.notation, Literal(scrub(e.id))))
        for role, lang in _SKOS_LABELS:
            canon = getattr(e, role)
            if canon:
                graph.add((c, SKOS.prefLabel, Literal(scrub(canon), lang=lang)))
            for s in e.forms.get(role, ()):
                if s != canon:
                    graph.add((c, SKOS.altLabel, Literal(scrub(s), lang=lang)))
        for s in e.forms.get("abbr", ()):
            label = SKOS.prefLabel if not e.en and s == e.abbr else SKOS.altLabel
            graph.add((c, label, Literal(scrub(s), lang="en")))
        for link in e.related:
            pred = {"broader": SKOS.broader, "narrower": SKOS.narrower, "related": SKOS.related}.get(
                link.type, RDFS.seeAlso
            )
            graph.add((c, pred, uri(link.id)))
    return graph


def _skos(g: Glossary) -> str:
    return str(skos_graph(g).serialize(format="turtle"))  # type: ignore[attr-defined]
