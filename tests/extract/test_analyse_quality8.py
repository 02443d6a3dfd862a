"""The bracket analysers on the fourth unseen set's classes (quality8): where a term's edges are.

Every sentence here is made up for the test; each case failed before its rule.
"""

from __future__ import annotations

import pytest

import glossary

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a postposition or a modifying clause the English renders as a preposition after the head: the
    # modifier is in the term even where the lexicon knows none of its words
    ("modifier-by", "教師なし事前学習による初期化（initialization by unsupervised pretraining）を行う。",
     ("教師なし事前学習による初期化", "initialization by unsupervised pretraining")),
    ("modifier-up-to", "最大長までの系列（sequence up to maximum length）を扱う。",
     ("最大長までの系列", "sequence up to maximum length")),
    ("modifier-up-to-stem", "温度付き分布までの蒸留（distillation up to tempered distribution）を行う。",
     ("温度付き分布までの蒸留", "distillation up to tempered distribution")),
    ("modifier-for", "差分プライバシーのための雑音付加（noise addition for differential privacy）を行う。",
     ("差分プライバシーのための雑音付加", "noise addition for differential privacy")),
    ("modifier-with", "複数の頭をもつ注意（attention with multiple heads）を用いる。",
     ("複数の頭をもつ注意", "attention with multiple heads")),
    ("modifier-with-unknown", "各層は跳躍結合を持つ符号器（encoder with skip wiring）を使う。",
     ("跳躍結合を持つ符号器", "encoder with skip wiring")),
    # a verb's 連用形 before た is a verb of the clause, not a noun stem of a unit
    ("modifier-using", "自己注意を用いた符号器（encoder using self-attention）を使う。",
     ("自己注意を用いた符号器", "encoder using self-attention")),
    ("modifier-via", "仲介者を介した通信（communication via broker）を行う。",
     ("仲介者を介した通信", "communication via broker")),
    ("modifier-as", "補助課題としての予測（prediction as auxiliary task）を行う。",
     ("補助課題としての予測", "prediction as auxiliary task")),
    # the gloss does not translate the modifier: the term stays at its head
    ("modifier-untranslated", "誤差を持つ観測値（observation）を使う。", ("観測値", "observation")),
    # a clause ending in できる is in the term where the English says "-able" too
    ("potential-rendered", "誰でも再利用できる部品（reusable component）を作る。",
     ("再利用できる部品", "reusable component")),
    # ... and where it does not, the clause describes the term: the term starts after it
    ("potential-not-rendered", "複数の端末で共有できる設定ファイル（shared configuration file）を置く。",
     ("設定ファイル", "shared configuration file")),
    # names listed with ・ where the gloss translates the last alone
    ("listed-last", "主成分分析・因子分析（factor analysis）を比べる。", ("因子分析", "factor analysis")),
    ("listed-last-kana", "クラスタリング・次元削減（dimensionality reduction）を行う。",
     ("次元削減", "dimensionality reduction")),
    ("listed-last-acronym", "主成分分析・因子分析（Factor Analysis、FA）を比べる。",
     ("因子分析", "Factor Analysis", "FA")),
    ("listed-last-acronym-alone", "主成分分析・因子分析（FA）を比べる。", ("因子分析", "FA")),
    # ・ inside one name the gloss translates word for word, or inside one loanword phrase
    ("joined-name", "スパース・コーディング（sparse coding）を行う。",
     ("スパース・コーディング", "sparse coding")),
    ("joined-loanword", "データ・ベース（database）を置く。", ("データ・ベース", "database")),
    # a coordination glossed by a coordination: one term
    ("coordination-and", "符号化および復号（encoding and decoding）を行う。",
     ("符号化および復号", "encoding and decoding")),
    ("coordination-to", "研究と開発（research and development）を行う。",
     ("研究と開発", "research and development")),
    # alternatives joined by または and "or": each pair its own term
    ("alternatives-first", "乗車または降車（boarding or alighting）を記録する。", ("乗車", "boarding")),
    ("alternatives-last", "乗車または降車（boarding or alighting）を記録する。", ("降車", "alighting")),
    # a lower-case acronym before the long form it abbreviates, with or without emphasis
    ("lowercase-colon", "本稿では距離学習（dml: deep metric learning）を使う。",
     ("距離学習", "dml", "deep metric learning")),
    ("lowercase-colon-emphasis", "本稿では距離学習（*dml*: Deep Metric Learning）を使う。",
     ("距離学習", "dml", "Deep Metric Learning")),
    ("lowercase-colon-category", "推定手法（*vae*: Variational Auto Encoder）を使う。",
     ("vae", "Variational Auto Encoder")),
    # an acronym, then the work that coined it after a semicolon
    ("acronym-citation-latin", "これは Masked Feature Prediction (MFP; Tanabe et al., 2019) と呼ばれる。",
     ("Masked Feature Prediction", "MFP")),
    ("acronym-citation-mixed", "これは Masked Feature Prediction (MFP; Tanabe et al., 2019）と呼ばれる。",
     ("Masked Feature Prediction", "MFP")),
    ("acronym-citation-ja", "特徴予測（MFP; Tanabe et al., 2019）が使われる。", ("特徴予測", "MFP")),
    # a long form hard-wrapped across two lines inside the bracket
    ("wrapped-long-form",
     "この手法は十分に長い文章の中で特徴予測（Masked Feature\nPrediction、MFP）として知られる。",
     ("特徴予測", "Masked Feature\nPrediction", "MFP")),
    # a three-letter English clipping glossed by the katakana clipping of the same word
    ("clipping-ja-en", "スマートフォンのアプリ（app）を入れる。", ("アプリ", "app")),
    ("clipping-en-ja", "ここでは app（アプリ）を入れる。", ("app", "アプリ")),
    ("clipping-lab", "研究室のラボ（lab）で測る。", ("ラボ", "lab")),
    # a loanword UniDic also knows as a name, glossed by a lower-case word
    ("loanword-not-name", "各要素にはグリフ（glyph）を与える。", ("グリフ", "glyph")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality8_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


# (name, text, a Japanese surface no definition may have)
NOT_TERMS: list[tuple[str, str, str]] = [
    ("head-only-by", "教師なし事前学習による初期化（initialization by unsupervised pretraining）を行う。",
     "初期化"),
    ("head-only-up-to", "最大長までの系列（sequence up to maximum length）を扱う。", "系列"),
    ("clause-before-term", "複数の端末で共有できる設定ファイル（shared configuration file）を置く。",
     "共有できる設定ファイル"),
    ("listed-both", "主成分分析・因子分析（factor analysis）を比べる。", "主成分分析・因子分析"),
    ("alternatives-whole", "乗車または降車（boarding or alighting）を記録する。", "乗車または降車"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "ja"), [c[1:] for c in NOT_TERMS], ids=[c[0] for c in NOT_TERMS])
def test_quality8_not_terms(text: str, ja: str) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert ja not in [p.text for d in found for p in d.parts if p.role == "ja"]
