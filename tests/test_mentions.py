"""Mentions: exact offsets, whole Latin words, acronym senses in force."""

from __future__ import annotations

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
