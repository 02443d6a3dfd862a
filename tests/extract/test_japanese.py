"""The Japanese term finder's word tests, given the tokens a caller already has."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.extract.japanese import is_personal_name
from glossary.text.tokenizer import forget_stretches, tokenize, tokenize_in


@pytest.mark.parametrize(("surface", "expected"), [("山田 太郎", True), ("確率的勾配降下法", False)])
def test_a_personal_name_reads_the_tokens_it_is_given(surface: str, expected: bool) -> None:
    assert is_personal_name(surface) is expected
    assert is_personal_name(surface, tokenize(surface)) is expected
    text = f"著者は{surface}"
    start = text.index(surface)
    forget_stretches()
    tokenize_in(text, 0, len(text))  # the window the term is read from
    assert is_personal_name(surface, tokenize_in(text, start, len(text))) is expected


# UniDic segments a run of kanji by its own statistics and may tag one half of a word it splits
# as an adverb or a symbol (突然 + 変異, 口蓋 + 裂): the compound would stop there.  JMdict knowing
# the two halves as one word puts the half back inside the term.
SPLIT_WORDS = [
    ("放射線は遺伝子の突然変異（mutation）を引き起こす。", ("突然変異", "mutation", None)),
    ("心疾患による突然死（sudden death）が増えた。", ("突然死", "sudden death", None)),
    ("高齢者の突然死（SD）を調べた。", ("突然死", None, "SD")),
    # the half on the right mis-tagged (a symbol), last before the bracket: 口蓋 + 裂, 片持 + 梁
    ("小児の口蓋裂（cleft palate）を治療する。", ("口蓋裂", "cleft palate", None)),
    ("橋梁では片持梁（cantilever）を使う。", ("片持梁", "cantilever", None)),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_WORDS)
def test_a_kanji_word_unidic_split_stays_one_term(
    text: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    import glossary

    found = [
        (d.ja.text if d.ja else None, d.en.text if d.en else None, d.abbr.text if d.abbr else None)
        for d in glossary.find_definitions(text)
    ]
    assert found == [expected]


def test_an_adverb_that_makes_no_word_with_the_noun_stays_out_of_the_compound() -> None:
    from glossary.extract.japanese import term_before

    # 突然 + 停止 is no word JMdict knows: the adverb modifies the verbal noun, the compound is 停止
    text = "機械が突然停止"
    assert term_before(text, len(text), 0) == (text.index("停止"), len(text))
    text = "機械の突然変異"
    assert term_before(text, len(text), 0) == (text.index("突然"), len(text))


_KATAKANA_EDGES = "\u30a0\u30a1\u30fa\u30fb\u30fc\u30fd\u30fe\u30ff\uff65\uff66\uff9f\uffa0アカタ語aー\n "


@given(st.text(alphabet=_KATAKANA_EDGES, max_size=6))
@settings(max_examples=300, deadline=None)
def test_is_katakana_word_is_the_regex_match(surface: str) -> None:
    from glossary.extract.japanese import KATAKANA_WORD, is_katakana_word

    assert is_katakana_word(surface) == (KATAKANA_WORD.match(surface) is not None)


def test_is_katakana_word_for_every_code_point() -> None:
    from glossary.extract.japanese import KATAKANA_WORD, is_katakana_word

    for o in [*range(0x10000), *range(0x10000, 0x110000, 97)]:  # the BMP, where the ranges are, and a sample
        for surface in (chr(o), "ア" + chr(o)):
            assert is_katakana_word(surface) == (KATAKANA_WORD.match(surface) is not None), hex(o)
