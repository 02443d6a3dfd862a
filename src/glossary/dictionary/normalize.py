"""Matching keys for term surfaces, one per language.

Keys decide which surfaces are the same term; they are never shown. The
surfaces themselves are kept exactly as seen, so display forms and offsets
stay faithful to the documents.

* ``ja_key``: NFKC, then UniDic lemmas (folds オートエンコーダ / オートエンコーダー,
  組み合わせ / 組合せ) with middle dots and spaces between words dropped.
* ``en_key``: NFKC, typographic dashes and quotes folded, case folded, each word
  lemmatised as a noun with spaCy's English rules and WordNet tables (shipped, see
  :func:`lemma_en`), then
  hyphens and spaces removed so ``prompt-based`` / ``prompt based`` /
  ``auto-encoder`` / ``autoencoder`` agree.
* ``abbr_key``: NFKC; case is meaningful (ViT, GaLa) but a plural ``s`` is not.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from glossary.models import Role

__all__ = ["abbr_key", "en_key", "en_tokens", "en_words", "fold", "ja_key", "key", "lemma_en", "replacement"]

# Typographic dashes and quotes that NFKC leaves alone.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63"), "-")
_QUOTES = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4`"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
}
_DASHES_QUOTES = {**_DASHES, **_QUOTES}
_WS = re.compile(r"\s+")
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff"
# A space or middle dot between two katakana characters joins loanword parts.
_KANA_JOIN = re.compile(f"(?<=[{_KATAKANA}])[\\s\u30fb\uff65=\uff1d]+(?=[{_KATAKANA}])")
_KATAKANA_RUN = re.compile(f"[{_KATAKANA}]+")
# a katakana run of three or more characters before a final long-vowel mark
_FINAL_CHOON = re.compile(f"([{_KATAKANA}]{{3,}}?)ー(?![{_KATAKANA}])")
_EN_SPLIT = re.compile(r"[\s\-_/]+")
_LOCK = threading.Lock()


def fold(text: str) -> str:
    """NFKC, typographic dashes and quotes to ASCII, whitespace folded and trimmed."""
    if text.isascii():  # NFKC keeps ASCII as it is, and the backtick is the one ASCII quote mapped
        if "`" in text:
            text = text.replace("`", "'")
    else:
        # (one table: no dash maps to a quote or a quote to a dash, so one pass = the two in turn)
        text = unicodedata.normalize("NFKC", text).translate(_DASHES_QUOTES)
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def ja_key(text: str) -> str:
    """Key of a Japanese surface; see the module docstring."""
    from glossary.text.tokenizer import lemma_key, tokenize

    folded = _KANA_JOIN.sub("", fold(text))
    if not folded:
        return ""
    if any(_KATAKANA_RUN.fullmatch(t.surface) and not _KATAKANA_RUN.search(t.base) for t in tokenize(folded)):
        # UniDic read a katakana word as something else (フォーマ -> ＦＯＭＡ): keep the surfaces
        joined = folded
    else:
        joined = lemma_key(folded)
    joined = unicodedata.normalize("NFKC", joined).casefold()
    # a word UniDic does not know keeps its spelling; fold its final ー the way JIS Z 8301 did
    return _FINAL_CHOON.sub(lambda m: m.group(1), joined)


@lru_cache(maxsize=65536)
def en_tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(word as written, lemma) for each word of an English surface (hyphen and space split)."""
    out = []
    for raw in _EN_SPLIT.split(fold(text)):
        word = raw.strip("'\".,;:!?()[]{}")
        if word:
            out.append((word, lemma_en(word.casefold())))
    return tuple(out)


def en_words(text: str) -> tuple[str, ...]:
    """The lemmatised lower-case words of an English surface."""
    return tuple(lemma for _, lemma in en_tokens(text))


@lru_cache(maxsize=65536)
def en_key(text: str) -> str:
    """Key of an English surface; closed, hyphenated and open compounds agree."""
    return "".join(en_words(text))


