"""The Glossary object: merging guards, canonical forms, ids, lookup, persistence, properties."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.dictionary.entries import GlossaryFormatError
from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import parse_overrides
from glossary.dictionary.saved import SCHEMA
from glossary.models import Definition
from glossary_helpers import defn


def surfaces_together(g: Glossary, a: str, b: str) -> bool:
    return any(a in e.surfaces() and b in e.surfaces() for e in g)


# --- merging -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("defs", "a", "b"),
    [
        # same long form (inflected / hyphenated)
        (
            [
                defn("スパース・オートエンコーダ", "Sparse Autoencoder"),
                defn("スパース符号化器", "sparse auto-encoders"),
            ],
            "スパース・オートエンコーダ",
            "スパース符号化器",
        ),
        # same Japanese term with the same acronym
        (
            [defn("大規模言語モデル", abbr="LLM"), defn("大規模言語モデル", abbr="LLMs", doc="b.md")],
            "LLM",
            "LLMs",
        ),
        # a group without English joins the one that shares its Japanese term
        ([defn("実証", "proof of concept"), defn("実証", abbr="PoC", doc="b.md")], "proof of concept", "PoC"),
        # ... or, failing that, its only acronym whose Japanese agrees (head word)
        (
            [defn("概念実証", "Proof of Concept", "PoC"), defn("実証", abbr="PoC", doc="b.md")],
            "概念実証",
            "実証",
        ),
        # ... or okurigana variant
        (
            [
                defn("畳み込みニューラルネットワーク", "Convolutional Neural Network", "CNN"),
                defn("畳込みニューラルネットワーク", abbr="ＣＮＮ", doc="b.md"),
            ],
            "CNN",
            "ＣＮＮ",
        ),
        # an English typo confirmed by the shared Japanese term
        (
            [
                defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD"),
                defn("確率的勾配降下法", "Stochastic Gradient Decent", doc="b.md"),
            ],
            "Stochastic Gradient Descent",
            "Stochastic Gradient Decent",
        ),
    ],
)
def test_merges(defs: list[Definition], a: str, b: str) -> None:
    g = Glossary.from_definitions(defs)
    assert surfaces_together(g, a, b), [e.surfaces() for e in g]


@pytest.mark.parametrize(
    ("defs", "a", "b"),
    [
        # look-alikes with different English
        (
            [
                defn("推定相互情報", "Estimated Mutual Information", "EMI"),
                defn("推定相互情報量", "Mutual Information Neural Estimation", "MINE"),
            ],
            "推定相互情報",
            "推定相互情報量",
        ),
        # acronym homonyms
        (
            [
                defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE"),
                defn("積層オートエンコーダ", "Stacked Autoencoder", "SAE", doc="b.md"),
            ],
            "Sparse Autoencoder",
            "Stacked Autoencoder",
        ),
        # a bare acronym group with a different Japanese term and two meanings in other documents
        (
            [
                defn(None, "Sparse Autoencoder", "SAE", doc="a.md"),
                defn(None, "Stacked Autoencoder", "SAE", doc="b.md"),
                defn("謎の略語", abbr="SAE", doc="c.md"),
            ],
            "謎の略語",
            "Sparse Autoencoder",
        ),
        (
            [
                defn(None, "Sparse Autoencoder", "SAE", doc="a.md"),
                defn(None, "Stacked Autoencoder", "SAE", doc="b.md"),
                defn("謎の略語", abbr="SAE", doc="c.md"),
            ],
            "謎の略語",
            "Stacked Autoencoder",
        ),
        # typo-close English without a shared Japanese term or acronym
        ([defn("A法", "gradient descent"), defn("B法", "gradient decent", doc="b.md")], "A法", "B法"),
        # same Japanese with two different English long forms
        ([defn("注意", "attention"), defn("注意", "caution", doc="b.md")], "attention", "caution"),
        # acronyms that disagree stop a fuzzy merge
        (
            [
                defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD"),
                defn("確率的勾配降下法", "Stochastic Gradient Decent", "SGDX", doc="b.md"),
            ],
            "SGD",
            "SGDX",
        ),
    ],
)
def test_keeps_apart(defs: list[Definition], a: str, b: str) -> None:
    g = Glossary.from_definitions(defs)
    assert not surfaces_together(g, a, b), [e.surfaces() for e in g]


def test_bare_acronym_goes_to_definition_in_force() -> None:
    defs = [
        defn(None, "Sparse Autoencoder", "SAE", doc="a.md", start=0),
        defn("スパース自己符号化器", None, "SAE", doc="a.md", start=100),
        defn(None, "Stacked Autoencoder", "SAE", doc="b.md", start=0),
        defn("積層自己符号化器", None, "SAE", doc="b.md", start=50),
    ]
    g = Glossary.from_definitions(defs)
    sparse = g.lookup("Sparse Autoencoder").entry
    stacked = g.lookup("Stacked Autoencoder").entry
    assert sparse is not None and stacked is not None and sparse.id != stacked.id
    assert "スパース自己符号化器" in sparse.surfaces()
    assert "積層自己符号化器" in stacked.surfaces()
    assert [link.type for link in sparse.related if link.id == stacked.id] == ["homonym"]


def test_in_force_is_the_nearest_definition_before() -> None:
    defs = [
        defn(None, "Sparse Autoencoder", "SAE", doc="a.md", start=0),
        defn(None, "Stacked Autoencoder", "SAE", doc="a.md", start=200),
        defn("積層自己符号化器", None, "SAE", doc="a.md", start=300),
    ]
    g = Glossary.from_definitions(defs)
    assert surfaces_together(g, "Stacked Autoencoder", "積層自己符号化器")
    assert not surfaces_together(g, "Sparse Autoencoder", "積層自己符号化器")


# --- canonical forms and ids ------------------------------------------------------------------------------


def test_canonical_is_most_frequent_then_first_seen() -> None:
    defs = [
        defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="a.md"),
        defn("スパースオートエンコーダー", "sparse autoencoders", "SAEs", doc="b.md"),
        defn("スパースオートエンコーダー", "sparse autoencoder", doc="c.md"),
    ]
    g = Glossary.from_definitions(defs)
    (e,) = g.entries
    assert e.ja == "スパースオートエンコーダー"  # 2 against 1
    assert e.en == "Sparse Autoencoder"  # three-way tie: the first seen (document a.md)
    assert e.abbr == "SAE"
    assert e.id == "sparse-autoencoder"
    assert e.forms["en"] == ("Sparse Autoencoder", "sparse autoencoders", "sparse autoencoder")
    assert e.counts() == {"a.md": 1, "b.md": 1, "c.md": 1}


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (defn("実証", abbr="PoC"), "poc"),
        (defn("スパース", "Sparse Autoencoder"), "sparse-autoencoder"),
    ],
)
def test_readable_ids(d: Definition, expected: str) -> None:
    assert Glossary.from_definitions([d]).entries[0].id == expected


def test_japanese_only_id_is_a_stable_hash() -> None:
    d = Definition((defn("推定").parts[0], defn("推定量").parts[0]), "t", 0.9, 0, 5, doc="x")
    (e,) = Glossary.from_definitions([d]).entries
    assert e.id.startswith("ja-") and len(e.id) == 13
    assert Glossary.from_definitions([d]).entries[0].id == e.id


def test_colliding_ids_are_numbered_by_content() -> None:
    a = defn("謎の略語", abbr="XYZ", doc="a.md")
    b = defn("別の略語", abbr="XYZ", doc="b.md")
    ids1 = sorted(e.id for e in Glossary.from_definitions([a, b]))
    assert ids1 == ["xyz", "xyz-2"]
    g1 = Glossary.from_definitions([a, b])
    g2 = Glossary.from_definitions([b, a])
    assert {e.id: e.ja for e in g1} == {e.id: e.ja for e in g2}


def test_an_id_is_given_as_dataclasses_replace_gives_it() -> None:
    from dataclasses import fields, replace

    from glossary.dictionary.ids import _with_id

    (e,) = Glossary.from_definitions([defn("謎の略語", "Mystery Term", "XYZ", doc="a.md")]).entries
    named = _with_id(e, "other-id")
    assert named == replace(e, id="other-id")
    assert named is not e and e.id == "mystery-term"  # a new entry; the old one keeps its id
    assert all(getattr(named, f.name) is getattr(e, f.name) for f in fields(e) if f.name != "id")
    with pytest.raises(AttributeError):
        named.id = "x"  # type: ignore[misc]  # still frozen


def test_the_build_makes_each_entry_as_its_class_makes_it() -> None:
    """_entry writes an entry's fields at once (speed): the same frozen entry as Entry(...) makes."""
    from dataclasses import fields

    from glossary.dictionary.entries import Entry
    from glossary.dictionary.merge import _build, _dedupe
    from glossary.dictionary.overrides import Overrides

    defs = [
        defn("謎の略語", "Mystery Term", "XYZ", doc="a.md"),
        defn("謎略語", "Mystery Term", doc="b.md", start=40),
        defn("別の用語", "Other Term", doc="b.md", start=80),
    ]
    entries, _, _ = _build(_dedupe(defs), Overrides(), finish=False)
    assert len(entries) == 2
    for e in entries:
        made = Entry(**{f.name: getattr(e, f.name) for f in fields(Entry)})
        assert e == made and repr(e) == repr(made)
        assert type(e) is Entry and list(vars(e)) == list(vars(made)) == [f.name for f in fields(Entry)]
        with pytest.raises(AttributeError):
            e.id = "x"  # type: ignore[misc]  # still frozen


