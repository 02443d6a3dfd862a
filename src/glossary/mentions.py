"""Where a glossary's terms are used in a text, with the acronym sense in force.

A definition says what a term means; a mention is any later use of one of its
surfaces.  Every surface the glossary knows is found in one pass of an
Aho-Corasick automaton (pyahocorasick), leftmost-longest, so a term inside a
longer known term is not reported twice.  Spellings the glossary has not seen
(``スパースオートエンコーダ`` for ``スパース・オートエンコーダ``, ``ＳＡＥ``,
``sparse auto-encoder``) are found by folding each run of katakana / Latin
text (width, case, long-vowel ``ー``, ``・``, hyphens and spaces dropped) and
matching the folded run against a second automaton of the entries' folded
surfaces: the text is normalised, never each key tried in turn.

Mentions are never reported inside code, maths, URLs, link targets or HTML
tags (:func:`glossary.markup.find_mask`); a surface that starts or ends with a
Latin letter or digit must not be glued to another one (``SAE`` is not in
``XSAE``), and one that starts or ends with katakana must not be glued to more
katakana (``エンコーダ`` is not in ``オートエンコーダー``).

An acronym with several meanings (SAE = Sparse / Stacked Autoencoder) is
attributed to the meaning defined in force at that point of the same
document: the nearest definition before it, else the first after it.  Where
the document defines none of the meanings the mention stays ambiguous
(``id is None``, every meaning in ``candidates``).  Offsets slice the given
text exactly.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from glossary.dictionary import Entry, Glossary
    from glossary.markup import Mask
    from glossary.models import Definition, Role

__all__ = ["Mention", "MentionIndex", "find_mentions", "fold_with_offsets"]

# characters a folded spelling drops: middle dots, long-vowel marks, hyphens / dashes, spaces
_DROP = frozenset("・･ーｰ-‐‑‒–—_ \t\u3000")
_TRAILING = frozenset("ーｰﾞﾟ")  # dropped or merged by folding, but part of the word before them
_RUN_CHARS = "\u30a1-\u30ff\u31f0-\u31ff\uff66-\uff9fA-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
# a run of katakana / Latin / digits, possibly in words joined by spaces, dots or hyphens
_RUN = re.compile(f"[{_RUN_CHARS}]+(?:[ \t\u3000・･\\-‐‑–]+[{_RUN_CHARS}]+)*")
_RUN_ONLY = re.compile(f"[{_RUN_CHARS}]+")
_MIN_FOLDED = 3  # shorter folded keys (``ai``) would match all over; exact surfaces still do
_CACHE_LIMIT = 200_000
_COMBINING_MARKS = ("\u3099", "\u309a")  # (semi-)voiced sound marks from half-width ﾞ ﾟ
_fold_char_cache: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Mention:
    """One use of a glossary surface in a text.

    ``known`` is False for a spelling the glossary has not seen that folds
    to one of the entry's surfaces; ``canonical`` is the entry's canonical
    form of the same language (None while the entry is ambiguous).
    """

    surface: str
    start: int
    end: int
    doc: str | None
    id: str | None  # the entry meant, None when the text does not settle it
    candidates: tuple[str, ...]  # every entry with this surface
    how: str  # "unique" | "in-force" | "ambiguous"
    role: str = ""  # "ja" | "en" | "abbr": the language of the surface in the entry
    known: bool = True
    canonical: str | None = None


def _fold_char(c: str) -> str:
    out = _fold_char_cache.get(c)
    if out is None:
        out = unicodedata.normalize("NFKC", c).casefold()
        _fold_char_cache[c] = out
    return out


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded (NFKC, case, ``ー ・`` hyphens and spaces dropped) and, per folded
    character, the offset of the original character it came from."""
    out: list[str] = []
    pos: list[int] = []
    for i, c in enumerate(text):
        if c in _DROP:
            continue
        n = _fold_char(c)
        if n in _COMBINING_MARKS and out:
            out[-1] = unicodedata.normalize("NFC", out[-1] + n)  # ｶﾞ -> ガ
            continue
        for ch in n:
            out.append(ch)
            pos.append(i)
    return "".join(out), pos


