"""The tokenizer: trimmed MeCab output parsed back into exact-offset tokens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.text.tokenizer import Token, lemma_key, loanword_gloss, tagger, tokenize


def _assert_exact(text: str, tokens: list[Token], offset: int = 0) -> None:
    for tok in tokens:
        assert text[tok.start - offset : tok.end - offset] == tok.surface


def test_fields_of_a_loanword_compound() -> None:
    tokens = tokenize("スパース・オートエンコーダ")
    assert [t.surface for t in tokens] == ["スパース", "・", "オート", "エンコーダ"]
    enc = tokens[-1]
    assert (enc.pos1, enc.pos2, enc.pos3) == ("名詞", "普通名詞", "一般")
    assert enc.lemma == "エンコーダー-encoder"
    assert enc.gloss == "encoder" and enc.base == "エンコーダー"
    assert enc.cform == ""  # the last token's empty field survives the output's stripping
    dot = tokens[1]
    assert (dot.pos1, dot.pos2, dot.pos3) == ("補助記号", "一般", "*")  # a missing level reads "*"


def test_conjugation_form_and_lemma_of_a_verb() -> None:
    tokens = tokenize("走った")
    assert tokens[0].surface == "走っ" and tokens[0].lemma == "走る"
    assert tokens[0].cform.startswith("連用形")
    assert tokens[1].pos1 == "助動詞" and tokens[1].pos2 == "*"


def test_offsets_slice_the_text_and_shift() -> None:
    text = "確率的勾配降下法(SGD)を使う"
    _assert_exact(text, tokenize(text))
    shifted = tokenize(text, offset=100)
    assert [t.start for t in shifted] == [t.start + 100 for t in tokenize(text)]
    _assert_exact(text, shifted, offset=100)


def test_leading_ideographic_space_is_a_token() -> None:
    text = "\u3000ましょう。"
    tokens = tokenize(text)
    assert tokens[0].surface == "\u3000" and tokens[0].pos1 == "空白"
    assert [t.surface for t in tokens[1:]] == ["ましょう", "。"]
    _assert_exact(text, tokens)


def test_whitespace_is_skipped_and_offsets_stay_exact() -> None:
    text = "モデル\t(model)\n 学習\r\n"
    tokens = tokenize(text)
    assert [t.surface for t in tokens][:5] == ["モデル", "(", "model", ")", "学習"]
    assert not any(c in t.surface for t in tokens for c in " \t\n")  # MeCab skips them; "\r" it keeps
    _assert_exact(text, tokens)


def test_unknown_word_keeps_its_surface_as_lemma() -> None:
    tokens = tokenize("ｘｙｚ")
    assert tokens and tokens[0].lemma == tokens[0].surface


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_and_blank_text(text: str) -> None:
    assert tokenize(text) == []


def test_a_repeated_text_with_nul_and_surrogates_is_tagged_the_same_from_the_cache() -> None:
    from glossary.text.tokenizer import _tokenize_cached

    text = "前\0後" + chr(0xDC00) + "テスト"
    _tokenize_cached.cache_clear()
    first = tokenize(text)
    assert tokenize(text) == first and _tokenize_cached.cache_info().hits == 1
    _tokenize_cached.cache_clear()
    assert tokenize(text.replace("\0", " ").replace(chr(0xDC00), "\ufffd")) == first


def test_nul_and_lone_surrogate_keep_offsets() -> None:
    text = "前\0後" + chr(0xD800) + "テスト"
    tokens = tokenize(text)
    _assert_exact(text.replace("\0", " ").replace(chr(0xD800), "\ufffd"), tokens)
    assert tokens[-1].surface == "テスト" and tokens[-1].end == len(text)


def test_node_api_keeps_full_features() -> None:
    # the trimmed text format must not change what fugashi's node API gives
    words = list(tagger()("東京"))
    assert words[0].surface == "東京" and words[0].feature.kana == "トウキョウ"


def test_loanword_gloss_and_lemma_key() -> None:
    assert loanword_gloss("スパース-sparse") == "sparse"
    assert loanword_gloss("私-代名詞") is None
    assert loanword_gloss(None) is None
    assert lemma_key("スパース・オートエンコーダ") == lemma_key("スパースオートエンコーダー")


def _uncached_calls() -> int:
    from glossary.text.tokenizer import _tokenize_cached

    info = _tokenize_cached.cache_info()
    return info.hits + info.misses


def test_a_stretch_that_ends_a_tagged_one_is_read_from_its_tokens() -> None:
    from glossary.text.tokenizer import tokenize_in

    text = "本稿では確率的勾配降下法(SGD)を使う"
    end = text.index("(")
    window = tokenize_in(text, 0, end)
    k = next(i for i, t in enumerate(window) if t.surface == "確率")
    cut = window[k].start
    calls = _uncached_calls()
    term = tokenize_in(text, cut, end)
    assert _uncached_calls() == calls  # read from the window, not tagged
    assert term == [t._replace(start=t.start - cut, end=t.end - cut) for t in window[k:]]
    _assert_exact(text[cut:end], term)


def test_a_stretch_is_tagged_when_no_tagged_stretch_shares_its_end_and_a_token_start() -> None:
    from glossary.text.tokenizer import forget_stretches, tokenize_in

    text = "本稿では確率的勾配降下法(SGD)を使う"
    end = text.index("(")
    window = tokenize_in(text, 0, end)
    forget_stretches()
    assert tokenize_in(text, window[1].start, end) == tokenize(text[window[1].start : end])
    inside = window[-1].start + 1  # inside the last token: a slice would cut it
    assert tokenize_in(text, inside, end) == tokenize(text[inside:end])
    shorter = end - 1  # another end: MeCab's EOS joins another token
    assert tokenize_in(text, window[1].start, shorter) == tokenize(text[window[1].start : shorter])
    other = "".join(list(text))  # an equal string, but not the text the window came from
    calls = _uncached_calls()
    tokenize_in(other, window[1].start, end)
    assert _uncached_calls() == calls + 1


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.text(alphabet="確率的勾配降下法のをはモデル学習データ、。 \u3000abcXYZ12", min_size=1, max_size=40),
    st.data(),
)
def test_a_read_stretch_slices_the_text_exactly(text: str, data: st.DataObject) -> None:
    from glossary.text.tokenizer import forget_stretches, tokenize_in

    forget_stretches()
    start = data.draw(st.integers(0, len(text) - 1))
    window = tokenize_in(text, start, len(text))
    cut = data.draw(st.integers(start, len(text)))
    tail = tokenize_in(text, cut, len(text))
    _assert_exact(text[cut:], tail)
    starts = [t.start + start for t in window]
    if cut in starts and cut > start:  # read from the window
        assert [t.surface for t in tail] == [t.surface for t in window[starts.index(cut) :]]
    else:  # tagged as given
        assert tail == tokenize(text[cut:])


def test_extraction_leaves_no_stretch_holding_the_document() -> None:
    import gc
    import weakref

    import glossary
    from glossary.text import tokenizer

    class Text(str):  # a str subclass can be weakly referenced
        __slots__ = ("__weakref__",)

    text = Text("本稿では確率的勾配降下法（Stochastic Gradient Descent）を使う。")
    assert glossary.find_definitions(text, doc="a.md")
    ref = weakref.ref(text)
    del text
    gc.collect()
    assert ref() is None
    assert getattr(tokenizer._LOCAL, "recent", []) == []