# --- lookup -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Glossary:
    return Glossary.from_definitions(
        [
            defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="a.md", start=0),
            defn("積層オートエンコーダ", "Stacked Autoencoder", "SAE", doc="b.md", start=0),
            defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="a.md", start=100),
        ]
    )


@pytest.mark.parametrize(
    ("query", "match", "n"),
    [
        ("Sparse Autoencoder", "exact", 1),
        ("SAE", "exact", 2),  # homonyms: both meanings
        ("sparse auto-encoders", "normalised", 1),
        ("スパースオートエンコーダー", "normalised", 1),
        ("ＳＧＤ", "exact", 1),
        ("SGDs", "normalised", 1),
        ("Stochastic Gradient Decsent", "fuzzy", 1),
        ("量子色力学", None, 0),
    ],
)
def test_lookup(small: Glossary, query: str, match: str | None, n: int) -> None:
    res = small.lookup(query)
    assert res.match == match
    assert len(res.entries) == n


def test_lookup_fuzzy_off_still_suggests(small: Glossary) -> None:
    res = small.lookup("Stochastic Gradient Decsent", fuzzy=False)
    assert not res and res.suggestions[0].id == "stochastic-gradient-descent"


def test_container_protocol(small: Glossary) -> None:
    assert len(small) == 3 and len(list(small)) == 3
    assert "SGD" in small and "nothing" not in small
    assert small["stochastic-gradient-descent"].abbr == "SGD"
    with pytest.raises(KeyError, match="lookup"):
        small["nope"]
    assert small.occurrences("stochastic-gradient-descent") == [("a.md", 100, 100 + 8 + 1 + 27 + 1 + 3 + 1)]
    assert small.counts()["a.md"] == {"sparse-autoencoder": 1, "stochastic-gradient-descent": 1}
    assert repr(small) == "<Glossary: 3 entries from 2 document(s)>"
    assert "<table>" in small._repr_html_()


