"""The Japanese term finder's word tests, given the tokens a caller already has."""

from __future__ import annotations

import pytest

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
