"""Mentions: exact offsets, whole Latin words, acronym senses in force."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.dictionary.glossary import Glossary
from glossary.dictionary.mentions import find_mentions
from glossary_helpers import defn

TEXT_A = "Task Graph Scheduler(TGS)を使う。TGSは疎な表現を学ぶ。TGSsの比較。XTGS は無関係。"
TEXT_B = "Text Generation Service(TGS)を事前学習に使う。このTGSは深い。"


def glossary() -> Glossary:
    return Glossary.from_definitions(
        [
            defn(None, "Task Graph Scheduler", "TGS", doc="a.md", start=0),
            defn(None, "Text Generation Service", "TGS", doc="b.md", start=0),
            defn("タスク", "task graph schedulers", "TGSs", doc="c.md", start=0),
        ]
    )


def test_offsets_are_exact_and_words_whole() -> None:
    ms = find_mentions(glossary(), TEXT_A, doc="a.md")
    assert all(TEXT_A[m.start : m.end] == m.surface for m in ms)
    assert [m.surface for m in ms] == [
        "Task Graph Scheduler",
        "TGS",
        "TGS",
        "TGSs",
    ]  # not the TGS inside XTGS


def test_acronym_sense_in_force_per_document() -> None:
    g = glossary()
    a = [m for m in g.mentions(TEXT_A, doc="a.md") if m.surface == "TGS"]
    b = [m for m in g.mentions(TEXT_B, doc="b.md") if m.surface == "TGS"]
    assert {m.id for m in a} == {"task-graph-scheduler"} and {m.how for m in a} == {"in-force"}
    assert {m.id for m in b} == {"text-generation-service"}
    assert a[0].candidates == ("task-graph-scheduler", "text-generation-service")


def test_undefined_in_this_document_stays_ambiguous() -> None:
    (m,) = [m for m in glossary().mentions("TGSの話。", doc="z.md")]
    assert m.id is None and m.how == "ambiguous" and len(m.candidates) == 2


def test_empty_glossary_finds_nothing() -> None:
    assert Glossary().mentions("TGS") == []


# --- the matcher: traps ---------------------------------------------------------------------------


def terms() -> Glossary:
    return Glossary.from_definitions(
        [
            defn("タスクグラフ・スケジューラ", "Task Graph Scheduler", "TGS", doc="a.md", start=0),
            defn("スケジューラ", "scheduler", None, doc="a.md", start=100),
            defn("確率場", "random field", None, doc="a.md", start=200),
            defn("マルコフ確率場", "Markov Random Field", "MRF", doc="a.md", start=300),
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surface inside a longer known term: the longer one only
        ("マルコフ確率場を使う。", [("マルコフ確率場", True)]),
        ("確率場を使う。", [("確率場", True)]),
        # inside code, maths, a link target, a URL, an HTML comment: nothing
        ("`TGS` と $TGS$\n```\nTGS\n```\n", []),
        ('[説明](https://example.com/TGS) と https://example.com/MRF と <span title="TGS">x</span>', []),
        # a Latin surface inside a longer word (letters or digits): nothing; its plural: yes
        ("XTGS と TGS2 と TGS_x", []),
        ("TGSs を比べる。", [("TGSs", True)]),
        ("TGSを使う(TGS)。", [("TGS", True), ("TGS", True)]),
        # a katakana surface inside a longer katakana word: nothing
        ("ジョブスケジューラーを使う。", []),
        ("スケジューラーを使う。", [("スケジューラー", False)]),
        # spellings the glossary has not seen, found by folding: ー, ・, width, hyphen / space / case
        ("タスクグラフスケジューラーを使う。", [("タスクグラフスケジューラー", False)]),
        ("ﾀｽｸｸﾞﾗﾌ･ｽｹｼﾞｭｰﾗを使う。", [("ﾀｽｸｸﾞﾗﾌ･ｽｹｼﾞｭｰﾗ", False)]),
        ("ＴＧＳを使う。", [("ＴＧＳ", False)]),
        ("a task-graph scheduler here", [("task-graph scheduler", False)]),
        ("Markov random-field works", [("Markov random-field", False)]),
        # an acronym differing in case is another word, not a spelling
        ("Tgs は人名。", []),
    ],
)
def test_mention_table(text: str, expected: list[tuple[str, bool]]) -> None:
    ms = terms().mentions(text, doc="z.md")
    assert [(m.surface, m.known) for m in ms] == expected
    assert all(text[m.start : m.end] == m.surface for m in ms)


def test_offsets_after_astral_characters_and_combining_marks() -> None:
    text = "😀👩‍👩‍👧 か\u3099 TGS と ﾀｽｸｸﾞﾗﾌｽｹｼﾞｭｰﾗ"
    ms = terms().mentions(text)
    assert [text[m.start : m.end] for m in ms] == ["TGS", "ﾀｽｸｸﾞﾗﾌｽｹｼﾞｭｰﾗ"]


def test_short_surfaces_are_found_as_written_with_exact_offsets() -> None:
    """Surfaces folding to fewer than 3 characters match only as written: the ASCII ones in the
    text's ASCII bytes (one a character), the others in the text; either way the offsets slice it."""
    g = Glossary.from_definitions(
        [
            defn("人工知能", "artificial intelligence", "AI", doc="a.md"),
            defn("主成分", "principal component", "PC", doc="a.md", start=50),
            defn("層化", "stratification", "ＳＴ", doc="a.md", start=90),
        ]
    )
    text = "😀\ud800AIと層化、PCs と ＳＴ。XAI と AIX と Ai と ＡＩ と `AI`。\U0001f469AI"
    ms = g.mentions(text, doc="z.md")
    assert [(text[m.start : m.end], m.surface, m.known) for m in ms] == [
        ("AI", "AI", True),
        ("層化", "層化", True),
        ("PCs", "PCs", True),
        ("ＳＴ", "ＳＴ", True),
        ("AI", "AI", True),
    ]
    assert ms[-1].end == len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["ta-sk", "タスク・グラフ", "Ｇｒａｐｈ", "ー", " ", "・", "は", "GRAPHS", "t a s k"]
        ),
        max_size=12,
    )
)
def test_offsets_through_dropped_characters_whatever_order_the_matches_come_in(parts: list[str]) -> None:
    """The scan counts the dropped characters before each match as the matches' ends advance: the
    same candidates as counting afresh for each (matches given last first), and every span exact."""
    from glossary.dictionary.mentions import fold_text

    g = Glossary.from_definitions(
        [defn("タスクグラフ", "task graph", "TG", doc="a.md"), defn("タスク", "task", doc="a.md", start=40)]
    )
    index = g.mention_index()
    text = "".join(parts)
    folded, moved = fold_text(text)
    found, units = index._key_matches(folded)
    in_order: list[object] = []
    index._scan(text, found, True, moved, in_order, units)
    afresh: list[object] = []
    index._scan(text, found[::-1], True, moved, afresh, units)
    assert sorted(in_order, key=repr) == sorted(afresh, key=repr)
    assert len(in_order) == len(afresh)
    for m in g.mentions(text):
        assert text[m.start : m.end] == m.surface and fold_text(m.surface)[0] in index.folded_owners


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "タスクグラフ",
                "タスク",
                "グラフ",
                "task",
                "graph",
                "𠮷野",
                "𠮷",
                "\ud842",
                "\udfb7",
                "\ufffd",
                "ー",
                "・",
                " ",
                "は",
                "ａ",
                "あ",
            ]
        ),
        max_size=10,
    )
)
def test_keys_found_in_utf16_bytes_as_in_the_text(parts: list[str]) -> None:
    """The folded keys looked for in the text's UTF-16 bytes: the matches the str automaton finds, in
    characters, whatever the text holds (characters beyond the BMP, lone surrogates, U+FFFD); keys
    that hold such characters go to the str automaton, with the same answers."""
    from glossary.dictionary.mentions import _automaton, _matches, fold_text

    plain = Glossary.from_definitions(
        [defn("タスクグラフ", "task graph", "TG", doc="a.md"), defn("グラフ", "graph", doc="a.md", start=40)]
    ).mention_index()
    wide = Glossary.from_definitions(
        [defn("𠮷野グラフ", "yoshino graph", doc="a.md"), defn("タスク", "task", doc="a.md", start=40)]
    ).mention_index()
    assert plain._utf16 is not None and wide._utf16 is None
    folded = fold_text("".join(parts))[0]
    for index in (plain, wide):
        found, units = index._key_matches(folded)
        if units:
            found = [(i, a // 2, z // 2) for i, a, z in found if a % 2 == 0]
        automaton = _automaton(index._keys)
        assert automaton is not None
        assert sorted(found) == sorted(_matches(automaton, folded))


def test_canonical_and_role_are_given() -> None:
    (m,) = terms().mentions("タスクグラフスケジューラー")
    assert (m.id, m.role, m.canonical) == ("task-graph-scheduler", "ja", "タスクグラフ・スケジューラ")


def test_definitions_in_the_text_settle_the_sense() -> None:
    from glossary.extract import find_definitions

    text = "Text Generation Service(TGS)を使う。そのTGSは深い。"
    defs = find_definitions(text, doc="new.md")
    (m,) = [m for m in glossary().mentions(text, doc="new.md", definitions=defs) if m.start > 25]
    assert m.id == "text-generation-service" and m.how == "in-force"


def test_index_is_built_once_and_rebuilt_after_update() -> None:
    g = terms()
    assert g.mention_index() is g.mention_index()
    g.update([defn("ニューロン", "neuron", None, doc="n.md")])
    assert [m.surface for m in g.mentions("ニューロンを見る")] == ["ニューロン"]


def test_large_glossary_one_pass() -> None:
    """10^4 surfaces: the automaton finds each planted term exactly once, in order."""
    words = [f"Term{i:05d}" for i in range(10_000)]
    g = Glossary.from_definitions(
        [defn(None, w, f"TX{i}", doc="a.md", start=i * 20) for i, w in enumerate(words)]
    )
    text = " ".join(words[::997])
    assert [m.surface for m in g.mentions(text)] == words[::997]


def test_character_classes_by_range_are_the_word_classes() -> None:
    """The matcher's range tests give each character the class of the words it can glue to."""
    from glossary.mentions import _char_class, _is_trailing

    latin = set("0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    latin |= {chr(c) for c in range(0xFF10, 0xFF5B) if chr(c).isalnum()}  # full width
    katakana = {
        chr(c) for c in [*range(0x30A1, 0x30FB), 0x30FC, *range(0x31F0, 0x3200), *range(0xFF66, 0xFFA0)]
    }
    for c in [*range(0x3_0000), 0x10_FFFF]:
        ch = chr(c)
        assert _char_class(c) == (1 if ch in latin else 2 if ch in katakana else 0), hex(c)
        assert _is_trailing(c) == (ch in "ーｰﾞﾟ"), hex(c)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZsｱｶﾞｰ･ー・- _\t\u3000ＡＺａｚ０９İカ漢‐–—", max_size=30))
def test_folding_drops_and_maps_each_character_in_place(text: str) -> None:
    """fold_text = each character folded on its own, the dropped ones recorded where they were."""
    from glossary.mentions import _DROP, _TABLE, fold_text

    lower = text.lower()
    source = lower if len(lower) == len(text) else text
    folded: list[str] = []
    moved: list[int] = []
    for c in source:
        if c in _DROP:
            moved.append(len(folded))
        else:
            folded.append(c.translate(_TABLE))
    assert fold_text(text) == ("".join(folded), moved)
