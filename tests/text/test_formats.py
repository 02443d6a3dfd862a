"""Specification of ``glossary.text.formats``: what each markup's parser reads as prose, in which block.

Each case is a small document of our own; ``prose`` snippets must lie wholly inside prose runs,
``masked`` snippets wholly outside them.  Every run must slice the document it came from.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import find_definitions
from glossary.text.formats import Layout, MarkupError, documents, markup_for, parse, source_file


def _inside(layout: Layout, snippet: str) -> bool:
    i = layout.text.index(snippet)
    return any(a <= i and i + len(snippet) <= b for a, b in layout.runs)


def _outside(layout: Layout, snippet: str) -> bool:
    i = layout.text.index(snippet)
    return all(b <= i or a >= i + len(snippet) for a, b in layout.runs)


# (id, markup, document, prose snippets, masked snippets)
CASES: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "fence-in-directive-fence",
        "markdown",
        "前文の語（before）\n\n````{list-table}\n:header-rows: 1\n* - 表の語（cell term）\n"
        "    ```{math}\n    f(x)\n    ```\n* - 続きの語（later term）\n````\n\n後文の語（after）\n",
        ["表の語（cell term）", "続きの語（later term）", "後文の語（after）"],
        [":header-rows: 1", "f(x)"],
    ),
    (
        "code-fence",
        "markdown",
        "説明（prose）\n\n```python\ny = g(x)  # 重み（weight）\n```\n",
        ["説明（prose）"],
        ["y = g(x)  # 重み（weight）"],
    ),
    (
        "indented-code",
        "markdown",
        "説明（prose）\n\n    run(x)  # 値（value）\n\n後（after）\n",
        ["説明（prose）", "後（after）"],
        ["run(x)  # 値（value）"],
    ),
    (
        "comment-holds-prose",
        "markdown",
        "<!-- 原文の語（source term）と `code(x)` -->\n\n本文の語（body term）\n",
        ["原文の語（source term）と ", "本文の語（body term）"],
        ["<!--", "`code(x)`", "-->"],
    ),
    (
        "escape",
        "markdown",
        "見本\\*の語（sample term）\n",
        ["*の語（sample term）"],
        ["\\"],
    ),
    (
        "link-reference-definition",
        "markdown",
        "参照の語（reference）を見る。\n\n[docs-site]: https://example.org/docs (Title)\n",
        ["参照の語（reference）"],
        ["[docs-site]: https://example.org/docs (Title)"],
    ),
    (
        "link-target-and-brackets",
        "markdown",
        "[案内の語（guide）](https://example.org/a_(b)) の後\n",
        ["案内の語（guide）"],
        ["(https://example.org/a_(b))", "["],
    ),
    (
        "table-rows",
        "markdown",
        "| 名前 | 意味 |\n|---|---|\n| 版番号（version） | `v(1)` |\n",
        ["版番号（version）", "名前"],
        ["|---|---|", "`v(1)`"],
    ),
    (
        "inline-code-is-not-a-surface",
        "markdown",
        "設定値（例: `fastMode`）を使う。\n",
        ["設定値（例: "],
        ["`fastMode`"],
    ),
    (
        "front-matter",
        "markdown",
        "---\ntitle: 題（title）\nauthor: 筆者（writer）\n---\n\n本文（body）\n",
        ["本文（body）", "題（title）"],
        ["title: ", "author: 筆者（writer）"],
    ),
    (
        "front-matter-title-quoted",
        "markdown",
        '---\ntitle: "題（title）"  \ntags: [語（word）]\n---\n本文\n',
        ["題（title）", "本文"],
        ['"', "tags: [語（word）]"],
    ),
    (
        "front-matter-title-toml",
        "markdown",
        '+++\ntitle = "題（title）"\nsubtitle = "副題（subtitle）"\n+++\n本文\n',
        ["題（title）"],
        ["副題（subtitle）"],
    ),
    (
        "front-matter-title-comment-block",
        "markdown",
        "---\ntitle: 題（title） # 注（note）\nsummary: |\n  概要（summary）\n---\n本文\n",
        ["題（title）"],
        ["# 注（note）", "概要（summary）"],
    ),
    (
        "dollar-and-tex-maths",
        "markdown",
        "式 $f(a)$ と \\\\(g(b)\\\\) の値（value）\n\n$$\nh(c)\n$$\n",
        ["の値（value）"],
        ["$f(a)$", "\\\\(g(b)\\\\)", "h(c)"],
    ),
    (
        "heading-attributes",
        "markdown",
        "## 見出しの語（heading term） {#anchor-id}\n",
        ["見出しの語（heading term）"],
        ["{#anchor-id}"],
    ),
    (
        "html-document",
        "html",
        "<html><head><style>p(x){}</style><script>f(y)</script></head><body>"
        "<h1>題の語（title term）</h1><p>本文の語（body term）<code>c(z)</code></p>"
        "<!-- 注の語（note term） --><pre>p(q)</pre></body></html>",
        ["題の語（title term）", "本文の語（body term）", "注の語（note term）"],
        ["p(x){}", "f(y)", "c(z)", "p(q)", "<h1>", "</p>"],
    ),
    (
        "rst-document",
        "rst",
        "題の語（title term）\n=================\n\n本文の語（body term）は次の通り::\n\n"
        "    code(x)  # 値（value）\n\n.. code-block:: python\n\n   g(y)\n\n"
        ".. note::\n\n   注記の語（note term）\n\n.. _target: https://example.org/a(b)\n\n"
        "..\n   原文の語（source term）\n\n役割 :code:`h(z)` と :term:`用語の語（term）` と ``lit(w)``\n",
        ["題の語（title term）", "本文の語（body term）", "注記の語（note term）", "原文の語（source term）",
         "用語の語（term）"],
        ["code(x)", "g(y)", "https://example.org/a(b)", ":code:`h(z)`", "``lit(w)``", "::"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("markup", "doc", "prose", "masked"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_prose_and_masks(markup: str, doc: str, prose: list[str], masked: list[str]) -> None:
    layout = parse(doc, markup)
    for snippet in prose:
        assert _inside(layout, snippet), f"{snippet!r} should be prose: {list(layout.prose())}"
    for snippet in masked:
        assert _outside(layout, snippet), f"{snippet!r} should be masked: {list(layout.prose())}"
    for a, b in layout.runs:
        assert 0 <= a < b <= len(doc)


def test_a_front_matter_title_is_the_documents_heading() -> None:
    doc = "---\ntitle: 題（title）\n---\n\n本文\n"
    layout = parse(doc, "markdown")
    b = layout.block_at(doc.index("題"))
    assert b is not None and (b.kind, doc[b.start : b.end]) == ("heading", "題（title）")
    unclosed = parse("---\ntitle: 題（title）\n", "markdown")  # no closing line: no front matter
    b = unclosed.block_at(unclosed.text.index("題"))
    assert b is None or b.kind != "heading" or b.level != 1


def test_blocks_name_headings_table_cells_and_list_items() -> None:
    doc = "# 題\n\n## 節の題\n\n- 項目の語\n\n| 見出し | 列 |\n|---|---|\n| 一 | 二 |\n\n> 引用\n"
    layout = parse(doc, "markdown")

    def block(snippet: str) -> tuple[str, int, int, int]:
        b = layout.block_at(doc.index(snippet))
        assert b is not None, snippet
        return b.kind, b.level, b.row, b.col

    assert block("題") == ("heading", 1, -1, -1)
    assert block("節の題") == ("heading", 2, -1, -1)
    assert block("項目の語") == ("list_item", 1, -1, -1)
    assert block("見出し") == ("table_cell", 0, 0, 0)
    assert block("二") == ("table_cell", 0, 1, 1)
    assert block("引用") == ("blockquote", 0, -1, -1)


def test_html_table_cells_have_rows_and_columns() -> None:
    doc = "<table><tr><th>名</th><th>意味</th></tr><tr><td>甲</td><td>乙</td></tr></table>"
    layout = parse(doc, "html")
    b = layout.block_at(doc.index("乙"))
    assert b is not None and (b.kind, b.row, b.col) == ("table_cell", 1, 1)


def test_rst_title_levels_follow_the_order_of_adornments() -> None:
    doc = "第一の題\n========\n\n本文\n\n第二の題\n--------\n\n別の題\n======\n"
    layout = parse(doc, "rst")
    levels = [(doc[b.start : b.end], b.level) for b in layout.blocks if b.kind == "heading"]
    assert levels == [("第一の題", 1), ("第二の題", 2), ("別の題", 1)]


def test_markup_follows_the_suffix() -> None:
    assert markup_for("a/b.md") == "markdown"
    assert markup_for("a/b.MDX") == "markdown"
    assert markup_for("b.rst") == "rst"
    assert markup_for("b.htm") == "html"
    assert markup_for("b.ipynb") == "ipynb"
    assert markup_for("b.ipynb#cell=3") == "markdown"
    assert markup_for("b.txt") == markup_for(None) == "text"
    assert source_file("b.ipynb#cell=3") == "b.ipynb"


def _notebook(*cells: tuple[str, str | list[str]]) -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": kind, "metadata": {}, "source": source} for kind, source in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        ensure_ascii=False,
    )


def test_notebook_markdown_cells_are_documents() -> None:
    nb = _notebook(
        ("markdown", ["# 題\n", "近似の語（approximation）を使う。\n"]),
        ("code", "f(x)  # 関数（function）"),
        ("markdown", "損失の語（loss）"),
    )
    docs = list(documents("n.ipynb", nb))
    assert [(name, markup) for name, _, markup in docs] == [
        ("n.ipynb#cell=0", "markdown"),
        ("n.ipynb#cell=2", "markdown"),
    ]
    assert docs[0][1] == "# 題\n近似の語（approximation）を使う。\n"


def test_a_file_that_is_not_a_notebook_says_so() -> None:
    with pytest.raises(MarkupError, match=r"n\.ipynb:1:1: not a Jupyter notebook"):
        list(documents("n.ipynb", "これは JSON ではない"))
    with pytest.raises(MarkupError, match="no 'cells' list"):
        list(documents("n.ipynb", "[1, 2]"))


def test_find_definitions_reads_markdown_by_markup() -> None:
    doc = "<!-- 損失関数（loss function）は `keep` の説明 -->\n\n```\n重み行列（weight matrix）\n```\n"
    found = find_definitions(doc, markup="markdown")
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [("損失関数", "loss function")]
    by_name = find_definitions(doc, doc="notes.md")
    assert [d.ja.text for d in by_name if d.ja] == ["損失関数"]
    assert "keep" not in {d.en.text for d in found if d.en}
    for d in found:
        for p in d.parts:
            assert doc[p.start : p.end] == p.text


def test_find_definitions_refuses_an_unknown_markup() -> None:
    with pytest.raises(ValueError, match="markup='docx'"):
        find_definitions("本文", markup="docx")


@pytest.mark.parametrize(
    "doc",
    [
        "**Mean Reciprocal Rank** (MRR) を使う。\n",
        "名前は Expected Crop **Yield (収量)** に由来する。\n",
    ],
)
def test_no_surface_begins_or_ends_with_emphasis(doc: str) -> None:
    found = find_definitions(doc, markup="markdown")
    assert found
    for d in found:
        for p in d.parts:
            assert p.text.strip("*") == p.text and doc[p.start : p.end] == p.text


def test_emphasis_delimits_an_english_term() -> None:
    found = find_definitions("名前は Expected Crop **Yield (収量)** に由来する。\n", markup="markdown")
    assert [p.text for p in found[0].parts] == ["Yield", "収量"]


def test_no_surface_ends_in_an_escape_or_a_link_bracket() -> None:
    doc = "[案内の語](https://example.org) と見本の規格\\（Sample Standard\\）を読む。\n"
    for d in find_definitions(doc, markup="markdown"):
        for p in d.parts:
            assert not p.text.endswith("\\") and not p.text.startswith("[")


_MARKDOWN_PIECES = st.sampled_from(
    ["用語（term）", "```\n", "````{note}\n", "    ", "> ", "- ", "| a | b |\n", "|---|\n", "<!--", "-->",
     "`", "$", "\\", "[", "](x)", "\n", "\n\n", "# ", "<b>", "</b>", "{#id}", ":opt: 1\n", "\r\n", "（", "）",
     "&#40;", "&#41;", "&#x28;", "&rpar;", "The ", "4/5", "ゼロIF(zero IF)", "（CSE、式を評価すること）",
     "著", "**"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_MARKDOWN_PIECES | st.text(max_size=5), max_size=30),
    st.sampled_from(["markdown", "html", "rst"]),
)
def test_runs_always_slice_the_text(pieces: list[str], markup: str) -> None:
    doc = "".join(pieces)
    layout = parse(doc, markup)
    previous = 0
    for a, b in layout.runs:
        assert previous <= a < b <= len(doc)
        previous = b
    for block in layout.blocks:
        assert 0 <= block.start <= block.end <= len(doc)
    for d in find_definitions(doc, markup=markup):
        for p in d.parts:
            assert doc[p.start : p.end] == p.text


def _prose_chars(layout: Layout) -> set[int]:
    return {i for a, b in layout.runs for i in range(a, b) if not layout.text[i].isspace()}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(
        _MARKDOWN_PIECES | st.sampled_from(["本文の語（term）", "次の文。", "~~~\n", "<pre>", "</pre>"]),
        max_size=40,
    )
)
def test_the_paragraph_shortcut_reads_what_the_parser_reads(pieces: list[str]) -> None:
    """Sections that can only be paragraphs skip markdown-it; the prose must be the same."""
    from glossary.text.formats.markdown import _Collector, _front_matter, _line_spans

    doc = "".join(pieces)
    lines = _line_spans(doc, 0)
    first = _front_matter(doc, lines)
    full = _Collector(doc)
    if first < len(lines):
        full.markdown(lines[first][0], len(doc), 0)
    assert _prose_chars(parse(doc, "markdown")) == _prose_chars(full.layout("markdown"))


_HEADING_PIECES = st.sampled_from(
    ["# ", "## ", "###### ", "####### ", "#", " ", "   ", "    ", "\t", "\u3000", "\xa0", "\n", "\n\n",
     "\r\n", "\0", "見出し", "用語（term）", " ##", " #  ", "\t#", "\t## ", "{#id}", " {.c}", "<!-- 注 -->",
     "`code`", "$x$", "\\#", "次の文。"]
)  # fmt: skip


# a compiled _Collector (pip install .) cannot be patched: these two run on the pure module
_PURE_MARKDOWN = pytest.mark.skipif(
    not __import__("glossary.text.formats.markdown", fromlist=["_"]).__file__.endswith(".py"),
    reason="the compiled collector cannot be patched",
)


@_PURE_MARKDOWN
@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(_HEADING_PIECES | st.text(max_size=3), max_size=30))
def test_the_heading_shortcut_reads_what_the_parser_reads(pieces: list[str]) -> None:
    """Stretches of ATX headings skip markdown-it; runs, blocks and code must be the parser's."""
    from unittest import mock

    from glossary.text.formats.markdown import _Collector, parse_markdown

    doc = "".join(pieces)
    fast = parse_markdown(doc)
    with mock.patch.object(_Collector, "atx_headings", return_value=False):
        slow = parse_markdown(doc)
    assert (fast.runs, fast.blocks, fast.code) == (slow.runs, slow.blocks, slow.code)


