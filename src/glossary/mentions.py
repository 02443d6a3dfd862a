"""Where a glossary's terms are used in a text, with the acronym sense in force.

A definition says what a term means; a mention is any later use of one of its
surfaces.  An acronym with several meanings (SAE = Sparse / Stacked
Autoencoder) is attributed to the meaning defined in force at that point of
the same document: the nearest definition before it, else the first after it.
Where the document defines none of the meanings the mention stays ambiguous
(``id is None``, every meaning in ``candidates``).

Surfaces are matched exactly as written (offsets into the given text are
exact); a Latin surface must not be glued to other letters or digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossary.dictionary import Glossary

__all__ = ["Mention", "find_mentions"]

_ALNUM = "A-Za-z0-9"


@dataclass(frozen=True, slots=True)
class Mention:
    """One use of a glossary surface in a text."""

    surface: str
    start: int
    end: int
    doc: str | None
    id: str | None  # the entry meant, None when the text does not settle it
    candidates: tuple[str, ...]  # every entry with this surface
    how: str  # "unique" | "in-force" | "ambiguous"


def _pattern(surfaces: list[str]) -> re.Pattern[str] | None:
    if not surfaces:
        return None
    alts = []
    for s in sorted(surfaces, key=lambda x: (-len(x), x)):
        body = re.escape(s)
        if re.match(f"[{_ALNUM}]", s):
            body = f"(?<![{_ALNUM}]){body}"
        if re.search(f"[{_ALNUM}]$", s):
            body = f"{body}(?![{_ALNUM}])"
        alts.append(body)
    return re.compile("|".join(alts))


def find_mentions(glossary: Glossary, text: str, *, doc: str | None = None) -> list[Mention]:
    """Every use of a glossary surface in ``text`` (longest match first, no overlaps), in text order."""
    owners: dict[str, list[str]] = {}
    for e in glossary:
        for s in e.surfaces():
            if s.strip():
                ids = owners.setdefault(s, [])
                if e.id not in ids:
                    ids.append(e.id)
    pattern = _pattern(list(owners))
    if pattern is None:
        return []
    out: list[Mention] = []
    for m in pattern.finditer(text):
        surface = m.group(0)
        owner_ids = tuple(sorted(owners[surface]))
        if len(owner_ids) == 1:
            out.append(Mention(surface, m.start(), m.end(), doc, owner_ids[0], owner_ids, "unique"))
            continue
        chosen = _in_force(glossary, owner_ids, doc, m.start())
        how = "in-force" if chosen else "ambiguous"
        out.append(Mention(surface, m.start(), m.end(), doc, chosen, owner_ids, how))
    return out


def _in_force(glossary: Glossary, ids: tuple[str, ...], doc: str | None, pos: int) -> str | None:
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for eid in ids:
        for d in glossary[eid].occurrences:
            if d.doc != doc:
                continue
            if d.start <= pos and (before is None or d.start > before[0]):
                before = (d.start, eid)
            elif d.start > pos and (after is None or d.start < after[0]):
                after = (d.start, eid)
    pick = before or after
    return pick[1] if pick else None
