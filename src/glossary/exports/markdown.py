"""Markdown: a readable glossary, a heading per concept with its variants, links and documents."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from glossary.exports.common import _one_line
from glossary.io import scrub

if TYPE_CHECKING:
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary


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
