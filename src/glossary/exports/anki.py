"""Anki: a text import file with a stable guid column, so a re-import updates the same notes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from glossary.exports.common import _one_line

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary


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
