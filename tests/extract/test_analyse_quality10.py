"""The bracket analysers on classes earlier rounds left (quality10).

Every sentence here is made up for the test; each case failed before its rule (the guards, marked,
passed before too and show where a rule stops).
"""

from __future__ import annotations

import pytest

import glossary
from glossary.extract.segments import classify

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a word of four letters in title case that the lexicon knows is that word, not an acronym: the
    # kanji before it translates it (as an acronym it spelled nothing and was dropped)
    ("title-case-word", "冬には雪（Snow）が降る。", ("雪", "Snow")),
    ("title-case-word-2", "夜空の月（Moon）を見る。", ("月", "Moon")),
    # a relative clause whose verb the English renders is in the term, from the verb on when the
    # object is not rendered
    ("clause-verb", "信号を受け取る関数（receiving function）を書く。",
     ("受け取る関数", "receiving function")),
    ("clause-verb-derived", "水を蓄える容器（storage container）を置く。",
     ("蓄える容器", "storage container")),
    ("clause-verb-gerund", "水を温める装置（heating device）を置く。", ("温める装置", "heating device")),
    # ... and where the English renders its object only, the term reaches the object: the Japanese
    # surface is all the gloss translates, and the verb stands between (ANNOTATION: "read the English
    # and ask which Japanese words it covers")
    ("clause-object-only", "雑音を取り除くフィルタ（noise filter）をかける。",
     ("雑音を取り除くフィルタ", "noise filter")),
    ("clause-object-only-2", "駅を結ぶ路線（station line）を走る。", ("駅を結ぶ路線", "station line")),
    ("verbal-noun-not-rendered", "気温を記録する装置（temperature device）を置く。",
     ("装置", "temperature device")),
    # guards: verb and object rendered, a participle saying the clause, a verb of the preposition table
    ("clause-whole", "雑音を取り除くフィルタ（noise removal filter）をかける。",
     ("雑音を取り除くフィルタ", "noise removal filter")),
    ("clause-participle", "層を成す構造（layered structure）を持つ。", ("層を成す構造", "layered structure")),
    ("clause-relational", "重みを持つ層（weighted layer）を使う。", ("重みを持つ層", "weighted layer")),
    ("verbal-noun-rendered", "売上を予測するモデル（prediction model）を作る。",
     ("予測するモデル", "prediction model")),
    # two English names offered with "or" and an acronym: the long form is the name it abbreviates
    ("or-then-acronym", "観測では光度曲線（light curve or brightness curve、LC）を描く。",
     ("光度曲線", "light curve", "LC")),
    ("acronym-then-or", "観測では軌道周期（OP、orbital period or revolution time）を求める。",
     ("軌道周期", "OP", "orbital period")),
    ("or-second-then-acronym", "観測では軌道周期（revolution time or orbital period, OP）を求める。",
     ("軌道周期", "orbital period", "OP")),
    # guard: an acronym of both alternatives keeps them
    ("or-both-abbreviated", "装置の読み書き（read or write、R/W）を行う。",
     ("読み書き", "read or write", "R/W")),
    # a coordination glossed by a coordination where the lexicon lacks one conjunct's sense: the other
    # conjunct translates its half, so the two halves pair by the shape of the phrase
    ("coordination-parallel", "列車の入換と留置（shunting and stabling）を行う。",
     ("入換と留置", "shunting and stabling")),
    ("coordination-parallel-oyobi", "望遠鏡の較正および整列（calibration and collimation）を行う。",
     ("較正および整列", "calibration and collimation")),
    ("coordination-parallel-acronym", "夜間の入換と留置（shunting and stabling、S&S）を行う。",
     ("入換と留置", "shunting and stabling", "S&S")),
    # a predicate before the head whose English follows the head, its argument after it: the argument
    # (掃天, unknown to the lexicon) translates the words left after the predicate's English
    ("predicate-verbal-noun", "掃天に依存する遅延（delay dependent on survey）を測る。",
     ("掃天に依存する遅延", "delay dependent on survey")),
    ("predicate-verb", "掃天を除く時間（time excluding survey）を使う。",
     ("掃天を除く時間", "time excluding survey")),
    ("predicate-adjectival", "長時間の掃天に必要な機器（device required for survey）を使う。",
     ("掃天に必要な機器", "device required for survey")),
    # links that say where the head stands in a whole, a span or a sequence, said by a preposition
    ("link-consisting-of", "掃天から成る計画（program consisting of surveys）を持つ。",
     ("掃天から成る計画", "program consisting of surveys")),
    ("link-prior-to", "掃天に先立つ較正（calibration prior to survey）を行う。",
     ("掃天に先立つ較正", "calibration prior to survey")),
    ("link-following", "掃天に続く較正（calibration following survey）を行う。",
     ("掃天に続く較正", "calibration following survey")),
    ("link-across", "掃天にわたる較正（calibration across survey）を行う。",
     ("掃天にわたる較正", "calibration across survey")),
    ("link-instead-of", "掃天に代わる推定（estimate instead of survey）を使う。",
     ("掃天に代わる推定", "estimate instead of survey")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality10_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


# (name, text, a Japanese surface no definition may have)
NOT_TERMS: list[tuple[str, str, str]] = [
    ("clause-object-only", "雑音を取り除くフィルタ（noise filter）をかける。", "フィルタ"),
    ("clause-object-only-2", "駅を結ぶ路線（station line）を走る。", "路線"),
    # an argument the English does not say stays out, and so does a verb's object left unsaid
    ("predicate-argument-unsaid", "掃天に必要な機器（required device）を使う。", "掃天に必要な機器"),
    ("verb-object-unsaid", "信号を受け取る関数（receiving function）を書く。", "信号を受け取る関数"),
]  # fmt: skip


# guards: each passed before the rules above and still must
NOT_DEFINITIONS: list[tuple[str, str]] = [
    # the conjunct the lexicon knows says something else than its half: no parallel
    ("coordination-contradicted", "鍋とフォーク（pot and steamer）を使う。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality10_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []


@pytest.mark.parametrize(("text", "ja"), [c[1:] for c in NOT_TERMS], ids=[c[0] for c in NOT_TERMS])
def test_quality10_not_terms(text: str, ja: str) -> None:
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    assert ja not in [p.text for d in found for p in d.parts if p.role == "ja"]


def test_a_clause_verb_the_lexicon_cannot_place_leaves_no_head_alone() -> None:
    # the English says something of the clause (cropped) that the lexicon cannot place: the head alone
    # would leave that word unaccounted for, so the reading is refused, not returned with the head
    text = "画像を切り出した領域（cropped region）を使う。"
    assert glossary.find_definitions(text, doc="a.md") == []
    low = glossary.find_definitions(text, doc="a.md", keep_low=True)
    refused = "the English has words the term does not reach: it starts further left"
    assert all(refused in d.notes for d in low)


def test_a_title_case_word_is_english_and_a_title_case_acronym_stays_one() -> None:
    # four letters in title case: an English word the lexicon knows is that word; an acronym read as a
    # word (JMdict lists its capitals as one, or knows no such word) stays an acronym, and capitals do
    assert [classify(w) for w in ("Soup", "Door", "Soups")] == ["en", "en", "en"]
    assert [classify(w) for w in ("Nato", "Mscr", "SOUP", "HiSc")] == ["abbr", "abbr", "abbr", "abbr"]


def test_a_title_case_word_before_its_katakana_is_english() -> None:
    found = glossary.find_definitions("温かい Soup（スープ）を作る。", doc="a.md")
    assert [(d.en.text if d.en else None, d.abbr.text if d.abbr else None) for d in found] == [("Soup", None)]