@lru_cache(maxsize=65536)
def abbr_key(text: str) -> str:
    """Key of an acronym: case kept, a plural ``s`` after a capital or digit dropped (SAEs = SAE)."""
    folded = fold(text).replace(" ", "")
    if len(folded) >= 3 and folded.endswith("s") and (folded[-2].isupper() or folded[-2].isdigit()):
        folded = folded[:-1]
    return folded


def key(text: str, role: Role) -> str:
    """The key of ``text`` for its role."""
    if role == "ja":
        return ja_key(text)
    if role == "en":
        return en_key(text)
    return abbr_key(text)


# --- English lemmas -----------------------------------------------------------------------------

_TABLES: dict[str, Any] = {}


def _noun_tables() -> tuple[tuple[tuple[str, str], ...], dict[str, str], frozenset[str]]:
    """spaCy's English noun rules, exceptions and index, read from ``data/en_noun_lemmas.txt.gz``.

    The file (built by ``scripts/build_en_lemmas.py`` from spacy-lookups-data,
    WordNet 3.0) is 0.2 MB and loads in a few milliseconds, where spaCy and its
    98.5 MB lookup package took most of a second.
    """
    with _LOCK:
        if not _TABLES:
            import gzip
            from importlib.resources import files

            raw = (files("glossary") / "data" / "en_noun_lemmas.txt.gz").read_bytes()
            _, rules, exc, index = gzip.decompress(raw).decode("utf-8").split("\n")[:4]
            _TABLES.update(
                rules=tuple(tuple(r.split(":")) for r in rules.split()),
                exc=dict(e.split(":") for e in exc.split()),
                index=frozenset(index.split()),
            )
    return _TABLES["rules"], _TABLES["exc"], _TABLES["index"]


@lru_cache(maxsize=65536)
def lemma_en(word: str) -> str:
    """The noun lemma of one lower-case English word.

    Terms are noun phrases, so every word is read as a noun: ``autoencoders``
    -> ``autoencoder``, ``analyses`` -> ``analysis``, while gerunds such as
    ``learning`` and ``embedding`` stay whole (a verb reading would turn
    them into ``learn`` / ``embed`` and split them from their plurals).
    Words the noun index already knows (``analysis``, ``series``) are kept.
    The result is what spaCy's English rule lemmatiser gives a ``NOUN``
    (the same tables, the same rule order; tested against it).
    """
    if not word.isalpha() or len(word) <= 2:
        return word
    rules, exc, index = _noun_tables()
    lemma = exc.get(word)
    if lemma is not None:
        return lemma
    if word in index:
        return word
    known = unknown = ""
    for old, new in rules:
        if word.endswith(old):
            form = word[: len(word) - len(old)] + new
            if form in index:
                known = form  # spaCy puts each known form first: the last rule that gives one wins
            elif form and not unknown:
                unknown = form
    return known or unknown or word


_EN_SEP = re.compile(r"([\s\-‐‑–_/]+)")


def replacement(surface: str, canonical: str, role: str) -> str | None:
    """What a variant should become, or None when ``surface`` is the canonical form.

    English differing only in case or number (``hidden markov models``) and an
    acronym's plural (``HMMs``) are the canonical form used in a sentence, not
    a variant.  A plural keeps its ``s``; an all-lower-case English surface
    gets the canonical form in lower case when that is in title case.
    """
    if surface == canonical:
        return None
    if role == "ja":
        return canonical
    plural = surface.endswith("s") and not canonical.endswith("s")
    if role == "abbr":
        if plural and surface[:-1] == canonical:
            return None
        return canonical + ("s" if plural and abbr_key(surface) == abbr_key(canonical) else "")

    def shape(s: str) -> list[str]:
        return [p if i % 2 else lemma_en(p.casefold()) for i, p in enumerate(_EN_SEP.split(s))]

    if shape(surface) == shape(canonical):
        return None
    fix = canonical.lower() if surface.islower() and canonical.istitle() else canonical
    last = _EN_SEP.split(surface)[-1]
    if plural and lemma_en(last.casefold()) != last.casefold():
        fix += "s"
    return fix if fix != surface else None
