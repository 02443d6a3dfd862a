"""The bracket analysers: the keep threshold, and the helpers that read around a bracket (bounded)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary.extract.analyse import SCORE_TOLERANCE, _Doc, _starts_line
from glossary.extract.japanese import term_before
from glossary.text.brackets import scan_brackets
from glossary.text.formats import parse

# +0.2 for loanwords that match the English, -0.4 for an English "of" phrase after の: 0.7 + 0.2 - 0.4
EXACTLY_HALF = "学習のスパース・オートエンコーダー(Sparse Autoencoder of Features)を使う。"


def test_a_score_that_sums_to_the_threshold_is_kept() -> None:
    (low,) = glossary.find_definitions(EXACTLY_HALF, keep_low=True)
    assert low.score != 0.5 and abs(low.score - 0.5) < SCORE_TOLERANCE  # 0.4999999999999999
    kept = glossary.find_definitions(EXACTLY_HALF)
    assert [(d.ja.text, d.en.text) for d in kept if d.ja and d.en] == [
        ("スパース・オートエンコーダー", "Sparse Autoencoder of Features")
    ]


def test_a_score_clearly_under_the_threshold_is_still_dropped() -> None:
    (low,) = glossary.find_definitions(EXACTLY_HALF, keep_low=True)
    assert glossary.find_definitions(EXACTLY_HALF, min_score=low.score + 0.01) == []


# the test the bounded reading replaces: the whole head of the line against one pattern
_LIST_MARK = re.compile(r"^\s*(?:[-*+・•]|\d+[.)]|#{1,6}|>|\|)\s*$")


def _starts_line_by_regex(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    head = text[line_start:pos]
    return not head.strip() or _LIST_MARK.match(head) is not None


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t\u3000\n\r#-*+・•>|.)0123456789١a語(", max_size=40), st.data())
def test_property_starts_line_reads_only_what_it_needs_and_agrees(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    layout = parse(text)
    ctx = _Doc(text, layout, scan_brackets(text), layout.mask)
    assert _starts_line(text, pos, ctx.line_start(pos)) == _starts_line_by_regex(text, pos)


def _repeated_by_whole_document_sentences(ctx: _Doc) -> list[int]:
    """``_Doc._repeated_in_sentence`` as it was: sentence ends found by one scan of the whole text."""
    from bisect import bisect_right

    from glossary.extract.analyse import MAX_INNER, _trim_left_context
    from glossary.text.script import SENTENCE_END_RE

    text = ctx.text
    by_inner: dict[str, list] = {}
    for b in ctx.prose_brackets():
        if b.close - b.open <= MAX_INNER:
            by_inner.setdefault(text[b.open + 1 : b.close].strip(), []).append(b)
    ends = [m.end() for m in SENTENCE_END_RE.finditer(text)]
    seen: dict[tuple[int, str], dict[str, list[int]]] = {}
    for inner, repeated in by_inner.items():
        if len(repeated) < 2 or not inner:
            continue
        for b in repeated:
            line = ctx.line_start(b.open)
            end = _trim_left_context(text, line, b.open)
            tail = text[max(line, end - 2) : end]
            if not tail:
                continue
            k = bisect_right(ends, b.open)
            sentence = max(line, ends[k - 1] if k else 0)
            seen.setdefault((sentence, inner), {}).setdefault(tail, []).append(b.open)
    return [
        o for by_tail in seen.values() if len(by_tail) >= 2 for openings in by_tail.values() for o in openings
    ]


@given(
    st.lists(
        st.sampled_from(
            [
                "性別",
                "喫煙",
                "年齢",
                "(Binary)",
                "（Binary）",
                "(x)",
                "。",
                "！",
                "? ",
                ". ",
                ".",
                "\n",
                "\n\n",
                "\n \n",
                " ",
                "、",
                "「",
                "」",
                "**",
                "\u3000",
                "a",
                "\u2028",
                "\r",
            ]
        ),
        max_size=30,
    )
)
@settings(max_examples=500, deadline=None)
def test_repeated_glosses_are_grouped_by_sentence_as_with_a_whole_document_scan(pieces: list[str]) -> None:
    # the sentence of a repeated gloss is found on its own line, not by a scan of the whole document
    text = "".join(pieces)
    layout = parse(text)
    ctx = _Doc(text, layout, scan_brackets(text), layout.mask)
    assert ctx._repeated_in_sentence() == _repeated_by_whole_document_sentences(ctx)


def test_a_gloss_after_two_terms_in_one_sentence_marks_both() -> None:
    text = "性別（Binary）、喫煙（Binary）を使う。年齢（Binary）は別の文。"
    layout = parse(text)
    ctx = _Doc(text, layout, scan_brackets(text), layout.mask)
    assert ctx._repeated_in_sentence() == [2, 13]  # 年齢（Binary） stands in another sentence


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a[0;m用語(SGD)\x07\x1b\x90\x98\x9b\x9c\x9d\x9e\x9f\x01\x7f\\]P\n", max_size=40))
def test_escape_sequences_masked_as_the_pattern_finds_them(text: str) -> None:
    """The quick test for an escape sequence's first character never skips one the pattern finds
    (C1 introducers without ESC included), and a text without any keeps its mask as it is."""
    from glossary.extract.analyse import _ESCAPE_SEQUENCE, _with_escape_sequences
    from glossary.text.markup import Mask

    mask = Mask([(0, 1)]) if text else Mask([])
    found = [m.span() for m in _ESCAPE_SEQUENCE.finditer(text)]
    got = _with_escape_sequences(mask, text)
    if found:
        assert got.regions == Mask([*mask.regions, *found]).regions
    else:
        assert got is mask


def test_line_starts_are_found_once_per_document() -> None:
    text = "一行目\n二行目(x)\n\n四行目"
    layout = parse(text)
    ctx = _Doc(text, layout, scan_brackets(text), layout.mask)
    assert [ctx.line_start(i) for i in range(len(text) + 1)] == [
        text.rfind("\n", 0, i) + 1 for i in range(len(text) + 1)
    ]
    assert ctx.bracket_at(7) is not None and ctx.bracket_at(6) is None


# --- markup around a gloss, articles, credits, table markers, character references (issue 15) ---
# (doc name, text, the surfaces of the one definition expected, in order)
MARKUP_POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a tag around the acronym inside the bracket is markup: the gloss is the text inside it
    ("tag-inside", "a.md", "計算には<b>高速逆変換</b> (<b>FIT</b> : Fast Inverse Transform) を使う。",
     ("高速逆変換", "FIT", "Fast Inverse Transform")),
    ("tag-around-acronym", "a.md", "計算には高速逆変換 (<em>FIT</em>: Fast Inverse Transform) を使う。",
     ("高速逆変換", "FIT", "Fast Inverse Transform")),
    # a link target between the term and its bracket is not read
    ("link-ja-en", "a.md", "詳細は[構文解析木](https://example.org/tree)（parse tree）を見る。",
     ("構文解析木", "parse tree")),
    ("link-ja-acr", "a.md", "詳細は[構文解析木](https://example.org/tree)（PT）を見る。",
     ("構文解析木", "PT")),
    ("link-en-acr", "a.md", "実機は [Cloud Quantum Service](https://example.org/cqs) (CQS)で動かす。",
     ("Cloud Quantum Service", "CQS")),
    # Japanese has no articles: a leading The is translated by neither the Japanese nor the acronym
    ("the-dropped", "a.txt", "規格は世界標準委員会（WSC: The World Standards Committee）が決める。",
     ("世界標準委員会", "WSC", "World Standards Committee")),
    ("the-dropped-no-acronym", "a.txt", "規格は世界標準委員会（The World Standards Committee）が決める。",
     ("世界標準委員会", "World Standards Committee")),
    ("the-spelled", "a.txt", "ユーザー会（TUG: The Users Group）に参加する。",
     ("ユーザー会", "TUG", "The Users Group")),
    # rows that each gloss their own term with their own code are a list of definitions
    ("table-distinct-codes", "a.md",
     "| 指標 | 説明 |\n|---|---|\n| 入力遅延（IL） | 遅れ |\n| 描画頻度（FR） | 頻度 |\n",
     ("入力遅延", "IL")),
    # character references of brackets are brackets; the bracket's span is the whole reference
    ("ref-decimal", "a.html", "<p>抽象構文木&#40;abstract syntax tree&#41;を作る。</p>",
     ("抽象構文木", "abstract syntax tree")),
    ("ref-hex", "a.md", "抽象構文木&#x28;AST&#x29;を作る。", ("抽象構文木", "AST")),
    ("slash-one-name", "a.md", "入出力装置（I/O）をつなぐ。", ("入出力装置", "I/O")),
    # a gloss followed by a clause that explains the term: the explanation is not the gloss
    ("gloss-then-clause", "a.md", "継続的インテグレーション（CI、変更を頻繁に統合すること）を導入する。",
     ("継続的インテグレーション", "CI")),
    ("english-then-clause", "a.md", "勾配降下法（gradient descent、損失を最小にする方法）を使う。",
     ("勾配降下法", "gradient descent")),
    ("ref-named", "a.md", "抽象構文木&lpar;AST&rpar;を作る。", ("抽象構文木", "AST")),
    ("ref-fullwidth", "a.txt", "抽象構文木&#65288;AST&#65289;を作る。", ("抽象構文木", "AST")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "text", "surfaces"), [c[1:] for c in MARKUP_POSITIVES], ids=[c[0] for c in MARKUP_POSITIVES]
)
def test_markup_and_articles_around_a_gloss(doc: str, text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc=doc)
    assert found, text
    first = found[0]
    assert tuple(p.text for p in first.parts) == surfaces
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)
        assert d.sentence in text


def test_a_referenced_bracket_spans_its_whole_reference() -> None:
    text = "抽象構文木&#x28;AST&#x29;を作る。"
    (d,) = glossary.find_definitions(text, doc="a.md")
    assert text[d.start : d.end] == "抽象構文木&#x28;AST&#x29;"


MARKUP_REJECTED: list[tuple[str, str, str]] = [
    # a name with a book credit cites a book; it glosses nothing
    ("credit-author", "a.md", "入門書なら「はじめてのUnix」(山田太郎著)がよい。"),
    ("credit-translator", "a.md", "原書は Deep Systems (鈴木一郎 訳) です。"),
    # an example list after a gloss is not an explanation of the term: the bracket lists examples
    ("gloss-then-examples", "a.md", "言語（Python、Rustなど）を使う。"),
    ("clause-first", "a.md", "処理（値を返すこと、API）を呼ぶ。"),
    # three names slashed together are examples of the category before them, not its acronym
    ("slashed-names", "a.md", "データは公共データベース（AAA/BBB/CCC）に置かれている。"),
    # the same bracket down one column marks its cells: the column is data
    ("table-repeated-marker", "a.md",
     "| 列 | 型 |\n|---|---|\n| 利用者番号（ID） | int |\n| 注文番号（ID） | int |\n| 備考 | text |\n"),
    ("table-repeated-unit", "a.md",
     "| 項目 | 値 |\n|---|---|\n| 処理時間（ms） | 3 |\n| 応答時間（ms） | 5 |\n"),
    ("table-marker-column-html", "a.html",
     "<table><tr><th>列</th></tr><tr><td>利用者番号（ID）</td></tr><tr><td>注文番号（ID）</td></tr></table>"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "text"), [c[1:] for c in MARKUP_REJECTED], ids=[c[0] for c in MARKUP_REJECTED]
)
def test_credits_and_column_markers_are_not_definitions(doc: str, text: str) -> None:
    assert glossary.find_definitions(text, doc=doc) == []


def test_one_term_glossed_the_same_in_several_items_is_a_definition() -> None:
    # the same term and gloss recalled down a list: nothing marks the items, the term is glossed
    text = "- RL（強化学習）の基礎\n- RL（強化学習）の応用\n- RL（強化学習）の課題\n"
    found = glossary.find_definitions(text, doc="a.md")
    assert {(d.abbr.text, d.ja.text) for d in found if d.abbr and d.ja} == {("RL", "強化学習")}


def test_a_bracket_after_three_different_titles_is_a_label() -> None:
    titles = ("索引の再構築", "索引の削除", "統計の更新")
    text = "".join(f"- [{t} (Data Server)](https://example.org/{i})\n" for i, t in enumerate(titles))
    assert glossary.find_definitions(text, doc="a.md") == []


def test_a_bracket_repeated_in_one_column_is_a_definition_elsewhere() -> None:
    # the marker rule is per column: the same bracket in prose, or once per column, still glosses
    text = "| 列 | 別の列 |\n|---|---|\n| 利用者番号（ID） | 注文番号（ID） |\n"
    assert len(glossary.find_definitions(text, doc="a.md")) == 2


# the term's own shape: a compound ending in the Latin word its gloss ends in, a fraction before a noun
COMPOUND_POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    ("latin-tail-acronym", "受信機はゼロIF(zero IF)方式で動く。", ("ゼロIF", "zero IF")),
    ("latin-tail-word", "ネイティブAPI(native API)を呼ぶ。", ("ネイティブAPI", "native API")),
    ("latin-head-and-tail", "Vueテンプレート(Vue template)を書く。", ("Vueテンプレート", "Vue template")),
    ("fraction", "経験則として「帯域の3/4ルール(3/4 rule)」を使う。", ("3/4ルール", "3/4 rule")),
    ("fraction-owner", "経験則として「ミラーの3/4ルール(Miller’s 3/4 rule)」を使う。",
     ("ミラーの3/4ルール", "Miller’s 3/4 rule")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "surfaces"), [c[1:] for c in COMPOUND_POSITIVES], ids=[c[0] for c in COMPOUND_POSITIVES]
)
def test_compounds_with_latin_tails_and_fractions(text: str, surfaces: tuple[str, ...]) -> None:
    (d,) = glossary.find_definitions(text, doc="a.md")
    assert tuple(p.text for p in d.parts) == surfaces
    assert all(text[p.start : p.end] == p.text for p in d.parts)


def test_a_date_is_not_a_fraction() -> None:
    text = "日付は2024/5更新(update)です。"
    parts = [p.text for d in glossary.find_definitions(text) for p in d.parts]
    assert not any(p.startswith(("2024", "024", "24")) for p in parts)


def test_a_layout_of_the_source_still_reads_referenced_brackets() -> None:
    # glossary check hands over the layout it parsed; the references it masked are brackets here
    from glossary.extract.analyse import definitions_in

    text = "<p>抽象構文木&#40;abstract syntax tree&#41;を作る。</p>"
    given = list(definitions_in(text, "a.html", 0.5, False, None, parse(text, "html")))
    pairs = [(d.ja.text, d.en.text) for d in given if d.ja and d.en]
    assert pairs == [("抽象構文木", "abstract syntax tree")]


# --- second unseen set (quality2): what the words around a bracket say about it ---
# (name, text, the surfaces of the first definition, in order)
QUALITY2_POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a conjunct glossed by its own bracket: the next bracket glosses the next conjunct alone
    ("conjunct-glossed", "国際宇宙機関（ISA）や欧州測地連盟（EGU）が協力する。", ("欧州測地連盟", "EGU")),
    # the last conjunct spells every letter of the acronym: it glosses that conjunct, not the pair
    ("conjunct-spells-all", "観測と分散型エネルギーリソース（DER）の制御を扱う。",
     ("分散型エネルギーリソース", "DER")),
    # Latin letters that lead the term and give the acronym none of its letters are a modifier
    ("latin-lead-dropped", "結果は5Gアプリケーションサーバー（AS）が返す。",
     ("アプリケーションサーバー", "AS")),
    ("latin-lead-kept", "多くのRF集積回路(RFIC)には較正回路がある。", ("RF集積回路", "RFIC")),
    # an acronym ending in the letters that end the compound (…ID（PID）) is glossed by the compound
    ("latin-tail-acronym-letters", "燃料の計測ID（MID）を指定する。", ("計測ID", "MID")),
    # a section number heads the line, not the term
    ("section-number", "### 4.2 主成分回帰（PCR）\n\n本文。", ("主成分回帰", "PCR")),
    # a value set after an acronym is not part of the gloss
    ("acronym-value", "推定した平均処置効果（ATE = 0.25）は小さい。", ("平均処置効果", "ATE")),
    # a spaced slash between an acronym and its long form separates two glosses
    ("slash-acronym-long", "**自動更新（AU / AutoUpdate）**：条件。", ("自動更新", "AU", "AutoUpdate")),
    # an acronym's Japanese gloss followed by an aside that ends in a predicate adjective
    ("gloss-then-adjective", "| WER（単語誤り率、小さいほど良い） | 0.1 |", ("WER", "単語誤り率")),
    # a list separator ends the Latin term before a bracket
    ("latin-after-comma", "対象はCPU、Load Balancer（負荷分散装置）、DNSである。",
     ("Load Balancer", "負荷分散装置")),
    ("ideographic-close-ends-long-form", "比較は表（後述）、Gradient Boosted Trees（GBT）、その他で行う。",
     ("Gradient Boosted Trees", "GBT")),
    # digits in a code the Japanese also holds: a definition
    ("numbered-both", "第2主成分（PC2）で分ける。", ("第2主成分", "PC2")),
    # a leading word that translates nothing of a gloss its loanwords cover is a modifier
    ("untranslated-lead", "通知メッセージボックス（Message Box）を閉じる。",
     ("メッセージボックス", "Message Box")),
    ("translated-lead-kept", "仮想マシン（virtual machine）を起動する。", ("仮想マシン", "virtual machine")),
    # a prefix is bound to the word after it: never a modifier left untranslated
    ("prefix-kept", "偏りは再キャリブレーション（recalibration）で補正する。",
     ("再キャリブレーション", "recalibration")),
    ("prefix-kept-2", "モデルの再トレーニング（retraining）が要る。", ("再トレーニング", "retraining")),
    # one English gloss and its shortening are two spellings of one gloss
    ("listed-spellings", "畳み込み（convolution、conv）を使う。", ("畳み込み", "convolution", "conv")),
    # a bracket whose English and Japanese translate each other defines itself
    ("self-defined-aligned", "PaintPro（Load Balancer、負荷分散装置）を置く。",
     ("Load Balancer", "負荷分散装置")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "surfaces"), [c[1:] for c in QUALITY2_POSITIVES], ids=[c[0] for c in QUALITY2_POSITIVES]
)
def test_quality2_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], text
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


QUALITY2_REJECTED: list[tuple[str, str]] = [
    # 等 / など close an example list
    ("example-list-etc", "他の言語（Julia、Rust等）でも書ける。"),
    # one gloss after two different terms in one sentence says something about each
    ("same-gloss-two-terms", "変数は身長（Float）、体重（Float）、年齢（Int）とする。"),
    # a measurement before a bracket, with a condition inside
    ("measurement", "| 2.0 ms ～ 4.0 ms（再送あり時） |"),
    ("counted-units", "出力は改良版（45MWe）である。"),
    # a numbered label the term does not count
    ("numbered-quartile", "若年群（Q2）では効果が小さい。"),
    ("numbered-case", "**振動が大きい場合 (Case 4)**"),
    # a foreign person's name with its romanisation, either way round
    ("person-ja-en", "講演者のロバート・キング（Robert King）が話した。"),
    ("person-en-ja", "講演者の John Smith（ジョン・スミス）が話した。"),
    # two names joined by + make a combination, not one term
    ("combination", "| GRU+CNN (簡易) | 0.3 |"),
    # two unrelated English words after a category are examples
    ("unrelated-words", "長さの単位（inch, foot）で測る。"),
    # an English and a Japanese word that translate nothing of each other, after a product name
    ("aside-after-name", "**PaintPro**（Linux、無料）で描く。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in QUALITY2_REJECTED], ids=[c[0] for c in QUALITY2_REJECTED])
def test_quality2_rejected(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []


def test_one_term_glossed_twice_in_a_sentence_is_still_a_definition() -> None:
    text = "写像（mapping）を定義し、その写像（mapping）を使う。"
    found = glossary.find_definitions(text, doc="a.md", keep_low=True)
    assert {(d.ja.text, d.en.text) for d in found if d.ja and d.en} == {("写像", "mapping")}


def test_a_heading_with_a_reading_of_part_of_it_labels_the_section() -> None:
    # the heading names a thing; the bracket reads only its last word, so it is no definition
    assert glossary.find_definitions("# CAN frame（フレーム）\n\n本文。", doc="a.md") == []
    # the same words in prose, and a heading whose gloss covers it all, still define
    assert glossary.find_definitions("CAN frame（フレーム）を送る。", doc="a.md")
    found = glossary.find_definitions("## Attention（注意機構）\n", doc="a.md")
    assert [(d.en.text, d.ja.text) for d in found if d.en and d.ja] == [("Attention", "注意機構")]


def test_a_katakana_run_is_not_cut_inside() -> None:
    # UniDic may split one loanword (アウト + カム); the boundary inside a katakana run is not trusted
    found = glossary.find_definitions("各群のアウトカム（outcome）を比べる。", doc="a.md")
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [("アウトカム", "outcome")]


def test_a_number_padded_before_a_noun_in_prose_stays_with_it() -> None:
    # only a section number at the head of a line is cut off; 2 乗誤差 is one term
    (d,) = glossary.find_definitions("誤差は 2 乗誤差（squared error）で測る。", doc="a.md")
    assert d.ja is not None and d.ja.text == "2 乗誤差"


# --- quality3: chains after a Japanese gloss, padded numbers, a list of headwords ---
QUALITY3_POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # JA（JA'）（EN）: the English glosses the term before the first bracket, and the Japanese inside
    # it when it translates the English word for word
    ("chain-rendering", "インデックス（索引）（Index）\n\n:   検索を速くする構造。",
     ("インデックス", "索引", "Index")),
    ("chain-rendering-acronym", "ロードバランサー（負荷分散装置）（LB）を置く。",
     ("ロードバランサー", "負荷分散装置", "LB")),
    # ... and not when it is a word added in passing, or the term's reading
    ("chain-aside", "回帰分析（研究）（Regression analysis）を行う。", ("回帰分析", "Regression analysis")),
    ("chain-reading", "行列（ぎょうれつ）（matrix）と呼ぶ。", ("行列", "matrix")),
    ("chain-reading-unknown", "これは冪等性（べきとうせい）（idempotency）という。",
     ("冪等性", "idempotency")),
    # a number set off by spaces is typography: the noun before it is in the term, as without spaces
    # (乗 alone may read "multiplication": the letters are all found without the word before the number)
    ("padded-number-inside", "評価には平均 2 乗対数誤差平方根（RMSLE）を使う。",
     ("平均 2 乗対数誤差平方根", "RMSLE")),
    # a label says which language or form the gloss after it is in: it is no gloss itself
    ("label-english", "過学習（英: overfitting）は避ける。", ("過学習", "overfitting")),
    ("label-english-wide-colon", "過学習（英語：overfitting）は避ける。", ("過学習", "overfitting")),
    ("labels-two", "品質保証（英語: Quality Assurance、略称: QA）を行う。",
     ("品質保証", "Quality Assurance", "QA")),
    # a remark that names the short form: the name is the gloss
    ("hereafter", "サービス品質保証（以下、SLA）を結ぶ。", ("サービス品質保証", "SLA")),
    ("hereafter-quoted", "サービス品質保証（以下「SLA」という。）を結ぶ。", ("サービス品質保証", "SLA")),
    ("hereafter-after-long-form", "確率的丸め（Stochastic Rounding, 以下SR）を使う。",
     ("確率的丸め", "Stochastic Rounding", "SR")),
    ("abbreviated-as", "Web Components（WC と略すこともある）を使う。", ("Web Components", "WC")),
    ("label-glued", "確率的丸め（stochastic rounding、略称SR）を使う。",
     ("確率的丸め", "stochastic rounding", "SR")),
    ("label-common-name", "確率的丸め（通称 SR）を使う。", ("確率的丸め", "SR")),
    # a passive participle modifies the noun of a Japanese gloss as an adjective does
    ("participle-gloss", "関数は normalized vector（正規化されたベクトル）を返す。",
     ("normalized vector", "正規化されたベクトル")),
    ("participle-gloss-present", "ここで compiled query（コンパイルされるクエリ）を使う。",
     ("compiled query", "コンパイルされるクエリ")),
    # a slash between a long form and the acronym abbreviating it separates two glosses
    ("long-slash-acronym", "強化学習（Reinforcement Learning / RL）を使う。",
     ("強化学習", "Reinforcement Learning", "RL")),
    ("long-slash-acronym-unspaced", "強化学習（Reinforcement Learning/RL）を使う。",
     ("強化学習", "Reinforcement Learning", "RL")),
    # ... while one name's halves stay one name
    ("slashed-name", "通信（TCP/IP）を使う。", ("通信", "TCP/IP")),
    # a letter or number set off by a space is typography: a suffix after it counts it, as in p値
    ("symbol-suffix", "z 値（z-value）が大きい。", ("z 値", "z-value")),
    ("number-suffix-noun", "まず 2 値分類（binary classification）を行う。",
     ("2 値分類", "binary classification")),
    # a letter hyphened to a word names a variable of the word: English, not an acronym
    ("letter-word", "まず t 検定（t-test）を行う。", ("t 検定", "t-test")),
    # JA（JA'、EN）: the outside term translates the English word for word: three names of one thing
    ("outside-inside-english", "微調整（ファインチューニング、fine-tuning）を行う。",
     ("微調整", "ファインチューニング", "fine-tuning")),
    # a space between a half-width word and the particle after it is typography (Rust の = Rustの)
    ("padded-latin-owner", "これは Rust のトレイト（Rust trait）である。", ("Rust のトレイト", "Rust trait")),
    # a lower-case word of the gloss's initials is its acronym, written as a variable name
    ("lowercase-initials", "減衰率（weight decay, wd）を設定する。", ("減衰率", "weight decay", "wd")),
    # an acronym inside the term spells consecutive words of the English gloss
    ("acronym-in-term", "ここでは SVM 分類器（support vector machine classifier）を使う。",
     ("SVM 分類器", "support vector machine classifier")),
    # Japanese has no articles: a leading a / an is left out of the English, as the is
    ("indefinite-article", "ここで単一障害点（a single point of failure）がある。",
     ("単一障害点", "single point of failure")),
    ("article-before-english", "まず a merge request（マージリクエスト）を作る。",
     ("merge request", "マージリクエスト")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "surfaces"), [c[1:] for c in QUALITY3_POSITIVES], ids=[c[0] for c in QUALITY3_POSITIVES]
)
def test_quality3_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert [tuple(p.text for p in d.parts) for d in found] == [surfaces], text
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


def test_a_list_of_headwords_is_not_a_list_of_titles() -> None:
    # each item's gloss covers the words of its term the lexicon and the list itself know
    # (暫定措置後 = interim, learned from the items): headwords, though a word of each is unknown
    text = (
        "評価項目は次のとおり。\n\n- 暫定措置後の侵入経路区分（Interim Intrusion Vector）\n"
        "- 暫定措置後の侵入条件（Interim Intrusion Condition）\n"
    )
    found = glossary.find_definitions(text, doc="a.md")
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [
        ("暫定措置後の侵入経路区分", "Interim Intrusion Vector"),
        ("暫定措置後の侵入条件", "Interim Intrusion Condition"),
    ]
    # a title line whose gloss reads only its last word is still a title
    title = "# 統計学の Rust との対話 (Statistics Talks with Rust)\n"
    assert glossary.find_definitions(title, doc="a.md") == []


def test_a_padded_number_inside_a_compound_keeps_the_noun_before_it() -> None:
    # the spaces set off a half-width number; the compound reads as it would unspaced
    text = "指標は最小 2 乗推定量"
    assert term_before(text, len(text), 0) == (3, len(text))
    text = "結果は 2 乗誤差"  # は is no noun: the term starts at the number
    assert term_before(text, len(text), 0) == (4, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "トレーサー（`Tracer` と呼ばれることもあります）を作る。",  # an identifier in inline code
        "変数群（以下、「状態」と呼ぶ）を守る。",  # a Japanese name for the term: no translation
        "この値（例: SLA）を使う。",  # an example, not a label
        "その herd （群れの意味）に加わる。",  # says what the word means: an explanation
    ],
)
def test_naming_remarks_that_give_no_gloss(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []


@pytest.mark.parametrize(
    "text",
    [
        "## 概要 (Overview)\n",
        "### 3.1 手順（Steps）\n",
        "## 本章の結論 (Conclusion)\n",
        "## Usage（使い方）\n",
    ],
)
def test_a_heading_translated_as_a_part_of_the_document_is_a_label(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []


def test_a_heading_or_prose_that_glosses_a_term_still_defines() -> None:
    found = glossary.find_definitions("## 型パラメータ（type parameter）\n", doc="a.md")
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [("型パラメータ", "type parameter")]
    # the same section word in prose, or a glossary's headword on a line of its own, is not a heading
    assert glossary.find_definitions("この節では概要（overview）を述べる。", doc="a.md")
    assert glossary.find_definitions("手順（Steps）\n\n:   作業の順序。\n", doc="a.md")


def test_a_term_split_by_markup_gives_no_surface_there() -> None:
    # the reader sees 残り時間; the term before the bracket would be only 時間
    assert glossary.find_definitions("ここで<b>残り</b>時間（RT）を測る。", doc="a.html") == []
    found = glossary.find_definitions("ここで<b>残り時間</b>（RT）を測る。", doc="a.html")
    assert [(d.ja.text, d.abbr.text) for d in found if d.ja and d.abbr] == [("残り時間", "RT")]


# quality5: a remark that the term before the bracket is short for the name in it (…の略): the
# bracket spells the term out, whichever script the name is in
_VPN = ("VPN", "Virtual Private Network")
QUALITY5_SHORT_FOR = [
    ("short-for-english", "通信には VPN（Virtual Private Network の略）を使う。", _VPN),
    ("short-for-unspaced", "通信には VPN（Virtual Private Networkの略）を使う。", _VPN),
    ("short-for-quoted-hedged", "これは TLB（「Translation Lookaside Buffer」の略称と思われます）の話。",
     ("TLB", "Translation Lookaside Buffer")),
    ("short-for-initials", "まず CRUD（Create Read Update Delete の頭文字）を実装する。",
     ("CRUD", "Create Read Update Delete")),
    ("short-for-japanese", "通信には VPN（仮想専用網の略）を使う。", ("VPN", "仮想専用網")),
    # an explanation after the remark is dropped, as after any gloss
    ("short-for-explained", "通信には VPN（Virtual Private Network の略で、社内網に入る仕組み）を使う。",
     _VPN),
    # a tag or a link target between the short form and its bracket is markup the reader does not see
    ("short-for-tagged", "新しい TLB<small>（Translation Lookaside Buffer の略）</small>の話。",
     ("TLB", "Translation Lookaside Buffer")),
    ("english-after-tag", "設定は <b>VPN</b> (Virtual Private Network) で行う。", _VPN),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "surfaces"), [c[1:] for c in QUALITY5_SHORT_FOR], ids=[c[0] for c in QUALITY5_SHORT_FOR]
)
def test_a_bracket_says_what_the_term_is_short_for(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert [tuple(p.text for p in d.parts) for d in found] == [surfaces], text
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


def test_a_japanese_term_short_for_a_japanese_name_is_a_paraphrase() -> None:
    # guard: ja-ja, the bracket rephrases the term; nothing pairs two of Japanese, English, acronym
    assert glossary.find_definitions("ここでは作業分解（作業の分解の略）と呼ぶ。") == []


@pytest.mark.parametrize(
    "text",
    [
        "台所には鍋と蒸し器（pot）がある。",
        "台所には鍋 & 蒸し器（pot）がある。",
        "- **時刻表 & 乗換案内 (Timetable)**",
    ],
)
def test_a_gloss_that_translates_the_first_conjunct_is_not_the_terms(text: str) -> None:
    # AとB（X） / A & B（X）: X renders A (鍋 is pot), B translates none of it: the bracket glosses
    # the coordination or A, never B alone; & is "and" written as a sign
    assert glossary.find_definitions(text, doc="a.md") == []


def test_a_gloss_of_the_last_conjunct_stays() -> None:
    # guard: the English renders the term, whatever the conjunct before it
    found = glossary.find_definitions("台所には鍋と蒸し器（steamer）がある。", doc="a.md")
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [("蒸し器", "steamer")]
