"""The spaCy component (``nlp.add_pipe("glossary")``) and the fugashi + UniDic Japanese tokenizer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

import spacy
from glossary.models import Definition
from glossary.spacy.component import definition_spans, definitions_of
from glossary.spacy.tokenizer import TOKENIZER_NAME, upos

JA_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}}
TEXTS = [
    "確率的勾配降下法(Stochastic Gradient Descent、SGD)でモデルを学習する。",
    "画像には Vision Transformer (ViT)(ViT、ビジョン・トランスフォーマー)を使う。\n"
    "学習率(learning rate)は小さめ。",
    "括弧のない文です。",
    "スパース・オートエンコーダ(Sparse Autoencoder、SAE)で特徴を調べる。",
]


def ja_nlp() -> spacy.Language:
    return spacy.blank("ja", config=JA_CONFIG)


def triples(doc) -> list[tuple[str | None, str | None, str | None]]:
    return [(r["ja"], r["en"], r["abbr"]) for r in doc._.definitions]


def test_factory_found_without_importing_glossary() -> None:
    """Right after ``pip install``: the entry point registers the factory and the tokenizer."""
    code = (
        "import json, sys, spacy\n"
        "assert 'glossary' not in sys.modules\n"
        f"nlp = spacy.blank('ja', config={JA_CONFIG!r})\n"
        "nlp.add_pipe('glossary')\n"
        f"doc = nlp({TEXTS[0]!r})\n"
        "print(json.dumps(doc._.definitions, ensure_ascii=False))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    (rec,) = json.loads(r.stdout)
    assert (rec["ja"], rec["en"], rec["abbr"]) == ("確率的勾配降下法", "Stochastic Gradient Descent", "SGD")


@pytest.mark.parametrize("lang", ["en", "ja", "xx"])
def test_records_are_plain_and_offsets_slice_the_text(lang: str) -> None:
    nlp = ja_nlp() if lang == "ja" else spacy.blank(lang)
    nlp.add_pipe("glossary")
    doc = nlp(TEXTS[1])
    assert triples(doc) == [
        ("ビジョン・トランスフォーマー", "Vision Transformer", "ViT"),
        ("学習率", "learning rate", None),
    ]
    assert json.loads(json.dumps(doc._.definitions)) == doc._.definitions
    for rec in doc._.definitions:
        for part in rec["parts"]:
            assert doc.text[part["start"] : part["end"]] == part["text"]
            assert part["role"] in ("ja", "en", "abbr")
    assert [d.en.text for d in definitions_of(doc) if d.en] == ["Vision Transformer", "learning rate"]
    assert all(isinstance(d, Definition) for d in definitions_of(doc))


def test_doc_without_definitions_gets_an_empty_list() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("glossary")
    assert nlp(TEXTS[2])._.definitions == []
    assert spacy.blank("en")("no component here")._.definitions is None


@pytest.mark.parametrize(("lang", "exact"), [("ja", True), ("en", False)])
def test_definition_spans(lang: str, exact: bool) -> None:
    nlp = ja_nlp() if lang == "ja" else spacy.blank(lang)
    nlp.add_pipe("glossary")
    doc = nlp(TEXTS[0])
    (spans,) = definition_spans(doc)
    assert sorted(spans) == ["abbr", "en", "ja"]
    for role, span in spans.items():
        assert span.label_ == role
        part = next(p for p in doc._.definitions[0]["parts"] if p["role"] == role)
        assert part["text"] in span.text  # expanded to whole tokens
        if exact:  # the fugashi tokenizer cuts at the same places glossary does
            assert span.text == part["text"]


def test_docbin_round_trip() -> None:
    nlp = ja_nlp()
    nlp.add_pipe("glossary")
    docs = list(nlp.pipe(TEXTS))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    assert [d._.definitions for d in back] == [d._.definitions for d in docs]
    assert [d.text for d in back] == TEXTS


def test_pipe_with_two_processes_gives_the_same_records() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("glossary")
    one = [d._.definitions for d in nlp.pipe(TEXTS)]
    two = [d._.definitions for d in nlp.pipe(TEXTS, n_process=2, batch_size=1)]
    assert two == one and sum(map(len, one)) == 4


def test_settings_survive_to_disk_and_load(tmp_path: Path) -> None:
    nlp = ja_nlp()
    nlp.add_pipe("glossary", config={"min_score": 0.95})
    strict = [len(d._.definitions) for d in nlp.pipe(TEXTS)]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("glossary").min_score == 0.95
    assert loaded.config["components"]["glossary"]["min_score"] == 0.95
    assert loaded.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME
    assert [len(d._.definitions) for d in loaded.pipe(TEXTS)] == strict
    lenient = spacy.blank("en")
    lenient.add_pipe("glossary", config={"min_score": 0.0})
    assert sum(len(d._.definitions) for d in lenient.pipe(TEXTS)) > sum(strict)


def test_spans_for_displacy(tmp_path: Path) -> None:
    """doc.spans["glossary"]: the definitions' parts; doc.spans["glossary_mentions"]: every use."""
    text = "タスクグラフ・スケジューラ(Task Graph Scheduler、TGS)で特徴を調べる。TGSは速い。`TGS` はコード。"
    nlp = ja_nlp()
    nlp.add_pipe("glossary")
    doc = nlp(text)
    assert [(s.text, s.label_) for s in doc.spans["glossary"]] == [
        ("タスクグラフ・スケジューラ", "ja"),
        ("Task Graph Scheduler", "en"),
        ("TGS", "abbr"),
    ]
    mentions = [(s.text, s.label_, s.kb_id_, s.start_char) for s in doc.spans["glossary_mentions"]]
    assert [m[0] for m in mentions] == ["タスクグラフ・スケジューラ", "Task Graph Scheduler", "TGS", "TGS"]
    assert {m[1] for m in mentions} == {"task-graph-scheduler"} and {m[2] for m in mentions} == {
        "task-graph-scheduler"
    }
    from spacy import displacy

    html = displacy.render(doc, style="span", options={"spans_key": "glossary"})
    assert all(label in html for label in ("ja", "en", "abbr")) and "Scheduler" in html
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)
    assert [s.text for s in back.spans["glossary_mentions"]] == [m[0] for m in mentions]


