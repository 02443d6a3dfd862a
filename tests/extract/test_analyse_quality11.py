"""The bracket analysers on general classes of bracket found while testing (quality11).

Every sentence here is made up for the test; each case failed before its rule (the guards, marked,
passed before too and show where a rule stops).
"""

from __future__ import annotations

import pytest

import glossary
from glossary.extract.segments import is_quantity


def _surfaces(text: str) -> list[tuple[str, ...]]:
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)
    return [tuple(p.text for p in d.parts) for d in found]


# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # an English name and its acronym inside a bracket define each other after a Latin word that is not
    # that name (a broader name, a product)
    ("latin-head", "Quux（Quiet Sleep Mode、QSM）で通信する。", ("Quiet Sleep Mode", "QSM")),
    ("latin-head-colon", "Quux（Quiet Sleep Mode: QSM）で通信する。", ("Quiet Sleep Mode", "QSM")),
    ("latin-head-acronym-first", "Quux（QSM: Quiet Sleep Mode）で通信する。", ("QSM", "Quiet Sleep Mode")),
    # ... and after a hedging adverb: the bracket narrows the term before it, it does not translate it
    ("hedge-mainly", "省電力方式（主にQuiet Sleep Mode、QSM）を使う。", ("Quiet Sleep Mode", "QSM")),
    ("hedge-mainly-kana", "省電力方式（おもにQuiet Sleep Mode、QSM）を使う。", ("Quiet Sleep Mode", "QSM")),
    ("hedge-especially", "省電力方式（特にQuiet Sleep Mode、QSM）を使う。", ("Quiet Sleep Mode", "QSM")),
    ("hedge-acronym-first", "省電力方式（主にQSM: Quiet Sleep Mode）を使う。", ("QSM", "Quiet Sleep Mode")),
    ("hedge-comma", "省電力方式（主に、Quiet Sleep Mode、QSM）を使う。", ("Quiet Sleep Mode", "QSM")),
    ("hedge-after-latin", "Quux（主にQuiet Sleep Mode、QSM）で通信する。", ("Quiet Sleep Mode", "QSM")),
    # guards: a Japanese term before the bracket and no hedge keeps all three
    ("ja-head", "省電力方式（Quiet Sleep Mode、QSM）を使う。", ("省電力方式", "Quiet Sleep Mode", "QSM")),
    ("en-acr", "主にQuiet Sleep Mode（QSM）を使う。", ("Quiet Sleep Mode", "QSM")),
    # X な N（adjective）: the gloss translates the adjectival noun X only
    ("na-adjective", "有限な集合（finite）を考える。", ("有限", "finite")),
    ("na-adjective-teki", "決定的な処理（deterministic）を行う。", ("決定的", "deterministic")),
    ("na-adjective-katakana", "スパースな行列（sparse）を扱う。", ("スパース", "sparse")),
    ("na-adjective-hyphen", "NP完全な問題(NP-complete)を考える。", ("NP完全", "NP-complete")),
    ("na-adjective-unaligned", "冪等な操作（idempotent）を設計する。", ("冪等", "idempotent")),
    ("na-adjective-unaligned-2", "安定な解（stable）を得る。", ("安定", "stable")),
    # ... and a gloss of the phrase whose adjective the lexicon does not know keeps the adjective
    ("na-phrase-unaligned", "可換な群（abelian group）を考える。", ("可換な群", "abelian group")),
    ("na-phrase-unaligned-2", "冪等な操作（idempotent operation）を設計する。",
     ("冪等な操作", "idempotent operation")),
    # guard: a word of the term that translates nothing may be the adjective's, the modifier stays out
    ("na-phrase-unsaturated", "素朴な畳込み演算（convolutional operation）を使う。",
     ("畳込み演算", "convolutional operation")),
    # guards: a gloss that names the noun too keeps the whole phrase; a modifier it leaves out stays out
    ("na-phrase", "有限な体（finite field）を考える。", ("有限な体", "finite field")),
    ("na-phrase-hyphen", "NP完全な問題(NP-complete problem)を考える。",
     ("NP完全な問題", "NP-complete problem")),
    ("na-phrase-katakana", "スパースな行列（sparse matrix）を扱う。", ("スパースな行列", "sparse matrix")),
    ("na-modifier", "安価なメッセージキュー（message queue）を使う。", ("メッセージキュー", "message queue")),
    ("na-noun-gloss", "高速な近似最近傍探索（ANN）を行う。", ("近似最近傍探索", "ANN")),
    # guards: a number the gloss spells is part of the acronym
    ("numbered-acronym", "2PC（二相コミット）を採る。", ("2PC", "二相コミット")),
    ("numbered-acronym-2", "5G（第5世代移動通信システム）を導入する。", ("5G", "第5世代移動通信システム")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality11_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    assert surfaces in _surfaces(text)


NOT_DEFINITIONS: list[tuple[str, str]] = [
    # a number glued to a unit: an amount of what the gloss names
    ("rate", "転送速度は12Gbps（ギガビット毎秒）に達する。"),
    ("rate-decimal", "回線は2.5Tbps（テラビット毎秒）で動く。"),
    ("size", "記憶容量は16GB（ギガバイト）ある。"),
    ("size-one-digit", "容量は3TB（テラバイト）である。"),
    ("throughput", "処理性能は10TFLOPS（テラフロップス）に及ぶ。"),
    # guards
    ("measurement", "周波数は2.4GHz（ギガヘルツ）である。"),
    ("example", "省電力方式（例えばQuiet Sleep Mode、QSM）を使う。"),
    ("hedge-one-gloss", "省電力方式（主にQuiet Sleep Mode）を使う。"),
    ("hedge-acronym-alone", "省電力方式（主にQSM）を使う。"),
    ("latin-head-english-alone", "Quux（Quiet Sleep Mode）で通信する。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality11_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md", keep_low=True) == []


def test_a_unit_alone_is_still_read() -> None:
    # the unit without a number is its own symbol: unchanged (an optional concept in the annotation)
    assert ("Gbps", "ギガビット毎秒") in _surfaces("単位にはGbps（ギガビット毎秒）を用いる。")


def test_a_quantity_is_a_number_glued_to_what_it_counts() -> None:
    for word in ("12Gbps", "2.5Tbps", "800Gbps", "16GB", "3TB", "77MWe", "10TFLOPS"):
        assert is_quantity(word), word
    for word in ("3DCG", "2PC", "5G", "P2P", "B2B", "Gbps"):
        assert not is_quantity(word), word


def test_the_hedged_pair_does_not_take_the_term_before_it() -> None:
    found = _surfaces("省電力方式（主にQuiet Sleep Mode、QSM）を使う。")
    assert found == [("Quiet Sleep Mode", "QSM")]


def test_three_glosses_after_a_hedge_are_left_alone() -> None:
    # the Japanese may translate only part of the English: nothing is guessed
    assert _surfaces("データ（主にテキスト、Text Data、TD）を扱う。") == []


# a line break inside a paragraph or a list item: the writer wrapped the source, the term goes on
WRAPPED: list[tuple[str, str, str]] = [
    ("paragraph", "音声の時間\n分解能（temporal resolution）を上げる。", "時間\n分解能"),
    ("paragraph-acronym", "音声の時間\n分解能（TR）を上げる。", "時間\n分解能"),
    ("list-lazy", "* 音の特徴\n  * 左右の耳の時間\n分解能（temporal resolution: TR）を比べる。",
     "時間\n分解能"),
    ("list-indented", "- 音声の時間\n  分解能（temporal resolution）を上げる。", "時間\n  分解能"),
    # guards: a heading, a blank line, a sentence end, a label line or a table row end the term
    ("heading", "# 見出しの時間\n分解能（temporal resolution）を上げる。", "分解能"),
    ("blank-line", "音声の時間\n\n分解能（temporal resolution）を上げる。", "分解能"),
    ("sentence-end", "音声の時間。\n分解能（resolution）を上げる。", "分解能"),
    ("label-line", "結果\n精度（accuracy）は高い。", "精度"),
    ("table-row", "| 時間 |\n| 分解能（resolution） |", "分解能"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "ja"), [c[1:] for c in WRAPPED], ids=[c[0] for c in WRAPPED])
def test_a_term_is_read_across_a_soft_line_break(text: str, ja: str) -> None:
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    assert [d.ja.text for d in found if d.ja is not None] == [ja]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


def test_a_wrapped_term_is_shown_without_its_line_break() -> None:
    found = glossary.find_definitions("音声の時間\n分解能（temporal resolution）を上げる。", doc="a.md")
    assert found[0].ja is not None and found[0].ja.clean == "時間分解能"
