"""The bracket analysers on the third unseen set's classes (quality4): what a bracket's shape says.

Every sentence here is made up for the test; each case failed before its rule.
"""

from __future__ import annotations

import pytest

import glossary

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a slash between an English and a Japanese gloss offers two names of the term before the bracket
    ("slash-en-ja", "脊髄の**運動神経（motor nerve／遠心性神経）**が働く。",
     ("運動神経", "motor nerve", "遠心性神経")),
    ("slash-ja-en", "光は**網膜（視覚膜／retina）**で受け取る。", ("網膜", "視覚膜", "retina")),
    ("slash-ascii-ja-en", "光は**網膜（視覚膜/retina）**で受け取る。", ("網膜", "視覚膜", "retina")),
    # a full-width slash between two English names: the term translates one of them
    ("slash-two-names", "**細胞核（nucleus／cell nucleus）**：遺伝情報を収める。",
     ("細胞核", "nucleus", "cell nucleus")),
    # two English names joined by "or", each of two words or more
    ("or-two-names", "**転写因子（Transcription factor or Gene regulator、調節因子）**とは",
     ("転写因子", "Transcription factor", "Gene regulator", "調節因子")),
    # a circled or enclosed numeral numbers a list item: it is no part of the term after it
    ("circled-numeral", "鑑別の順：\n①大動脈解離（AAD）→次に", ("大動脈解離", "AAD")),
    ("circled-numeral-latin", "①Acute Kidney Injury (AKI) を除外する。", ("Acute Kidney Injury", "AKI")),
    # AかBか: alternatives the English joins with "or" belong to the term
    ("alternatives-or", "判定は<b>白か黒かの判断（black-or-white decision）</b>になる。",
     ("白か黒かの判断", "black-or-white decision")),
    # a method named by its acronym, glossed by its Japanese name with the same head
    ("acronym-headed", "## 4. PCR法（ポリメラーゼ連鎖反応法）\n\n本文。",
     ("PCR法", "ポリメラーゼ連鎖反応法")),
    # a straight quote bounds the Latin term before a bracket, as a quotation mark does
    ("quote-bounds-term", 'note: "RNA（リボ核酸）は細胞に多い。"', ("RNA", "リボ核酸")),
    # an acronym that needs letters of both conjuncts glosses the coordination
    ("coordination-spelled", "欧州では研究開発および技術革新（RDI）の予算が増えた。",
     ("研究開発および技術革新", "RDI")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality4_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


# what a bracket says rather than glosses (each failed before its rule)
NOT_DEFINITIONS: list[tuple[str, str]] = [
    # a unit symbol alone in a bracket is the unit of the quantity before it, not its acronym
    ("unit-alone", "* 引張強さ（GPa）"),
    ("unit-quotient", "掃引する周波数の変化率（kHz/s）を決める。"),
    ("unit-reciprocal", "波の減衰率（1/s）である。"),
    # a measurement or a range with its unit in the bracket
    ("range-in-bracket", "- 地盤の卓越振動（2-8 Hz）"),
    ("measurement-in-bracket", "1立方フィート（28 L）あたりの量。"),
    # a measurement before a bracket, with a condition or a note inside
    ("range-before", "* **線材** : 直径3-6 mm（高延性）"),
    # a number with its counter glossed by a time zone
    ("count-time-zone", "**09時（UTC）の観測**では"),
    # one letter before a bracket: a label of the word it ends (ルートB) or a unit
    ("letter-label", "・ルートB（迂回経路）：条件"),
    # a heading that ends with its bracket and reads as a phrase: the bracket translates the title
    ("heading-title", "## 1. 本研究の目的 (Motivation)\n\n本文。"),
    ("heading-title-partial", "## 3. 鍵となる仮説 (Key Hypothesis)\n"),
    # an English label and a condition on when it applies
    ("label-condition", "* **温度** : Offset（校正済みの場合）"),
    # one English label followed by different Japanese descriptions: a field described item by item
    ("label-described-twice",
     "## 2 通知\n\n**Action（通知メールの送信）**：\n\n## 4 停止\n\n**Action（アカウント停止）**：\n"),
    # a category word glossed by one proper name: a member of the category, not a translation
    ("category-instance", "既存の認証方式と新しい採用ライブラリ（Pandora）を組み合わせる。"),
    # a proper noun glossed by another name: a subsidiary, a brand (or a reading, optional anyway)
    ("proper-noun-other-name", "#### 東芝（Kioxia）\n\n本文。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality4_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []


def test_unit_symbols_and_acronyms_are_told_apart() -> None:
    from glossary.extract.segments import is_measurement, is_unit

    assert all(is_unit(u) for u in ("MPa", "kHz", "mm", "J/m²", "1/m", "kg/ha", "m·s⁻¹", "keV"))
    # capitals alone, pH, a symbol with a power that is not a unit's
    assert not any(is_unit(u) for u in ("MS", "GW", "TB", "pH", "Tg", "h2", "mAb", "eGFR", "5-HT"))
    assert all(is_measurement(m) for m in ("645 mm²", "1-20 Hz", "5–15 μm", "<8 kg/ha", "10%"))
    assert not any(is_measurement(m) for m in ("5G", "2020", "1-20", "B2B"))
    # an acronym after a term still glosses it
    found = glossary.find_definitions("ガラス転移温度（Tg）を測る。", doc="a.md")
    assert [(d.ja.text, d.abbr.text) for d in found if d.ja and d.abbr] == [("ガラス転移温度", "Tg")]


# guards: what a rule must not reach (they passed before it too)
REJECTED: list[tuple[str, str]] = [
    # two things listed with a slash after a term that translates neither: no definition
    ("slash-listed-things", "- **音声入力**（Windows / 標準機能）"),
    # a bracket with another head says something about the acronym-named method
    ("acronym-headed-aside", "増幅はPCR法（高感度）で行う。"),
    # alternatives (または) are no one thing an acronym abbreviates
    ("coordination-alternatives", "欧州では研究開発または技術革新（RDI）の予算が増えた。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in REJECTED], ids=[c[0] for c in REJECTED])
def test_quality4_rejected(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []


def test_an_unspaced_ascii_slash_between_english_words_binds_one_name() -> None:
    # read/write is one gloss, never two names of the term
    found = glossary.find_definitions("ファイルの読み書き（read/write）を許す。", doc="a.md", keep_low=True)
    assert all(p.text != "read" for d in found for p in d.parts)


def test_enumerators_are_told_by_their_unicode_name() -> None:
    from glossary.extract.japanese import is_enumerator

    assert all(is_enumerator(c) for c in "①⑳㉑⑴❶⒈㈠Ⓐⓐ㊀")
    assert not any(is_enumerator(c) for c in "¹1一A")  # an isotope's superscript, digits, letters


def test_alternatives_join_the_term_only_when_the_english_says_or() -> None:
    found = glossary.find_definitions("白か黒かの判断（final decision）", doc="a.md", keep_low=True)
    assert [d.ja.text for d in found if d.ja] == ["判断"]


def test_a_heading_title_whose_words_are_the_gloss_still_defines() -> None:
    found = glossary.find_definitions("## Transformerの自己注意（self-attention）\n", doc="a.md")
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [("自己注意", "self-attention")]


def test_a_label_glossed_twice_keeps_the_gloss_that_translates_it() -> None:
    text = "要求はQueue（待ち行列）に入れる。ここでのQueue（処理順の一覧の意味）は別物。"
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    assert [(d.en.text, d.ja.text) for d in found if d.en and d.ja] == [("Queue", "待ち行列")]