# --- persistence --------------------------------------------------------------------------------------------


def test_to_dict_contract(small: Glossary) -> None:
    d = small.to_dict()
    assert d["schema"] == SCHEMA
    e = d["entries"][0]
    assert {"id", "ja", "en", "abbr", "forms", "related", "occurrences"} <= set(e)
    assert set(e["forms"]) == {"ja", "en", "abbr"}
    assert {"doc", "start", "end"} <= set(e["occurrences"][0])
    json.dumps(d)


def test_save_load_round_trip(tmp_path: Path, small: Glossary) -> None:
    p = tmp_path / "g.json"
    small.save(p)
    back = Glossary.load(p)
    assert back == small
    assert back.to_dict() == small.to_dict()
    assert [f for f in os.listdir(tmp_path) if f != "g.json"] == []  # no temporary file left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"schema": "glossary/2", "entries": []}', "unsupported schema 'glossary/2'"),
        ('{"entries": []}', "not a glossary file (no 'schema' key)"),
        ('{"schema": "glossary/1", "entries": [{"id": "x"}]}', "entries[0]: missing 'related'"),
        ('{"schema": "glossary/1", "entries": {}}', "entries: expected a list, got an object"),
        ('{"schema": "glossary/1", "entr', "not valid JSON at line 1"),
        ("[]", "expected a JSON object"),
    ],
)
def test_load_errors_name_file_and_problem(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryFormatError) as info:
        Glossary.load(p)
    assert str(p) in str(info.value) and message in str(info.value)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryFormatError, match="cannot read"):
        Glossary.load(tmp_path / "missing.json")


