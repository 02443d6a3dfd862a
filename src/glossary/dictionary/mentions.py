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

    # what a match of one surface (or folded key) stands for, worked out once per surface instead of
    # once per match: (owners, candidate ids, the entry when it is the only one, its role, its
    # canonical form)
    _Record = tuple[list[tuple[str, Role, str]], tuple[str, ...], str | None, str, str | None]
    # a match kept for selection: (start, -end, known, record, the text's span)
    _Candidate = tuple[int, int, bool, _Record, str]

__all__ = ["Mention", "MentionIndex", "find_mentions", "fold", "fold_text", "fold_with_offsets"]

# characters folding drops: middle dots, long-vowel marks, hyphens / dashes, underscores, spaces
_DROP = "・･ーｰ-‐‑‒–—_ \t\u3000"
_TRAILING = frozenset("ーｰﾞﾟ")  # dropped or merged by folding, but part of the word before them
_SURROGATE = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}]")  # (mypyc takes no surrogate literal)
# what no key may hold to be matched in UTF-16: a surrogate, the replacement character (a lone
# surrogate of the text matches it in the str automaton), a character beyond the BMP (two units)
_NOT_UTF16 = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}{chr(0xFFFD)}{chr(0x10000)}-{chr(0x10FFFF)}]")
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
# the characters the table maps (ｰ U+FF70 is dropped instead), and those dropped, split out in one pass
_MAPPED = "A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff6f\uff71-\uff9d"
_FOLD_SPLIT = re.compile(f"([{_MAPPED}{re.escape(_DROP)}])")
_CACHE_LIMIT = 200_000
_COMBINING_MARKS = ("\u3099", "\u309a")  # (semi-)voiced sound marks from half-width ﾞ ﾟ
_fold_char_cache: dict[str, str] = {}
_new_tuple = tuple.__new__


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
    # one regex pass finds every character to drop or map (one class: an alternation, or a pass
    # for each, costs twice as much); the pieces between them are kept as they are
    pieces = _FOLD_SPLIT.split(text)
    n = len(pieces)
    if n == 1:
        return text, []
    moved: list[int] = []
    pos = 0  # the folded length so far
    for k in range(1, n, 2):  # pieces[k] is a character found, between pieces[k - 1] and pieces[k + 1]
        pos += len(pieces[k - 1])
        c: str = pieces[k]
        if c in _DROP:
            moved.append(pos)
            pieces[k] = ""
        else:
            pieces[k] = c.translate(_TABLE)
            pos += 1
    return "".join(pieces), moved


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


def _char_class(c: int) -> int:
    """What word the character with code point ``c`` can belong to: 1 a Latin letter, digit or
    underscore (half or full width), 2 katakana or the long-vowel mark, 0 neither.  A match
    glued to a character of its own class on either side is inside a longer word."""
    if c < 0x80:
        return 1 if 0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A or c == 0x5F else 0
    if c < 0x30A1:
        return 0
    if c <= 0x30FA or c == 0x30FC or 0x31F0 <= c <= 0x31FF or 0xFF66 <= c <= 0xFF9F:
        return 2
    if 0xFF10 <= c <= 0xFF19 or 0xFF21 <= c <= 0xFF3A or 0xFF41 <= c <= 0xFF5A:
        return 1
    return 0