def test_mentions_of_a_saved_glossary(tmp_path: Path) -> None:
    import glossary

    g = glossary.build(["マルコフ確率場(Markov Random Field、MRF)を使う。"])
    g.save(tmp_path / "g.json")
    nlp = spacy.blank("en")
    nlp.add_pipe("glossary", config={"glossary": str(tmp_path / "g.json")})
    doc = nlp("We train with MRF, then with markov random field again; XMRF is unrelated.")
    assert doc._.definitions == [] and list(doc.spans["glossary"]) == []
    assert [(s.text, s.label_) for s in doc.spans["glossary_mentions"]] == [
        ("MRF", "markov-random-field"),
        ("markov random field", "markov-random-field"),
    ]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert len(loaded(doc.text).spans["glossary_mentions"]) == 2
    with pytest.raises(ValueError, match="cannot read glossary"):
        spacy.blank("en").add_pipe("glossary", config={"glossary": str(tmp_path / "missing.json")})


def test_bad_min_score_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="min_score must be in"):
        spacy.blank("en").add_pipe("glossary", config={"min_score": 3})


# --- the Japanese tokenizer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "lemma", "pos", "tag"),
    [
        ("オートエンコーダーを使う", "エンコーダー", "エンコーダー", "NOUN", "名詞-普通名詞-一般"),
        ("モデルを使った", "使っ", "使う", "VERB", "動詞-一般"),
        ("モデルを使った", "を", "を", "ADP", "助詞-格助詞"),
        ("東京で学ぶ", "東京", "トウキョウ", "PROPN", "名詞-固有名詞-地名-一般"),
        ("三つの層", "三", "三", "NUM", "名詞-数詞"),
        ("速く走る。", "。", "。", "PUNCT", "補助記号-句点"),
    ],
)
def test_tokens_carry_lemma_pos_and_tag(text: str, surface: str, lemma: str, pos: str, tag: str) -> None:
    doc = ja_nlp()(text)
    tok = next(t for t in doc if t.text == surface)
    assert (tok.lemma_, tok.pos_, tok.tag_) == (lemma, pos, tag)