def test_save_replaces_atomically(tmp_path: Path, small: Glossary, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "g.json"
    p.write_text("old", encoding="utf-8")

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        small.save(p)
    assert p.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["g.json"]


def test_from_definitions_rejects_other_objects() -> None:
    with pytest.raises(TypeError, match="Definition"):
        Glossary.from_definitions(["not a definition"])  # type: ignore[list-item]


# --- merge / update -----------------------------------------------------------------------------------------


def test_update_adds_documents_in_place(small: Glossary) -> None:
    g = Glossary.from_definitions(small.definitions)
    same = g.update([defn("確率的勾配降下法", abbr="SGD", doc="c.md")])
    assert same is g
    assert g.lookup("SGD").entry.counts() == {"a.md": 1, "c.md": 1}  # type: ignore[union-attr]


def test_update_texts_runs_the_extractor() -> None:
    g = Glossary.from_definitions([]).update_texts(
        {"n.md": "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。"}
    )
    assert g.lookup("SGD").entry is not None


CONCEPTS = [
    ("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE"),
    ("スパースオートエンコーダー", "sparse autoencoders", "SAEs"),
    ("積層オートエンコーダ", "Stacked Autoencoder", "SAE"),
    ("積層自己符号化器", None, "SAE"),
    ("推定相互情報", "Estimated Mutual Information", "EMI"),
    ("推定相互情報量", "Mutual Information Neural Estimation", "MINE"),
    ("相互情報量", "mutual information", None),
    ("実証", None, "PoC"),
    ("概念実証", "Proof of Concept", "PoC"),
    (None, "Vision Transformer", "ViT"),
    ("トランスフォーマー", "Transformer", None),
]

definitions = st.builds(
    lambda c, doc, start: defn(*c, doc=doc, start=start),
    st.sampled_from(CONCEPTS),
    st.sampled_from(["a.md", "b.md", "c.md"]),
    st.integers(0, 400),
)
RULES = [
    "pin sparse autoencoders",
    "pin SAEs",
    "merge 実証 | Vision Transformer",
    "split Sparse Autoencoder | スパースオートエンコーダー",
    "block 積層自己符号化器",
]
glossaries = st.builds(
    lambda defs, rules: Glossary.from_definitions(
        defs, overrides=parse_overrides("\n".join(rules), "ov.txt")
    ),
    st.lists(definitions, max_size=6),
    st.lists(st.sampled_from(RULES), max_size=2, unique=True),
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(glossaries, glossaries)
def test_merge_is_commutative(a: Glossary, b: Glossary) -> None:
    assert a.merge(b) == b.merge(a)


@SETTINGS
@given(glossaries, glossaries, glossaries)
def test_merge_is_associative(a: Glossary, b: Glossary, c: Glossary) -> None:
    assert a.merge(b).merge(c) == a.merge(b.merge(c))


@SETTINGS
@given(glossaries)
def test_merge_is_idempotent(a: Glossary) -> None:
    assert a.merge(a) == a


@SETTINGS
@given(st.lists(definitions, max_size=8), st.randoms(use_true_random=False))
def test_document_order_never_changes_the_result(defs: list[Definition], rnd: object) -> None:
    shuffled = list(defs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert Glossary.from_definitions(defs) == Glossary.from_definitions(shuffled)


def _unlinked(g: Glossary) -> list[dict[str, object]]:
    return [{**e.to_dict(), "related": []} for e in g]


@SETTINGS
@given(st.lists(definitions, max_size=10), st.lists(st.sampled_from(RULES), max_size=2, unique=True))
def test_a_build_without_links_groups_as_the_full_build(defs: list[Definition], rules: list[str]) -> None:
    ov = parse_overrides("\n".join(rules), "ov.txt")
    full = Glossary.from_definitions(defs, overrides=ov)
    light = Glossary.from_definitions(defs, overrides=ov, links=False)
    assert _unlinked(light) == _unlinked(full)  # the same entries, ids, forms, occurrences, in order
    assert all(not e.related for e in light)
    assert light.warnings == full.warnings
    assert light.to_dict()["dropped"] == full.to_dict()["dropped"]


def test_a_build_without_links_leaves_out_only_the_links() -> None:
    defs = [
        defn("相互情報量", "mutual information"),
        defn("推定相互情報量", "Estimated Mutual Information", "EMI", doc="b.md"),
    ]
    full = Glossary.from_definitions(defs)
    assert any(e.related for e in full)  # (the full build links the narrower term to its head)
    light = Glossary.from_definitions(defs, links=False)
    assert _unlinked(light) == _unlinked(full)
    assert not any(e.related for e in light)


@SETTINGS
@given(glossaries)
def test_json_round_trip(g: Glossary) -> None:
    text = g.to_json()
    back = Glossary.from_dict(json.loads(text))
    assert back == g
    assert back.to_json() == text
    # a loaded glossary keeps its definitions: merging it again changes nothing
    assert back.merge(g) == g


# a surface the extractor can give has a visible character (a blank one cleans to nothing to look up)
surface = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
    str.strip
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(surface, surface, st.one_of(st.none(), surface)), min_size=1, max_size=4))
def test_arbitrary_surfaces_build_and_round_trip(triples: list[tuple[str, str, str | None]]) -> None:
    defs = [defn(ja, en, abbr, doc=f"d{i}.md") for i, (ja, en, abbr) in enumerate(triples)]
    g = Glossary.from_definitions(defs)
    assert sum(e.count for e in g) == len(set(defs))
    assert len({e.id for e in g}) == len(g)
    back = Glossary.from_dict(json.loads(g.to_json()))
    assert back == g
    for e in g:
        assert g.lookup(e.surfaces()[0]).entries


def test_a_loaded_glossary_merges_with_its_source(tmp_path: Path) -> None:
    g = Glossary.from_definitions(
        [defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", score=0.123456789)]
    )
    g.save(tmp_path / "g.json")
    back = Glossary.load(tmp_path / "g.json")
    merged = back.merge(g)
    assert [e.count for e in merged] == [1]
    assert merged.merge(back) == merged


def test_update_replaces_a_document_added_again() -> None:
    g = Glossary.from_definitions(
        [defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="a.md")]
    )
    g.update([defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="a.md", start=7)])
    assert [e.count for e in g] == [1] and g.occurrences("stochastic-gradient-descent")[0][1] == 7
    g.update([defn("確率的勾配降下法", abbr="SGD", doc="b.md")], replace_docs=False)
    assert [e.count for e in g] == [2]
    g.update_texts({"a.md": "定義のない文章。"})
    assert g.lookup("SGD").entry.counts() == {"b.md": 1}  # type: ignore[union-attr]


