"""Glossary-vs-gold scoring for the tests (the rules of the project's evaluation scorer).

Surfaces are compared after NFKC, whitespace folding and casefolding, ignoring
the language a form is filed under.  Every pair of distinct surfaces in one
predicted entry is a link; gold links are cross links (two languages of one
concept) and merge links (variants within one language).  A predicted link no
gold concept allows is a false positive; links touching an optional concept or
optional form are neither rewarded nor penalised.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

LANGS = ("ja", "en", "abbr")
Link = frozenset[str]


def norm(surface: str) -> str:
    """The comparison key of a surface."""
    folded = unicodedata.normalize("NFKC", surface)
    return re.sub(r"\s+", " ", folded).strip().casefold()


def pairs(forms: Iterable[str]) -> set[Link]:
    """All unordered pairs of distinct surfaces."""
    return {frozenset(p) for p in itertools.combinations(sorted(set(forms)), 2)}


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    false_positives: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


@dataclass(frozen=True)
class GoldLinks:
    cross: set[Link]
    merge: set[Link]
    allowed: set[Link]


def gold_links(gold: dict[str, Any]) -> GoldLinks:
    cross: set[Link] = set()
    merge: set[Link] = set()
    allowed: set[Link] = set()
    for concept in gold["concepts"]:
        req = {lang: [norm(x) for x in concept.get(lang, [])] for lang in LANGS}
        optional_forms = concept.get("optional_forms") or {}
        opt = {lang: [norm(x) for x in optional_forms.get(lang, [])] for lang in LANGS}
        allowed |= pairs(f for lang in LANGS for f in req[lang] + opt[lang])
        if concept.get("optional"):
            continue
        c_cross: set[Link] = set()
        for a, b in itertools.combinations(LANGS, 2):
            c_cross |= {frozenset((x, y)) for x in req[a] for y in req[b] if x != y}
        c_merge: set[Link] = set()
        for lang in LANGS:
            c_merge |= pairs(req[lang])
        cross |= c_cross
        merge |= c_merge - c_cross
    return GoldLinks(cross, merge, allowed)


def predicted_links(pred: dict[str, Any]) -> set[Link]:
    links: set[Link] = set()
    for entry in pred.get("entries", []):
        forms: list[str] = []
        for lang in LANGS:
            if entry.get(lang):
                forms.append(entry[lang])
            forms += (entry.get("forms") or {}).get(lang, []) or []
        links |= pairs(norm(f) for f in forms if isinstance(f, str) and f.strip())
    return links


def _show(links: Iterable[Link]) -> tuple[str, ...]:
    return tuple(sorted(" <-> ".join(sorted(link)) for link in links))


def score_cross(gold: dict[str, Any], pred: dict[str, Any]) -> Score:
    """Cross-link score; every unallowed predicted link counts against precision."""
    g = gold_links(gold)
    links = predicted_links(pred)
    fp = links - g.allowed
    return Score(
        tp=len(links & g.cross),
        fp=len(fp),
        fn=len(g.cross - links),
        false_positives=_show(fp),
        missed=_show(g.cross - links),
    )
