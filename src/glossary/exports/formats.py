"""Exports of a :class:`~glossary.dictionary.glossary.Glossary` in the formats users ask for.

``export(glossary, fmt)`` returns text and ``export_bytes(glossary, fmt)`` the
bytes of a file (XLSX is binary); ``FORMATS`` is the registry the CLI offers.
XML is built with :mod:`xml.etree.ElementTree`, RDF with rdflib and XLSX with
openpyxl, never with string templates, so escaping is the libraries' job.
CSV and TSV start with a UTF-8 BOM (Excel on Japanese Windows reads a file
without one as Shift_JIS); ``bom=False`` leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.exports.anki import _anki
from glossary.exports.common import BOM
from glossary.exports.markdown import _md
from glossary.exports.prh import _prh, prh_rules
from glossary.exports.skos import _skos, skos_graph
from glossary.exports.tables import XLSX_MEDIA_TYPE, _csv, _tsv, _xlsx, neutralise_cell
from glossary.exports.tbx import _tbx, _tbx_v2, tbx_id
from glossary.io import json_dumps, scrub

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary

__all__ = [
    "FORMATS",
    "Format",
    "export",
    "export_bytes",
    "format_names",
    "neutralise_cell",
    "prh_rules",
    "skos_graph",
    "tbx_id",
]


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


# --- XLSX -----------------------------------------------------------------------------------------------


# --- TBX v3 (TBX-Basic) ---------------------------------------------------------------------------------


# --- TBX v2 (martif, ISO 30042:2008) for older tools ----------------------------------------------------


# --- prh (textlint-rule-prh) ------------------------------------------------------------------------------


# --- SKOS (Turtle) --------------------------------------------------------------------------------------


# --- Anki -------------------------------------------------------------------------------------------------


# --- Markdown -----------------------------------------------------------------------------------------------


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
