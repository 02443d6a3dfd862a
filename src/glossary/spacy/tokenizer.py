"""A spaCy tokenizer for Japanese built on fugashi + UniDic (no SudachiPy needed).

spaCy's own Japanese pipeline needs SudachiPy and its dictionary; glossary
already ships fugashi + unidic-lite, so this tokenizer gives a Japanese
``Language`` the same tokens glossary reasons with.  Register-by-name makes it
usable from a config alone::

    import spacy
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "glossary.JapaneseTokenizer.v1"}}})

The name is found through the ``spacy_tokenizers`` entry point, so no import
of glossary is needed first.  Each token gets its UniDic part of speech as
``tag_`` (``名詞-普通名詞-一般``), a Universal POS as ``pos_`` and the UniDic
lemma without its loanword gloss as ``lemma_``.  Whitespace is kept exactly:
``doc.text`` equals the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

__all__ = ["TOKENIZER_NAME", "GlossaryJapaneseTokenizer", "create_tokenizer", "upos"]

TOKENIZER_NAME = "glossary.JapaneseTokenizer.v1"

# UniDic pos1 (and pos2 where it decides) to Universal POS, after spaCy's own ja tag map.
_UPOS = {
    "名詞": "NOUN",
    "代名詞": "PRON",
    "動詞": "VERB",
    "形容詞": "ADJ",
    "形状詞": "ADJ",
    "連体詞": "DET",
    "副詞": "ADV",
    "接続詞": "CCONJ",
    "感動詞": "INTJ",
    "助動詞": "AUX",
    "接頭辞": "NOUN",
    "補助記号": "PUNCT",
    "記号": "SYM",
    "空白": "SPACE",
}
_UPOS2 = {
    ("名詞", "固有名詞"): "PROPN",
    ("名詞", "数詞"): "NUM",
    ("助詞", "格助詞"): "ADP",
    ("助詞", "係助詞"): "ADP",
    ("助詞", "副助詞"): "ADP",
    ("助詞", "接続助詞"): "SCONJ",
    ("助詞", "終助詞"): "PART",
    ("助詞", "準体助詞"): "SCONJ",
    ("接尾辞", "名詞的"): "NOUN",
    ("接尾辞", "形状詞的"): "ADJ",
    ("接尾辞", "形容詞的"): "ADJ",
    ("接尾辞", "動詞的"): "VERB",
    ("補助記号", "空白"): "SPACE",
}


def upos(pos1: str, pos2: str = "") -> str:
    """The Universal POS for a UniDic part of speech (``X`` when unknown)."""
    return _UPOS2.get((pos1, pos2)) or _UPOS.get(pos1) or ("PART" if pos1 == "助詞" else "X")


class GlossaryJapaneseTokenizer(DummyTokenizer):
    """Split Japanese text with fugashi + UniDic into a spaCy ``Doc``.

    Whitespace that is not a single space after a token becomes its own
    ``SPACE`` token, as in spaCy's other tokenizers, so offsets are exact.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        pos: list[str] = []
        lemmas: list[str] = []
        morphs: list[str] = []

        def add_gap(gap: str) -> None:
            if not gap:
                return
            if words and not spaces[-1] and gap[0] == " " and pos[-1] != "SPACE":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                tags.append("空白")
                pos.append("SPACE")
                lemmas.append(gap)
                morphs.append("")

        cursor = 0
        for start, end, feat in _tag(text):
            add_gap(text[cursor:start])
            p1, p2, p3, p4 = (_field(feat, f"pos{i}") for i in range(1, 5))
            surface = text[start:end]
            words.append(surface)
            spaces.append(False)
            tags.append("-".join(p for p in (p1, p2, p3, p4) if p))
            pos.append(upos(p1, p2))
            lemmas.append(_lemma(_field(feat, "lemma"), surface))
            morphs.append(_morph(feat))
            cursor = end
        add_gap(text[cursor:])
        return Doc(self.vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=lemmas, morphs=morphs)


def _tag(text: str) -> list[tuple[int, int, Any]]:
    """(start, end, UniDic feature) per token, offsets into ``text``.

    NUL and lone surrogates are made taggable without changing any offset.
    """
    from glossary.text.tokenizer import taggable, tagger

    safe = taggable(text)
    out: list[tuple[int, int, Any]] = []
    cursor = 0
    for word in tagger()(safe):
        surface = word.surface
        if not surface:
            continue
        start = safe.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        out.append((start, cursor, word.feature))
    return out


def _field(feat: Any, name: str) -> str:
    value = getattr(feat, name, None)
    return "" if value in (None, "*") else str(value)


_GLOSS_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .'-]*")


def _morph(feat: Any) -> str:
    """``Inflection=type;form`` (GiNZA's convention) and ``Gloss=`` UniDic's loanword source word:
    what the glossary component reads to reuse these tokens (:class:`glossary.spacy.component.DocTokens`)."""
    from glossary.text.tokenizer import loanword_gloss

    out = []
    form = _field(feat, "cForm")
    if form:
        out.append(f"Inflection={_field(feat, 'cType')};{form}")
    gloss = loanword_gloss(_field(feat, "lemma"))
    if gloss and _GLOSS_VALUE.fullmatch(gloss):
        out.append(f"Gloss={gloss}")
    return "|".join(out)


def _lemma(lemma: str, surface: str) -> str:
    """UniDic's lemma without the loanword gloss (``エンコーダー-encoder`` -> ``エンコーダー``)."""
    if not lemma:
        return surface
    head, sep, _ = lemma.partition("-")
    return head if sep and head else lemma


@registry.tokenizers(TOKENIZER_NAME)  # type: ignore[untyped-decorator]
def create_tokenizer() -> Callable[[Language], GlossaryJapaneseTokenizer]:
    """The registered factory: ``{"@tokenizers": "glossary.JapaneseTokenizer.v1"}``."""

    def make(nlp: Language) -> GlossaryJapaneseTokenizer:
        return GlossaryJapaneseTokenizer(nlp.vocab)

    return make
