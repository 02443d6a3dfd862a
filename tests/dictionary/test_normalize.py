"""Matching keys: variants that must agree, look-alikes that must not."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.dictionary.normalize import abbr_key, en_key, fold, ja_key, key, lemma_en


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("スパース・オートエンコーダ", "スパースオートエンコーダ"),
        ("スパース・オートエンコーダ", "スパースオートエンコーダー"),
        ("スパース オートエンコーダ", "スパース･オートエンコーダー"),
        ("コンピュータ", "コンピューター"),
        ("組み合わせ", "組合せ"),
        ("組み合わせ最適化", "組合せ最適化"),
        ("トランスフォーマ", "トランスフォーマー"),
        ("ｻﾌﾞﾈｯﾄﾜｰｸ", "サブネットワーク"),
        ("ユーザ", "ユーザー"),
    ],
)
def test_ja_variants_share_a_key(a: str, b: str) -> None:
    assert ja_key(a) == ja_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("推定相互情報", "推定相互情報量"),
        ("学習率", "学習率スケジューラ"),
        ("カラー", "カラ"),  # two-mora words keep their long vowel
        ("実証", "概念実証"),
    ],
)
def test_ja_look_alikes_differ(a: str, b: str) -> None:
    assert ja_key(a) != ja_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sparse Autoencoders", "sparse autoencoder"),
        ("sparse auto-encoder", "Sparse Autoencoder"),
        ("prompt-based learning", "prompt based learning"),
        ("prompt‐based", "promptbased"),  # U+2010 hyphen
        ("Mixtures of Experts", "mixture of expert"),
        ("analyses", "analysis"),
        ("Word Embeddings", "word embedding"),
        ("Ｖｉｓｉｏｎ　Ｔｒａｎｓｆｏｒｍｅｒ", "vision transformer"),
        ("series", "Series"),
    ],
)
def test_en_variants_share_a_key(a: str, b: str) -> None:
    assert en_key(a) == en_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Estimated Mutual Information", "Mutual Information Neural Estimation"),
        ("Sparse Autoencoder", "Stacked Autoencoder"),
        ("learning", "learn"),  # gerunds are nouns in terms, not verb forms
        ("embedding", "embed"),
    ],
)
def test_en_look_alikes_differ(a: str, b: str) -> None:
    assert en_key(a) != en_key(b)


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("autoencoders", "autoencoder"),
        ("analysis", "analysis"),
        ("series", "series"),
        ("learning", "learning"),
        ("data", "datum"),
        ("boxes", "box"),
        ("gpt4", "gpt4"),
    ],
)
def test_lemma_en(word: str, lemma: str) -> None:
    assert lemma_en(word) == lemma


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("SAEs", "SAE"),
        ("SAE", "SAE"),
        ("ViTs", "ViT"),
        ("ViT", "ViT"),
        ("ＣＮＮ", "CNN"),
        ("LLMs", "LLM"),
        ("Ps", "Ps"),
        ("GPT-4s", "GPT-4"),
        ("SeMI", "SeMI"),
    ],
)
def test_abbr_key(surface: str, expected: str) -> None:
    assert abbr_key(surface) == expected


def test_abbr_case_is_meaningful() -> None:
    assert abbr_key("SeMI") != abbr_key("SEMI")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  a\u3000 b ", "a b"), ("“quoted”", '"quoted"'), ("a\u2013b", "a-b"), ("（ＳＡＥ）", "(SAE)")],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def _fold_two_passes(text: str) -> str:
    """fold as it was written first: NFKC, then the dashes, then the quotes, each table in turn."""
    import unicodedata

    from glossary.dictionary.normalize import _DASHES, _QUOTES, _WS

    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    return _WS.sub(" ", text).strip()


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from(" `'\u2010\u2019\u201c\uff40\u3000"),
        max_size=20,
    )
)
def test_fold_in_one_pass_is_the_two_tables_in_turn(text: str) -> None:
    """fold (ASCII skips NFKC; one merged table otherwise, for speed) = NFKC, dashes, then quotes."""
    assert fold(text) == _fold_two_passes(text)
    ascii_only = "".join(c for c in text if c.isascii())
    assert fold(ascii_only) == _fold_two_passes(ascii_only)


def test_fold_of_every_character_is_the_two_tables_in_turn() -> None:
    every = "".join(chr(c) for c in range(0x11_0000) if not 0xD800 <= c < 0xE000)
    assert fold(every) == _fold_two_passes(every)
    assert fold("".join(map(chr, range(0x80))) * 2) == _fold_two_passes("".join(map(chr, range(0x80))) * 2)


def test_key_dispatches_on_role() -> None:
    assert key("SAEs", "abbr") == "SAE"
    assert key("Sparse Autoencoders", "en") == "sparseautoencoder"
    assert key("スパース・オートエンコーダ", "ja") == ja_key("スパースオートエンコーダー")


def test_empty_surfaces_give_empty_keys() -> None:
    assert ja_key("  ") == "" and en_key(" ") == "" and abbr_key("") == ""


def _spacy_noun_lemmatiser() -> Any:
    """spaCy's English rule lemmatiser over spacy-lookups-data: what the shipped tables were built from."""
    pytest.importorskip("spacy_lookups_data", reason="spacy-lookups-data is a test extra")
    import spacy

    nlp = spacy.blank("en")
    lem = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    nlp.initialize()
    return lem


def test_lemma_en_agrees_with_spacy_on_its_own_tables() -> None:
    """Every exception, a spread of the index and plurals of it, plus made-up words: the same lemma as
    the spaCy-based lemmatiser this replaced (exceptions, then the index, then spaCy's rules for a NOUN)."""
    from spacy.tokens import Doc

    lem = _spacy_noun_lemmatiser()
    index_table = lem.lookups.get_table("lemma_index")["noun"]
    exc_table = lem.lookups.get_table("lemma_exc")["noun"]
    index = sorted(w for w in index_table if w.isalpha())
    words = {w for w in exc_table if w.isalpha()} | set(index[::40])
    for stem in index[::97]:  # the rules: s, ses, ves, xes, zes, ches, shes, men, ies
        words.update({stem + "s", stem + "es", stem[:-1] + "ies", stem[:-1] + "ves", stem + "men"})
    words.update(["autoencoders", "transformers", "embeddings", "glossaries", "qwertzes", "zzzmen", "sss"])
    words = sorted({w.lower() for w in words if w.isalpha() and len(w) > 2})
    assert len(words) > 3000
    doc = lem(Doc(lem.vocab, words=words, pos=["NOUN"] * len(words)))
    ruled = {t.text: t.lemma_ or t.text for t in doc}
    expected = {w: exc_table[w][0] if w in exc_table else w if w in index_table else ruled[w] for w in words}
    differ = {w: (lemma_en(w), expected[w]) for w in words if lemma_en(w) != expected[w]}
    assert not differ, sorted(differ.items())[:20]


def test_lemma_en_needs_no_spacy() -> None:
    """English normalisation loads the shipped tables only: spaCy stays unimported (it costs ~0.9 s)."""
    code = (
        "import sys; from glossary.dictionary.normalize import en_key; "
        "assert en_key('Sparse Autoencoders') == 'sparseautoencoder'; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
