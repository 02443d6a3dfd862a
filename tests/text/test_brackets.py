"""Specification of ``find_brackets``: one linear scan, both widths, nesting, tolerance."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.text.brackets import CLOSERS, OPENERS, find_brackets, scan_brackets

# (id, text, expected (open, close, kind) pairs in order of their opening offset)
CASES: list[tuple[str, str, list[tuple[int, int, str]]]] = [
    ("none", "括弧のない文。", []),
    ("ascii", "用語(term)です", [(2, 7, "(")]),
    ("fullwidth", "用語（term）です", [(2, 7, "(")]),
    ("mixed-open-ascii", "用語(term）です", [(2, 7, "(")]),
    ("mixed-open-fullwidth", "用語（term)です", [(2, 7, "(")]),
    ("square", "long form [LF]", [(10, 13, "[")]),
    ("square-fullwidth", "略語［LF］", [(2, 5, "[")]),
    ("nested", "(a(b)c)", [(0, 6, "("), (2, 4, "(")]),
    ("nested-fullwidth", "（特に（SGD））", [(0, 8, "("), (3, 7, "(")]),
    ("chained", "EN (A)(B)", [(3, 5, "("), (6, 8, "(")]),
    ("round-in-square", "[f(x)]", [(0, 5, "["), (2, 4, "(")]),
    ("empty", "()", [(0, 1, "(")]),
    ("unclosed", "(a", []),
    ("stray-closer", "a)b）", []),
    ("unclosed-outer", "((a)", [(1, 3, "(")]),
    ("stray-then-pair", ")(a)", [(1, 3, "(")]),
    ("foreign-closer-ignored", "(a]b)", [(0, 4, "(")]),
    ("closer-abandons-unbalanced-inner", "[a(b]c)", [(0, 4, "[")]),
    ("emoticon-unbalanced", "苦手 (^^; だが(これ)は閉じる", [(10, 13, "(")]),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[i for i, _, _ in CASES])
def test_find_brackets(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(b.open, b.close, b.kind) for b in find_brackets(text)] == expected


def test_depth_and_parent() -> None:
    text = "A（B（C（D））E）"
    got = find_brackets(text)
    assert [(b.depth, b.parent) for b in got] == [(0, None), (1, 1), (2, 3)]
    assert [b.inner(text) for b in got] == ["B（C（D））E", "C（D）", "D"]


def test_inner_offsets() -> None:
    text = "確率的勾配降下法(Stochastic Gradient Descent、SGD)"
    (b,) = find_brackets(text)
    assert text[b.inner_start : b.inner_end] == "Stochastic Gradient Descent、SGD"
    assert b.inner(text) == text[b.open + 1 : b.close]


def test_thousand_deep_nesting_is_reported_up_to_max_depth() -> None:
    n = 1000
    text = "(" * n + "x" + ")" * n
    full = find_brackets(text, max_depth=n + 1)
    assert len(full) == n
    assert [(b.open, b.close, b.depth) for b in full] == [(i, 2 * n - i, i) for i in range(n)]
    assert all(b.parent == (None if i == 0 else i - 1) for i, b in enumerate(full))
    bounded = find_brackets(text)
    assert bounded == full[: len(bounded)]
    assert 0 < len(bounded) < n
    assert all(b.depth < len(bounded) for b in bounded)


def test_hundred_thousand_unmatched_openers() -> None:
    n = 100_000
    assert find_brackets("(" * n) == []
    assert find_brackets("（" * n) == []
    assert [(b.open, b.close) for b in find_brackets("(" * n + ")")] == [(n - 1, n)]
    assert [(b.open, b.close) for b in find_brackets("(" * n + "x（y）")] == [(n + 1, n + 3)]


def test_stray_openers_do_not_hide_later_pairs() -> None:
    # a long document with many unclosed emoticons "(^^;" still has its later brackets found
    text = "だめだ (^^; " * 100 + "用語(term)"
    assert [(b.open, b.close) for b in find_brackets(text)] == [(len(text) - 6, len(text) - 1)]


def test_hundred_thousand_openers_against_foreign_closers() -> None:
    n = 100_000
    assert find_brackets("(" * n + "]" * n) == []
    text = "[(" * n + "]" * n
    got = find_brackets(text, max_depth=2 * n + 1)
    assert [(b.open, b.close, b.kind) for b in got] == [(2 * i, 3 * n - 1 - i, "[") for i in range(n)]


def test_hundred_thousand_unmatched_closers() -> None:
    n = 100_000
    assert find_brackets(")" * n) == []
    assert find_brackets("）]" * n) == []


def test_long_balanced_run() -> None:
    n = 50_000
    got = find_brackets("(a)" * n)
    assert [(b.open, b.close) for b in got] == [(3 * i, 3 * i + 2) for i in range(n)]
    assert all(b.depth == 0 and b.parent is None for b in got)


# --- properties -----------------------------------------------------------


def _balanced() -> st.SearchStrategy[str]:
    leaf = st.text(alphabet="ab 用語", max_size=3)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(["()", "（）", "(）", "（)", "[]", "［］"]), inner).map(
                lambda t: t[0][0] + t[1] + t[0][1]
            ),
            st.lists(inner, max_size=4).map("".join),
        ),
        max_leaves=30,
    )


def _reference_pairs(text: str) -> set[tuple[int, int]]:
    """Plain stack matcher, valid for balanced input only."""
    stack: list[int] = []
    pairs: set[tuple[int, int]] = set()
    for i, ch in enumerate(text):
        if ch in OPENERS:
            stack.append(i)
        elif ch in CLOSERS:
            pairs.add((stack.pop(), i))
    return pairs


@settings(max_examples=300, deadline=None)
@given(_balanced())
def test_balanced_input_matches_reference(text: str) -> None:
    got = find_brackets(text, max_depth=10_000)
    assert {(b.open, b.close) for b in got} == _reference_pairs(text)
    by_open = {b.open: b for b in got}
    for b in got:
        if b.parent is None:
            assert b.depth == 0
        else:
            outer = by_open[b.parent]
            assert outer.open < b.open and b.close < outer.close
            assert b.depth == outer.depth + 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="()（）[]［］ab用", max_size=200))
def test_any_input_gives_well_formed_pairs(text: str) -> None:
    got = find_brackets(text)
    assert [b.open for b in got] == sorted(b.open for b in got)
    for b in got:
        assert b.open < b.close
        assert OPENERS[text[b.open]] == CLOSERS[text[b.close]] == b.kind
    # pairs never cross: two pairs are disjoint or one contains the other
    for x in got:
        for y in got:
            if x.open < y.open < x.close:
                assert y.close < x.close


def _reference(text: str, max_depth: int = 64) -> list[tuple[int, int, int, int | None, str]]:
    """The scan as first written (a tuple per opener, a sort of the pairs): the compact one must agree."""
    stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int, str]] = []
    for i, ch in enumerate(text):
        if ch in OPENERS:
            stack.append((i, OPENERS[ch]))
        elif ch in CLOSERS and any(k == CLOSERS[ch] for _, k in stack):
            while True:
                opener, kind = stack.pop()
                if kind == CLOSERS[ch]:
                    break
            pairs.append((opener, i, kind))
    pairs.sort()
    out: list[tuple[int, int, int, int | None, str]] = []
    enclosing: list[tuple[int, int]] = []
    for opener, closer, kind in pairs:
        while enclosing and enclosing[-1][1] < opener:
            enclosing.pop()
        if len(enclosing) < max_depth:
            out.append((opener, closer, len(enclosing), enclosing[-1][0] if enclosing else None, kind))
        enclosing.append((opener, closer))
    return out


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="()（）[]［］a語 ", max_size=80), st.integers(min_value=1, max_value=6))
def test_property_compact_scan_agrees_with_the_plain_one(text: str, max_depth: int) -> None:
    got = scan_brackets(text, max_depth)
    assert [tuple(b) for b in got] == _reference(text, max_depth)
    assert find_brackets(text, max_depth) == list(got)
    for b in got:
        assert got.at(b.open) == b
    opens = {b.open for b in got}
    assert all(got.at(i) is None for i in range(len(text) + 1) if i not in opens)


def test_compact_scan_works_across_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # brackets opened in one window of the scan and closed in a later one
    import glossary.text.brackets as brackets

    monkeypatch.setattr(brackets, "_WINDOW", 3)
    text = "(ab[cd(e)f]g)h（i）"
    assert [tuple(b) for b in scan_brackets(text)] == _reference(text)
