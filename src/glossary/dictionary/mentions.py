"""Where a glossary's terms are used in a text, with the acronym sense in force.

A definition says what a term means; a mention is any later use of one of its
surfaces.  Every surface the glossary knows is found in one pass of an
Aho-Corasick automaton (ahocorasick-rs) over the *folded* text: lower case,
full-width Latin as ASCII, half-width katakana as full width, and long-vowel
``ー``, middle dots, hyphens and spaces dropped (:func:`fold_text`; offsets map
back through the positions of the dropped characters).  The automaton holds
each surface folded the same way, so a known surface is found where it is
written and a spelling the glossary has not seen (``エコーステートネットワーク``
for ``エコー・ステート・ネットワーク``, ``ＥＳＮ``, ``echo-state network``) where it
folds to one: the text is normalised once, never each key tried in turn.
Leftmost-longest selection keeps a term inside a longer known term from being
reported twice.

Mentions are never reported inside code, maths, URLs, link targets or HTML
tags (:mod:`glossary.text.formats`); a surface that starts or ends with a
Latin letter or digit must not be glued to another one (``TGS`` is not in
``XTGS``; a plural ``s`` is allowed), and one that starts or ends with
katakana must not be glued to more katakana (``スケジューラ`` is not in
``ジョブスケジューラー``).  An acronym's unseen spelling may differ in width only
(``Tgs`` is another word).

An acronym with several meanings (TGS = Task Graph Scheduler / Text Generation Service) is
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
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick_rs  # type: ignore[import-not-found,unused-ignore]  # (the isolated build env lacks it)

from glossary.models import ROLES

if TYPE_CHECKING:
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary
    from glossary.models import Definition, Role
    from glossary.text.markup import Mask

__all__ = ["Mention", "MentionIndex", "find_mentions", "fold", "fold_text", "fold_with_offsets"]

# characters folding drops: middle dots, long-vowel marks, hyphens / dashes, underscores, spaces
_DROP = "・･ーｰ-‐‑‒–—_ \t\u3000"
_DELETED = re.compile(f"[{re.escape(_DROP)}]")
_TRAILING = frozenset("ーｰﾞﾟ")  # dropped or merged by folding, but part of the word before them
_VOICING = re.compile("[\uff9e\uff9f]")  # half-width voicing marks: two characters fold into one
_RUN_CHARS = "\u30a1-\u30ff\u31f0-\u31ff\uff66-\uff9fA-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
# a run of katakana / Latin / digits, possibly in words joined by spaces, dots or hyphens
_RUN = re.compile(f"[{_RUN_CHARS}]+(?:[ \t\u3000・･\\-‐‑–]+[{_RUN_CHARS}]+)*")
_MIN_UNSEEN = 3  # a folded key this short (``ai``) admits exact surfaces only
# the one-to-one part of the fold: ASCII and full-width letters to lower case, full-width digits to
# ASCII, half-width katakana to full width; every character keeps its place (see fold_text)
_TABLE: dict[int, int] = {
    **{c: c + 32 for c in range(0x41, 0x5B)},
    **{c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: ord(unicodedata.normalize("NFKC", chr(c))) for c in range(0xFF66, 0xFF9E) if c != 0xFF70},
}
_MAPPED = re.compile("[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9d]+")
_CACHE_LIMIT = 200_000
_COMBINING_MARKS = ("\u3099", "\u309a")  # (semi-)voiced sound marks from half-width ﾞ ﾟ
_fold_char_cache: dict[str, str] = {}
_new_tuple = tuple.__new__
# 1: a Latin letter, digit or underscore (half or full width); 2: katakana or the long-vowel mark
_CLASS: dict[str, int] = {
    **dict.fromkeys("0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 1),
    **{chr(c): 1 for c in range(0xFF10, 0xFF5B) if chr(c).isalnum()},
    **{chr(c): 2 for c in range(0x30A1, 0x30FB)},
    "ー": 2,
    **{chr(c): 2 for c in range(0x31F0, 0x3200)},
    **{chr(c): 2 for c in range(0xFF66, 0xFFA0)},
}


def fold_text(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and the positions of the dropped characters.

    Folding is case, width and the characters in ``_DROP``; every other
    character keeps its place, so the folded offset ``f`` is the original
    offset ``f + bisect_right(moved, f)`` where ``moved[k]`` is the ``k``-th
    dropped character's offset less ``k``.
    """
    lower = text.lower()
    if len(lower) == len(text):  # (a few letters, such as U+0130, lower to two characters)
        text = lower
    if _MAPPED.search(text):  # rare characters: translate only the runs of them
        text = _MAPPED.sub(lambda m: m.group().translate(_TABLE), text)
    moved = [m.start() - k for k, m in enumerate(_DELETED.finditer(text))]
    return (_DELETED.sub("", text) if moved else text), moved