def test_acronym_definition_with_other_japanese_is_not_attached_to_the_sense_in_force() -> None:
    """交差検証(CV) after Computer Vision (CV) in one document: a second meaning, not a mention."""
    import glossary

    text = "コンピューター・ビジョン(Computer Vision、CV)の応用。一方、交差検証(CV)が標準的な評価法である。"
    g = glossary.build({"a.md": text})
    entries = {(e.ja, e.en, e.abbr) for e in g}
    assert ("交差検証", None, "CV") in entries
    assert ("コンピューター・ビジョン", "Computer Vision", "CV") in entries


def test_terms_that_spell_an_acronym_with_the_same_words_are_one_entry() -> None:
    """A clipped loanword (アプリ / アプリケーション) or a native word for a loanword (生成 /
    ジェネレーション) gives the same English word for each letter: one concept."""
    import glossary

    g = glossary.build(
        {
            "a.md": "まずマルチページアプリ（MPA）を作る。\n",
            "b.md": "次にマルチページアプリケーション（MPA）を作る。\n",
        }
    )
    assert [(e.forms["ja"], e.abbr) for e in g] == [
        (("マルチページアプリ", "マルチページアプリケーション"), "MPA")
    ]


def test_an_acronym_spelled_with_other_words_or_with_a_word_more_stays_apart() -> None:
    import glossary

    g = glossary.build(
        {
            "a.md": "レビューにはプルリクエスト（PR）を使う。\n",
            "b.md": "広報ではプレスリリース（PR）を出す。\n",
            "c.md": "サーバ側描画（SSR）を使う。\n",
            "d.md": "逐次サーバ側描画（SSR）を使う。\n",
        }
    )
    assert sorted(e.ja for e in g if e.ja) == sorted(
        ["プルリクエスト", "プレスリリース", "サーバ側描画", "逐次サーバ側描画"]
    )


