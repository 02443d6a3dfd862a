#!/usr/bin/env python3
"""Speed of ``glossary check``: a synthetic corpus against a 10^4-entry glossary, on one core.

    .venv/bin/python benchmarks/check.py               # 50 MB, 10^4 entries (about a minute)
    .venv/bin/python benchmarks/check.py --mb 10 --entries 1000

The glossary holds made-up concepts (katakana + kanji heads, pseudo-English,
their initials as acronyms, see ``synthetic.py``).  The corpus is documents
of about 20 KB of Japanese prose written from our own sentence templates that
use those terms: canonical forms, unseen spellings (no middle dot, an extra
``ー``, full-width acronyms), English and acronyms, inline code and URLs, and
three bracketed definitions per document (about one bracket per 7 KB).

Printed, in MB (UTF-8) per CPU-second of this process:

* ``mentions``: the matcher alone (:meth:`Glossary.mentions` with the masks),
  the part whose cost grows with the glossary;
* ``check``: :func:`glossary.check.rules.check_documents`, everything ``glossary
  check`` does after reading the files: the definitions each document makes
  (the extractor), the mentions, the five rules; and with every rule but
  ``variant`` disabled, when the documents' own definitions are not needed;
* each at a quarter, a half and the whole corpus, with the ratio of the
  per-MB cost at the largest size to that at the smallest (1.0 = linear).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import _concept

from glossary.check.rules import RULES, CheckConfig, Document, check_documents
from glossary.dictionary.glossary import Glossary
from glossary.models import Definition, Part

TARGET_MB_S = 20.0
FILLER = [
    "この章では実験の手順を順に説明し、それぞれの段階で何を確かめたかを記録しておく。",
    "結果は表にまとめたが、条件によってばらつきが大きいので平均だけでなく分散も示した。",
    "設定は前の節と同じであり、乱数の種だけを変えて五回ずつ繰り返している。",
    "比較のため、同じデータで二回ずつ測り、差が誤差の範囲に収まることを確かめた。",
    "詳しい導出は付録に回し、本文では結論とその使い方だけを短く述べることにする。",
    "ここでは細部を省き、読者が手元で再現するときに迷いやすい点を中心に要点を述べる。",
    "処理は数秒で終わったが、入力を十倍にすると時間もほぼ十倍になることがわかった。",
    "入力の大きさを変えても傾向は変わらなかったので、以下では小さい設定だけを扱う。",
]
USES = [
    "{t}を使うと精度が上がるが、学習にかかる時間も少し長くなる。",
    "次に{t}の性質を調べ、どのような入力で性能が落ちるかを確認する。",
    "{t}は計算が軽いので、まず最初に試してみる価値がある。",
    "多くの場合、{t}で十分であり、より複雑な手法は必要にならない。",
]


def make_glossary(n: int, seed: int = 11) -> tuple[Glossary, list[tuple[str, str, str]]]:
    rng = random.Random(seed)
    concepts: dict[str, tuple[str, str, str]] = {}
    while len(concepts) < n:
        ja, en, abbr = _concept(rng)
        concepts.setdefault(en, (ja, en, abbr))
    defs = []
    for i, (ja, en, abbr) in enumerate(concepts.values()):
        j = Part(ja, 0, len(ja), "ja")
        e = Part(en, j.end + 1, j.end + 1 + len(en), "en")
        a = Part(abbr, e.end + 1, e.end + 1 + len(abbr), "abbr")
        defs.append(
            Definition((j, e, a), "ja(en, abbr)", 0.9, 0, a.end + 1, f"{ja}({en}、{abbr})。", f"ref-{i}.md")
        )
    return Glossary.from_definitions(defs), list(concepts.values())


def _unseen(ja: str, rng: random.Random) -> str:
    """A spelling the glossary has not seen: a middle dot inside, or a long vowel at the end."""
    if rng.random() < 0.5 and len(ja) > 3:
        cut = rng.randrange(2, len(ja) - 1)
        return ja[:cut] + "・" + ja[cut:]
    return ja + "ー" if ja[-1] not in "法化習定解数" else ja


def make_corpus(concepts: list[tuple[str, str, str]], mb: float, seed: int = 5) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    docs: list[tuple[str, str]] = []
    total = 0
    while total < mb * 1_000_000:
        parts: list[str] = []
        size = 0
        for _ in range(3):  # a few definitions per document
            ja, en, abbr = rng.choice(concepts)
            parts.append(f"{ja}({en}、{abbr})を導入する。")
        while size < 20_000:
            r = rng.random()
            ja, en, abbr = rng.choice(concepts)
            if r < 0.5:
                s = rng.choice(FILLER)
            elif r < 0.7:
                s = rng.choice(USES).format(t=ja)
            elif r < 0.75:
                s = rng.choice(USES).format(t=_unseen(ja, rng))
            elif r < 0.85:
                s = rng.choice(USES).format(t=abbr if rng.random() < 0.9 else abbr.translate(_FULL))
            elif r < 0.9:
                s = f"{en} の実装は `{abbr.lower()}_run()` にある。"
            elif r < 0.95:
                s = f"詳細は https://example.com/{abbr}/docs を参照。"
            else:
                s = "\n\n## 節\n\n"
            parts.append(s)
            size += len(s.encode("utf-8"))
        text = "".join(parts) + "\n"
        docs.append((f"doc-{len(docs):05d}.md", text))
        total += len(text.encode("utf-8"))
    return docs


_FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def _mb(docs: list[tuple[str, str]]) -> float:
    return sum(len(t.encode("utf-8")) for _, t in docs) / 1e6


def time_mentions(g: Glossary, docs: list[tuple[str, str]]) -> tuple[float, int]:
    index = g.mention_index()
    n = 0
    t0 = time.process_time()
    for name, text in docs:
        n += len(index.find(text, doc=name))
    return time.process_time() - t0, n


def time_check(
    g: Glossary, docs: list[tuple[str, str]], config: CheckConfig | None = None
) -> tuple[float, dict[str, int]]:
    t0 = time.process_time()
    findings = check_documents([Document(n, t) for n, t in docs], g, config)
    dt = time.process_time() - t0
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return dt, dict(sorted(counts.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--entries", type=int, default=10_000, help="glossary entries (default 10^4)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    g, concepts = make_glossary(args.entries)
    index_t0 = time.perf_counter()
    g.mention_index()
    gc.collect()
    gc.freeze()  # as `glossary check` does: the glossary lives for the whole run
    print(
        f"glossary: {len(g)} entries, {sum(len(e.surfaces()) for e in g)} surfaces; built in "
        f"{index_t0 - t0:.1f} s, matcher in {time.perf_counter() - index_t0:.2f} s"
    )
    corpus = make_corpus(concepts, args.mb)
    print(f"corpus: {len(corpus)} documents, {_mb(corpus):.1f} MB")
    # warm up: the tagger and the lemmatiser load once per process
    check_documents([Document(n, t) for n, t in corpus[:2]], g)

    variant_only = CheckConfig()
    variant_only.disable([r for r in RULES if r != "variant"], "benchmark")
    sizes = [len(corpus) // 4, len(corpus) // 2, len(corpus)]
    rows = []
    for k in sizes:
        part = corpus[:k]
        mb = _mb(part)
        tm, n = time_mentions(g, part)
        tv, _ = time_check(g, part, variant_only)
        tc, counts = time_check(g, part)
        rows.append((mb, tm, tc))
        print(
            f"{mb:6.1f} MB  mentions {mb / tm:5.1f} MB/s ({n / mb / 1000:.1f} per KB)  "
            f"variant only {mb / tv:5.1f} MB/s  check {mb / tc:5.1f} MB/s  findings {counts}"
        )
    (mb0, tm0, tc0), (mb1, tm1, tc1) = rows[0], rows[-1]
    print(
        f"linearity (cost per MB at {mb1:.0f} MB / at {mb0:.1f} MB): "
        f"mentions {(tm1 / mb1) / (tm0 / mb0):.2f}, check {(tc1 / mb1) / (tc0 / mb0):.2f}"
    )
    full = mb1 / tc1
    verdict = "met" if full >= TARGET_MB_S else "NOT met"
    print(f"check on {mb1:.0f} MB: {full:.1f} MB/s on one core; target >= {TARGET_MB_S:.0f} MB/s: {verdict}")


if __name__ == "__main__":
    main()