@pytest.mark.parametrize(
    ("text", "words", "spaces"),
    [
        ("学習 する", ["学習", "する"], [True, False]),
        ("学習\n\nする ", ["学習", "\n\n", "する"], [False, False, True]),
        ("  先頭", ["  ", "先頭"], [False, False]),
        ("GPU  で", ["GPU", " ", "で"], [True, False, False]),
        ("", [], []),
    ],
)
def test_whitespace_is_kept_exactly(text: str, words: list[str], spaces: list[bool]) -> None:
    doc = ja_nlp()(text)
    assert [t.text for t in doc] == words
    assert [bool(t.whitespace_) for t in doc] == spaces
    assert all(t.pos_ == "SPACE" for t in doc if t.text.isspace())


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("学習率モデルをAI 　\n\t()（）、。ー・x1\0"), max_size=40))
def test_doc_text_is_the_input(text: str) -> None:
    assert ja_nlp_cached()(text).text == text


_NLP: list[spacy.Language] = []


def ja_nlp_cached() -> spacy.Language:
    if not _NLP:
        _NLP.append(ja_nlp())
    return _NLP[0]


@pytest.mark.parametrize(
    ("pos1", "pos2", "expected"),
    [
        ("名詞", "普通名詞", "NOUN"),
        ("名詞", "固有名詞", "PROPN"),
        ("助詞", "接続助詞", "SCONJ"),
        ("未知", "", "X"),
    ],
)
def test_upos(pos1: str, pos2: str, expected: str) -> None:
    assert upos(pos1, pos2) == expected


# --- the Doc's own tokens -------------------------------------------------------------------------

REUSE_TEXTS = [
    *TEXTS,
    "オートエンコーダー(autoencoder)は入力を圧縮して復元するように学習させた。",
    "まず、個人を特定できる情報(personally identifiable information、PII)を取り除いた。",
    "全角の　空白と 半角の空白の後に 勾配ブースティング決定木(Gradient Boosted Decision Tree)。",
]


def _spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the stretches the Doc's tokens answered and those left to the tagger."""
    from glossary.spacy.component import DocTokens

    calls = {"doc": 0, "tagger": 0}
    read = DocTokens.tokens

    def counted(self: DocTokens, text: str, start: int, end: int):
        got = read(self, text, start, end)
        calls["doc" if got is not None else "tagger"] += 1
        return got

    monkeypatch.setattr(DocTokens, "tokens", counted)
    return calls


def test_the_docs_own_tokens_give_the_taggers_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """With glossary.JapaneseTokenizer.v1 the extractor reads the Doc's tokens: same definitions."""
    from glossary import find_definitions
    from glossary.spacy.component import to_record

    calls = _spy(monkeypatch)
    nlp = ja_nlp()
    nlp.add_pipe("glossary")
    for text in REUSE_TEXTS:
        assert nlp(text)._.definitions == [to_record(d) for d in find_definitions(text)]
    assert calls["doc"] >= len(REUSE_TEXTS) and calls["tagger"] == 0


def test_the_extractor_reads_the_docs_tokens_not_the_taggers() -> None:
    """Tokens a tokenizer tagged otherwise change what is found (and tagging again does not)."""
    from spacy.tokens import Doc

    text = "確率的勾配降下法(Stochastic Gradient Descent、SGD)でモデルを学習する。"
    nlp = ja_nlp()
    tagged = nlp(text)
    # the same words, but the tokenizer calls the term's nouns particles: no term ends at the bracket
    doc = Doc(
        nlp.vocab,
        words=[t.text for t in tagged],
        spaces=[bool(t.whitespace_) for t in tagged],
        tags=["助詞-格助詞" if t.idx < text.index("(") else t.tag_ for t in tagged],
        lemmas=[t.lemma_ for t in tagged],
    )
    reuse = nlp.add_pipe("glossary")
    again = ja_nlp().add_pipe("glossary", config={"reuse_tokens": False})
    found = ("確率的勾配降下法", "Stochastic Gradient Descent", "SGD")
    assert triples(again(doc)) == [found]
    assert found not in triples(reuse(doc))


