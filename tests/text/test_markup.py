"""Specification of ``find_mask``: code, maths, URLs, link targets and tags are not prose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.text.markup import Mask, find_mask

# (id, text, snippets that must be masked, snippets that must stay prose)
CASES: list[tuple[str, str, list[str], list[str]]] = [
    ("plain-prose", "確率的勾配降下法(SGD)を使う。", [], ["確率的勾配降下法(SGD)を使う。"]),
    ("inline-code", "`f(x)` を計算し、損失(loss)を見る。", ["`f(x)`"], ["損失(loss)"]),
    ("inline-code-double", "``a`(b)`` の後に介入(intervention)", ["``a`(b)``"], ["介入(intervention)"]),
    (
        "fenced-code",
        "前文(prose)\n```python\ny = f(x)  # 損失(loss)\n```\n後文(after)",
        ["y = f(x)  # 損失(loss)"],
        ["前文(prose)", "後文(after)"],
    ),
    ("fenced-tilde", "~~~\n勾配(gradient)\n~~~\n本文(text)", ["勾配(gradient)"], ["本文(text)"]),
    ("fenced-unclosed", "本文(text)\n```\ncode(x)\nmore(y)", ["code(x)", "more(y)"], ["本文(text)"]),
    ("maths-inline", "関数 $f(x)$ と記法(notation)", ["$f(x)$"], ["記法(notation)"]),
    ("maths-display", "$$\nI(X;Y) = H(X)\n$$\n相互情報量(MI)", ["I(X;Y) = H(X)"], ["相互情報量(MI)"]),
    ("dollar-amounts", "価格は $5 と $6 で、用語(term)", [], ["$5 と $6", "用語(term)"]),
    (
        "link-target",
        "[解説(guide)](https://example.com/a_(b)) と用語(term)",
        ["(https://example.com/a_(b))"],
        ["解説(guide)", "用語(term)"],
    ),
    ("link-relative", "[評価](docs/metrics.md)を見る", ["(docs/metrics.md)"], ["評価", "を見る"]),
    ("image", "![図(figure)](img/fig_(1).png) の説明", ["(img/fig_(1).png)"], ["図(figure)", "の説明"]),
    (
        "bare-url",
        "https://example.com/wiki/Transformer_(machine_learning) を参照(see)",
        ["https://example.com/wiki/Transformer_(machine_learning)"],
        ["を参照(see)"],
    ),
    (
        "url-ends-at-japanese-bracket",
        "（https://example.com/x）を見る",
        ["https://example.com/x"],
        ["）を見る"],
    ),
    (
        "url-right-after-japanese",
        "詳細はhttps://example.com/wiki/Foo_(bar)を参照(see)",
        ["https://example.com/wiki/Foo_(bar)"],
        ["詳細は", "を参照(see)"],
    ),
    (
        "url-scheme-any-case",
        "HTTPS://Example.com/a_(b) と用語(term)",
        ["HTTPS://Example.com/a_(b)"],
        ["用語(term)"],
    ),
    ("url-www", "サイトwww.example.org/x_(y)と用語(term)", ["www.example.org/x_(y)"], ["用語(term)"]),
    ("url-www-capitalised", "Www.example.org/p_(q) と用語(term)", ["Www.example.org/p_(q)"], ["用語(term)"]),
    ("url-inside-a-word", "xhttp://a.b/(c) と用語(term)", [], ["xhttp://a.b/(c)", "用語(term)"]),
    (
        "url-in-url",
        "http://a.com/?u=https://b.com/(c) と用語(term)",
        ["http://a.com/?u=https://b.com/(c)"],
        ["用語(term)"],
    ),
    (
        "fenced-indented-and-nested",
        "本文(text)\n  ```md\n  ~~~\n  code(x)\n  ```\n後文(after)\n~~~\nmore(y)\n~~~\n結び(end)",
        ["code(x)", "more(y)"],
        ["本文(text)", "後文(after)", "結び(end)"],
    ),
    ("fence-not-at-line-start", "文中の ``` は(code)ではない", [], ["文中の ``` は(code)ではない"]),
    (
        "html-tag",
        '<span title="注意(attention)">注意機構(attention)</span>',
        ['title="注意(attention)"'],
        ["注意機構(attention)"],
    ),
    ("html-comment", "<!-- 勾配(gradient) -->本文(text)", ["勾配(gradient)"], ["本文(text)"]),
    ("footnote-label", "用語(term)[^1]です", ["[^1]"], ["用語(term)"]),
    ("heading", "## 確率的勾配降下法(SGD)の基礎", [], ["確率的勾配降下法(SGD)の基礎"]),
    (
        "list-item",
        "- 注意機構(attention)\n1. 位置埋め込み(positional embedding)",
        [],
        ["注意機構(attention)", "位置埋め込み(positional embedding)"],
    ),
    ("table-cell", "| 埋め込み(embedding) | ベクトル |\n|---|---|", [], ["埋め込み(embedding)", "ベクトル"]),
    (
        "emphasis",
        "**過学習**(overfitting)と*正則化*(regularization)",
        [],
        ["**過学習**(overfitting)", "*正則化*(regularization)"],
    ),
    ("blockquote", "> 混合精度学習(mixed precision)", [], ["混合精度学習(mixed precision)"]),
]


def _spans(text: str, snippet: str) -> tuple[int, int]:
    assert text.count(snippet) == 1, f"table snippet {snippet!r} must occur once"
    start = text.index(snippet)
    return start, start + len(snippet)


@pytest.mark.parametrize(
    ("text", "masked", "prose"), [(t, m, p) for _, t, m, p in CASES], ids=[i for i, *_ in CASES]
)
def test_find_mask(text: str, masked: list[str], prose: list[str]) -> None:
    mask = find_mask(text)
    for snippet in masked:
        start, end = _spans(text, snippet)
        assert all(mask.covers(i) for i in range(start, end)), f"{snippet!r} not masked: {mask.regions}"
    for snippet in prose:
        start, end = _spans(text, snippet)
        assert not mask.overlaps(start, end), f"{snippet!r} masked: {mask.regions}"


def test_prose_has_no_regions() -> None:
    assert find_mask("これは普通の文(sentence)である。").regions == []


def test_mask_merges_and_answers_half_open() -> None:
    mask = Mask([(5, 8), (0, 3), (2, 4), (8, 10)])
    assert mask.regions == [(0, 4), (5, 10)]
    assert [mask.covers(i) for i in range(11)] == [True] * 4 + [False] + [True] * 5 + [False]
    assert mask.overlaps(3, 6)
    assert not mask.overlaps(4, 5)
    assert not mask.overlaps(10, 20)
    assert mask.last_end_before(4) == 4
    assert mask.last_end_before(7) == 4
    assert mask.last_end_before(12) == 10
    assert Mask([]).last_end_before(3) == 0


def test_an_empty_region_masks_nothing() -> None:
    """A zero-width region (an empty code span, say) neither covers nor overlaps anything, and does
    not shadow what lies around it (it once answered "overlaps" for every span that crossed it)."""
    mask = Mask([(0, 10), (12, 12), (5, 5)])
    assert mask.regions == [(0, 10)]
    assert not mask.overlaps(11, 13)
    assert not Mask([(5, 5)]).overlaps(3, 6)
    assert not Mask([(5, 5)]).covers(5)


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=10),
    st.integers(0, 40),
    st.integers(1, 8),
)
@settings(max_examples=300, deadline=None)
def test_mask_answers_as_its_characters_do(spans: list[tuple[int, int]], start: int, width: int) -> None:
    """covers / overlaps agree with the set of masked characters."""
    chars = {i for a, b in spans for i in range(a, b)}
    mask = Mask(list(spans))
    assert all(mask.covers(i) == (i in chars) for i in range(45))
    assert mask.overlaps(start, start + width) == any(i in chars for i in range(start, start + width))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(" * 100_000, []),
        ("`" * 100_000, []),
        ("<" * 100_000, []),
        ("](" * 50_000, []),
        ("$ " * 50_000, []),
        ("http://" + "a" * 100_000, [(0, 100_007)]),
    ],
    ids=["openers", "backticks", "angles", "link-openers", "lone-dollars", "long-url"],
)
def test_large_degenerate_inputs(text: str, expected: list[tuple[int, int]]) -> None:
    assert find_mask(text).regions == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="`$[]()<>!-~\n *_aあ:/h.tp", max_size=300))
def test_regions_are_sorted_disjoint_and_inside_text(text: str) -> None:
    mask = find_mask(text)
    last_end = -1
    for start, end in mask.regions:
        assert 0 <= start < end <= len(text)
        assert start > last_end
        last_end = end
    for i in range(len(text)):
        assert mask.covers(i) == any(s <= i < e for s, e in mask.regions)


@pytest.mark.parametrize(
    "text",
    ["`" * 1_000_000, "~" * 1_000_000, "  ```" * 200_000, " " * 500_000 + "```"],
    ids=["backticks", "tildes", "indented-fences", "deep-indent"],
)
def test_fence_scan_is_linear(text: str) -> None:
    # degenerate fence runs: each line is searched once (a look-back per fence was quadratic)
    mask = find_mask(text)
    assert all(0 <= a < b <= len(text) for a, b in mask.regions)


# --- the span helpers that Layout uses (compiled here; they were plain Python in glossary.text.formats) ---
def _merged_by_the_old_loop(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(r for r in runs if r[1] > r[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _gaps_by_the_old_loop(regions: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in regions:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        out.append((pos, n))
    return out


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12)


@given(_SPANS)
@settings(max_examples=400, deadline=None)
def test_merge_spans_is_the_loop_it_replaces(spans: list[tuple[int, int]]) -> None:
    from glossary.text.markup import merge_spans

    assert merge_spans(list(spans)) == _merged_by_the_old_loop(spans)


@given(_SPANS, st.integers(0, 70))
@settings(max_examples=400, deadline=None)
def test_span_gaps_is_the_loop_it_replaces(spans: list[tuple[int, int]], n: int) -> None:
    from glossary.text.markup import span_gaps

    regions = sorted(spans)
    assert span_gaps(regions, n) == _gaps_by_the_old_loop(regions, n)
    merged = _merged_by_the_old_loop(spans)
    assert span_gaps(merged, n) == _gaps_by_the_old_loop(merged, n)
