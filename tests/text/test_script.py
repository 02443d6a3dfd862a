"""Character classes and the last-match helper of glossary.text.script."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.extract.analyse import _LATIN_STOP
from glossary.extract.english import _SENTENCE_END_RE as ENGLISH_SENTENCE_END
from glossary.text.script import (
    SENTENCE_END_RE,
    has_japanese,
    has_latin,
    is_japanese_char,
    last_match_end,
    last_sentence_end,
)


def _last_end_by_loop(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the match that starts rightmost in ``text[lo:hi]``, tried start by start.

    Not ``finditer``'s last match: where matches overlap (``. \n\n A`` ends an English sentence
    and holds a blank line) finditer's non-overlapping scan can end a character later.
    """
    for start in range(hi - 1, lo - 1, -1):
        m = pattern.match(text, start, hi)
        if m is not None:
            return m.end()
    return None


_PIECES = st.sampled_from(
    ["。", ".", "!", "?", " ", "\n", "\n\n", "A", "a", "語", "「", "e.g", "al", ")", '"', "Fig"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.data())
def test_last_match_end_is_the_match_that_starts_rightmost(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for pattern in (SENTENCE_END_RE, ENGLISH_SENTENCE_END, _LATIN_STOP):
        m = last_match_end(pattern).match(text, lo, hi)
        assert (m.end() if m else None) == _last_end_by_loop(pattern, text, lo, hi), (pattern.pattern, text)


def test_last_match_end_where_matches_overlap() -> None:
    # found by Hypothesis: a ". " sentence end running over a blank line to the next capital
    text = "。" * 3 + ".\n\n\n A"
    m = last_match_end(ENGLISH_SENTENCE_END).match(text)
    assert m is not None and m.end() == _last_end_by_loop(ENGLISH_SENTENCE_END, text, 0, len(text)) == 7


def test_last_match_end_examples() -> None:
    last = last_match_end(SENTENCE_END_RE)
    text = "一文目。二文目。用語"
    m = last.match(text)
    assert m is not None and m.end() == text.index("用語")
    assert last.match("文の途中") is None


def test_character_classes() -> None:
    assert has_japanese("スパース autoencoder") and not has_japanese("sparse autoencoder")
    assert has_latin("ＳＡＥ") and not has_latin("自己符号化器")
    assert is_japanese_char("語") and is_japanese_char("ー") and not is_japanese_char("A")


_LAST_END = last_match_end(SENTENCE_END_RE)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="あa.。!?！？\n \t\u3000\r\u2028", max_size=40), st.data())
def test_last_sentence_end_agrees_with_the_regex(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    m = _LAST_END.match(text, lo, hi)
    assert last_sentence_end(text, lo, hi) == (m.end() if m else -1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前の文。次の用語", 4),
        ("It ends. Then", 8),
        ("v3.14 (no end)", -1),
        ("段落\n \n\n見出し", 6),  # a blank-line run ends after its last newline
        ("end.", -1),  # "." needs a space after it inside the stretch
        ("", -1),
    ],
)
def test_last_sentence_end_cases(text: str, expected: int) -> None:
    assert last_sentence_end(text, 0, len(text)) == expected


def test_is_japanese_char_is_the_regex_match_for_every_code_point() -> None:
    from glossary.text.script import JAPANESE_RE, is_japanese_char

    assert not is_japanese_char("")
    for o in [*range(0x10000), *range(0x10000, 0x110000, 97)]:  # the BMP, where the ranges are, and a sample
        ch = chr(o)
        assert is_japanese_char(ch) == (JAPANESE_RE.match(ch) is not None), hex(o)
    assert is_japanese_char("語a") and not is_japanese_char("a語")  # the first character decides