def _is_trailing(c: int) -> bool:
    """One of ``_TRAILING``: ``ー ｰ ﾞ ﾟ``."""
    return c == 0x30FC or c == 0xFF70 or c == 0xFF9E or c == 0xFF9F


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
        short = [s for s in self.owners if len(fold_text(s)[0]) < _MIN_UNSEEN]
        # the ASCII ones (two-letter acronyms, mostly) are looked for in the text's ASCII bytes, every
        # other character a "?": one byte a character, so a match's offsets are the text's, and a third
        # of the UTF-8 bytes of Japanese prose to scan
        ascii_keys: list[str] = []
        self._short_keys: list[str] = []
        for s in short:
            (ascii_keys if s.isascii() and "?" not in s else self._short_keys).append(s)
        self._keys = [k for k in self.folded_owners if len(k) >= _MIN_UNSEEN]
        self._short = _automaton(self._short_keys)
        self._short_ascii: ahocorasick_rs.BytesAhoCorasick | None = None
        if ascii_keys:
            # a DFA: a fifth faster than the default NFA over a text's every byte, and small for keys of
            # two ASCII characters (at most a few thousand states)
            self._short_ascii = ahocorasick_rs.BytesAhoCorasick(
                [k.encode("ascii") for k in ascii_keys], implementation=ahocorasick_rs.Implementation.DFA
            )
        # the folded keys are looked for in the folded text's UTF-16 bytes (a copy of a Japanese text's
        # characters, two bytes each): a third fewer bytes than UTF-8 to scan, and no conversion to
        # UTF-8 and back; a match's offsets are twice the characters'.  A text with characters beyond
        # the BMP (two units each), or keys that hold one, a surrogate or U+FFFD: the str automaton
        self._utf16: ahocorasick_rs.BytesAhoCorasick | None = None
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        if self._keys and not any(_NOT_UTF16.search(k) for k in self._keys):
            self._utf16 = ahocorasick_rs.BytesAhoCorasick([k.encode("utf-16-le") for k in self._keys])
        else:
            self._automaton = _automaton(self._keys)
        self._canonical: dict[tuple[str, str], str | None] = {}
        # the record of each surface as written and of each folded key (by automaton index)
        self._exact: dict[str, _Record] = {
            s: self._record([(eid, role, s) for eid, role in ids]) for s, ids in self.owners.items()
        }
        self._key_records: list[_Record] = [self._record(self.folded_owners[k]) for k in self._keys]
        # the first surface (as written) that folds to each key, and its record: a match that reads
        # it needs no look-up in the whole table (it is what `exact` holds for it); "" when none
        first_surface: dict[str, str] = {}
        for s in self.owners:
            first_surface.setdefault(fold_text(s)[0], s)
        self._key_surface: list[str] = [first_surface.get(k, "") for k in self._keys]
        self._key_exact: list[_Record | None] = [self._exact.get(s) for s in self._key_surface]
        # keys an acronym owns: an unseen spelling of them may differ in width only
        self._width_only = [any(r == "abbr" for _, r, _ in self.folded_owners[k]) for k in self._keys]
        self._runs: dict[str, list[tuple[int, int, int]]] = {}
        self._wide: dict[str, str] = {}
        self._by_doc: dict[str | None, list[tuple[int, str]]] | None = None

    def _record(self, owners: list[tuple[str, Role, str]]) -> _Record:
        if len(owners) == 1:
            eid, role, _ = owners[0]
            return owners, (eid,), eid, role, self._canon(eid, role)
        return owners, tuple(sorted({eid for eid, _, _ in owners})), None, owners[0][1], None

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
        if not self._keys and self._short is None and self._short_ascii is None:
            return []
        if mask is None:
            mask = _mask(text, doc)
        found = self._candidates(text)
        found.sort()
        out: list[Mention] = []
        taken = 0
        positions: list[tuple[int, str]] | None = None
        # the masked regions are sorted and disjoint, and so are the matches kept: one walk over both
        regions = mask.regions
        n_regions = len(regions)
        r = 0
        for start, neg_end, known, record, span in found:
            end = -neg_end
            if start < taken:
                continue
            while r < n_regions and regions[r][1] <= start:
                r += 1
            if r < n_regions and regions[r][0] < end:
                continue  # inside code, a URL, a link target, markup
            taken = end
            owners, ids, chosen, role, canonical = record
            how = "unique"
            if chosen is None:
                if positions is None:
                    positions = self._positions(doc, definitions)
                chosen = _in_force(positions, ids, start)
                if chosen is None:
                    how = "ambiguous"
                else:
                    how = "in-force"
                    role = next((o[1] for o in owners if o[0] == chosen), role)
                    canonical = self._canon(chosen, role)
            out.append(_new_tuple(Mention, (span, start, end, doc, chosen, ids, how, role, known, canonical)))
        return out

    def _candidates(self, text: str) -> list[_Candidate]:
        """(start, -end, known, record, span) of every surface or folded key found on word boundaries."""
        out: list[_Candidate] = []
        if self._keys:
            folded, moved = fold_text(text)
            found, units = self._key_matches(folded)
            self._scan(text, found, True, moved, out, units)
        # short surfaces are matched as written: no offsets to map, no unseen spellings
        if self._short_ascii is not None:
            ascii_text = text.encode("ascii", "replace")  # (a lone surrogate is a "?" as well)
            found = self._short_ascii.find_matches_as_indexes(ascii_text, overlapping=True)
            self._scan(text, found, False, [], out)
        if self._short is not None:
            found = _matches(self._short, text)
            self._scan(text, found, False, [], out)
        if "\uff9e" in text or "\uff9f" in text:  # half-width voicing marks (ﾞ ﾟ): folded run by run
            extra = [
                (i, m.start() + a, m.start() + z)
                for m in _RUN.finditer(text)
                if _VOICING.search(m.group())
                for i, a, z in self._run_matches(m.group())
            ]
            self._scan(text, extra, True, [], out)
        return out

    def _scan(
        self,
        text: str,
        found: list[tuple[int, int, int]],
        folded: bool,
        moved: list[int],
        out: list[_Candidate],
        units: bool = False,
    ) -> None:
        """Keep the matches ``(key index, start, end)`` that sit on word boundaries, with their records.

        Offsets are mapped from the folded text through ``moved`` (see :func:`fold_text`);
        ``folded`` False: the matches are surfaces as written, known or nothing.  ``units``: the
        offsets are in bytes of the folded text's UTF-16 (see :meth:`_key_matches`).
        """
        n = len(text)
        exact = self._exact
        key_records = self._key_records
        key_surface = self._key_surface
        key_exact = self._key_exact
        width_only = self._width_only
        # the dropped characters before a match's end, counted as the ends advance (the automaton
        # gives its matches by their end; an end before the last one counts again from the start),
        # and those before its start, counted back from there: a few steps a match, not a bisection
        n_moved = len(moved)
        before_end = 0  # how many of `moved` are <= last_end
        last_end = -1
        for i, a, z in found:
            if units:
                if a & 1:
                    continue  # across two characters' bytes: no match
                a >>= 1
                z >>= 1
            if n_moved:
                last = z - 1
                if last < last_end:
                    before_end = 0
                last_end = last
                while before_end < n_moved and moved[before_end] <= last:
                    before_end += 1
                before_start = before_end
                while before_start > 0 and moved[before_start - 1] > a:
                    before_start -= 1
                a += before_start  # (bisect_right(moved, a))
                z += before_end  # (bisect_right(moved, z - 1))
            if a > 0:
                c = _char_class(ord(text[a - 1]))
                if c and c == _char_class(ord(text[a])):
                    continue  # inside a longer Latin or katakana word
            while z < n and _is_trailing(ord(text[z])):
                z += 1
            if z < n:
                c = _char_class(ord(text[z]))
                if c and c == _char_class(ord(text[z - 1])):
                    if c == 1 and ord(text[z]) == 0x73 and (z + 1 == n or _char_class(ord(text[z + 1])) != 1):
                        z += 1  # a plural ("s"): GPUs, schedulers
                    else:
                        continue
            span = text[a:z]
            # (most matches are a key's first surface as written: the table is large and cold)
            record = key_exact[i] if folded and span == key_surface[i] else exact.get(span)
            if record is None and span[-1] == "s" and z - a > 1:
                record = exact.get(span[:-1])  # the plural of a known surface
            if record is not None:
                out.append((a, -z, True, record, span))
            elif folded:
                record = key_records[i]
                if width_only[i]:  # an acronym's unseen spelling may differ from it in width only
                    wide = unicodedata.normalize("NFKC", span)
                    owners = [o for o in record[0] if o[1] != "abbr" or self._nfkc(o[2]) == wide]
                    if not owners:
                        continue
                    if len(owners) < len(record[0]):
                        record = self._record(owners)
                out.append((a, -z, False, record, span))

    def _key_matches(self, folded: str) -> tuple[list[tuple[int, int, int]], bool]:
        """(key index, start, end) of every folded key in ``folded``, overlapping ones included, and
        True when the offsets are bytes of its UTF-16 form (twice the characters'; a match at an odd
        byte straddles two characters and is none), False when they are characters."""
        if self._utf16 is not None:
            data = folded.encode("utf-16-le", "surrogatepass")
            if len(data) == 2 * len(folded):  # (no character beyond the BMP: one unit each)
                found: list[tuple[int, int, int]]
                found = self._utf16.find_matches_as_indexes(data, overlapping=True)
                return found, True
        if self._automaton is None:
            self._automaton = _automaton(self._keys)  # (the same keys: made once, when first needed)
        assert self._automaton is not None
        return _matches(self._automaton, folded), False

    def _nfkc(self, surface: str) -> str:
        """An acronym surface's NFKC form, made once."""
        got = self._wide.get(surface)
        if got is None:
            got = self._wide[surface] = unicodedata.normalize("NFKC", surface)
        return got

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
        if self._keys:
            found, units = self._key_matches(folded)
            for i, first, end in found:
                if units:
                    if first & 1:
                        continue
                    first >>= 1
                    end >>= 1
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


def _matches(automaton: ahocorasick_rs.AhoCorasick, text: str) -> list[tuple[int, int, int]]:
    """(pattern index, start, end) of every match in ``text``, overlapping ones included."""
    try:
        found: list[tuple[int, int, int]] = automaton.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:  # a lone surrogate (the API takes any str): it is part of no surface
        found = automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text), overlapping=True)
    return found


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
