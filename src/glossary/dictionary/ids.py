"""Entry ids: slugs of the canonical English, else of the acronym, else ``ja-`` and a hash.

Clashes get ``-2``, ``-3`` by content, never by input order.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Any

from glossary.dictionary.entries import Entry, _def_order
from glossary.dictionary.normalize import fold, ja_key, key
from glossary.models import ROLES

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", fold(text).casefold()).strip("-")


def _base_id(e: Entry) -> str:
    for s in (e.en, e.abbr):
        got = slug(s) if s else ""
        if got:
            return got
    ja = e.ja or ""
    # surrogatepass: a lone surrogate given through the API must not crash the id
    return "ja-" + hashlib.sha1(ja_key(ja).encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _identity(e: Entry) -> tuple[Any, ...]:
    keys = sorted((role, key(s, role)) for role in ROLES for s in e.forms.get(role, ()))
    return (*keys, tuple(_def_order(d) for d in e.occurrences))


def _with_id(e: Entry, eid: str) -> Entry:
    """``dataclasses.replace(e, id=eid)``: the same new entry, its fields copied at once (replace goes
    through the frozen ``__init__``, one ``object.__setattr__`` a field; a build names every entry)."""
    new: Entry = object.__new__(Entry)
    fields = new.__dict__
    fields.update(e.__dict__)
    fields["id"] = eid
    return new


def _assign_ids(entries: list[Entry]) -> list[Entry]:
    """Readable ids from the canonical English (else acronym, else a hash of the Japanese key).

    Colliding ids get ``-2``, ``-3`` … in an order fixed by the entries' content,
    never by document order.
    """
    by_base: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        by_base[_base_id(e)].append(i)
    out = list(entries)
    taken = set(by_base)
    for base, idx in by_base.items():
        if len(idx) > 1:
            idx.sort(key=lambda i: _identity(entries[i]))
        for n, i in enumerate(idx):
            eid = base
            if n:
                k = n + 1
                while f"{base}-{k}" in taken:
                    k += 1
                eid = f"{base}-{k}"
                taken.add(eid)
            out[i] = _with_id(entries[i], eid)
    out.sort(key=lambda e: (_def_order(e.occurrences[0]) if e.occurrences else (), e.id))
    return out
