"""HTML views of a glossary: a self-contained page and compact notebook tables.

:func:`render_html` writes one file with no network access and no external
assets: an index grouped by gojūon (Japanese entries, by UniDic reading) and
A–Z (entries without Japanese, plus an English / acronym index), each entry
with its forms, variants, counts, occurrences in context and typed links as
in-page hyperlinks, and a search box that filters as you type.  The search
normalises the query and the entries the same way on both sides (NFKC, lower
case, katakana as hiragana, no spaces, dots, hyphens or long-vowel marks), so
``スパースオートエンコーダー``, ``すぱーす`` and ``Sparse auto-encoder`` all find
their entry.  Every text taken from the input is escaped.

:func:`repr_html` and :func:`definition_html` are the Jupyter renderings
(``_repr_html_``) of :class:`~glossary.dictionary.glossary.Glossary` and
:class:`~glossary.models.Definition`.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from glossary.io import scrub
from glossary.models import Definition, Role
from glossary.text.search import search_key, to_hiragana

if TYPE_CHECKING:
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary

__all__ = ["definition_html", "entry_html", "group_of", "reading", "render_html", "repr_html", "search_key"]

GOJUON_ROWS = "あかさたなはまやらわ"
_ROW_OF: dict[str, str] = {}
for _row, _chars in zip(
    GOJUON_ROWS,
    (
        "ぁあぃいぅうぇえぉおゔ",
        "かがきぎくぐけげこごゕゖ",
        "さざしじすずせぜそぞ",
        "ただちぢっつづてでとど",
        "なにぬねの",
        "はばぱひびぴふぶぷへべぺほぼぽ",
        "まみむめも",
        "ゃやゅゆょよ",
        "らりるれろ",
        "ゎわゐゑをん",
    ),
    strict=True,
):
    for _c in _chars:
        _ROW_OF[_c] = _row
OTHER = "#"
LINK_TITLES = {
    "broader": "broader (上位語)",
    "narrower": "narrower (下位語)",
    "related": "related (関連語)",
    "homonym": "homonym (同形異義)",
}
SNIPPET_CONTEXT = 60


# --- the reading the page sorts and searches by ---------------------------------------------------


@lru_cache(maxsize=8192)
def reading(ja: str) -> str:
    """The hiragana reading of a Japanese term from UniDic (unknown words as written)."""
    from glossary.text.tokenizer import tagger

    out = []
    for word in tagger()(scrub(ja).replace("\0", " ")):  # MeCab takes neither
        kana = getattr(word.feature, "kana", None)
        out.append(kana if kana and kana != "*" else word.surface)
    return to_hiragana(unicodedata.normalize("NFKC", "".join(out)))


def group_of(entry: Entry) -> str:
    """The index group: a gojūon row (あ..わ) from the reading, else a Latin capital, else ``#``."""
    if entry.ja:
        head = reading(entry.ja).lstrip("・･ 　")[:1]
        if head in _ROW_OF:
            return _ROW_OF[head]
        if "a" <= head.lower() <= "z":
            return head.upper()
        return OTHER
    head = unicodedata.normalize("NFKC", entry.en or entry.abbr or "")[:1].upper()
    return head if "A" <= head <= "Z" else OTHER


def _group_order(group: str) -> tuple[int, str]:
    if group in GOJUON_ROWS:
        return (0, str(GOJUON_ROWS.index(group)))
    if group == OTHER:
        return (2, group)
    return (1, group)


def _sort_key(entry: Entry) -> tuple[str, str]:
    if entry.ja:
        return (reading(entry.ja), entry.id)
    return ((entry.en or entry.abbr or "").casefold(), entry.id)


# --- the page -------------------------------------------------------------------------------------


def render_html(glossary: Glossary, *, title: str = "Glossary") -> str:
    """One self-contained HTML page for the whole glossary."""
    entries = list(glossary)
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(group_of(e), []).append(e)
    order = sorted(groups, key=_group_order)
    labels = {e.id: _label(e) for e in entries}
    short = short_names(d.doc for e in entries for d in e.occurrences)
    n_defs = sum(e.count for e in entries)
    n_docs = len({d.doc or "" for e in entries for d in e.occurrences})

    index = _latin_index(entries)
    nav = " ".join(f'<a href="#g-{_attr(g)}">{escape(g)}</a>' for g in order)
    if index:
        nav += ' <a href="#az-index">A–Z index</a>'
    sections = []
    for g in order:
        items = "\n".join(_entry_html(e, labels, short) for e in sorted(groups[g], key=_sort_key))
        sections.append(f'<section class="group" id="g-{_attr(g)}"><h2>{escape(g)}</h2>\n{items}\n</section>')
    body = "\n".join(sections) if sections else '<p class="empty">No entries.</p>'
    page = _PAGE.format(
        title=escape(title),
        stats=f"{n_defs} definitions · {n_docs} document(s)",
        nav=nav,
        body=body,
        index=index,
        total=len(entries),
        style=_STYLE,
        script=_SCRIPT,
    )
    return scrub(page)  # a lone surrogate given through the API cannot be written as UTF-8


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _label(e: Entry) -> str:
    return e.ja or e.en or e.abbr or e.id


