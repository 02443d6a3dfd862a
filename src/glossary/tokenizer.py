"""fugashi + UniDic, loaded lazily, one tagger per process.

Only short windows around candidate brackets are ever tokenised, so the
expensive part of Japanese analysis is paid per candidate, not per byte.
Tokens carry exact offsets into the string they came from.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any, Final, NamedTuple

_LOCAL = threading.local()
_SURROGATE: Final = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}]")  # lone surrogates (built with chr for mypyc)


class Token(NamedTuple):
    """One UniDic token with offsets into the tokenised text.

    A named tuple: immutable and built several times per bracket, about a
    third of the cost of a frozen dataclass (this is the tokenizer's hot path).
    """

    surface: str
    start: int
    end: int
    pos1: str
    pos2: str
    pos3: str
    lemma: str | None
    goshu: str | None
    cform: str = ""

    @property
    def gloss(self) -> str | None:
        """The English source word UniDic records for a loanword, if any.

        ``エンコーダー-encoder`` gives ``encoder``; ``私-代名詞`` gives None.
        """
        return loanword_gloss(self.lemma)

    @property
    def base(self) -> str:
        """The lemma without its gloss (``エンコーダー``), else the surface."""
        if not self.lemma:
            return self.surface
        head, sep, _ = self.lemma.partition("-")
        return head if sep and head else self.lemma

    @property
    def is_noun_like(self) -> bool:
        return self.pos1 in ("名詞", "接頭辞", "接尾辞") or (self.pos1 == "形状詞" and self.pos2 == "一般")


def loanword_gloss(lemma: str | None) -> str | None:
    """The ASCII tail of a UniDic lemma such as ``スパース-sparse``."""
    if not lemma or "-" not in lemma:
        return None
    tail = lemma.split("-", 1)[1]
    if tail and tail.isascii() and any(c.isalpha() for c in tail):
        return tail
    return None


def tagger() -> Any:
    """The process's (thread's) fugashi Tagger, built on first use."""
    tg = getattr(_LOCAL, "tagger", None)
    if tg is None:
        import fugashi  # heavy: imported only when first needed

        tg = fugashi.Tagger()
        _LOCAL.tagger = tg
    return tg


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokenise ``text``; offsets are shifted by ``offset``.

    NUL characters would end MeCab's C string early and lone surrogates
    cannot be encoded for it, so they are tagged as a space and U+FFFD (one
    code point each: offsets are unchanged); the rest reaches the tagger as is.
    """
    return list(_tokenize_cached(taggable(text), offset))


def taggable(text: str) -> str:
    """``text`` with NUL as a space and lone surrogates as U+FFFD: same length, safe for MeCab."""
    if "\0" in text:
        text = text.replace("\0", " ")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str, offset: int) -> tuple[Token, ...]:
    """Tokens from MeCab's text output, parsed in Python.

    One ``parse`` call returns every token as a line (surface, readings,
    lemma, part of speech, conjugation), which is about three times cheaper
    than walking fugashi's node objects; this is the extractor's hot path.
    """
    out: list[Token] = []
    cursor = 0
    for line in tagger().parse(text).split("\n"):
        cols = line.split("\t")
        if len(cols) < 7:
            continue  # "EOS" and blank lines
        surface = cols[0]
        start = text.find(surface, cursor)
        if not surface or start < 0:  # should not happen; keep offsets honest rather than guess
            continue
        end = start + len(surface)
        cursor = end
        pos = cols[4].split("-")
        lemma = cols[3]
        out.append(
            Token(
                surface,
                start + offset,
                end + offset,
                pos[0],
                pos[1] if len(pos) > 1 else "*",
                pos[2] if len(pos) > 2 else "*",
                lemma or None,
                None,
                cols[6],
            )
        )
    return tuple(out)


@lru_cache(maxsize=65536)
def lemma_key(text: str) -> str:
    """A spelling-variant-free key for a Japanese term, built from lemmas.

    UniDic gives one lemma to オートエンコーダ / オートエンコーダー and to
    組み合わせ / 組合せ, so joining base lemmas folds those variants; the
    middle dot and spaces between words are dropped.
    """
    parts = []
    for tok in tokenize(text):
        if tok.surface in ("・", "･", "＝", "=") or tok.surface.isspace():
            continue
        parts.append(tok.base if tok.lemma else tok.surface)
    return "".join(parts)