def test_doc_tokens_follow_the_contract() -> None:
    """tag_ -> pos1..3, lemma_ + morph Gloss -> lemma, morph Inflection -> conjugation form; ASCII white
    space left out; a cut token keeps its part of speech; a stretch inside one token is tagged."""
    from spacy.tokens import Doc

    from glossary.spacy.component import DocTokens
    from glossary.text.tokenizer import Token

    vocab = ja_nlp().vocab
    # as GiNZA writes them: Sudachi tags, Inflection "type;form", no glosses
    doc = Doc(
        vocab,
        words=["自己", "符号化", "器", " ", "を", "使っ", "た"],
        spaces=[False] * 7,
        tags=[
            *("名詞-普通名詞-一般", "名詞-普通名詞-サ変可能", "接尾辞-名詞的-一般", "空白"),
            *("助詞-格助詞", "動詞-一般", "助動詞"),
        ],
        lemmas=["自己", "符号化", "器", " ", "を", "使う", "た"],
        morphs=[*[""] * 5, "Inflection=五段-ワア行;連用形-促音便", "Inflection=助動詞-タ;終止形-一般"],
    )
    text = doc.text
    source = DocTokens.of(doc, text)
    assert source is not None
    assert source.tokens(text, 0, len(text)) == [
        Token("自己", 0, 2, "名詞", "普通名詞", "一般", "自己", None, ""),
        Token("符号化", 2, 5, "名詞", "普通名詞", "サ変可能", "符号化", None, ""),
        Token("器", 5, 6, "接尾辞", "名詞的", "一般", "器", None, ""),
        Token("を", 7, 8, "助詞", "格助詞", "*", "を", None, ""),
        Token("使っ", 8, 10, "動詞", "一般", "*", "使う", None, "連用形-促音便"),
        Token("た", 10, 11, "助動詞", "*", "*", "た", None, "終止形-一般"),
    ]
    assert source.tokens(text, 3, 9) == [
        Token("号化", 0, 2, "名詞", "普通名詞", "サ変可能", None, None, ""),
        Token("器", 2, 3, "接尾辞", "名詞的", "一般", "器", None, ""),
        Token("を", 4, 5, "助詞", "格助詞", "*", "を", None, ""),
        Token("使", 5, 6, "動詞", "一般", "*", None, None, ""),
    ]
    assert source.tokens(text, 3, 4) is None  # inside one token
    assert source.tokens("".join(list(text)), 0, 3) is None  # an equal string: not the Doc's own text
    assert source.tokens("別の文", 0, 3) is None
    # glossary.JapaneseTokenizer.v1 writes the loanword gloss and the conjugation form for it
    ours = ja_nlp()("オートエンコーダーを使った")
    ours_text = ours.text  # (Doc.text makes a new string each time: the source answers for one)
    ours_source = DocTokens.of(ours, ours_text)
    assert ours_source is not None
    got = ours_source.tokens(ours_text, 0, len(ours_text))
    assert got is not None
    assert [(t.surface, t.lemma, t.cform) for t in got][:2] == [
        ("オート", "オート-auto", ""),
        ("エンコーダー", "エンコーダー-encoder", ""),
    ]
    assert got[3].cform.startswith("連用形")
    # no tags, or not Japanese: nothing to reuse
    assert DocTokens.of(Doc(vocab, words=["使っ", "た"]), "使った") is None
    assert DocTokens.of(spacy.blank("en")("used it"), "used it") is None


def test_a_ginza_pipeline_reuses_its_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """GiNZA's Sudachi tokens are read as they are: the same terms at the same offsets (the aligner's
    evidence notes may differ: Sudachi carries no loanword glosses)."""
    pytest.importorskip("ja_ginza", reason="GiNZA (ja_ginza, SudachiDict: ~290 MB) is not a test dependency")
    from glossary import find_definitions

    calls = _spy(monkeypatch)
    nlp = spacy.load("ja_ginza")
    nlp.add_pipe("glossary")
    for text in REUSE_TEXTS:
        got = [(r["ja"], r["en"], r["abbr"], r["start"], r["end"]) for r in nlp(text)._.definitions]
        assert got == [(d.ja and d.ja.text, d.en and d.en.text, d.abbr and d.abbr.text, d.start, d.end)
                       for d in find_definitions(text)]  # fmt: skip
    assert calls["doc"] >= len(REUSE_TEXTS) and calls["tagger"] == 0