def short_names(docs: Iterable[str | None]) -> dict[str | None, str]:
    """Document names without the folder they all share (``a/b/x.md``, ``a/b/y.md`` -> ``x.md``, ``y.md``)."""
    names = sorted({d for d in docs if d})
    out: dict[str | None, str] = {None: "(text)", "": "(text)"}
    if not names:
        return out
    try:
        common = os.path.commonpath(names) if len(names) > 1 else os.path.dirname(names[0])
    except ValueError:  # absolute and relative names mixed
        common = ""
    for name in names:
        rel = os.path.relpath(name, common) if common else name
        out[name] = name if rel.startswith("..") or rel == "." else rel
    return out


def _entry_html(e: Entry, labels: dict[str, str], short: dict[str | None, str]) -> str:
    keys = [search_key(s) for s in e.surfaces()]
    if e.ja:
        keys.append(search_key(reading(e.ja)))
    keys = list(dict.fromkeys(k for k in keys if k))
    forms = []
    for role in ("ja", "en", "abbr"):
        value = getattr(e, role)
        if value:
            forms.append(
                f'<span class="form r-{role}" lang="{"ja" if role == "ja" else "en"}">{escape(value)}</span>'
            )
    head = " ".join(forms)
    ruby = f'<span class="reading">{escape(reading(e.ja))}</span>' if e.ja else ""
    rows: list[str] = []
    variants = [f for role in ("ja", "en", "abbr") for f in e.forms.get(role, ()) if f != getattr(e, role)]
    if variants:
        shown = ", ".join(
            escape(v) + (f' <span class="n">×{e.form_counts[v]}</span>' if v in e.form_counts else "")
            for v in variants
        )
        rows.append(f"<dt>variants</dt><dd>{shown}</dd>")
    per_doc = e.counts()
    docs = ", ".join(
        f"{escape(short.get(doc or None, doc))}" + (f" ×{n}" if n > 1 else "") for doc, n in per_doc.items()
    )
    rows.append(f"<dt>seen</dt><dd>{e.count}× in {docs}</dd>")
    by_type: dict[str, list[str]] = {}
    for link in e.related:
        target = labels.get(link.id)
        text = escape(target) if target is not None else escape(link.id)
        by_type.setdefault(link.type, []).append(
            f'<a class="xref {escape(link.type, quote=True)}" href="#e-{_attr(link.id)}" '
            f'title="{_attr(link.why)}">{text}</a>'
        )
    for kind, links in by_type.items():
        rows.append(f"<dt>{escape(LINK_TITLES.get(kind, kind))}</dt><dd>{', '.join(links)}</dd>")
    occ = [f"<li>{_occurrence_html(d, short)}</li>" for d in e.occurrences]
    if occ:
        first, rest = occ[:3], occ[3:]
        more = (
            f"<details><summary>{len(rest)} more</summary><ul>{''.join(rest)}</ul></details>" if rest else ""
        )
        rows.append(f'<dt>in context</dt><dd><ul class="occ">{"".join(first)}</ul>{more}</dd>')
    return (
        f'<article class="entry" id="e-{_attr(e.id)}" data-search="{_attr("|".join(keys))}">'
        f'<h3><a class="self" href="#e-{_attr(e.id)}">{head}</a> {ruby}</h3>'
        f"<dl>{''.join(rows)}</dl></article>"
    )


def _occurrence_html(d: Definition, short: dict[str | None, str]) -> str:
    name = short.get(d.doc, d.doc or "(text)")
    where = f'<span class="doc" title="{_attr(d.doc or "")}">{escape(name)}</span>'
    return f"{where} {snippet_html(d)}"


