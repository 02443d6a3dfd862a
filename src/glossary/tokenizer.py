"""fugashi + UniDic, loaded lazily, one tagger per process.

Only short windows around candidate brackets are ever tokenised, so the
expensive part of Japanese analysis is paid per candidate, not per byte.
Tokens carry exact offsets into the string they came from.
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_LOCAL = threading.local()
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Token:
    """One UniDic token with offsets into the tokenised text."""

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
    out: list[Token] = []
    cursor = 0
    for word in tagger()(text):
        surface = word.surface
        if not surface:
            continue
        start = text.find(surface, cursor)
        if start < 0:  # should not happen; keep offsets honest rather than guess
            continue
        end = start + len(surface)
        cursor = end
        f = _fields(word.feature_raw)
        out.append(
            Token(
                surface,
                start + offset,
                end + offset,
                f[0],
                f[1],
                f[2],
                _value(f, 7),
                _value(f, 12),
                _value(f, 5) or "",
            )
        )
    return tuple(out)


def _fields(raw: str) -> list[str]:
    """Split UniDic's CSV feature string; quoted fields (a comma token) need the csv module.

    Splitting the raw string is about three times faster than fugashi's
    named-tuple ``feature`` and the tagger is the hot path.
    """
    if '"' in raw:
        return next(csv.reader([raw]))
    return raw.split(",")


def _value(fields: list[str], i: int) -> str | None:
    if i < len(fields) and fields[i] not in ("*", ""):
        return fields[i]
    return None


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
