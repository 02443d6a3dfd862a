"""Exports of a :class:`~glossary.dictionary.Glossary` in the formats users ask for.

``export(glossary, fmt)`` returns text; ``FORMATS`` is the registry the CLI
offers (``--format json|jsonl|csv|tsv|tbx|skos|anki|md``).  XML is built
with :mod:`xml.etree.ElementTree` and RDF with rdflib, never with string
templates, so escaping is the libraries' job.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from glossary.io import json_dumps, scrub, xml_safe
from glossary.models import ROLES, Role

if TYPE_CHECKING:
    from glossary.dictionary import Entry, Glossary

__all__ = ["FORMATS", "Format", "export", "format_names", "neutralise_cell"]

VARIANT_SEP = ";"  # second delimiter for alternatives inside one CSV/TSV cell
TBX_NS = "urn:iso:std:iso:30042:ed-2"
TBX_BASIC_RNG = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
    "TBXcoreStructV03_TBX-Basic_integrated.rng"
)
TBX_BASIC_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
DEFAULT_SKOS_BASE = "urn:glossary:"


@dataclass(frozen=True)
class Format:
    """One export format: its name, usual file suffix, media type and writer."""

    name: str
    suffix: str
    media_type: str
    write: Callable[[Glossary], str]
    description: str


def export(glossary: Glossary, fmt: str) -> str:
    """The glossary as text in format ``fmt`` (see :data:`FORMATS`)."""
    try:
        f = FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    # lone surrogates (possible in Python strings given to the API) cannot be written as UTF-8
    return scrub(f.write(glossary))


def format_names() -> list[str]:
    return list(FORMATS)


# --- JSON and JSON Lines ----------------------------------------------------------------------------


def _json(g: Glossary) -> str:
    return g.to_json()


def _jsonl(g: Glossary) -> str:
    return "".join(json_dumps(e.to_dict()) + "\n" for e in g)


# --- CSV / TSV ----------------------------------------------------------------------------------------

CSV_HEADER = (
    "id",
    "ja",
    "en",
    "abbr",
    "ja variants",
    "en variants",
    "abbr variants",
    "count",
    "documents",
    "links",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_cell(value: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR).

    Full-width ＝ ＋ － ＠ count too: spreadsheets fold them to ASCII.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def _rows(g: Glossary) -> list[list[str]]:
    rows = [list(CSV_HEADER)]
    for e in g:
        variants = [
            VARIANT_SEP.join(s for s in e.forms.get(role, ()) if s != getattr(e, role)) for role in ROLES
        ]
        links = VARIANT_SEP.join(f"{link.type}:{link.id}" for link in e.related)
        docs = VARIANT_SEP.join(e.counts())
        row = [e.id, e.ja or "", e.en or "", e.abbr or "", *variants, str(e.count), docs, links]
        rows.append([neutralise_cell(_one_line(c)) for c in row])
    return rows


def _one_line(s: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", s)


def _delimited(g: Glossary, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerows(_rows(g))
    return buf.getvalue()


def _csv(g: Glossary) -> str:
    return _delimited(g, ",")


def _tsv(g: Glossary) -> str:
    return _delimited(g, "\t")


# --- TBX v3 (TBX-Basic) ---------------------------------------------------------------------------------


# TBX language sections and the roles each holds; SKOS labels by role and language
_TBX_LANGUAGES: tuple[tuple[str, tuple[Role, ...]], ...] = (("ja", ("ja",)), ("en", ("en", "abbr")))
_SKOS_LABELS: tuple[tuple[Role, str], ...] = (("ja", "ja"), ("en", "en"))


def tbx_id(entry_id: str) -> str:
    """An XML ID (NCName) for an entry id: ids starting with a digit get a ``c-`` prefix."""
    return xml_safe(entry_id if re.match(r"[A-Za-z_]", entry_id) else f"c-{entry_id}")


def _tbx(g: Glossary) -> str:
    """TBX v3, TBX-Basic dialect, DCA style.

    One conceptEntry per entry (links as ``ref type="relatedConcept"`` whose
    target is the other entry's id), a langSec per language (acronyms under
    English), a termSec per form with termType (fullForm / acronym) and
    administrativeStatus (preferred for the canonical form, admitted for the
    variants).  TBX requires at least one conceptEntry, so an empty glossary
    gives a file that parses but does not validate.
    """
    import xml.etree.ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    ET.register_namespace("", TBX_NS)

    def q(tag: str) -> str:
        return f"{{{TBX_NS}}}{tag}"

    root = ET.Element(q("tbx"), {"type": "TBX-Basic", "style": "dca", xml_lang: "en"})
    header = ET.SubElement(root, q("tbxHeader"))
    file_desc = ET.SubElement(header, q("fileDesc"))
    source = ET.SubElement(file_desc, q("sourceDesc"))
    ET.SubElement(
        source, q("p")
    ).text = f"Generated by glossary from {len(g.documents)} document(s); {len(g)} concept(s)."
    body = ET.SubElement(ET.SubElement(root, q("text")), q("body"))
    for e in g:
        ce = ET.SubElement(body, q("conceptEntry"), {"id": tbx_id(e.id)})
        for link in e.related:
            ref = ET.SubElement(ce, q("ref"), {"type": "relatedConcept", "target": tbx_id(link.id)})
            ref.text = xml_safe(f"{link.type}: {link.why}")
        for lang, roles in _TBX_LANGUAGES:
            terms = [(role, s) for role in roles for s in e.forms.get(role, ())]
            if not terms:
                continue
            ls = ET.SubElement(ce, q("langSec"), {xml_lang: lang})
            for role, surface in terms:
                ts = ET.SubElement(ls, q("termSec"))
                ET.SubElement(ts, q("term")).text = xml_safe(surface)
                ET.SubElement(ts, q("termNote"), {"type": "termType"}).text = (
                    "acronym" if role == "abbr" else "fullForm"
                )
                status = "preferredTerm-admn-sts" if surface == getattr(e, role) else "admittedTerm-admn-sts"
                ET.SubElement(ts, q("termNote"), {"type": "administrativeStatus"}).text = status
    ET.indent(root, space="  ")
    body_xml = ET.tostring(root, encoding="unicode")
    prolog = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-model href="{TBX_BASIC_RNG}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<?xml-model href="{TBX_BASIC_SCH}" type="application/xml" '
        'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
    )
    return prolog + body_xml + "\n"


# --- SKOS (Turtle) --------------------------------------------------------------------------------------


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


# --- Anki -------------------------------------------------------------------------------------------------


def _anki(g: Glossary) -> str:
    """Anki text import: a stable guid column so re-imports update the same notes."""
    lines = [
        "#separator:tab",
        "#html:false",
        "#guid column:1",
        "#tags column:4",
        "#columns:guid\tFront\tBack\tTags",
    ]
    for e in g:
        front = e.ja or e.en or e.abbr or e.id
        back_parts = [s for s in (e.en, e.abbr) if s and s != front]
        variants = [s for s in e.surfaces() if s != front and s not in back_parts]
        back = " / ".join(back_parts) if back_parts else (e.ja or "")
        if variants:
            back += f" (variants: {', '.join(variants)})"
        tags = "glossary " + " ".join(sorted({_tag(d) for d in e.counts() if d}))
        lines.append("\t".join(_one_line(x) for x in (f"glossary:{e.id}", front, back, tags.strip())))
    return "\n".join(lines) + "\n"


def _tag(doc: str) -> str:
    stem = re.split(r"[\\/]", doc)[-1].rsplit(".", 1)[0]
    return "doc::" + re.sub(r"\s+", "_", stem)


# --- Markdown -----------------------------------------------------------------------------------------------


def _md_escape(s: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", s)


def _title(e: Entry) -> str:
    main = e.ja or e.en or e.abbr or e.id
    rest = [s for s in (e.en, e.abbr) if s and s != main]
    return _md_escape(main) + (f" — {_md_escape(' / '.join(rest))}" if rest else "")


def _md(g: Glossary) -> str:
    out = ["# Glossary", "", f"{len(g)} concept(s) from {len(g.documents)} document(s).", ""]
    titles = {e.id: _title(e) for e in g}
    for e in g:
        out.append(f'<a id="{html.escape(e.id, quote=True)}"></a>')
        out.append(f"## {titles[e.id]}")
        out.append("")
        variants = [s for s in e.surfaces() if s not in (e.ja, e.en, e.abbr)]
        if variants:
            out.append("- Variants: " + ", ".join(_md_escape(v) for v in variants))
        for link in e.related:
            out.append(
                f"- {_md_escape(link.type.capitalize())}: "
                f"[{titles.get(link.id, _md_escape(link.id))}](#{quote(scrub(link.id), safe='')}) — "
                f"{_md_escape(link.why)}"
            )
        docs = ", ".join(f"{_md_escape(d or '(text)')} ×{n}" for d, n in e.counts().items())
        out.append(f"- Seen: {docs}")
        out.append("")
    return "\n".join(out)


def _html(g: Glossary) -> str:
    from glossary.html import render_html  # the page renderer lives with its template

    return render_html(g)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", ".json", "application/json", _json, "the whole glossary (schema glossary/1)"),
        Format("jsonl", ".jsonl", "application/jsonl", _jsonl, "one entry per line"),
        Format("csv", ".csv", "text/csv", _csv, "a row per concept, header row for CAT tools"),
        Format("tsv", ".tsv", "text/tab-separated-values", _tsv, "as csv, tab-separated"),
        Format("tbx", ".tbx", "application/x-tbx+xml", _tbx, "TBX v3 TBX-Basic (ISO 30042:2019)"),
        Format("skos", ".ttl", "text/turtle", _skos, "SKOS concept scheme in Turtle"),
        Format("anki", ".txt", "text/plain", _anki, "Anki import file (guid column, re-import updates)"),
        Format("md", ".md", "text/markdown", _md, "a readable Markdown glossary"),
        Format("html", ".html", "text/html", _html, "a self-contained, searchable HTML glossary"),
    )
}