def snippet_html(d: Definition, context: int = SNIPPET_CONTEXT) -> str:
    """The sentence around a definition, escaped, with its parts marked by role and trimmed."""
    s = d.sentence or "".join(p.text for p in d.parts)
    marks: list[tuple[int, int, str]] = []
    cursor = 0
    for p in d.parts:
        at = s.find(p.text, cursor)
        if at < 0:
            at = s.find(p.text)
        if at < 0 or not p.text:
            continue
        if any(a < at + len(p.text) and at < b for a, b, _ in marks):
            continue
        marks.append((at, at + len(p.text), p.role))
        cursor = at + len(p.text)
    marks.sort()
    lo = max(0, (marks[0][0] if marks else 0) - context)
    hi = min(len(s), (marks[-1][1] if marks else len(s)) + context)
    out = ["…" if lo > 0 else ""]
    pos = lo
    for a, b, role in marks:
        out.append(escape(_flat(s[pos:a])))
        out.append(f'<mark class="r-{role}">{escape(_flat(s[a:b]))}</mark>')
        pos = b
    out.append(escape(_flat(s[pos:hi])))
    out.append("…" if hi < len(s) else "")
    return f"<q>{''.join(out)}</q>"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _latin_index(entries: Sequence[Entry]) -> str:
    """A–Z index of English forms and acronyms, each linking to its entry."""
    items: list[tuple[str, str, str]] = []
    for e in entries:
        for value in (e.en, e.abbr):
            if value:
                items.append((unicodedata.normalize("NFKC", value).casefold(), value, e.id))
    if not items:
        return ""
    blocks = []
    for letter, group in itertools.groupby(sorted(items), key=lambda t: _letter(t[0])):
        links = ", ".join(f'<a href="#e-{_attr(eid)}">{escape(v)}</a>' for _, v, eid in group)
        blocks.append(f"<dt>{escape(letter)}</dt><dd>{links}</dd>")
    return f'<section id="az-index"><h2>A–Z index</h2><dl class="az">{"".join(blocks)}</dl></section>'


def _letter(folded: str) -> str:
    head = folded[:1].upper()
    return head if "A" <= head <= "Z" else OTHER


