"""Synthetic :class:`glossary.Definition` records for the dictionary-cost benchmark.

Made-up terms (random katakana + kanji heads, pseudo-English words, their
initials as acronyms), each concept defined many times across documents, in
the shapes the extractor produces: ``JA(EN、ACR)``, ``JA(EN)`` and
``JA(ACR)`` (the last attaches to its concept through the acronym).
Acronyms collide across concepts as they do in real corpora.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from glossary.models import Definition, Part

_KANA = list(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
    "ガギグゲゴザジズゼゾバビブベボパピプペポ"
)
_HEADS = ["", "", "法", "化", "モデル", "学習", "推定", "分解", "ネットワーク", "関数"]
_ONSETS = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "tr", "st", "pl"]
_VOWELS = ["a", "e", "i", "o", "u", "io", "ea"]


def _concept(rng: random.Random) -> tuple[str, str, str]:
    ja = "".join(rng.choice(_KANA) for _ in range(rng.randint(3, 7))) + rng.choice(_HEADS)
    words = []
    for _ in range(rng.randint(2, 4)):
        w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3)))
        words.append(w.capitalize())
    en = " ".join(words)
    abbr = "".join(w[0] for w in words)
    return ja, en, abbr


def definitions(
    n: int, *, per_concept: int = 10, docs: int | None = None, seed: int = 7
) -> Iterator[Definition]:
    """``n`` definitions of about ``n / per_concept`` concepts spread over ``docs`` documents."""
    rng = random.Random(seed)
    concepts = [_concept(rng) for _ in range(max(1, n // per_concept))]
    ndocs = docs or max(1, n // 50)
    for i in range(n):
        ja, en, abbr = concepts[rng.randrange(len(concepts))]
        doc = f"doc-{rng.randrange(ndocs):06d}.md"
        start = rng.randrange(0, 20_000)
        shape = rng.random()
        a = start
        j = Part(ja, a, a + len(ja), "ja")
        parts: tuple[Part, ...]
        if shape < 0.7:  # JA(EN、ACR)
            e0 = j.end + 1
            e = Part(en, e0, e0 + len(en), "en")
            a0 = e.end + 1
            parts = (j, e, Part(abbr, a0, a0 + len(abbr), "abbr"))
            pattern = "ja(en, abbr)"
        elif shape < 0.9:  # JA(EN)
            e0 = j.end + 1
            parts = (j, Part(en, e0, e0 + len(en), "en"))
            pattern = "ja(en)"
        else:  # JA(ACR)
            a0 = j.end + 1
            parts = (j, Part(abbr, a0, a0 + len(abbr), "abbr"))
            pattern = "ja(abbr)"
        end = parts[-1].end + 1
        yield Definition(parts, pattern, 0.9, start, end, sentence=f"{ja}({en})の例文{i}。", doc=doc)
