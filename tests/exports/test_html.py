"""The HTML glossary page and the notebook renderings (structure, escaping, grouping, search keys)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.dictionary.glossary import Glossary
from glossary.exports.html import (
    definition_html,
    group_of,
    reading,
    render_html,
    repr_html,
    search_key,
    short_names,
    snippet_html,
)
from glossary.models import Definition, Part

HOSTILE = '<img src=x onerror="alert(1)">&amp;'


def make(
    ja: str | None, en: str | None = None, abbr: str | None = None, *, doc: str = "d.md", before: str = ""
) -> Definition:
    """A definition written ``ja(en、abbr)`` after ``before``, with offsets that slice its sentence."""
    text = before
    parts = []
    if ja:
        parts.append(Part(ja, len(text), len(text) + len(ja), "ja"))
        text += ja
    inner = [(x, r) for x, r in ((en, "en"), (abbr, "abbr")) if x]
    text += "("
    for i, (x, role) in enumerate(inner):
        if i:
            text += "、"
        parts.append(Part(x, len(text), len(text) + len(x), role))  # type: ignore[arg-type]
        text += x
    text += ")を使う。"
    return Definition(tuple(parts), "ja(en, abbr)", 0.9, len(before), len(text), sentence=text, doc=doc)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = Tags()
    p.feed(html)
    return p.tags


@pytest.fixture(scope="module")
def sample() -> Glossary:
    return Glossary.from_definitions(
        [
            make("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="docs/opt.md"),
            make("トランスフォーマー", "Transformer", doc="docs/vision.md"),
            make("ビジョン・トランスフォーマー", "Vision Transformer", "ViT", doc="docs/vision.md"),
            make("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="docs/sae.md"),
            make("スタック型オートエンコーダ", "Stacked Autoencoder", "SAE", doc="docs/sae.md"),
            make(None, "Message Passing Interface", "MPI", doc="docs/hpc.md", before="We use "),
            make("危険" + HOSTILE, "evil " + HOSTILE, doc="docs/<b>bad</b>.md", before=HOSTILE),
        ]
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("スパース・オートエンコーダー", "スパースオートエンコーダ"),
        ("スパースオートエンコーダ", "すぱーすおーとえんこーだ"),
        ("Sparse Auto-Encoder", "sparseautoencoder"),
        ("ＧＰＴ－４", "gpt4"),
        ("ｶﾀｶﾅ", "かたかな"),
        ("“Quoted” term", "quotedterm"),
    ],
)
def test_search_key_folds_variants(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


@given(st.text(max_size=30))
def test_search_key_is_idempotent(text: str) -> None:
    assert search_key(search_key(text)) == search_key(text)


@pytest.mark.parametrize(
    ("ja", "en", "group"),
    [
        ("確率的勾配降下法", None, "か"),
        ("学習率", None, "か"),
        ("トランスフォーマー", None, "た"),
        ("ビジョン・トランスフォーマー", None, "は"),
        ("オートエンコーダ", None, "あ"),
        ("ヴィジョン", None, "あ"),
        ("GPU並列", None, "G"),
        (None, "message passing interface", "M"),
        (None, "3 dimensional rendering", "#"),
    ],
)
def test_index_groups(ja: str | None, en: str | None, group: str) -> None:
    g = Glossary.from_definitions([make(ja, en or "term", None if ja else "TRM", doc="x.md")])
    assert group_of(next(iter(g))) == group


def test_reading_is_hiragana_from_unidic() -> None:
    assert reading("確率的勾配降下法") == "かくりつてきこうばいこうかほう"
    assert reading("GPU並列") == "GPUへいれつ"


def test_page_is_self_contained_and_escaped(sample: Glossary) -> None:
    page = render_html(sample, title="<Terms & more>")
    tags = parse(page)
    assert "http://" not in page and "https://" not in page
    assert [t for t, _ in tags if t in ("link", "img", "iframe", "object", "embed")] == []
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{}]  # one inline script, no src
    assert "<title>&lt;Terms &amp; more&gt;</title>" in page
    assert "<img src=x" not in page and "<b>bad</b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;" in page
    ids = {a["id"] for _, a in tags if a.get("id")}
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert hrefs and all(h and h.startswith("#") and h[1:] in ids for h in hrefs)


def test_page_has_groups_entries_links_and_context(sample: Glossary) -> None:
    page = render_html(sample)
    tags = parse(page)
    sections = [a["id"] for t, a in tags if t == "section"]
    assert sections[:4] == ["g-か", "g-さ", "g-た", "g-は"]  # gojūon order
    assert "g-M" in sections and sections[-1] == "az-index"
    entries = [a for t, a in tags if t == "article"]
    assert len(entries) == len(sample)
    vit = next(a for a in entries if a["id"] == "e-vision-transformer")
    assert (vit["data-search"] or "").split("|") == ["びじょんとらんすふぉま", "visiontransformer", "vit"]
    assert '<a class="xref broader" href="#e-transformer"' in page
    assert '<a class="xref homonym" href="#e-stacked-autoencoder"' in page
    assert "opt.md" in page and "docs/opt.md" not in page.replace('title="docs/opt.md"', "")
    assert '<mark class="r-abbr">SGD</mark>' in page
    assert 'name="viewport"' in page


def test_empty_glossary_page() -> None:
    page = render_html(Glossary())
    assert "No entries." in page and "<article" not in page


def test_snippet_marks_parts_and_trims() -> None:
    d = make("学習率", "learning rate", before="前置き" * 40)
    html = snippet_html(d, context=10)
    assert html.startswith("<q>…") and html.endswith("</q>")
    assert '<mark class="r-ja">学習率</mark>(<mark class="r-en">learning rate</mark>)' in html
    assert len(html) < 200


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        (["a/b/x.md", "a/b/c/y.md"], {"a/b/x.md": "x.md", "a/b/c/y.md": "c/y.md"}),
        (["/abs/one.md"], {"/abs/one.md": "one.md"}),
        (["x.md", "/abs/y.md"], {"x.md": "x.md", "/abs/y.md": "/abs/y.md"}),
        ([None], {None: "(text)"}),
    ],
)
def test_short_names(docs: list[str | None], expected: dict[str | None, str]) -> None:
    out = short_names(docs)
    assert {k: out[k] for k in expected} == expected


def test_notebook_table_has_links_and_is_escaped(sample: Glossary) -> None:
    html = repr_html(sample)
    assert html.count("<tr id=") == len(sample)
    assert "homonym: スタック型オートエンコーダ" in html
    assert "<img" not in html and "&lt;img" in html
    short = repr_html(sample, limit=2)
    assert short.count("<tr id=") == 2 and f"and {len(sample) - 2} more" in short


def test_definition_html() -> None:
    html = definition_html(make("確率的勾配降下法", "Stochastic Gradient Descent", "SGD"))
    assert ">確率的勾配降下法</td>" in html and ">0.90</td>" in html
    assert html.count("<td") == html.count("<td style=")  # aligned by the cells themselves (Jupyter)
    assert '<mark class="r-en">Stochastic Gradient Descent</mark>' in html