def fold(text: str) -> str:
    """The folded form :func:`fold_with_offsets` gives, without the offsets."""
    return fold_with_offsets(text)[0]


def _is_word(c: str) -> bool:
    """A Latin letter, digit or underscore, half or full width."""
    return ("0" <= c <= "9" or "A" <= c <= "Z" or "a" <= c <= "z" or c == "_") or (
        "\uff10" <= c <= "\uff5a" and c.isalnum()
    )


def _is_kana(c: str) -> bool:
    """A katakana letter or long-vowel mark (not the middle dot, which separates words)."""
    return "\u30a1" <= c <= "\u30fa" or c == "ー" or "\u31f0" <= c <= "\u31ff" or "\uff66" <= c <= "\uff9f"


def _glued(text: str, start: int, end: int) -> bool:
    """True when the span continues a Latin word or a katakana word on either side."""
    if start > 0:
        a, b = text[start - 1], text[start]
        if (_is_word(a) and _is_word(b)) or (_is_kana(a) and _is_kana(b)):
            return True
    if end < len(text):
        a, b = text[end - 1], text[end]
        if (_is_word(a) and _is_word(b)) or (_is_kana(a) and _is_kana(b)):
            return True
    return False


class MentionIndex:
    """The automata and owner tables of one glossary; build once, search many texts."""

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        # surface -> [(entry id, role)], each entry once, in glossary order
        self.owners: dict[str, list[tuple[str, Role]]] = {}
        folded_owners: dict[str, list[tuple[str, Role, str]]] = {}
        for e in glossary:
            for role, s in _role_surfaces(e):
                ids = self.owners.setdefault(s, [])
                if all(eid != e.id for eid, _ in ids):
                    ids.append((e.id, role))
                k = fold(s)
                if len(k) >= _MIN_FOLDED and _RUN_ONLY.fullmatch(k):
                    fo = folded_owners.setdefault(k, [])
                    if all(eid != e.id for eid, _, _ in fo):
                        fo.append((e.id, role, s))
        self.folded_owners = folded_owners
        self._exact = _automaton(self.owners)
        self._folded = _automaton(folded_owners)
        self._runs: dict[str, list[tuple[int, int, str]]] = {}
        self._by_doc: dict[str | None, list[tuple[int, str]]] | None = None

    def find(
        self,
        text: str,
        *,
        doc: str | None = None,
        mask: Mask | None = None,
        definitions: Iterable[Definition] | None = None,
    ) -> list[Mention]:
        """Every mention in ``text`` (leftmost-longest, no overlaps), in text order.

        ``mask`` defaults to :func:`glossary.markup.find_mask` of the text;
        ``definitions`` (found in this same text) settle which meaning of a
        shared acronym is in force, in addition to the glossary's own
        definitions from document ``doc``.
        """
        if self._exact is None:
            return []
        if mask is None:
            from glossary.markup import find_mask

            mask = find_mask(text)
        # (start, -end, 0 exact | 1 folded, surface or folded key)
        found: list[tuple[int, int, int, str]] = []
        n = len(text)
        for last, surface in self._exact.iter(text):
            start, end = last + 1 - len(surface), last + 1
            found.append((start, -end, 0, surface))
            if end < n and text[end] == "s" and _is_word(surface[-1]):
                found.append((start, -end - 1, 0, surface))  # a plural: SAEs, autoencoders
        if self._folded is not None:
            for m in _RUN.finditer(text):
                base = m.start()
                for a, z, k in self._run_matches(m.group()):
                    found.append((base + a, -(base + z), 1, k))
        found.sort()
        out: list[Mention] = []
        taken = 0
        positions: list[tuple[int, str]] | None = None
        for start, neg_end, kind, what in found:
            end = -neg_end
            if start < taken or _glued(text, start, end) or mask.overlaps(start, end):
                continue
            if kind == 0:
                owners = [(eid, role, what) for eid, role in self.owners[what]]
            else:
                owners = [o for o in self.folded_owners[what] if _admits(text[start:end], o[1], o[2])]
                if not owners:
                    continue
            taken = end
            surface = text[start:end]
            ids = tuple(sorted(eid for eid, _, _ in owners))
            if len(ids) == 1:
                chosen: str | None = ids[0]
                how = "unique"
            else:
                if positions is None:
                    positions = self._positions(doc, definitions)
                chosen = _in_force(positions, ids, start)
                how = "in-force" if chosen else "ambiguous"
            role = next((r for eid, r, _ in owners if eid == chosen), owners[0][1])
            canonical = getattr(self._glossary[chosen], role) if chosen else None
            out.append(Mention(surface, start, end, doc, chosen, ids, how, role, kind == 0, canonical))
        return out

    def _run_matches(self, run: str) -> list[tuple[int, int, str]]:
        """Folded keys in one katakana / Latin run: (start, end in the run, key); cached per run."""
        hit = self._runs.get(run)
        if hit is not None:
            return hit
        folded, pos = fold_with_offsets(run)
        hit = []
        if len(folded) >= _MIN_FOLDED and self._folded is not None:
            for last, k in self._folded.iter(folded):
                first = last + 1 - len(k)
                a, z = pos[first], pos[last] + 1
                while z < len(run) and run[z] in _TRAILING:
                    z += 1
                hit.append((a, z, k))
        if len(self._runs) >= _CACHE_LIMIT:
            self._runs.clear()
        self._runs[run] = hit
        return hit

    def _positions(self, doc: str | None, definitions: Iterable[Definition] | None) -> list[tuple[int, str]]:
        """(definition start, entry id) of the definitions in force in document ``doc``."""
        if self._by_doc is None:
            by_doc: dict[str | None, list[tuple[int, str]]] = {}
            shared = {eid for ids in self.owners.values() if len(ids) > 1 for eid, _ in ids}
            for eid in sorted(shared):
                for d in self._glossary[eid].occurrences:
                    by_doc.setdefault(d.doc, []).append((d.start, eid))
            self._by_doc = {k: sorted(v) for k, v in by_doc.items()}
        out = list(self._by_doc.get(doc, ()))
        if definitions is not None:
            for d in definitions:
                eid = self._entry_of(d)
                if eid is not None:
                    out.append((d.start, eid))
            out.sort()
        return out

    def _entry_of(self, d: Definition) -> str | None:
        """The one entry whose surfaces include a long form (ja / en) of ``d``."""
        ids: set[str] = set()
        for p in d.parts:
            if p.role != "abbr":
                ids.update(eid for eid, _ in self.owners.get(p.clean, ()))
        return ids.pop() if len(ids) == 1 else None