@_PURE_MARKDOWN
def test_the_heading_shortcut_is_taken() -> None:
    from unittest import mock

    from glossary.text.formats.markdown import _Collector, parse_markdown

    doc = "前の段落。\n\n## 見出し ##\n\n次の段落。\n\n### 小見出し {#id}\n#### 手順\t#\n##### #番号#\n"
    with mock.patch.object(_Collector, "markdown", side_effect=AssertionError("the parser ran")):
        layout = parse_markdown(doc)
    assert [(b.kind, doc[b.start : b.end], b.level) for b in layout.blocks if b.kind == "heading"] == [
        ("heading", "見出し", 2),
        ("heading", "小見出し", 3),
        ("heading", "手順", 4),
        ("heading", "#番号#", 5),
    ]


_ITEM_TEXT = st.lists(
    st.sampled_from(
        ["語", "用語（term）", " ", "\t", "\u3000", "`code`", "**強調**", "$x$", "[リンク](url)", "<b>", "\\",
         "#", "*", "-", "1.", "|", "[r]: u", "<!-- 注 -->", "```", "$$", "~~~", "(", "）", "=", "_"]
    ),
    max_size=6,
).map("".join)  # fmt: skip
_SECTION = st.one_of(
    st.tuples(st.sampled_from(["#", "## ", "### ", " # ", "#######", "#\t"]), _ITEM_TEXT).map("".join),
    st.tuples(
        st.sampled_from(["-", "*", "+", "1.", "2)"]),
        st.lists(st.tuples(st.sampled_from([" ", "  ", "\t", ""]), _ITEM_TEXT), min_size=1, max_size=4),
    ).map(lambda t: "\n".join(t[0] + gap + text for gap, text in t[1])),
    st.sampled_from(
        ["本文の語（term）。", "| a | b |\n|---|---|\n| 表（cell） | 1 |", "```\ncode\n```", "<!-- x"]
    ),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_SECTION, max_size=6), st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n"]))
