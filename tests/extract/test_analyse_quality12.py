"""The bracket analysers on general classes of bracket found while testing (quality12).

Every sentence here is made up for the test; each case failed before its rule (the guards, marked,
passed before too and show where a rule stops).
"""

from __future__ import annotations

import pytest

import glossary

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # two English names of several words, slashed: two glosses, as 、 and " or " give them
    ("slashed-names", "圧縮定理（packing theorem / lossless packing theorem）を示す。",
     ("圧縮定理", "packing theorem", "lossless packing theorem")),
    ("slashed-names-long", "圧縮定理（tight packing theorem / noiseless packing theorem）を示す。",
     ("圧縮定理", "tight packing theorem", "noiseless packing theorem")),
    ("slashed-names-unspaced", "頑健推定法（robust fitting/outlier-resistant fitting）を用いる。",
     ("頑健推定法", "robust fitting", "outlier-resistant fitting")),
    ("slashed-names-heading", "## 圧縮定理（tight packing theorem / noiseless packing theorem）\n\n本文。",
     ("圧縮定理", "tight packing theorem", "noiseless packing theorem")),
    # guard: a slash with one word on a side binds one name's halves
    ("slashed-halves", "入出力（input / output）を示す。", ("入出力", "input / output")),
    ("slashed-halves-head", "入出力装置（input/output device）を使う。",
     ("入出力装置", "input/output device")),
    ("slashed-halves-spaced", "読み書き制御（read / write control）を使う。",
     ("読み書き制御", "read / write control")),
    # a lone kanji UniDic tags by another sense (偶 as an adverb), bound to the noun after it, and
    # rendered by the English word before the term's own
    ("bound-kanji", "偶系列（even series）を考える。", ("偶系列", "even series")),
    ("bound-kanji-after-modifier", "その偶系列（even series）を考える。", ("偶系列", "even series")),
    # guard: a prefix UniDic tags as one was always kept
    ("prefix", "奇系列（odd series）を考える。", ("奇系列", "odd series")),
    # two kanji nouns whose dictionary senses miss the technical one: not evidence against the pair
    ("kanji-compound-unaligned", "追従偏差（tracking error）は小さい。", ("追従偏差", "tracking error")),
    ("kanji-compound-thermal", "温度偏差（thermal error）は小さい。", ("温度偏差", "thermal error")),
    # a suffix that translates one word does not use up the noun before it: not cut short
    ("suffix-hit-not-saturated", "この系の平衡値（final value）は小さい。", ("平衡値", "final value")),
    ("suffix-hit-not-saturated-2", "この炉の安定値（settled value）は小さい。", ("安定値", "settled value")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality12_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


def test_slashed_names_are_english_forms_of_one_definition() -> None:
    text = "圧縮定理（packing theorem / lossless packing theorem）を示す。"
    (d,) = glossary.find_definitions(text, doc="a.md")
    assert [p.role for p in d.parts] == ["ja", "en", "en"]


# guards: each passed before the rules above and still must
NOT_DEFINITIONS: list[tuple[str, str]] = [
    # the term translates neither name
    ("slashed-names-untranslated", "圧縮定理（packing rule / lossless packing rule）を示す。"),
    # a loanword beside a noun, or one short word, still contradicts a name
    ("loanword-contradicts", "保存モデル（Star Engine）を選ぶ。"),
    ("short-word-contradicts", "目次（Load Balancer）を見る。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality12_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []
