"""The bracket analysers: the keep threshold, and the helpers that read around a bracket (bounded)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary.analyse import SCORE_TOLERANCE, _Doc, _starts_line
from glossary.brackets import scan_brackets
from glossary.formats import parse

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


def test_line_starts_are_found_once_per_document() -> None:
    text = "一行目\n二行目(x)\n\n四行目"
    layout = parse(text)
    ctx = _Doc(text, layout, scan_brackets(text), layout.mask)
    assert [ctx.line_start(i) for i in range(len(text) + 1)] == [
        text.rfind("\n", 0, i) + 1 for i in range(len(text) + 1)
    ]
    assert ctx.bracket_at(7) is not None and ctx.bracket_at(6) is None
