"""Word alignment decides where a Japanese term starts and whether a pair is a translation.

Every sentence here is written for this file; each table is one class of error the aligner exists for.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary.extract.align import (
    account_letters,
    english_content_words,
    evidence,
    learn,
    letters_of,
    read_for_acronym,
    read_for_english,
    words_match,
)
from glossary.extract.segments import classify
from glossary.text.tokenizer import tokenize


def triples(text: str, keep_low: bool = False) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (d.ja.text if d.ja else None, d.en.text if d.en else None, d.abbr.text if d.abbr else None)
        for d in glossary.find_definitions(text, keep_low=keep_low)
    ]


# class 1: the English says how far the term reaches, across の / な / a modifying clause / a space
BOUNDARIES = [
    (
        "ここでは最短経路の探索（shortest path search）を扱う。",
        ("最短経路の探索", "shortest path search", None),
    ),
    ("低コストの推論(inference)を行う。", ("推論", "inference", None)),
    ("本番環境の設定ファイル（configuration file）を読む。", ("設定ファイル", "configuration file", None)),
    ("まず個人を識別できる番号（PIN）を入力する。", ("個人を識別できる番号", None, "PIN")),
    ("次に primary ノード（primary node）を選ぶ。", ("primary ノード", "primary node", None)),
    ("この ログ ファイル (log file) を開く。", ("ログ ファイル", "log file", None)),
    # a number padded with spaces stays with the noun it counts
    ("ここでは 3 次元空間（3D space）を扱う。", ("3 次元空間", "3D space", None)),
    # the modifier takes the letter only it can give; the term's words give the others
    ("評価には平均 2 乗対数誤差（MSLE）を用いる。", ("平均 2 乗対数誤差", None, "MSLE")),
    # a CamelCase name is several words: each capital is a word the term must reach
    ("ここでイベントの種類（EventType）を見る。", ("イベントの種類", None, "EventType")),
]


@pytest.mark.parametrize(("text", "expected"), BOUNDARIES)
def test_term_reaches_as_far_as_the_gloss(text: str, expected: tuple[str, str, str]) -> None:
    assert triples(text) == [expected]


# class 2: pairs that are not translations
NOT_TRANSLATIONS = [
    "評価にはコスト（Mean Squared Error）を使う。",  # a loanword beside an unrelated English name
    "評価にはテンプレート（HTML）を使う。",  # a loanword that gives one letter of four
]


@pytest.mark.parametrize("text", NOT_TRANSLATIONS)
def test_pairs_that_do_not_translate_are_dropped(text: str) -> None:
    assert triples(text) == []
    assert triples(text, keep_low=True), "kept for keep_low, with the reason in its notes"
    (d,) = glossary.find_definitions(text, keep_low=True)
    assert any("no word of the Japanese translates" in n for n in d.notes)


def test_a_category_word_gives_way_to_the_bracket_that_defines_itself() -> None:
    assert triples("システムの概要（Content Delivery Network、CDN）を示す。") == [
        (None, "Content Delivery Network", "CDN")
    ]


# class 3: brackets that are not definitions
NOT_DEFINITIONS = [
    "この脆弱性（CVE-2030-12345）は深刻だ。",  # reference ID
    "仕様（RFC 9999）に従う。",  # reference ID with a space
    "複数の欠陥（CVE-2031-10001 - CVE-2031-10009）がある。",  # a range of them
    "新しい版（v2）を出す。",  # a version
    "データベース（例：PostgreSQL）を使う。",  # an example
    "群れ（訳注：原文では flock）を作る。",  # a translator's note
    "挨拶（`hello`）を返す。",  # an identifier in inline code
]


@pytest.mark.parametrize("text", NOT_DEFINITIONS)
def test_not_definitions(text: str) -> None:
    assert triples(text, keep_low=True) == []


def test_acronyms_with_short_numbers_are_still_acronyms() -> None:
    assert [classify(s) for s in ("COVID-19", "GPT-4", "CVE-2030-12345", "ISO 99999", "v3")] == [
        "abbr",
        "abbr",
        "other",
        "other",
        "other",
    ]


def test_a_chained_label_is_not_a_second_translation() -> None:
    assert triples("**バックアップ (backup) (名詞)** は複製である。") == [("バックアップ", "backup", None)]


def test_a_capitalised_word_in_brackets_is_a_translation_not_an_acronym() -> None:
    # a word in title case that the lexicon knows is English, four letters as five (quality10)
    assert triples("次に、バイアス（Bias）を測る。") == [("バイアス", "Bias", None)]


# corpus-learned alignments
LEARNED = "- 暫定措置後の上限（Interim Upper Limit）\n- 暫定措置後の下限（Interim Lower Limit）\n"


def test_a_document_teaches_its_own_word_pairs() -> None:
    assert triples(LEARNED) == [
        ("暫定措置後の上限", "Interim Upper Limit", None),
        ("暫定措置後の下限", "Interim Lower Limit", None),
    ]
    d = glossary.find_definitions(LEARNED)[0]
    assert "extended over 暫定措置後: interim <- document" in d.notes


def test_one_bracket_teaches_nothing_and_a_term_cut_short_is_dropped() -> None:
    one = LEARNED.splitlines(keepends=True)[0]
    assert triples(one) == []


def test_learning_does_not_depend_on_order() -> None:
    refusals = [(5, "暫定措置後", ("interim",)), (40, "暫定措置後", ("interim",)), (70, "別の語", ("other",))]
    assert learn(refusals) == learn(list(reversed(refusals))) == {"暫定措置後": frozenset({"interim"})}
    assert learn(refusals[:1] * 3) == {}, "one bracket seen three times is still one vote"


# the pieces
def test_english_content_words() -> None:
    assert english_content_words("TimeZone") == ["time", "zone"]
    assert english_content_words("Principle of the Least Effort") == ["principle", "least", "effort"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("authorization", "authority", True),
        ("extension", "extend", True),
        ("network", "subnetwork", True),
        ("sub-network", "subnetwork", True),
        ("declarative", "declaration", True),
        ("privilege", "private", False),
        ("fragmentation", "fractured", False),
    ],
)
def test_words_match(a: str, b: str, same: bool) -> None:
    assert words_match(a, b) is same
    assert words_match(a, b) is same  # the second answer comes from the per-word memo


def test_the_aligners_memos_are_bounded_and_answer_as_before() -> None:
    from glossary.extract import align

    letters = "abcdefghij"  # words of letters only: digits are not content words
    words = ["w" + "".join(letters[int(d)] for d in str(i)) + "ization" for i in range(align._CACHE_SIZE + 9)]
    for w in words:
        words_match(w, "wordization")
        english_content_words(w + " of Networks")
    assert 0 < len(align._FORMS) <= align._CACHE_SIZE
    assert 0 < len(align._CONTENT_WORDS) <= align._CACHE_SIZE
    assert english_content_words(words[3] + " of Networks") == [words[3], "networks"]
    got = english_content_words("Principle of the Least Effort")
    got.append("changed")  # a caller's list is its own: the memo is not changed through it
    assert english_content_words("Principle of the Least Effort") == ["principle", "least", "effort"]
    align.clear_memos()
    assert not align._FORMS and not align._CONTENT_WORDS
    assert words_match("authorization", "authority") and not words_match("privilege", "private")


def _stem_by_every_suffix(word: str) -> str:
    """The stem as first written: every suffix tried in turn (the reference for :func:`stem`)."""
    from glossary.extract.align import _SUFFIXES

    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "e", "s", "y", "ion", "at", "iz", "ness", "ment", "abl", "r", "d"]),
        max_size=7,
    ),
    st.sampled_from(
        ["", "izations", "ation", "ities", "able", "ings", "ers", "ed", "ies", "es", "ly", "s", "e"]
    ),
)
def test_stem_tries_only_the_suffixes_that_can_end_the_word(pieces: list[str], ending: str) -> None:
    from glossary.extract.align import stem

    word = "".join(pieces) + ending
    assert stem(word) == _stem_by_every_suffix(word)


def _words_match_by_letters(a: str, b: str) -> bool:
    """:func:`words_match` as first written: the stems' common prefix counted letter by letter."""
    import re

    from glossary.extract.align import stem

    if a == b:
        return True
    a, b = re.sub("[^a-z0-9]", "", a), re.sub("[^a-z0-9]", "", b)
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        return True
    sa, sb = stem(a), stem(b)
    if sa == sb:
        return True
    n = 0
    for x, y in zip(sa, sb, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5


_PIECES = st.sampled_from(
    ["auth", "or", "iz", "ation", "ity", "ext", "end", "ens", "ion", "s", "-", "la", "yer", "e"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=6), st.lists(_PIECES, max_size=6))
def test_words_match_compares_stems_as_before(a: list[str], b: list[str]) -> None:
    first, second = "".join(a), "".join(b)
    assert words_match(first, second) is _words_match_by_letters(first, second)


def test_a_tokens_words_are_memoised_by_surface_and_lemma() -> None:
    from glossary.extract import align

    align.clear_memos()
    tokens = tokenize("オートエンコーダーの正規化とエンコーダ、Transformer 2乗誤差の最適化")
    first = [align._token_words(t) for t in tokens]
    assert all(
        got == align._read_token_words(t.surface, t.gloss, t.base)
        for t, got in zip(tokens, first, strict=True)
    )
    assert [align._token_words(t) for t in tokens] == first  # the memo answers the same
    assert any(words for words, _ in first)


def test_letters_of() -> None:
    assert letters_of("PINs") == ["p", "i", "n"]
    assert letters_of("TimeZone") == ["t", "z"]
    assert letters_of("CI/CD") == ["c", "i", "c", "d"]


def test_each_word_accounts_for_one_letter_in_any_order() -> None:
    ev = evidence(tokenize("必要特権"))  # required, privilege: the Japanese order is the reverse
    assert sorted(account_letters(ev, ["p", "r"])) == ["p", "r"]
    assert account_letters(evidence(tokenize("情報")), ["i", "i"]) == ["i"]


def test_readings_keep_their_evidence() -> None:
    text = "最短経路の探索（shortest path search）"
    r = read_for_english(text, text.index("探索"), text.index("（"), 0, "shortest path search")
    assert text[r.start : text.index("（")] == "最短経路の探索"
    assert r.coverage == 1.0 and any(n.startswith("extended over 最短経路") for n in r.notes)
    text = "テンプレート（HTML）"
    assert read_for_acronym(text, 0, text.index("（"), 0, "HTML").contradicted


def test_never_shortens_and_never_crosses_punctuation() -> None:
    text = "経路、探索（path search）"
    r = read_for_english(text, text.index("探索"), text.index("（"), 0, "path search")
    assert r.start == text.index("探索")


PIECES = ["最短", "経路", "の", "な", " ", "　", "、", "を", "できる", "ノード", "worker", "(", ")", "（",
          "）", "path", "search", "PIN", "\n", "*", "`", "個人", "識別", "番号"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_offsets_stay_exact(pieces: list[str]) -> None:
    text = "".join(pieces)
    for d in glossary.find_definitions(text, keep_low=True):
        for p in d.parts:
            assert text[p.start : p.end] == p.text


def test_a_run_the_lexicon_knows_gives_one_letter_per_token() -> None:
    run = evidence([t for t in tokenize("2 乗") if not t.surface.isspace()])
    assert run.tokens == 1 and len(account_letters(run, letters_of("SM"))) == 1
    tree = evidence(tokenize("構文木"))
    assert account_letters(tree, letters_of("ST")) == ["s", "t"]


def test_a_number_inside_a_latin_word_is_not_padding() -> None:
    assert triples("設定は v2 モード（mode）とする。")[0][0] == "モード"


@pytest.mark.parametrize("markup", ["markdown", "text"])
def test_a_headings_acronym_its_words_do_not_spell_labels_the_section(markup: str) -> None:
    doc = "## 重大度（ABCD）\n\n本文を書く。\n"
    assert glossary.find_definitions(doc, markup=markup) == []
    spelled = "## 仮想専用網（VPN）\n\n本文を書く。\n"
    assert [d.ja.text for d in glossary.find_definitions(spelled, markup=markup) if d.ja] == ["仮想専用網"]
    # in a sentence the same acronym keeps the benefit of the doubt
    assert glossary.find_definitions("この重大度（ABCD）を使う。")


def test_a_persons_name_with_its_romanisation_is_not_a_definition() -> None:
    assert triples("著者は山田 太郎 (Taro Yamada) である。", keep_low=True) == []
    # a method named after a person is a term
    assert triples("田中法（Tanaka method）を使う。")[0][0] == "田中法"


def test_the_benchmarks_lexicon_ablation_reaches_the_aligner() -> None:
    """``benchmarks/alignment_eval.py`` switches JMdict off by patching ``align.lexicon_words``.

    The aligner memoises each word's evidence across documents, so the switch must forget the memos
    on entry and exit: otherwise the ablation reads the words memoised by the run before it (it
    printed the "full" figure) and the run after it reads the ablated ones.
    """
    import importlib.util
    from pathlib import Path

    from glossary.extract import analyse

    if not analyse.__file__ or not analyse.__file__.endswith(".py"):
        pytest.skip("patching module attributes needs the pure-Python core")
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "alignment_eval.py"
    spec = importlib.util.spec_from_file_location("alignment_eval_under_test", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text = "この節では分散型の台帳技術（distributed ledger technology）を扱う。"
    full = ("分散型の台帳技術", "distributed ledger technology", None)
    assert triples(text) == [full]  # the memos are warm now
    with bench.patched(bench.ABLATIONS["no lexicon"]):
        # without JMdict nothing says that 分散型 translates "distributed"
        assert triples(text) == [("台帳技術", "distributed ledger technology", None)]
    assert triples(text) == [full]


# class: katakana homophones.  UniDic gives one source word for a katakana token and, in a
# compound, often the wrong homophone (リンク as rink, ロード as road, クラウド as crowd, シンク as
# think); katakana cannot tell l from r, b from v, s from th, so JMdict's words for the same
# katakana that sound alike are that loanword too.
HOMOPHONES = [
    ("各拠点でクラウドの監視（cloud monitoring）を行う。", ("クラウドの監視", "cloud monitoring", None)),
    ("サーバではロードの分散（load distribution）を行う。", ("ロードの分散", "load distribution", None)),
    ("ストリームのシンクの設定（sink configuration）を見る。", ("シンクの設定", "sink configuration", None)),
    ("ネットワークではリンクの集約（link aggregation）を使う。", ("リンクの集約", "link aggregation", None)),
    # the source words alone would contradict the acronym (rink gives no L): a homophone may lift that
    ("スイッチ間はリンクアグリゲーション（LAG）で束ねる。", ("リンクアグリゲーション", None, "LAG")),
]


@pytest.mark.parametrize(("text", "expected"), HOMOPHONES)
def test_a_homophone_of_the_loanwords_source_word_translates(
    text: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    assert expected in triples(text)


# class: a loanword's other senses.  JMdict lists every sense of a katakana form; those that do not
# sound like UniDic's one source word (キャッシュ is cash to UniDic, cache as well to JMdict) still
# translate it, and give no acronym letter (see the PR test below).
OTHER_SENSES = [
    ("読み込んだ値はキャッシュ（cache）に置く。", ("キャッシュ", "cache", None)),
    ("冬はストーブ（heater）をつける。", ("ストーブ", "heater", None)),
    ("駅に近いマンション（apartment）に住む。", ("マンション", "apartment", None)),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_SENSES)
def test_a_loanwords_other_sense_translates(
    text: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    assert expected in triples(text)


def test_alternatives_glossed_by_a_loanwords_other_sense() -> None:
    found = triples("書き込みはバッファまたはキャッシュ（buffer or cache）を通る。")
    assert found == [("バッファ", "buffer", None), ("キャッシュ", "cache", None)]


def test_sound_key_folds_what_katakana_cannot_tell_apart() -> None:
    from glossary.extract.align import sound_key

    assert sound_key("link") == sound_key("rink") == "rnk"
    assert sound_key("cloud") == sound_key("crowd")
    assert sound_key("sink") == sound_key("think")
    assert sound_key("vest") == sound_key("best")
    assert sound_key("load") != sound_key("lamp")


def test_homophones_come_from_the_lexicons_words_for_the_same_katakana() -> None:
    from glossary.extract.align import _homophones

    assert _homophones("リンク", ["rink"]) == ["link"]
    assert "cloud" in _homophones("クラウド", ["crowd"])
    assert _homophones("テスト", ["test"]) == []  # nothing else sounds like it
    assert _homophones("森林", ["forest"]) == []  # not katakana: no source word to mishear


def test_a_homophone_never_adds_a_letter_the_source_words_already_allow() -> None:
    # レベル is level in JMdict, and rebel: its R would let 権限レベル spell P-R on its own and cut the
    # term short of 必須の (required); homophones count for letters only against a contradiction
    found = triples("攻撃には必須の権限レベル（PR）がある。", keep_low=True)
    assert found == [("必須の権限レベル", None, "PR")]


# class: JA（ACR） whose words render the long form word for word.  A Japanese rendering keeps the
# order of the English words, so words that give consecutive letters of the acronym in order are
# stronger evidence than one letter each in any order (a lexicon gives some letter to almost any word).
WORD_FOR_WORD = [
    # 分散型 / 台帳 spell D-L and the modifier on the left gives no T: "technology" is left
    # untranslated; the term is not cut short
    ("高速な分散型台帳（DLT）を構築する。", ("分散型台帳", None, "DLT")),
    # three words in order spell P-C-C across の (治験 is "clinical trial", one letter each): the
    # modifier is part of the rendering though the T stays unaccounted for
    ("今後は患者中心の治験（PCCT）を進める。", ("患者中心の治験", None, "PCCT")),
    # the verb of a modifying clause renders the participle of an English compound modifier
    # (rule-based: ルールに基づく) when the words, the verb among them, spell every letter in order
    ("ルールに基づく機械翻訳（RBMT）を使う。", ("ルールに基づく機械翻訳", None, "RBMT")),
    ("リスクに基づく監視（RBM）を行う。", ("リスクに基づく監視", None, "RBM")),
]


@pytest.mark.parametrize(("text", "expected"), WORD_FOR_WORD)
def test_words_that_spell_the_acronym_in_order(
    text: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    assert triples(text) == [expected]


def test_a_clause_verbs_chance_letter_does_not_stop_the_term() -> None:
    # guard: できる has senses that give an I (intimate) but none of its participles does; the
    # term reaches 個人 (personally), whose P the acronym takes
    assert triples("保護対象の個人を特定できる情報（PII）を扱う。") == [("個人を特定できる情報", None, "PII")]


def test_spelled_run() -> None:
    from glossary.extract.align import spelled_run

    distributed, ledger = {"dispersion", "distributed"}, {"ledger", "register"}
    assert spelled_run([distributed, ledger], list("dlt")) == 0
    assert spelled_run([distributed, ledger], list("pdl")) == 1
    assert spelled_run([ledger, distributed], list("dlt")) is None  # out of order
    assert spelled_run([ledger], list("dlt")) is None  # one word is no evidence of order
    assert spelled_run([distributed, {"unknown"}, ledger], list("dlt")) is None  # a word without its letter


# class: a katakana loanword UniDic gives no source word for (nor JMdict any sense) is still a
# transliteration: its consonants, as katakana renders English ones, are the English word's
def test_an_unknown_loanword_aligns_by_its_consonants() -> None:
    # the slash offers two names; the term must translate one of them, and only its sound says so
    assert ("トークナイザ", "tokenizer", None) in triples("入力はトークナイザ（分割器／tokenizer）で分ける。")


@pytest.mark.parametrize(
    ("katakana", "english"),
    [
        ("トークナイザ", "tokenizer"),
        ("ステートフル", "stateful"),
        ("サーバー", "server"),
        ("アダプテーション", "adaptation"),
    ],
)
def test_katakana_key_is_the_english_words_sound_key(katakana: str, english: str) -> None:
    from glossary.extract.align import katakana_key, sound_key

    assert katakana_key(katakana) == sound_key(english)


def test_unknown_loanword_sounds_read_the_whole_katakana_run() -> None:
    from glossary.extract.align import _unknown_loanword_sounds, sound_key

    # UniDic splits デシリアライズ as デシ + リアライズ (realize): the run is one word, deserialize
    sounds = _unknown_loanword_sounds(tokenize("データのデシリアライズ"))
    assert sound_key("deserialize") in sounds
    # every token known (コンテナ: container), or too few consonants to tell a word by: nothing
    assert not _unknown_loanword_sounds(tokenize("コンテナ"))
    assert not _unknown_loanword_sounds(tokenize("アノテータ"))
