"""The bracket analysers on general classes of bracket found while testing (quality9).

Every sentence here is made up for the test; each case failed before its rule (the guards, marked,
passed before too and show where a rule stops).
"""

from __future__ import annotations

import pytest

import glossary
from glossary.extract.segments import classify, split_segments

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a letter or a code before a colon labels the gloss after it, with or without a space
    ("letter-label", "潮位は移動平均(M:Moving Average)で均す。", ("移動平均", "Moving Average")),
    ("letter-label-spaced", "潮位は移動平均(M: Moving Average)で均す。", ("移動平均", "Moving Average")),
    ("small-letter-label", "潮位は移動平均（m：Moving Average）で均す。", ("移動平均", "Moving Average")),
    ("code-label", "潮位は移動平均(Q7:Moving Average)で均す。", ("移動平均", "Moving Average")),
    ("code-label-spaced", "潮位は移動平均(Q7: Moving Average)で均す。", ("移動平均", "Moving Average")),
    # guard: an acronym of the gloss before its colon stays, spaced or not
    ("acronym-label", "潮位は移動平均(MA:Moving Average)で均す。", ("移動平均", "MA", "Moving Average")),
    ("acronym-label-spaced", "潮位は移動平均(MA: Moving Average)で均す。",
     ("移動平均", "MA", "Moving Average")),
    # a percent sign before a word: the share of what it names
    ("percent-word", "ディスク使用率（%util）を監視する。", ("ディスク使用率", "%util")),
    ("percent-acronym", "処理装置の使用率（%CPU）を見る。", ("使用率", "%CPU")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality9_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


# guards: each passed before the rules above and still must
NOT_DEFINITIONS: list[tuple[str, str]] = [
    ("ratio-of-letters", "多対多の関係(M:N)を表す。"),
    ("double-colon", "配列型(std::vector)を使う。"),
    ("reference-number", "原著論文(PMID:12345)を参照する。"),
    ("format-code", "長整数（%ld）で出力する。"),
    ("clock-time", "始業（9:30）に集まる。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality9_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md", keep_low=True) == []


def test_a_code_label_splits_at_its_colon_only() -> None:
    def texts(inner: str) -> list[str]:
        return [s.text for s in split_segments(inner, 0, len(inner))]

    assert texts("L:Moving Average") == ["L", "Moving Average"]
    assert texts("AR2:Moving Average") == ["AR2", "Moving Average"]
    assert texts("key:value") == ["key:value"]
    assert texts("PMID:12345") == ["PMID:12345"]
    assert texts("M:N") == ["M:N"]


def test_a_percent_sign_before_a_word() -> None:
    assert classify("%idle") == "en"
    assert classify("%CPU") == "abbr"
    assert classify("%d") == "other"
    assert classify("%lld") == "other"
    assert classify("% change") == "other"


def test_a_front_matter_title_is_read_as_the_documents_heading() -> None:
    def pairs(text: str) -> list[tuple[str, ...]]:
        found = glossary.find_definitions(text, doc="a.md")
        for d in found:
            assert all(text[p.start : p.end] == p.text for p in d.parts)
        return [tuple(p.text for p in d.parts) for d in found]

    heading = "# 逆伝播法 (Backpropagation) 入門\n\n本文です。\n"
    assert pairs(heading) == [("逆伝播法", "Backpropagation")]
    for front in (
        "---\ntitle: 逆伝播法 (Backpropagation) 入門\nauthor: 筆者 (Writer Name)\n---\n\n本文です。\n",
        "---\ntitle: '逆伝播法 (Backpropagation) 入門'\n---\n本文です。\n",
        '+++\ntitle = "逆伝播法 (Backpropagation) 入門"\n+++\n本文です。\n',
    ):
        assert pairs(front) == [("逆伝播法", "Backpropagation")], front
    # other keys stay masked
    assert pairs("---\nsubtitle: 逆伝播法 (Backpropagation) 入門\n---\n本文です。\n") == []


def test_a_gloss_no_word_of_which_the_term_translates_teaches_nothing() -> None:
    # one product name after several titles: the titles' shared word does not translate it
    text = (
        "---\ntitle: 圧縮の概要 (Data Vault) | 手引き\n---\n\n"
        "詳細は[圧縮の手順 &#40;Data Vault&#41;](a.md)を参照。\n\n"
        "詳細は[圧縮の確認 &#40;Data Vault&#41;](b.md)を参照。\n"
    )
    assert glossary.find_definitions(text, doc="a.md") == []
