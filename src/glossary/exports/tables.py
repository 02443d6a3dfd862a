"""Tables for spreadsheets and CAT tools: CSV, TSV and XLSX, a row per concept.

Every cell is made spreadsheet-safe (:func:`neutralise_cell`: a leading ``=``, ``+``, ``-``
or ``@`` cannot start a formula); XLSX is written by openpyxl.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Final

from glossary.exports.common import BOM, _one_line
from glossary.io import scrub
from glossary.models import ROLES

if TYPE_CHECKING:
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary


VARIANT_SEP = ";"  # second delimiter for alternatives inside one CSV/TSV cell


XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _delimited(g: Glossary, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerows(_rows(g))
    return buf.getvalue()


def _csv(g: Glossary) -> str:
    return BOM + _delimited(g, ",")


def _tsv(g: Glossary) -> str:
    return BOM + _delimited(g, "\t")


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
