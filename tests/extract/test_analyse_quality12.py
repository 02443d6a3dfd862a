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
    # a question mark after a rendering of a name: the writer's hedge, the gloss still translates
    ("hedged-japanese", "glowworm cluster (蛍火星団？) が見える。", ("glowworm cluster", "蛍火星団")),
    ("hedged-japanese-ascii", "glowworm cluster (蛍火星団?) が見える。", ("glowworm cluster", "蛍火星団")),
    ("hedged-english", "蛍火星団（glowworm cluster？）が見える。", ("蛍火星団", "glowworm cluster")),
    # guards: a glued call with plain arguments, a name glued to its acronym and gloss
    ("glued-long-form", "Support Vector Machine(SVM, サポートベクターマシン)を使う。",
     ("Support Vector Machine", "SVM", "サポートベクターマシン")),
    # guard: a caption before code whose gloss the term translates
    ("caption-translated", "勾配降下法（gradient descent）:\n\n```python\ngd()\n```\n",
     ("勾配降下法", "gradient descent")),
    # guard: a label before prose, not code
    ("label-before-prose", "処理結果（rawlog）:\n\n本文です。\n", ("処理結果", "rawlog")),
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
    # a function called in prose: a name glued to "(", arguments split by commas, one an identifier
    ("call-camel-case", "上限は min(betaLimit, 現在の上限値) とする。"),
    ("call-camel-case-spaced-inside", "上限は max( betaLimit, 現在の上限値) とする。"),
    ("call-other-name", "上限は clamp(maxRetryCount, 再試行の上限) とする。"),
    # a line captioning the code below it: the Latin name in its bracket names what the code prints
    ("caption-before-fence", "実行結果（rawlog）:\n\n```\nok 1\n```\n"),
    ("caption-before-indented-code", "処理結果（errlog）：\n\n    ok 1\n"),
    # a question asked in a bracket is no hedged gloss
    ("question-word", "GPU（本当？）を使う。"),
    ("question-english", "この手法（why?）を使う。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality12_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []
