"""Typed, explainable links between entries."""

from __future__ import annotations

import pytest

from glossary.dictionary.glossary import Glossary
from glossary.dictionary.links import INVERSE
from glossary_helpers import defn


@pytest.fixture(scope="module")
def g() -> Glossary:
    return Glossary.from_definitions(
        [
            defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="a.md"),
            defn("積層オートエンコーダ", "Stacked Autoencoder", "SAE", doc="b.md"),
            defn("オートエンコーダ", "autoencoder", doc="a.md", start=50),
            defn("トランスフォーマー", "Transformer", doc="c.md"),
            defn("ビジョン・トランスフォーマー", "Vision Transformer", "ViT", doc="c.md", start=40),
            defn("相互情報", "information gain", doc="d.md"),
            defn("推定相互情報", "Estimated Mutual Information", "EMI", doc="d.md", start=30),
            defn("推定相互情報量", "Mutual Information Neural Estimation", "MINE", doc="d.md", start=90),
            defn("意味情報", "Semantic Mutual Information", "SeMI", doc="d.md", start=150),
            defn("学習率", "learning rate", doc="e.md"),
            defn("学習率スケジューラ", "learning rate scheduler", doc="e.md", start=30),
            defn("パッチ", "patch", doc="f.md"),
            defn("活性化パッチング", "activation patching", doc="f.md", start=20),
            defn("活性化", "activation", doc="f.md", start=60),
        ]
    )


def kinds(g: Glossary, a: str, b: str) -> list[str]:
    ea, eb = g.lookup(a).entry, g.lookup(b).entry
    assert ea is not None and eb is not None
    return [link.type for link in ea.related if link.id == eb.id]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Sparse Autoencoder", "Stacked Autoencoder", ["homonym"]),
        ("Sparse Autoencoder", "autoencoder", ["broader"]),
        ("autoencoder", "Stacked Autoencoder", ["narrower"]),
        ("Vision Transformer", "Transformer", ["broader"]),
        ("推定相互情報", "相互情報", ["broader"]),  # Japanese head containment
        ("推定相互情報", "推定相互情報量", ["related"]),  # look-alikes: one inside the other, not as head
        ("Estimated Mutual Information", "Semantic Mutual Information", ["related"]),  # shared component
        ("学習率", "学習率スケジューラ", ["related"]),
        ("Transformer", "autoencoder", []),
        ("パッチ", "活性化パッチング", []),  # パッチ is inside the word パッチング, not a component
        ("活性化", "活性化パッチング", ["related"]),
    ],
)
def test_link_types(g: Glossary, a: str, b: str, expected: list[str]) -> None:
    assert kinds(g, a, b) == expected


def test_links_go_both_ways_and_explain_themselves(g: Glossary) -> None:
    for e in g:
        for link in e.related:
            back = [x for x in g[link.id].related if x.id == e.id]
            assert [x.type for x in back] == [INVERSE[link.type]]
            assert back[0].why == link.why and link.why


def test_why_names_the_surfaces(g: Glossary) -> None:
    e = g.lookup("Vision Transformer").entry
    assert e is not None
    (link,) = e.links("broader")
    assert "Vision Transformer" in link.why and "Transformer" in link.why
    homonym = g.lookup("Sparse Autoencoder").entry.links("homonym")  # type: ignore[union-attr]
    assert homonym[0].why == "both are abbreviated SAE"


def test_only_the_nearest_broader_term_is_linked() -> None:
    g = Glossary.from_definitions(
        [
            defn("情報", "information"),
            defn("相互情報", "mutual information", start=20),
            defn("推定相互情報", "estimated mutual information", start=40),
        ]
    )
    e = g.lookup("estimated mutual information").entry
    assert e is not None
    assert [g[link.id].en for link in e.links("broader")] == ["mutual information"]
