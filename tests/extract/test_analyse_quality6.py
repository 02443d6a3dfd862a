"""The bracket analysers on general classes of bracket found while testing (quality6).

Every sentence here is made up for the test; each case failed before its rule (the guards, marked,
passed before too and show where a rule stops).
"""

from __future__ import annotations

import pytest

import glossary

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a hyphen and two digits close a coined name: no item number of a series
    ("coined-name-number", "来春は観光列車（Aurora-28）が走る。", ("観光列車", "Aurora-28")),
    # 用語（ACR、aside）: the acronym glosses the term before the bracket; a classification after it is aside
    ("acronym-then-aside", "観測は超長基線電波干渉法（VLBI, 電波天文学の観測法の一つ）による。",
     ("超長基線電波干渉法", "VLBI")),
    # ... and another name with the term's head joins it
    ("acronym-then-variant", "軌道上の国際宇宙ステーション（ISS、宇宙ステーション）を見る。",
     ("国際宇宙ステーション", "ISS", "宇宙ステーション")),
    # a kanji UniDic reads as a suffix after a quote starts the term: no word stands before it
    ("suffix-after-quote", 'label = "用水路（IC）の整備"', ("用水路", "IC")),
    # a straight quote at a word's edge opens a quotation: code text before it is no part of the term
    ("quote-opens-name", "  {key:'cfg',label:'ATC（自動列車制御装置）',kind:'part'}",
     ("ATC", "自動列車制御装置")),
    ("quote-after-key", "  '4.2': 'Slow Cooking Recipes（スロークッキングレシピ）など",
     ("Slow Cooking Recipes", "スロークッキングレシピ")),
    # ... while an apostrophe inside a word stays
    ("apostrophe-kept", "Kepler's Laws（ケプラーの法則）が成り立つ。", ("Kepler's Laws", "ケプラーの法則")),
    # a number heading a table cell numbers the row; the counter after a number still keeps it
    ("row-number", "| 段階 | 内容 |\n|---|---|\n| 3 駅舎 (Station Building) | 木造 |\n",
     ("駅舎", "Station Building")),
    ("row-counted", "| 式 | 内容 |\n|---|---|\n| 2 乗平均 (mean square) | x |\n",
     ("2 乗平均", "mean square")),
    # a count (a number with what it counts) or an adjective in -的 that gives the acronym no letter
    ("counted-lead", "この路線は4ドア通勤車（CT）を使う。", ("通勤車", "CT")),
    ("adjective-lead", "この店は伝統的製法（PM）で作る。", ("製法", "PM")),
    # や lists some of several things: the bracket after the last glosses that one
    ("ya-list", "気温や相対湿度（RH）を毎朝測る。", ("相対湿度", "RH")),
    # a reference after the long form in its bracket is no part of it
    ("reference-after-long-form", "軌道はTLE（Two-Line Element、RFC 9999）で配る。",
     ("TLE", "Two-Line Element")),
    # a maths symbol beside an English gloss: the gloss still stands
    ("maths-beside-gloss", "* **公転周期（Orbital Period, $T$）** ：一周の時間",
     ("公転周期", "Orbital Period")),
    # an acronym and another Japanese name joined by a slash
    ("slash-acronym-ja", "駅には自動列車停止装置（ATS/列車停止装置）がある。",
     ("自動列車停止装置", "ATS", "列車停止装置")),
    # a word with one capital after a name is the name's next word, not an acronym of the gloss
    ("name-second-word", "切符はStarRail Plus（スターレールプラス）を選んだ。",
     ("StarRail Plus", "スターレールプラス")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality6_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


# what a bracket says rather than glosses (each failed before its rule)
NOT_DEFINITIONS: list[tuple[str, str]] = [
    # a reference ID, a version or a dated title before a bracket that describes it
    ("standard-described", "運用は**ISO 45678**（駅舎の保守）に従う。"),
    ("standard-in-run", "規格EN ISO 45678（駅舎の保守）に従う。"),
    ("version-dated", "| 時刻表 | v2.3（2031年4月） |"),
    ("dated-title", "この規則はRailway Act 2031（鉄道法2031年）に基づく。"),
    # a unit after maths or a number, and a measurement of alternatives in a bracket
    ("unit-before", "$d = 3.0$ km（駅間距離）とする。"),
    ("measurement-alternatives", "電気ケトル（110/220 V）につなぐ。"),
    # a roman numeral numbering the noun before it
    ("roman-part", "パートIV（運行計画）を読む。"),
    # a code numbering items of a series, described
    ("series-code", "工程S3（下ごしらえ）が効いた。"),
    # one kanji after a name: the country it comes from, not its translation
    ("one-kanji-country", "分類はStellarCode（独）に従う。"),
    # an English word in capitals, described: no acronym; an identifier of a program, described
    ("word-in-capitals", "信号はHOLD（発車待機）とMOVE（発車許可）の二つ。"),
    ("identifier", "設定値OVEN_TEMP（庫内温度上限）を変える。"),
    # a name built of capitals and an English word (a format, a product) is no acronym of the term
    ("name-of-words-after", "形式は国際規格（StarChartML）に従う。"),
    ("name-of-words-before", "StarChartML（星図データ交換）を使う。"),
    # a Latin name closing a link's text after a title: the page's publisher
    ("link-publisher", "- 資料: [2031年に新駅が開業（Example News）](https://example.com/a)"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality6_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md", keep_low=True) == []


def test_an_acronym_the_inner_japanese_spells_better_defines_itself() -> None:
    # guards: a category word, or a term the acronym spells less than the Japanese inside
    texts = ("この装置（GPS、全地球測位システム）を使う。", "衛星測位（GPS、全地球測位システム）だ。")
    for text in texts:
        found = glossary.find_definitions(text, doc="a.md")
        assert [tuple(p.text for p in d.parts) for d in found] == [("GPS", "全地球測位システム")]


def test_english_words_in_capitals_with_evidence_stay() -> None:
    # guards: an abbreviation JMdict lists, a word with its loanword, an acronym become a word spelled out
    cases = (
        ("NATO（北大西洋条約機構）の会議。", ("NATO", "北大西洋条約機構")),
        ("RADAR（レーダー）を向ける。", ("RADAR", "レーダー")),
        ("SONAR（水中音波探知機）を使う。", ("SONAR", "水中音波探知機")),
        ("UNESCO（国連教育科学文化機関）の遺産。", ("UNESCO", "国連教育科学文化機関")),
    )
    for text, pair in cases:
        found = glossary.find_definitions(text, doc="a.md", keep_low=True)
        assert [tuple(p.text for p in d.parts) for d in found] == [pair]


def test_a_link_text_term_keeps_its_gloss() -> None:
    # guard: link text that is a term, not a title
    text = "[国際宇宙ステーション（ISS）](https://example.com)を参照。"
    found = glossary.find_definitions(text, doc="a.md")
    assert [tuple(p.text for p in d.parts) for d in found] == [("国際宇宙ステーション", "ISS")]


def test_reference_shapes() -> None:
    from glossary.extract.segments import is_reference, is_roman_numeral

    references = ("RFC 9999", "ISO 45678", "v2.3", "Railway Act 2031", "CVE-2031-1234")
    assert all(is_reference(s) for s in references)
    assert not any(is_reference(s) for s in ("Mk-4", "GPS", "Act", "Platform 2"))
    assert all(is_roman_numeral(s) for s in ("II", "IV", "XII", "IX"))
    assert not any(is_roman_numeral(s) for s in ("IIII", "CD", "DC", "MIX", ""))


def test_one_kanji_translating_the_name_is_kept() -> None:
    # guard: the lexicon says the kanji translates the word (silver)
    found = glossary.find_definitions("食器はSilver（銀）を使う。", doc="a.md", keep_low=True)
    assert [(d.parts[0].text, d.ja.text) for d in found if d.ja] == [("Silver", "銀")]


def test_english_words_come_from_the_lexicon() -> None:
    from glossary.extract.lexicon import is_english_word

    assert all(is_english_word(w) for w in ("oven", "ORBIT", "Platform"))
    # words of three letters or fewer, and strings no gloss holds, are not read as words
    assert not any(is_english_word(w) for w in ("sun", "tea", "xyzzy", "qwrtp"))
