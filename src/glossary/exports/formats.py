"""Exports of a :class:`~glossary.dictionary.glossary.Glossary` in the formats users ask for.

``export(glossary, fmt)`` returns text and ``export_bytes(glossary, fmt)`` the
bytes of a file (XLSX is binary); ``FORMATS`` is the registry the CLI offers.
XML is built with :mod:`xml.etree.ElementTree`, RDF with rdflib and XLSX with
openpyxl, never with string templates, so escaping is the libraries' job.
CSV and TSV start with a UTF-8 BOM (Excel on Japanese Windows reads a file
without one as Shift_JIS); ``bom=False`` leaves it out.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from glossary.io import json_dumps, scrub, xml_safe
from glossary.models import ROLES, Role

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Entry, Glossary

__all__ = ["FORMATS", "Format", "export", "export_bytes", "format_names", "neutralise_cell"]

VARIANT_SEP = ";"  # second delimiter for alternatives inside one CSV/TSV cell
TBX_NS = "urn:iso:std:iso:30042:ed-2"
TBX_BASIC_RNG = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
    "TBXcoreStructV03_TBX-Basic_integrated.rng"
)
TBX_BASIC_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
DEFAULT_SKOS_BASE = "urn:glossary:"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Format:
    """One export format: its name, usual file suffix, media type and writer.

    A ``binary`` format's writer returns bytes (see :func:`export_bytes`).
    """

    name: str
    suffix: str
    media_type: str
    write: Callable[[Glossary], str | bytes]
    description: str
    binary: bool = False


BOM = "\ufeff"
_BOM_FORMATS = ("csv", "tsv")


def _format(fmt: str) -> Format:
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None


def export(glossary: Glossary, fmt: str, *, bom: bool = True) -> str:
    """The glossary as text in format ``fmt`` (see :data:`FORMATS`; not the binary ``xlsx``).

    CSV and TSV start with a BOM unless ``bom`` is False.
    """
    f = _format(fmt)
    if f.binary:
        raise ValueError(f"{f.name} is a binary format: use export_bytes(glossary, {f.name!r})")
    out = f.write(glossary)
    assert isinstance(out, str)
    if not bom and out.startswith(BOM):
        out = out[1:]
    # lone surrogates (possible in Python strings given to the API) cannot be written as UTF-8
    return scrub(out)


def export_bytes(glossary: Glossary, fmt: str, *, bom: bool = True) -> bytes:
    """The file contents of ``fmt``: the XLSX workbook, or the text formats in UTF-8."""
    f = _format(fmt)
    if f.binary:
        out = f.write(glossary)
        assert isinstance(out, bytes)
        return out
    return export(glossary, f.name, bom=bom).encode("utf-8")


def format_names() -> list[str]:
    return list(FORMATS)


# --- JSON and JSON Lines ----------------------------------------------------------------------------


def _json(g: Glossary) -> str:
    return g.to_json()


def _jsonl(g: Glossary) -> str:
    return "".join(json_dumps(e.to_dict()) + "\n" for e in g)


# --- CSV / TSV ----------------------------------------------------------------------------------------

# language codes head the term columns, so CAT tools (memoQ, Trados, Phrase) map them without help
CSV_HEADER = (
    "id",
    "ja",
    "en",
    "acronym",
    "ja variants",
    "en variants",
    "acronym variants",
    "context",
    "source",
    "count",
    "documents",
    "links",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


# a sub-cell that starts after a ";" or "," (spaces allowed) with a formula character: spreadsheets in
# locales whose list separator is ";" (or that open a TSV file as CSV) split the cell there
_SUB_CELL_FORMULA: Final = re.compile("([;,][ \u3000]*)(?=[=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20])")


def neutralise_cell(value: str) -> str:
    """Prefix ``'`` to a cell, and to every ``;`` / ``,`` sub-cell, a spreadsheet would run as a formula.

    Formula characters are ``=`` ``+`` ``-`` ``@``, tab and CR; full-width ＝ ＋ － ＠ count too
    (spreadsheets fold them to ASCII).  Sub-cells matter because variants and document names are
    joined with ``;``, which is the field separator of many locales.
    """
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return _SUB_CELL_FORMULA.sub(r"\1'", value) if ";" in value or "," in value else value


def _plain_rows(g: Glossary) -> list[list[str]]:
    """The header and one row per concept, before any cell is made spreadsheet-safe."""
    rows = [list(CSV_HEADER)]
    for e in g:
        variants = [
            VARIANT_SEP.join(s for s in e.forms.get(role, ()) if s != getattr(e, role)) for role in ROLES
        ]
        links = VARIANT_SEP.join(f"{link.type}:{link.id}" for link in e.related)
        docs = VARIANT_SEP.join(e.counts())
        context, source = _context(e)
        row = [
            e.id,
            e.ja or "",
            e.en or "",
            e.abbr or "",
            *variants,
            context,
            source,
            str(e.count),
            docs,
            links,
        ]
        rows.append([_one_line(c) for c in row])
    return rows


def _context(e: Entry) -> tuple[str, str]:
    """The sentence of the entry's first definition that holds its canonical form, and its document."""
    canon = {s for s in (e.ja, e.en, e.abbr) if s}
    best = None
    for d in e.occurrences:
        if d.sentence and any(p.clean in canon for p in d.parts):
            best = d
            break
    if best is None:
        best = next((d for d in e.occurrences if d.sentence), None)
    if best is None:
        return "", ""
    return " ".join(best.sentence.split()), best.doc or ""


