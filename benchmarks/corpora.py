"""Synthetic corpora of a chosen size for the benchmarks, built from the bundled texts.

Two densities:

* ``article``: documents made of whole blocks (paragraphs, lists, tables,
  fenced code) of the source texts, shuffled, with prose paragraphs between
  them so that brackets come at the seeds' density
  (:data:`ARTICLE_BRACKETS_PER_KB`): "many brackets, as in the seeds";
* ``dense``: the blocks of our own samples in ``data/samples`` only, at their
  own density (five times the seeds': they were written to test the
  extractor, a definition every 200 bytes); reported, with no target;
* ``seeds``: the same from the real articles in ``../shared/seeds`` only
  (when present), at their own, lower bracket density;
* ``prose``: bracket-free Japanese prose (source sentences with every
  bracketed part cut out) with one definition sentence every ``gap`` bytes
  (default 6 KB: such a sentence holds 1.2 definitions on average, so about
  one definition per 5 KB), the density of ordinary prose that defines a
  term now and then.

Everything is drawn from a seeded random generator, so a size and a seed
always give the same corpus.  Source texts are read, never copied anywhere.
"""

from __future__ import annotations

import glob
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"

_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]|[\[［][^\[\]［］]*[\]］]")
_NOT_PROSE = re.compile(r"[()（）\[\]［］`$|<>]|https?:|www\.|^\s*[#>*+\-]|^\s*\d+[.)]")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]")
# brackets per KB of UTF-8 over the five real articles in ../shared/seeds (2.46, measured 2026-11),
# fixed so that the corpus is the same with or without the seeds
ARTICLE_BRACKETS_PER_KB = 2.5


@dataclass(frozen=True)
class Sources:
    """The text the corpora are made of."""

    files: tuple[str, ...]
    blocks: tuple[str, ...]  # article blocks (paragraphs, lists, code fences kept whole)
    sample_blocks: tuple[str, ...]  # the blocks that come from data/samples
    seed_blocks: tuple[str, ...]  # the blocks that come from ../shared/seeds (real articles), if any
    prose: tuple[str, ...]  # bracket-free sentences
    definers: tuple[str, ...]  # sentences that hold at least one definition on their own


def source_files(use_seeds: bool = True) -> list[Path]:
    files = sorted(SAMPLES.glob("*.md"))
    if use_seeds and SEEDS.is_dir():
        files += sorted(Path(p) for p in glob.glob(str(SEEDS / "*.txt")))
    if not files:
        raise SystemExit(f"no source texts: expected Markdown files in {SAMPLES}")
    return files


def split_blocks(text: str) -> list[str]:
    """Blank-line separated blocks; a fenced code block stays one block."""
    blocks: list[str] = []
    cur: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if fence is not None:
            cur.append(line)
            if m and m.group(1) == fence:
                fence = None
            continue
        if m:
            fence = m.group(1)
            cur.append(line)
            continue
        if not line.strip():
            if cur:
                blocks.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
    if cur and fence is None:
        blocks.append("\n".join(cur))
    return blocks


def strip_brackets(sentence: str) -> str:
    """The sentence with every bracketed part (innermost first) removed."""
    prev = None
    while prev != sentence:
        prev = sentence
        sentence = _BRACKETED.sub("", sentence)
    return sentence


def load_sources(use_seeds: bool = True) -> Sources:
    from glossary import find_definitions

    files = source_files(use_seeds)
    blocks: list[str] = []
    sample_blocks: list[str] = []
    seed_blocks: list[str] = []
    prose: list[str] = []
    definers: list[str] = []
    for f in files:
        for block in split_blocks(f.read_text(encoding="utf-8")):
            blocks.append(block)
            if f.parent == SEEDS:
                seed_blocks.append(block)
            else:
                sample_blocks.append(block)
            if _FENCE.match(block):
                continue
            for line in block.splitlines():
                for s in _SENTENCE.findall(line):
                    s = s.strip()
                    if "(" in s or "（" in s:
                        if find_definitions(s) and not _FENCE.search(s) and "`" not in s:
                            definers.append(s)
                    plain = strip_brackets(s).strip()
                    if len(plain) >= 12 and not _NOT_PROSE.search(plain):
                        prose.append(plain)
    if not prose or not definers:
        raise SystemExit("the source texts gave no prose or no definition sentences to build corpora from")
    return Sources(
        tuple(str(f) for f in files),
        tuple(blocks),
        tuple(sample_blocks),
        tuple(seed_blocks),
        tuple(prose),
        tuple(definers),
    )


def _brackets(text: str) -> int:
    return text.count("(") + text.count("（")


def article_docs(
    src: Sources,
    total_bytes: int,
    seed: int = 1,
    blocks: tuple[str, ...] | None = None,
    brackets_per_kb: float | None = None,
) -> Iterator[tuple[str, str]]:
    """``(name, text)`` documents of 4-16 KB made of shuffled source blocks (default: all of them).

    With ``brackets_per_kb``, a paragraph of bracket-free prose follows a block
    whenever the document so far is denser than that.
    """
    pool = blocks or src.blocks
    rng = random.Random(seed)
    made = 0
    i = 0
    while made < total_bytes:
        target = rng.randint(4_000, 16_000)
        parts: list[str] = []
        size = 0
        brackets = 0
        while size < target:
            if brackets_per_kb is not None and brackets > brackets_per_kb * size / 1000:
                b = "".join(rng.choice(src.prose) for _ in range(rng.randint(3, 7)))
            else:
                b = rng.choice(pool)
                brackets += _brackets(b)
            parts.append(b)
            size += len(b.encode()) + 2
        text = "\n\n".join(parts) + "\n"
        made += len(text.encode())
        yield f"article-{i:06d}.md", text
        i += 1


def prose_docs(src: Sources, total_bytes: int, seed: int = 2, gap: int = 6_000) -> Iterator[tuple[str, str]]:
    """``(name, text)`` documents of 8-32 KB of prose with one definition sentence per ``gap`` bytes."""
    rng = random.Random(seed)
    made = 0
    i = 0
    while made < total_bytes:
        target = rng.randint(8_000, 32_000)
        paras: list[str] = []
        size = 0
        since = rng.randint(0, gap)  # bytes since the last definition sentence
        while size < target:
            sents: list[str] = []
            for _ in range(rng.randint(3, 7)):
                if since >= gap:
                    s = rng.choice(src.definers)
                    since = 0
                else:
                    s = rng.choice(src.prose)
                sents.append(s)
                n = len(s.encode())
                since += n
                size += n
            paras.append("".join(sents))
        text = "\n\n".join(paras) + "\n"
        made += len(text.encode())
        yield f"prose-{i:06d}.md", text
        i += 1


def make(kind: str, src: Sources, total_bytes: int, seed: int | None = None) -> list[tuple[str, str]]:
    if kind == "article":
        return list(
            article_docs(
                src, total_bytes, 1 if seed is None else seed, brackets_per_kb=ARTICLE_BRACKETS_PER_KB
            )
        )
    if kind == "dense":
        return list(article_docs(src, total_bytes, 4 if seed is None else seed, src.sample_blocks))
    if kind == "seeds":
        if not src.seed_blocks:
            raise ValueError(f"no seed texts in {SEEDS}: the 'seeds' corpus needs them")
        return list(article_docs(src, total_bytes, 3 if seed is None else seed, src.seed_blocks))
    if kind == "prose":
        return list(prose_docs(src, total_bytes, 2 if seed is None else seed))
    raise ValueError(f"unknown corpus kind {kind!r}: use 'article', 'dense', 'seeds' or 'prose'")
