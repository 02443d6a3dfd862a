"""Typed, explainable cross-links between entries (SKOS-like, both directions).

* ``homonym``: two entries share an acronym (SAE = Sparse / Stacked Autoencoder);
  an acronym with more than ``LINK_FANOUT`` meanings links none of them, as
  the other kinds do, since all its pairs would grow with the square of the
  glossary (a two-letter acronym of a million-definition corpus).
* ``broader`` / ``narrower``: head-word containment.  An English term that
  ends with another entry's whole English term (Swin Transformer ends with
  Transformer), or a Japanese key that ends with another's (条件付きエントロピー
  ends with エントロピー), is narrower.  Only the nearest broader term is linked.
* ``related``: shared components.  One term inside another but not as its
  head (条件付き確率 inside 条件付き確率場; Gradient Boosting at the start of
  Gradient Boosting Machine), or two English terms sharing a two-word
  component (Conditional Random Field / Markov Random Field).

Every link carries ``why``, a short human explanation.

Keys, word tuples and word cuts are computed once per call into a
:class:`~glossary.dictionary.glossary.KeyMemo`: the module-level caches are bounded,
and a glossary with more distinct terms than they hold would recompute every
key (UniDic, spaCy) on each of the passes below.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from glossary.dictionary.entries import LINK_FANOUT, Entry, KeyMemo, Link, entry_en_words, entry_keys

__all__ = ["INVERSE", "find_links"]

INVERSE = {"broader": "narrower", "narrower": "broader", "related": "related", "homonym": "homonym"}
_STOP = frozenset(
    {"a", "an", "the", "of", "for", "in", "on", "and", "or", "to", "with", "by", "as", "at", "via"}
)
MIN_JA_COMPONENT = 2  # characters: shorter keys (化, 法) are affixes, not components


@dataclass(frozen=True, slots=True, eq=False)
class _Terms:
    """One entry with its keys, computed once for all the passes of :func:`find_links`."""

    entry: Entry
    ja: dict[str, str]  # Japanese key -> first surface
    abbr: dict[str, str]  # acronym key -> first surface
    en: dict[tuple[str, ...], str]  # lemmatised English words -> first surface

    @property
    def id(self) -> str:
        return self.entry.id


def find_links(entries: Iterable[Entry], *, memo: KeyMemo | None = None) -> dict[str, set[Link]]:
    """Links per entry id; every link also appears in the other direction.

    ``memo`` shares the keys the build already computed; without one a fresh
    memo serves this call.
    """
    memo = memo or KeyMemo()
    es = [
        _Terms(e, entry_keys(e, "ja", memo), entry_keys(e, "abbr", memo), entry_en_words(e, memo))
        for e in sorted(entries, key=lambda e: e.id)
    ]
    out: dict[str, set[Link]] = defaultdict(set)
    linked: set[frozenset[str]] = set()

    def add(kind: str, a: _Terms, b: _Terms, why: str) -> None:
        """``b`` is ``kind`` of ``a`` (a -> b); the inverse is added to ``b``."""
        if a.id == b.id or frozenset((a.id, b.id)) in linked:
            return
        linked.add(frozenset((a.id, b.id)))
        out[a.id].add(Link(kind, b.id, why))
        out[b.id].add(Link(INVERSE[kind], a.id, why))

    # homonyms: one acronym, several entries (but not too many to be worth a link each)
    by_abbr: dict[str, list[_Terms]] = defaultdict(list)
    for e in es:
        for k in sorted(e.abbr):
            by_abbr[k].append(e)
    for k, group in sorted(by_abbr.items()):
        if len(group) > LINK_FANOUT:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add("homonym", a, b, f"both are abbreviated {k}")

    full = _full_index(es)
    cuts_of = {k: _cuts(k) for e in es for k in e.ja}

    # broader / narrower by head-word containment
    for narrow, broad, why in _heads(es, full, cuts_of):
        add("broader", narrow, broad, why)

    # related by shared components
    for a, b, why in _components(es, full, cuts_of, memo):
        add("related", a, b, why)
    return out


_FullIndex = tuple[dict[tuple[str, ...], list[tuple[_Terms, str]]], dict[str, list[tuple[_Terms, str]]]]


def _heads(
    es: list[_Terms], full: _FullIndex, cuts_of: dict[str, frozenset[int]]
) -> list[tuple[_Terms, _Terms, str]]:
    """(narrower, broader, why) for the nearest broader term of each entry."""
    en_full, ja_full = full
    cands: dict[str, dict[str, tuple[_Terms, str]]] = defaultdict(dict)
    for e in es:
        for words, surface in sorted(e.en.items()):
            for i in range(1, len(words)):
                for b, bs in en_full.get(words[i:], []):
                    if b.id != e.id and len(en_full[words[i:]]) <= LINK_FANOUT:
                        cands[e.id].setdefault(b.id, (b, f"'{surface}' has the head '{bs}'"))
        for k, surface in sorted(e.ja.items()):
            cuts = cuts_of[k]
            for i in range(1, len(k) - MIN_JA_COMPONENT + 1):
                if i not in cuts:
                    continue  # inside a word: グラム is not the head of ヒストグラム
                for b, bs in ja_full.get(k[i:], []):
                    if b.id != e.id and len(ja_full[k[i:]]) <= LINK_FANOUT:
                        cands[e.id].setdefault(b.id, (b, f"「{surface}」の主要部は「{bs}」"))
    by_id = {e.id: e for e in es}
    out: list[tuple[_Terms, _Terms, str]] = []
    for eid, found in sorted(cands.items()):
        for bid, (b, why) in sorted(found.items()):
            # skip b if another candidate c is itself narrower than b (e > c > b: link only e > c)
            if any(bid in cands.get(cid, {}) for cid in found if cid != bid):
                continue
            out.append((by_id[eid], b, why))
    return out


def _components(
    es: list[_Terms], full: _FullIndex, cuts_of: dict[str, frozenset[int]], memo: KeyMemo
) -> list[tuple[_Terms, _Terms, str]]:
    out: list[tuple[_Terms, _Terms, str]] = []
    # one Japanese term inside another, not as its head
    en_full, ja_full = full
    for e in es:
        for k, surface in sorted(e.ja.items()):
            cuts = cuts_of[k]
            for i in sorted(c for c in cuts if c < len(k)):
                for j in sorted(c for c in cuts if i + MIN_JA_COMPONENT <= c < len(k)):  # a suffix is a head
                    for b, bs in ja_full.get(k[i:j], []):
                        if b.id != e.id and len(ja_full[k[i:j]]) <= LINK_FANOUT:
                            out.append((b, e, f"「{bs}」は「{surface}」の一部"))
    # English: a term inside another not as its head, or a shared two-word component
    bigrams: dict[tuple[str, str], list[_Terms]] = defaultdict(list)
    shown: dict[tuple[str, str], str] = {}
    for e in es:
        for w, surface in sorted(e.en.items()):
            written = [word for word, _ in memo.en_tokens(surface)]
            for i in range(len(w) - 1):
                bg = (w[i], w[i + 1])
                if bg[0] in _STOP or bg[1] in _STOP:
                    continue
                if not bigrams[bg] or bigrams[bg][-1] is not e:
                    bigrams[bg].append(e)
                shown.setdefault(bg, f"{written[i]} {written[i + 1]}")
    for e in es:
        for words, surface in sorted(e.en.items()):
            for i in range(len(words)):
                for j in range(i + 1, len(words)):  # j < len: never the head suffix
                    for b, bs in en_full.get(words[i:j], []):
                        if b.id != e.id and len(en_full[words[i:j]]) <= LINK_FANOUT:
                            out.append((b, e, f"'{surface}' contains '{bs}'"))
    for bg, group in sorted(bigrams.items()):
        uniq = sorted({e.id: e for e in group}.values(), key=lambda e: e.id)
        if len(uniq) > LINK_FANOUT:
            continue
        for i, a in enumerate(uniq):
            for b in uniq[i + 1 :]:
                out.append((a, b, f"both contain '{shown[bg]}'"))
    return out


def _full_index(es: list[_Terms]) -> _FullIndex:
    """Whole English word tuples and whole Japanese keys -> (entry, surface)."""
    en_full: dict[tuple[str, ...], list[tuple[_Terms, str]]] = defaultdict(list)
    ja_full: dict[str, list[tuple[_Terms, str]]] = defaultdict(list)
    for e in es:
        for w, surface in sorted(e.en.items()):
            en_full[w].append((e, surface))
        for k, surface in sorted(e.ja.items()):
            if len(k) >= MIN_JA_COMPONENT:
                ja_full[k].append((e, surface))
    return en_full, ja_full


@lru_cache(maxsize=65536)
def _cuts(ja: str) -> frozenset[int]:
    """Word boundaries in a Japanese key (UniDic tokens), so components are whole words."""
    from glossary.text.tokenizer import tokenize

    return frozenset({0, len(ja)} | {t.start for t in tokenize(ja)} | {t.end for t in tokenize(ja)})