def test_headings_and_lists_skip_the_parser_and_read_the_same(sections: list[str], gap: str) -> None:
    """ATX headings and tight one-line lists skip markdown-it (see _sections): the layout is the same."""
    from glossary.text.formats.markdown import _PLAIN, _Collector, _line_spans, _sections

    doc = gap.join(sections)
    full = _Collector(doc)
    full.markdown(0, len(doc), 0)
    expected = full.layout("markdown")
    got = parse(doc, "markdown")
    assert got.blocks == expected.blocks
    if any(kind == _PLAIN for _, _, kind in _sections(doc, _line_spans(doc, 0))):
        # plain paragraphs have their own shortcut: the same prose, spaces between lines read too
        assert _prose_chars(got) == _prose_chars(expected)
    else:
        assert got.runs == expected.runs
        assert got.code == expected.code


def test_lists_and_headings_skip_markdown_it() -> None:
    from glossary.text.formats.markdown import _HEADING, _LIST, _MARKUP, _PLAIN, _line_spans, _sections

    doc = "## 見出し（heading）\n\n- 項目の語（item）\n- `code` と **強調**\n\n本文。\n\n1. 一\n2. 二\n\n"
    doc += "- > 引用\n"
    kinds = [kind for _, _, kind in _sections(doc, _line_spans(doc, 0))]
    assert kinds == [_HEADING, _LIST, _PLAIN, _LIST, _MARKUP]
    layout = parse(doc, "markdown")
    assert [(b.kind, doc[b.start : b.end]) for b in layout.blocks][:3] == [
        ("heading", "見出し（heading）"),
        ("list_item", "項目の語（item）"),
        ("list_item", "`code` と **強調**"),
    ]