def _rows(g: Glossary) -> list[list[str]]:
    return [[neutralise_cell(c) for c in row] for row in _plain_rows(g)]


_LINE_BREAKS: Final = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(s: str) -> str:
    """``s`` with every run of tabs and line breaks (all that ``str.splitlines`` splits at) as one space."""
    return _LINE_BREAKS.sub(" ", s)


def _delimited(g: Glossary, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerows(_rows(g))
    return buf.getvalue()


def _csv(g: Glossary) -> str:
    return BOM + _delimited(g, ",")


def _tsv(g: Glossary) -> str:
    return BOM + _delimited(g, "\t")


# --- XLSX -----------------------------------------------------------------------------------------------


def _xlsx(g: Glossary) -> bytes:
    """One sheet: the CSV columns, a bold frozen header; every cell a string (never a formula)."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
    except ImportError as exc:  # optional dependency
        raise RuntimeError("XLSX export needs openpyxl: pip install 'glossary[xlsx]'") from exc

    wb = Workbook()
    ws = wb.active
    ws.title = "glossary"
    numeric = CSV_HEADER.index("count")
    for r, row in enumerate(_plain_rows(g), start=1):
        for c, value in enumerate(row, start=1):
            text = ILLEGAL_CHARACTERS_RE.sub(" ", scrub(value))
            cell = ws.cell(row=r, column=c, value=int(text) if r > 1 and c - 1 == numeric else text)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a cell starting with = stays text, not a formula
            if r == 1:
                cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for c, width in enumerate((24, 28, 28, 10, 28, 28, 12, 60, 20, 8, 20, 30), start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


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
                _tbx_context(ts, q, e, surface)
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


def _tbx_context(parent: Any, q: Callable[[str], str], e: Entry, surface: str) -> None:
    """``descripGrp``: the sentence of the first definition naming ``surface`` and its document."""
    import xml.etree.ElementTree as ET

    for d in e.occurrences:
        if d.sentence and any(p.clean == surface for p in d.parts):
            grp = ET.SubElement(parent, q("descripGrp"))
            ET.SubElement(grp, q("descrip"), {"type": "context"}).text = xml_safe(
                " ".join(d.sentence.split())
            )
            if d.doc:
                ET.SubElement(grp, q("admin"), {"type": "source"}).text = xml_safe(d.doc)
            return


# --- TBX v2 (martif, ISO 30042:2008) for older tools ----------------------------------------------------


def _tbx_v2(g: Glossary) -> str:
    """TBX-Basic v2 (``martif``, no namespace): termEntry / langSet / tig, as older CAT tools import."""
    import xml.etree.ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def q(tag: str) -> str:
        return tag

    root = ET.Element("martif", {"type": "TBX-Basic-V1", xml_lang: "en"})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(
        ET.SubElement(file_desc, "sourceDesc"), "p"
    ).text = f"Generated by glossary from {len(g.documents)} document(s); {len(g)} concept(s)."
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for e in g:
        te = ET.SubElement(body, "termEntry", {"id": tbx_id(e.id)})
        for link in e.related:
            ref = ET.SubElement(te, "ref", {"type": "crossReference", "target": tbx_id(link.id)})
            ref.text = xml_safe(f"{link.type}: {link.why}")
        for lang, roles in _TBX_LANGUAGES:
            terms = [(role, s) for role in roles for s in e.forms.get(role, ())]
            if not terms:
                continue
            ls = ET.SubElement(te, "langSet", {xml_lang: lang})
            for role, surface in terms:
                tig = ET.SubElement(ls, "tig")
                ET.SubElement(tig, "term").text = xml_safe(surface)
                ET.SubElement(tig, "termNote", {"type": "termType"}).text = (
                    "acronym" if role == "abbr" else "fullForm"
                )
                status = "preferredTerm-admn-sts" if surface == getattr(e, role) else "admittedTerm-admn-sts"
                ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
                _tbx_context(tig, q, e, surface)
    ET.indent(root, space="  ")
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
    return prolog + ET.tostring(root, encoding="unicode") + "\n"


# --- prh (textlint-rule-prh) ------------------------------------------------------------------------------


def _yaml_str(s: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, plus the characters YAML may not hold raw)."""
    import json

    out = json.dumps(scrub(s), ensure_ascii=False)
    return re.sub("[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m.group()):04x}", out)


_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")
_JS_SPECIAL = re.compile(r"[\\^$.*+?()\[\]{}|/\-]")


def _js_escape(text: str) -> str:
    return _JS_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def _prh_pattern(variant: str, inside: Iterable[tuple[str, str]]) -> str:
    """A JavaScript regex for ``variant``: escaped, Latin on word boundaries, and never matching
    where it is part of a longer known surface (``inside``: the (before, after) text around it
    in each such surface, e.g. the canonical form itself, or another entry's term)."""
    v = _js_escape(variant)
    body = v
    if _LATIN_EDGE.match(variant):
        body = "(?<![A-Za-z0-9])" + body
    if _LATIN_EDGE.match(variant[-1:]):
        body += "(?![A-Za-z0-9])"
    guards = []
    for before, after in sorted(set(inside)):
        behind = f"(?<={_js_escape(before)})" if before else ""
        guards.append(f"(?!{behind}{v}{_js_escape(after)})")
    return f"/{''.join(guards)}{body}/"


def prh_rules(g: Glossary) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(expected, [(variant, pattern)], note) per entry with variants ``glossary check`` would flag."""
    import ahocorasick_rs

    from glossary.check.rules import _replacement

    canon = {s for e in g for s in (e.ja, e.en, e.abbr) if s}
    rules: list[tuple[str, list[str], str]] = []
    for e in g:
        for role in ROLES:
            expected = getattr(e, role)
            if not expected:
                continue
            variants = [
                s
                for s in e.forms.get(role, ())
                if s not in canon and _replacement(s, expected, role) is not None
            ]
            if variants:
                label = " / ".join(x for x in (e.ja, e.en, e.abbr) if x)
                rules.append((expected, variants, f"glossary entry {e.id}: {label}"))
    if not rules:
        return []
    # every known surface that holds a variant inside it: the variant must not match there
    patterns = sorted({v for _, variants, _ in rules for v in variants})
    finder = ahocorasick_rs.AhoCorasick(patterns)
    inside: dict[str, list[tuple[str, str]]] = {}
    for surface in {s for e in g for s in e.surfaces()}:
        for i, first, end in finder.find_matches_as_indexes(surface, overlapping=True):
            v = patterns[i]
            if v != surface:
                inside.setdefault(v, []).append((surface[:first], surface[end:]))
    return [
        (expected, [(v, _prh_pattern(v, inside.get(v, ()))) for v in variants], note)
        for expected, variants, note in rules
    ]


def _prh(g: Glossary) -> str:
    """A prh dictionary (version 1) for textlint-rule-prh: the canonical form is ``expected``."""
    lines = [
        "# prh rules written by glossary for textlint-rule-prh: a variant becomes its entry's canonical form",
        "version: 1",
        "rules:",
    ]
    for expected, variants, note in prh_rules(g):
        lines.append(f"  - expected: {_yaml_str(expected)}")
        lines.append("    patterns:")
        lines.extend(f"      - {_yaml_str(pattern)}" for _, pattern in variants)
        lines.append(f"    prh: {_yaml_str(note)}")
        lines.append("    specs:")
        for v, _ in variants:
            lines.append(f"      - from: {_yaml_str(v)}")
            lines.append(f"        to: {_yaml_str(expected)}")
    if lines[-1] == "rules:":
        lines[-1] = "rules: []"
    return "\n".join(lines) + "\n"


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
    """Markdown-escaped and on one line: a newline in a name would end the list item or heading."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", _one_line(s))


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
    from glossary.exports.html import render_html  # the page renderer lives with its template

    return render_html(g)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", ".json", "application/json", _json, "the whole glossary (schema glossary/1)"),
        Format("jsonl", ".jsonl", "application/jsonl", _jsonl, "one entry per line"),
        Format("csv", ".csv", "text/csv", _csv, "a row per concept, header row for CAT tools"),
        Format("tsv", ".tsv", "text/tab-separated-values", _tsv, "as csv, tab-separated"),
        Format("tbx", ".tbx", "application/x-tbx+xml", _tbx, "TBX v3 TBX-Basic (ISO 30042:2019)"),
        Format("tbx-v2", ".tbx", "application/x-tbx+xml", _tbx_v2, "TBX v2 martif (older CAT tools)"),
        Format("xlsx", ".xlsx", XLSX_MEDIA_TYPE, _xlsx, "Excel workbook for CAT tools (openpyxl)", True),
        Format("prh", ".yml", "application/yaml", _prh, "prh dictionary for textlint-rule-prh"),
        Format("skos", ".ttl", "text/turtle", _skos, "SKOS concept scheme in Turtle"),
        Format("anki", ".txt", "text/plain", _anki, "Anki import file (guid column, re-import updates)"),
        Format("md", ".md", "text/markdown", _md, "a readable Markdown glossary"),
        Format("html", ".html", "text/html", _html, "a self-contained, searchable HTML glossary"),
    )
}
