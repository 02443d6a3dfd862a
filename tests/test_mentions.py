"""Mentions: exact offsets, whole Latin words, acronym senses in force."""

from __future__ import annotations

import pytest

from glossary.dictionary import Glossary
from glossary.mentions import find_mentions
from glossary_helpers import defn

TEXT_A = "Sparse Autoencoder(SAE)を使う。SAEは疎な表現を学ぶ。SAEsの比較。XSAE は無関係。"
TEXT_B = "Stacked Autoencoder(SAE)を事前学習に使う。このSAEは深い。"


def glossary() -> Glossary:
    return Glossary.from_definitions(
        [
            defn(None, "Sparse Autoencoder", "SAE", doc="a.md", start=0),
            defn(None, "Stacked Autoencoder", "SAE", doc="b.md", start=0),
            defn("スパース", "sparse autoencoders", "SAEs", doc="c.md", start=0),
        ]
    )


def test_offsets_are_exact_and_words_whole() -> None:
    ms = find_mentions(glossary(), TEXT_A, doc="a.md")
    assert all(TEXT_A[m.start : m.end] == m.surface for m in ms)
    assert [m.surface for m in ms] == ["Sparse Autoencoder", "SAE", "SAE", "SAEs"]  # not the SAE inside XSAE


def test_acronym_sense_in_force_per_document() -> None:
    g = glossary()
    a = [m for m in g.mentions(TEXT_A, doc="a.md") if m.surface == "SAE"]
    b = [m for m in g.mentions(TEXT_B, doc="b.md") if m.surface == "SAE"]
    assert {m.id for m in a} == {"sparse-autoencoder"} and {m.how for m in a} == {"in-force"}
    assert {m.id for m in b} == {"stacked-autoencoder"}
    assert a[0].candidates == ("sparse-autoencoder", "stacked-autoencoder")


def test_undefined_in_this_document_stays_ambiguous() -> None:
    (m,) = [m for m in glossary().mentions("SAEの話。", doc="z.md")]
    assert m.id is None and m.how == "ambiguous" and len(m.candidates) == 2


def test_empty_glossary_finds_nothing() -> None:
    assert Glossary().mentions("SAE") == []


# --- the matcher: traps ---------------------------------------------------------------------------


def terms() -> Glossary:
    return Glossary.from_definitions(
        [
            defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="a.md", start=0),
            defn("エンコーダ", "encoder", None, doc="a.md", start=100),
            defn("勾配降下法", "gradient descent", None, doc="a.md", start=200),
            defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="a.md", start=300),
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surface inside a longer known term: the longer one only
        ("確率的勾配降下法を使う。", [("確率的勾配降下法", True)]),
        ("勾配降下法を使う。", [("勾配降下法", True)]),
        # inside code, maths, a link target, a URL, an HTML comment: nothing
        ("`SAE` と $SAE$\n```\nSAE\n```\n", []),
        ("[説明](https://example.com/SAE) と https://example.com/SGD と <!-- SAE -->", []),
        # a Latin surface inside a longer word (letters or digits): nothing; its plural: yes
        ("XSAE と SAE2 と SAE_x", []),
        ("SAEs を比べる。", [("SAEs", True)]),
        ("SAEを使う(SAE)。", [("SAE", True), ("SAE", True)]),
        # a katakana surface inside a longer katakana word: nothing
        ("オートエンコーダーを使う。", []),
        ("エンコーダーを使う。", [("エンコーダー", False)]),
        # spellings the glossary has not seen, found by folding: ー, ・, width, hyphen / space / case
        ("スパースオートエンコーダーを使う。", [("スパースオートエンコーダー", False)]),
        ("ｽﾊﾟｰｽ･ｵｰﾄｴﾝｺｰﾀﾞを使う。", [("ｽﾊﾟｰｽ･ｵｰﾄｴﾝｺｰﾀﾞ", False)]),
        ("ＳＡＥを使う。", [("ＳＡＥ", False)]),
        ("a sparse auto-encoder here", [("sparse auto-encoder", False)]),
        ("Stochastic gradient-descent works", [("Stochastic gradient-descent", False)]),
        # an acronym differing in case is another word, not a spelling
        ("Sae は人名。", []),
    ],
)
def test_mention_table(text: str, expected: list[tuple[str, bool]]) -> None:
    ms = terms().mentions(text, doc="z.md")
    assert [(m.surface, m.known) for m in ms] == expected
    assert all(text[m.start : m.end] == m.surface for m in ms)


def test_offsets_after_astral_characters_and_combining_marks() -> None:
    text = "😀👩‍👩‍👧 か\u3099 SAE と ｽﾊﾟｰｽｵｰﾄｴﾝｺｰﾀﾞ"
    ms = terms().mentions(text)
    assert [text[m.start : m.end] for m in ms] == ["SAE", "ｽﾊﾟｰｽｵｰﾄｴﾝｺｰﾀﾞ"]


def test_canonical_and_role_are_given() -> None:
    (m,) = terms().mentions("スパースオートエンコーダー")
    assert (m.id, m.role, m.canonical) == ("sparse-autoencoder", "ja", "スパース・オートエンコーダ")


def test_definitions_in_the_text_settle_the_sense() -> None:
    from glossary.extract import find_definitions

    text = "Stacked Autoencoder(SAE)を使う。そのSAEは深い。"
    defs = find_definitions(text, doc="new.md")
    (m,) = [m for m in glossary().mentions(text, doc="new.md", definitions=defs) if m.start > 25]
    assert m.id == "stacked-autoencoder" and m.how == "in-force"


def test_index_is_built_once_and_rebuilt_after_update() -> None:
    g = terms()
    assert g.mention_index() is g.mention_index()
    g.update([defn("ニューロン", "neuron", None, doc="n.md")])
    assert [m.surface for m in g.mentions("ニューロンを見る")] == ["ニューロン"]


def test_large_glossary_one_pass() -> None:
    """10^4 surfaces: the automaton finds each planted term exactly once, in order."""
    words = [f"Term{i:05d}" for i in range(10_000)]
    g = Glossary.from_definitions(
        [defn(None, w, f"TX{i}", doc="a.md", start=i * 20) for i, w in enumerate(words)]
    )
    text = " ".join(words[::997])
    assert [m.surface for m in g.mentions(text)] == words[::997]