class Mention(NamedTuple):
    """One use of a glossary surface in a text.

    ``known`` is False for a spelling the glossary has not seen that folds
    to one of the entry's surfaces; ``canonical`` is the entry's canonical
    form of the same language (None while the entry is ambiguous).  A named
    tuple: a text has thousands of mentions, and a frozen dataclass costs
    several times as much to make.
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


def _new_mention(*fields: object) -> Mention:
    """A Mention made by the tuple constructor (the named tuple's own ``__new__`` is Python code)."""
    return _new_tuple(Mention, fields)


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
    """The folded form of ``text`` the matcher compares (see :func:`fold_text`)."""
    return fold_text(text)[0]


def _is_word(c: str) -> bool:
    """A Latin letter, digit or underscore, half or full width."""
    return _CLASS.get(c) == 1


def _glued(text: str, start: int, end: int) -> bool:
    """True when the span continues a Latin word or a katakana word on either side."""
    get = _CLASS.get
    if start > 0:
        c = get(text[start - 1])
        if c and c == get(text[start]):
            return True
    if end < len(text):
        c = get(text[end])
        if c and c == get(text[end - 1]):
            return True
    return False


class MentionIndex:
    """The automata and owner tables of one glossary; build once, search many texts."""

    def __init__(self, glossary: Glossary) -> None:
        import gc

        # tens of thousands of small acyclic records: a generation-2 collection in the middle
        # would walk the whole glossary (see glossary.dictionary.glossary._paused_gc)
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(glossary)
        finally:
            if paused:
                gc.enable()

    def _build(self, glossary: Glossary) -> None:
        self._glossary = glossary
        # surface -> [(entry id, role)], each entry once, in glossary order
        self.owners: dict[str, list[tuple[str, Role]]] = {}
        # folded key -> [(entry id, role, surface)] of every surface that folds to it
        self.folded_owners: dict[str, list[tuple[str, Role, str]]] = {}
        for e in glossary:
            for role, s in _role_surfaces(e):
                ids = self.owners.setdefault(s, [])
                if all(eid != e.id for eid, _ in ids):
                    ids.append((e.id, role))
                k = fold_text(s)[0]
                if k:
                    fo = self.folded_owners.setdefault(k, [])
                    if all(eid != e.id for eid, _, _ in fo):
                        fo.append((e.id, role, s))
        # surfaces whose folded key is too short to admit unseen spellings are matched as written
        self._short_keys = [s for s in self.owners if len(fold_text(s)[0]) < _MIN_UNSEEN]
        self._keys = [k for k in self.folded_owners if len(k) >= _MIN_UNSEEN]
        self._short = _automaton(self._short_keys)
        self._automaton = _automaton(self._keys)
        # the owner triples of each surface, made once (the search loop only picks them up)
        self._exact: dict[str, list[tuple[str, Role, str]]] = {
            s: [(eid, role, s) for eid, role in ids] for s, ids in self.owners.items()
        }
        self._width_only = {
            k for k, owners in self.folded_owners.items() if any(r == "abbr" for _, r, _ in owners)
        }
        self._runs: dict[str, list[tuple[int, int, int]]] = {}
        self._canonical: dict[tuple[str, str], str | None] = {}
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

        ``mask`` defaults to the text's non-prose regions as :mod:`glossary.text.formats` parses
        them in the markup ``doc``'s name implies (plain text: :func:`glossary.text.markup.find_mask`);
        ``definitions`` (found in this same text) settle which meaning of a
        shared acronym is in force, in addition to the glossary's own
        definitions from document ``doc``.
        """
        if self._automaton is None and self._short is None:
            return []
        if mask is None:
            mask = _mask(text, doc)
        found = self._candidates(text)
        found.sort()
        out: list[Mention] = []
        taken = 0
        positions: list[tuple[int, str]] | None = None
        for start, neg_end, known, owners in found:
            end = -neg_end
            if start < taken or mask.overlaps(start, end):
                continue
            taken = end
            if len(owners) == 1:
                chosen: str | None = owners[0][0]
                ids: tuple[str, ...] = (owners[0][0],)
                how = "unique"
            else:
                ids = tuple(sorted({eid for eid, _, _ in owners}))
                if positions is None:
                    positions = self._positions(doc, definitions)
                chosen = _in_force(positions, ids, start)
                how = "in-force" if chosen else "ambiguous"
            role = owners[0][1]
            if len(owners) > 1:
                role = next((r for eid, r, _ in owners if eid == chosen), role)
            out.append(
                _new_mention(
                    text[start:end], start, end, doc, chosen, ids, how, role, known, self._canon(chosen, role)
                )
            )
        return out

    def _candidates(self, text: str) -> list[tuple[int, int, bool, list[tuple[str, Role, str]]]]:
        """(start, -end, known, owners) of every folded key found on word boundaries."""
        out: list[tuple[int, int, bool, list[tuple[str, Role, str]]]] = []
        if self._automaton is not None:
            folded, moved = fold_text(text)
            found = self._automaton.find_matches_as_indexes(folded, overlapping=True)
            self._scan(text, found, self._keys, moved, out)
        if self._short is not None:  # matched as written: no offsets to map, no unseen spellings
            found = self._short.find_matches_as_indexes(text, overlapping=True)
            self._scan(text, found, None, [], out)
        if _VOICING.search(text):  # half-width katakana with voicing marks: folded run by run
            extra = [
                (i, m.start() + a, m.start() + z)
                for m in _RUN.finditer(text)
                if _VOICING.search(m.group())
                for i, a, z in self._run_matches(m.group())
            ]
            self._scan(text, extra, self._keys, [], out)
        return out

    def _scan(
        self,
        text: str,
        found: list[tuple[int, int, int]],
        keys: list[str] | None,
        moved: list[int],
        out: list[tuple[int, int, bool, list[tuple[str, Role, str]]]],
    ) -> None:
        """Keep the matches ``(key index, start, end)`` that sit on word boundaries, with their owners.

        Offsets are mapped from the folded text through ``moved`` (see :func:`fold_text`);
        ``keys`` None: the matches are surfaces as written, known or nothing.
        """
        n = len(text)
        exact = self._exact
        owners_of = self.folded_owners
        width_only = self._width_only
        get = _CLASS.get
        right = bisect.bisect_right
        for i, a, z in found:
            if moved:
                a += right(moved, a)
            if a > 0:
                c = get(text[a - 1])
                if c and c == get(text[a]):
                    continue  # inside a longer Latin or katakana word
            if moved:
                z += right(moved, z - 1)
            while z < n and text[z] in _TRAILING:
                z += 1
            if z < n:
                c = get(text[z])
                if c and c == get(text[z - 1]):
                    if c == 1 and text[z] == "s" and (z + 1 == n or get(text[z + 1]) != 1):
                        z += 1  # a plural: GPUs, schedulers
                    else:
                        continue
            span = text[a:z]
            ids = exact.get(span)
            if ids is None and span[-1] == "s" and z - a > 1:
                ids = exact.get(span[:-1])  # the plural of a known surface
            if ids is not None:
                out.append((a, -z, True, ids))
            elif keys is not None:
                k = keys[i]
                owners = owners_of[k]
                if k in width_only:
                    owners = [o for o in owners if _admits(span, o[1], o[2])]
                    if not owners:
                        continue
                out.append((a, -z, False, owners))

    def _canon(self, eid: str | None, role: str) -> str | None:
        if eid is None:
            return None
        key = (eid, role)
        if key in self._canonical:
            return self._canonical[key]
        got: str | None = getattr(self._glossary[eid], role)
        self._canonical[key] = got
        return got

    def _run_matches(self, run: str) -> list[tuple[int, int, int]]:
        """Folded keys in one katakana / Latin run: (key index, start, end in the run); cached per run."""
        hit = self._runs.get(run)
        if hit is not None:
            return hit
        folded, pos = fold_with_offsets(run)
        hit = []
        if self._automaton is not None:
            for i, first, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
                hit.append((i, pos[first], pos[end - 1] + 1))
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
                owner = self._entry_of(d)
                if owner is not None:
                    out.append((d.start, owner))
            out.sort()
        return out

    def _entry_of(self, d: Definition) -> str | None:
        """The one entry whose surfaces include a long form (ja / en) of ``d``."""
        ids: set[str] = set()
        for p in d.parts:
            if p.role != "abbr":
                ids.update(eid for eid, _ in self.owners.get(p.clean, ()))
        return ids.pop() if len(ids) == 1 else None


def _mask(text: str, doc: str | None) -> Mask:
    """Code, maths, URLs, link targets, tags and markup of ``text``, as its markup (from ``doc``) parses."""
    from glossary.text.formats import markup_for, parse
    from glossary.text.markup import find_mask

    try:
        return parse(text, markup_for(doc)).mask
    except ValueError:  # a name that implies a notebook, or markup that does not parse: plain text
        return find_mask(text)


def _role_surfaces(e: Entry) -> list[tuple[Role, str]]:
    out: list[tuple[Role, str]] = []
    seen: set[str] = set()
    for role in ROLES:
        canon = getattr(e, role)
        for s in ([canon] if canon else []) + list(e.forms.get(role, ())):
            if s and s.strip() and s not in seen:
                seen.add(s)
                out.append((role, s))
    return out


def _automaton(patterns: list[str]) -> ahocorasick_rs.AhoCorasick | None:
    """Every occurrence of every pattern, overlapping ones included (the caller picks)."""
    return ahocorasick_rs.AhoCorasick(patterns) if patterns else None


def _admits(span: str, role: str, surface: str) -> bool:
    """Whether an unseen spelling counts: acronyms differ from theirs only in width."""
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
