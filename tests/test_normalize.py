"""Matching keys: variants that must agree, look-alikes that must not."""

from __future__ import annotations

import pytest

from glossary.normalize import abbr_key, en_key, fold, ja_key, key, lemma_en


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


def test_key_dispatches_on_role() -> None:
    assert key("SAEs", "abbr") == "SAE"
    assert key("Sparse Autoencoders", "en") == "sparseautoencoder"
    assert key("スパース・オートエンコーダ", "ja") == ja_key("スパースオートエンコーダー")


def test_empty_surfaces_give_empty_keys() -> None:
    assert ja_key("  ") == "" and en_key(" ") == "" and abbr_key("") == ""