def _role_surfaces(e: Entry) -> list[tuple[Role, str]]:
    from glossary.models import ROLES

    out: list[tuple[Role, str]] = []
    seen: set[str] = set()
    for role in ROLES:
        canon = getattr(e, role)
        for s in ([canon] if canon else []) + list(e.forms.get(role, ())):
            if s and s.strip() and s not in seen:
                seen.add(s)
                out.append((role, s))
    return out


def _automaton(table: Mapping[str, object]) -> ahocorasick.Automaton | None:
    if not table:
        return None
    a = ahocorasick.Automaton()
    for k in table:
        a.add_word(k, k)
    a.make_automaton()
    return a


def _admits(span: str, role: str, surface: str) -> bool:
    """Whether an unseen spelling counts: acronyms differ from theirs only in width."""
    if span == surface:
        return False  # the exact automaton reports it (or refused it: inside a longer word)
    if role == "abbr":
        return unicodedata.normalize("NFKC", span) == unicodedata.normalize("NFKC", surface)
    return True


def _in_force(positions: list[tuple[int, str]], ids: tuple[str, ...], pos: int) -> str | None:
    """The nearest definition of one of ``ids`` at or before ``pos``, else the first after it."""
    i = bisect.bisect_right(positions, (pos, "\uffff"))
    for j in range(i - 1, -1, -1):
        if positions[j][1] in ids:
            return positions[j][1]
    for j in range(i, len(positions)):
        if positions[j][1] in ids:
            return positions[j][1]
    return None


def find_mentions(
    glossary: Glossary,
    text: str,
    *,
    doc: str | None = None,
    definitions: Iterable[Definition] | None = None,
) -> list[Mention]:
    """Every use of a glossary surface in ``text`` (longest match first, no overlaps), in text order."""
    return glossary.mention_index().find(text, doc=doc, definitions=definitions)