_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Hiragino Sans","Noto Sans CJK JP",sans-serif;
color:#1d1d1f;background:#fafafa}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ddd;padding:.6rem 1rem}
header h1{font-size:1.2rem;margin:0 0 .3rem}
#q{width:100%;font-size:1rem;padding:.5rem .6rem;border:1px solid #aaa;border-radius:6px}
.meta{font-size:.85rem;color:#555;margin:.3rem 0 0}
nav{display:flex;flex-wrap:wrap;gap:.2rem .6rem;margin-top:.4rem;font-size:.95rem}
main{max-width:52rem;margin:0 auto;padding:0 1rem 3rem;overflow-wrap:anywhere}
h2{border-bottom:2px solid #333;margin:1.5rem 0 .5rem;font-size:1.15rem}
.entry{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:.5rem .8rem;margin:.6rem 0;
overflow-wrap:anywhere;scroll-margin-top:9rem}
.entry:target{outline:3px solid #f0a500;background:#fffbea}
.entry h3{margin:0;font-size:1.05rem;font-weight:600}
.entry h3 a.self{color:inherit;text-decoration:none}
.form{margin-right:.4rem}
.form.r-en{color:#0b5394}.form.r-abbr{background:#eef3fb;border-radius:4px;padding:0 .3rem;color:#0b5394}
.reading{font-size:.8rem;color:#777;font-weight:400}
dl{margin:.3rem 0 0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .8rem;
font-size:.92rem}
dt{color:#666}dd{margin:0;min-width:0}
.n{color:#777;font-size:.85em}
ul.occ,details ul{margin:0;padding-left:1.1rem}
.doc{color:#777;font-size:.85em}
q{quotes:none}
mark{background:#fff1a8;padding:0 .1em}mark.r-en,mark.r-abbr{background:#dbeafe}
a.xref{overflow-wrap:anywhere}
#none{color:#a00}
dl.az dd{overflow-wrap:anywhere}
@media (max-width:480px){dl{grid-template-columns:1fr}dt{margin-top:.3rem;font-weight:600}
header{padding:.5rem .6rem}main{padding:0 .6rem 2rem}}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var box = document.getElementById("q");
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var total = entries.length;
  var STRIP = /[\s\u30fb\uff65\-\u2010-\u2015\u30fc_.'\u2019"\u201c\u201d]+/g;
  function norm(s) {
    s = s.normalize("NFKC").toLowerCase();
    s = s.replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
    return s.replace(STRIP, "").normalize("NFKC");
  }
  function apply() {
    var q = norm(box.value), shown = 0;
    var q1 = q.length > 3 && q.charAt(q.length - 1) === "s" ? q.slice(0, -1) : null;
    entries.forEach(function (e) {
      var k = e.getAttribute("data-search");
      var hit = !q || k.indexOf(q) >= 0 || (q1 !== null && k.indexOf(q1) >= 0);
      e.hidden = !hit;
      if (hit) { shown += 1; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("article.entry:not([hidden])"); });
    count.textContent = q ? shown + " of " + total + " entries" : total + " entries";
    none.hidden = shown > 0;
  }
  window.glossarySearchKey = norm; // the same key as glossary.exports.html.search_key (tested)
  box.addEventListener("input", apply);
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (!a) { return; }
    var t = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (t && t.closest("[hidden]")) { box.value = ""; apply(); }
  });
  apply();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="glossary">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<input id="q" type="search" placeholder="Search (日本語 / English / 略語)" autocomplete="off"
 aria-label="Search the glossary">
<p class="meta"><span id="count">{total} entries</span> · {stats}</p>
<nav aria-label="index">{nav}</nav>
</header>
<main>
<p id="none" hidden>No entry matches.</p>
{body}
{index}
</main>
<script>{script}</script>
</body>
</html>
"""


# --- notebook renderings --------------------------------------------------------------------------


# Jupyter right-aligns table cells (numbers); terms read from the left, so every cell says so itself
_TH = '<th style="text-align:left">'
_TD = '<td style="text-align:left;vertical-align:top">'
_TD_NUM = '<td style="text-align:right;vertical-align:top">'


def _head_row(*names: str) -> str:
    return "<thead><tr>" + "".join(f"{_TH}{n}</th>" for n in names) + "</tr></thead>"


def repr_html(glossary: Glossary, limit: int = 50) -> str:
    """A compact table for Jupyter: one row per entry, links as in-cell hyperlinks."""
    entries = list(glossary)
    prefix = f"g{id(glossary):x}-"
    labels = {e.id: _label(e) for e in entries}
    rows = []
    for e in entries[:limit]:
        links = ", ".join(
            f'<a href="#{prefix}{_attr(link.id)}" title="{_attr(link.type + ": " + link.why)}">'
            f"{escape(link.type)}: {escape(labels.get(link.id, link.id))}</a>"
            for link in e.related
        )
        rows.append(
            f'<tr id="{prefix}{_attr(e.id)}">{_TD}{escape(e.ja or "")}</td>{_TD}{escape(e.en or "")}</td>'
            f"{_TD}{escape(e.abbr or '')}</td>{_TD_NUM}{e.count}</td>{_TD}{links}</td></tr>"
        )
    more = f"<p>… and {len(entries) - limit} more entries</p>" if len(entries) > limit else ""
    return (
        f"<p><b>Glossary</b>: {len(entries)} entries</p>"
        f"<table>{_head_row('ja', 'en', 'abbr', 'count', 'links')}"
        f"<tbody>{''.join(rows)}</tbody></table>{more}"
    )


def entry_html(e: Entry, limit: int = 5) -> str:
    """One entry for Jupyter: its forms and variants, counts, links and first occurrences in context."""
    rows = []
    roles: tuple[tuple[Role, str], ...] = (("ja", "Japanese"), ("en", "English"), ("abbr", "acronym"))
    for role, title in roles:
        canon = getattr(e, role)
        variants = [f for f in e.forms.get(role, ()) if f != canon]
        if canon or variants:
            shown = escape(canon or "") + "".join(
                f' <span style="color:#777">· {escape(v)} ×{e.form_counts.get(v, 0)}</span>' for v in variants
            )
            rows.append(f"<tr>{_TD}{title}</td>{_TD}{shown}</td></tr>")
    docs = e.counts()
    rows.append(f"<tr>{_TD}seen</td>{_TD}{e.count} time(s) in {len(docs)} document(s)</td></tr>")
    for link in e.related:
        rows.append(
            f"<tr>{_TD}{escape(link.type)}</td>{_TD}{escape(link.id)} "
            f'<span style="color:#777">({escape(link.why)})</span></td></tr>'
        )
    names = short_names(d.doc for d in e.occurrences)
    for d in e.occurrences[:limit]:
        rows.append(f"<tr>{_TD}{escape(names.get(d.doc, d.doc or ''))}</td>{_TD}{snippet_html(d)}</td></tr>")
    more = f"<p>… {e.count - limit} more occurrence(s)</p>" if e.count > limit else ""
    title = f"<p><b>{escape(_label(e))}</b> <code>{escape(e.id)}</code></p>"
    return f"{title}<table>{''.join(rows)}</table>{more}"


def definition_html(d: Definition) -> str:
    """One definition for Jupyter: its parts by role and the sentence with the parts marked."""
    cells = "".join(f"{_TD}{escape(', '.join(d.forms(role)))}</td>" for role in ("ja", "en", "abbr"))
    return (
        f"<table>{_head_row('ja', 'en', 'abbr', 'pattern', 'score')}"
        f"<tbody><tr>{cells}{_TD}{escape(d.pattern)}</td>{_TD_NUM}{d.score:.2f}</td></tr></tbody></table>"
        f"<p>{snippet_html(d)}</p>"
    )
