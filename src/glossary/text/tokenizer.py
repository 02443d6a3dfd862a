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


# MeCab's text output trimmed to the fields Token needs, each token ending in a tab:
# surface, lemma, pos1-3 and conjugation form (an unknown word's lemma is its surface).
# UniDic writes "*" as an empty field; Token keeps "*" for a missing part of speech.
# fugashi strips the output, so markers before and after keep edge fields (a leading
# U+3000 token, a last empty conjugation form) in place.
_FIELDS: Final = 6
_FORMAT: Final = (
    r'-O "" -F "%m\t%f[7]\t%f[0]\t%f[1]\t%f[2]\t%f[5]\t" '
    r'-U "%m\t%m\t%f[0]\t%f[1]\t%f[2]\t%f[5]\t" -B "B\t" -E "E"'
)


def tagger() -> Any:
    """The process's (thread's) fugashi Tagger, built on first use.

    Its text output (``parse``) is trimmed to six fields per token; the node
    API (``tagger()(text)``) still gives UniDic's full features.
    """
    tg = getattr(_LOCAL, "tagger", None)
    if tg is None:
        import fugashi  # heavy: imported only when first needed

        tg = fugashi.Tagger(_FORMAT)
        _LOCAL.tagger = tg
    return tg


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokenise ``text``; offsets are shifted by ``offset``.

    NUL characters would end MeCab's C string early and lone surrogates
    cannot be encoded for it, so they are tagged as a space and U+FFFD (one
    code point each: offsets are unchanged); the rest reaches the tagger as is.
    """
    return list(_tokenize_cached(text, offset))


# stretches of a text that tokenize_in remembers (per thread), to read a later stretch from
_RECENT: Final = 4


def forget_stretches() -> None:
    """Forget the stretches :func:`tokenize_in` remembered in this thread.

    The extractor calls it before each bracket, so what a stretch reads depends on that bracket's
    own windows only, never on what was analysed before it.
    """
    _LOCAL.recent = []


def tokenize_in(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets relative to ``start``.

    While a token source is set for this thread (:func:`set_token_source`: the spaCy component
    sets the Doc's own tokens) and answers for ``text``, its tokens are read instead of tagging the
    stretch again.  A stretch that ends where one of the last few stretches of the same text (the
    same string object) ended, and starts at one of its tokens, is read from that stretch's
    tokens: the term a window ends with is not tagged again (a fifth of the tagger's calls).  From
    a shared token on, MeCab's best path to the end is the same; only its choice of the first
    token may differ, as BOS joins differently than the token before (8 of 843 such terms on the
    103 evaluation documents, none of them changing a definition).  :func:`forget_stretches` starts
    afresh.  Otherwise this is ``tokenize(text[start:end])``.
    """
    # the thread's own attributes, read from its dict: ``getattr(_LOCAL, name, None)`` raises and
    # discards an AttributeError whenever the name is unset (no token source: every extraction)
    state: dict[str, Any] = _LOCAL.__dict__
    source = state.get("source")
    if source is not None:
        reused: list[Token] | None = source.tokens(text, start, end)
        if reused is not None:
            return reused
    recent: list[tuple[str, int, int, tuple[Token, ...]]] | None = state.get("recent")
    if recent is None:
        recent = []
        state["recent"] = recent
    for seen_text, seen_start, seen_end, seen in recent:
        if seen_text is text and seen_end == end and seen_start < start:
            sliced = _tail(seen, start - seen_start)
            if sliced is not None:
                return sliced
    tokens = _tokenize_cached(text[start:end], 0)
    recent.insert(0, (text, start, end, tokens))
    del recent[_RECENT:]
    return list(tokens)


def _tail(tokens: tuple[Token, ...], cut: int) -> list[Token] | None:
    """The tokens from offset ``cut`` on, shifted to start there; None unless a token starts at ``cut``."""
    for k in range(len(tokens)):
        first = tokens[k].start
        if first >= cut:
            if first != cut:
                return None
            shifted = [
                (t.surface, t.start - cut, t.end - cut, t.pos1, t.pos2, t.pos3, t.lemma, t.goshu, t.cform)
                for t in tokens[k:]
            ]
            return [_new_tuple(Token, row) for row in shifted]
    return None


def set_token_source(source: Any) -> Any:
    """Let ``source.tokens(text, start, end)`` (a token list, or None to tag) answer :func:`tokenize_in`
    in this thread; None ends it.  Returns the source set before."""
    state: dict[str, Any] = _LOCAL.__dict__
    previous = state.get("source")
    state["source"] = source
    return previous


def taggable(text: str) -> str:
    """``text`` with NUL as a space and lone surrogates as U+FFFD: same length, safe for MeCab."""
    if "\0" in text:
        text = text.replace("\0", " ")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


# A named tuple's generated __new__ is a Python function; the tuple constructor it
# calls is not, and calling that directly halves the cost of making a token.
_new_tuple: Final = tuple.__new__


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str, offset: int) -> tuple[Token, ...]:
    """Tokens from MeCab's text output, parsed in Python.

    One ``parse`` call returns every token as six tab-ended fields (see
    ``_FORMAT``), split once: about three times cheaper than walking
    fugashi's node objects, and this is the extractor's hot path.  MeCab
    skips ASCII whitespace, so a tab in the output always ends a field.  Cached by the text as
    given: a repeated stretch is not even checked for NUL and surrogates again (:func:`taggable`).
    """
    text = taggable(text)
    out: list[Token] = []
    cursor = 0
    parsed: str = tagger().parse(text)  # typed, so the compiled loop indexes a list of str
    fields = parsed.split("\t")  # "B", six fields per token, "E"
    for i in range(1, len(fields) - _FIELDS, _FIELDS):
        surface = fields[i]
        start = text.find(surface, cursor)
        if not surface or start < 0:  # should not happen; keep offsets honest rather than guess
            continue
        end = start + len(surface)
        cursor = end
        row = (
            surface,
            start + offset,
            end + offset,
            fields[i + 2],
            fields[i + 3] or "*",
            fields[i + 4] or "*",
            fields[i + 1] or None,
            None,
            fields[i + 5],
        )
        out.append(_new_tuple(Token, row))
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