def test_an_elliptic_form_under_one_acronym_in_one_document_is_the_same_entry() -> None:
    """経口（PO） in a table and 経口投与（PO） in the prose: the writer left out the head, one concept."""
    import glossary

    g = glossary.build(
        {
            "a.md": "多くの薬は静注投与（IVI）で与える。\n\n| 経路 | 略号 |\n|---|---|\n"
            "| 静注（IVI） | 速い |\n"
        }
    )
    assert [(e.forms["ja"], e.abbr) for e in g] == [(("静注投与", "静注"), "IVI")]


def test_an_elliptic_form_joins_the_acronym_in_force_with_its_english() -> None:
    """The start and the end of the long form kept (高速変換 of 高速フーリエ変換), the acronym in force."""
    import glossary

    text = "高速フーリエ変換（Fast Fourier Transform、FFT）を使う。以下、高速変換（FFT）と書く。"
    g = glossary.build({"a.md": text})
    assert [(set(e.forms["ja"]), e.abbr) for e in g] == [({"高速フーリエ変換", "高速変換"}, "FFT")]


def test_a_head_alone_or_another_document_stays_apart_under_one_acronym() -> None:
    import glossary

    g = glossary.build({"a.md": "重み付き平均誤差（WME）を使う。表では平均誤差（WME）とする。\n"})
    assert sorted(e.ja for e in g if e.ja) == ["平均誤差", "重み付き平均誤差"]
    g = glossary.build({"a.md": "静注投与（IVI）で与える。\n", "b.md": "静注（IVI）で与える。\n"})
    assert sorted(e.ja for e in g if e.ja) == ["静注", "静注投与"]