@pytest.mark.parametrize(
    "stray",
    ["<!--<![x](y)]", "<![x](y)]", "<![ x >", "<![unknown[ text ]]>", "<![", "<![if x]>y<![endif]>"],
)
@pytest.mark.parametrize("markup", ["markdown", "html"])
def test_a_stray_marked_section_is_read_not_fatal(stray: str, markup: str) -> None:
    # Python 3.11's html.parser raises AssertionError on an unknown "<![" keyword; HTML reads a bogus comment
    text = f"差分プライバシー(differential privacy)を使う。\n\n{stray}\n\n残りの本文。\n"
    found = find_definitions(text, doc=f"x.{'md' if markup == 'markdown' else 'html'}", markup=markup)
    assert [(d.ja.text, d.en.text) for d in found if d.ja and d.en] == [
        ("差分プライバシー", "differential privacy")
    ]
    for run in parse(text, markup).runs:
        assert 0 <= run[0] <= run[1] <= len(text)


def test_the_markdown_collectors_blocks_are_the_dataclasss_own() -> None:
    """Blocks are built without the frozen dataclass's ``__init__``: the same record in every respect."""
    import pickle

    from glossary.text.formats import Block
    from glossary.text.formats.markdown import _block

    for args in (("paragraph", 3, 9), ("table_cell", 10, 20, 0, 2, 1), ("heading", 0, 5, 2)):
        fast, slow = _block(*args), Block(*args)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert list(vars(fast).items()) == list(vars(slow).items())
        assert pickle.loads(pickle.dumps(fast)) == slow
        with pytest.raises(AttributeError):
            fast.start = 1  # type: ignore[misc]
    layout = parse(
        "# 見出し\n\n段落(paragraph)です。\n\n| a | b |\n|---|---|\n| x | y |\n\n<!-- 注 -->\n", "markdown"
    )
    assert {b.kind for b in layout.blocks} >= {"heading", "paragraph", "table_cell", "comment"}
    assert all(
        type(b) is Block and list(vars(b)) == ["kind", "start", "end", "level", "row", "col"]
        for b in layout.blocks
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["\n", "\r", "\r\n", " ", "a", "用語", "\u3000", "\t"]), max_size=30),
    st.integers(0, 9),
)
def test_line_spans_cut_where_markdown_it_counts_breaks(pieces: list[str], offset: int) -> None:
    """The line spans equal a cut at every CR LF, CR and LF (the regex), with or without a CR in the text."""
    import re

    from glossary.text.formats.markdown import _line_spans

    text = "".join(pieces)
    expected, pos = [], 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        expected.append((offset + pos, offset + m.start()))
        pos = m.end()
    expected.append((offset + pos, offset + len(text)))
    assert _line_spans(text, offset) == expected
