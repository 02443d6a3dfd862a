"""One bracket at a time: the analysers behind :func:`glossary.extract.find_definitions`.

Each bracket the scan finds (:mod:`glossary.text.brackets`) outside code, maths and
links (:mod:`glossary.text.markup`) has its inside split into glosses
(:mod:`glossary.extract.segments`); the term outside it is found with UniDic on a short
window (:mod:`glossary.extract.japanese`) or, in Latin script, by acronym matching
(:mod:`glossary.extract.abbrev`, :mod:`glossary.extract.english`); brackets that directly follow
one another are chained (``Echo State Network (ESN)(ESN、エコー・ステート・ネットワーク)``).
This is the per-bracket hot path, kept apart from the public entry points so
that ``GLOSSARY_COMPILE=1`` can compile it with mypyc (see ``setup.py``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Final

from glossary.extract.abbrev import long_form_score, match_long_form
from glossary.extract.align import (
    Reading,
    Refusal,
    adjective_before,
    last_listed,
    learn,
    leaves_out,
    letters_of,
    read_for_acronym,
    read_for_english,
    unspelled_lead,
    untranslated_lead,
)
from glossary.extract.english import english_at, english_definitions
from glossary.extract.japanese import (
    ends_example_list,
    gloss_overlap,
    is_clause,
    is_condition,
    is_count,
    is_enumerator,
    is_gloss,
    is_katakana_word,
    is_name_credit,
    is_personal_name,
    is_proper_noun,
    is_term,
    is_term_token,
    is_transliterated_name,
    term_before,
)
from glossary.extract.lexicon import english_words, is_english_word
from glossary.extract.records import definition, part
from glossary.extract.segments import (
    WRAPPERS,
    Segment,
    classify,
    is_acronym,
    is_aside,
    is_citation,
    is_measurement,
    is_number,
    is_quantity,
    is_reference,
    is_roman_numeral,
    is_unit,
    split_segments,
    trim_span,
    without_labels,
)
from glossary.models import Definition, Part, Role
from glossary.text.brackets import Bracket, Brackets, scan_brackets
from glossary.text.formats import Layout, markup_for, parse
from glossary.text.markup import Mask
from glossary.text.script import (
    JAPANESE_RE,
    SENTENCE_END_RE,
    has_japanese,
    has_latin,
    is_japanese_char,
    last_match_end,
    last_sentence_end,
)
from glossary.text.tokenizer import forget_stretches, tokenize_in

MAX_INNER = 160  # longer brackets are prose, not glosses
MAX_EN_WORDS = 8
CONTEXT = 200  # how far left a term may be looked for
MAX_CHAIN = 3  # brackets that may follow a definition and extend it
CUT_SHORT = 0.45  # score lost by a term whose modifier on the left should translate the rest of the gloss
CONTRADICTED = 0.4  # score lost by a pair whose every Japanese word is known and translates none of the gloss
# scores are float sums (0.7 + 0.2 - 0.4 = 0.4999999999999999): compared with min_score with this slack
SCORE_TOLERANCE: Final = 1e-9
_LIST_MARKER_ITEMS: Final = 3  # different terms a bracket follows down a list: then a label, not a gloss
_LEAD: Final = 12  # characters before a bracket that stand for the term it follows
_LEAD_MARKS: Final = " \t*_`[]　"

# words that make an English phrase a clause or a title rather than a term
_CLAUSE_WORDS = frozenset(
    "is are was were be been am do does did can could should would will shall may might must "
    "i you we they he she it our your their my his her how why what when where who which "
    "not don't can't isn't aren't".split()
)
# the names of a document's parts: a heading given with one of them as its translation labels a
# section (## 概要 (Overview)) rather than defining a term
_SECTION_NAMES: Final = frozenset(
    "overview introduction summary conclusion conclusions discussion results methodology references "
    "bibliography acknowledgements acknowledgments appendix usage installation setup prerequisites "
    "examples contents contributing changelog faq steps preface purpose motivation limitations tutorial "
    "outline agenda glossary".split()
) | frozenset(
    ("getting started", "quick start", "table of contents", "related work", "related works", "future work",
     "see also", "further reading", "how to use", "what's new", "release notes", "known issues")
)  # fmt: skip
# full-width ASCII (U+FF01..U+FF5E) and the ideographic space map one-to-one onto ASCII
_WIDTH_FOLD = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
_FULLWIDTH_RE: Final = re.compile("[\uff01-\uff5e]")
# where a Latin term before a bracket cannot reach past: Japanese text, opening quotes, and the
# ideographic punctuation that closes a clause or a bracket (差分法（DiD）、Double … (DML))
_LATIN_STOP: Final = re.compile(JAPANESE_RE.pattern[:-1] + "「『“、。，）］】」』]")
_LAST_LATIN_STOP: Final = last_match_end(_LATIN_STOP)
# a Latin label right before a bracket, past emphasis marks (``**Effect（``): its words
_LABEL_BEFORE: Final = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9 \-]*[A-Za-z0-9])[*_ ]*$")
_OWNER: Final = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z\-]+)の")
_LIST_MARK: Final = re.compile(r"^\s*(?:[-*+・•]|\d+[.)]|#{1,6}|>|\|)\s*$")
_CODE_WORD: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LATIN_WORD: Final = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９'’\-‐./+&]*")
_ASCII_WORD_RE: Final = re.compile(r"[A-Za-z0-9]+")
_NONSPACE_RE: Final = re.compile(r"\S+")
_HIRAGANA_RE: Final = re.compile(r"[ぁ-ゖ]")
_OPENS_OR_SPACE: Final = frozenset("(（ \t\u3000")
_KANA_READING: Final = re.compile(r"[ぁ-ゖー・]+")  # a reading in hiragana (冪等性（べきとうせい）)
_KANJI_RE: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONJUNCTION_RE: Final = re.compile(r"\b(?:and|or)\b|&")
_OF_RE: Final = re.compile(r"\bof\b")
# terminal escape sequences (ECMA-48): CSI ``ESC [ … final``, OSC / DCS / APC / PM / SOS strings up to
# BEL or ST (at most a line of 4,096 characters when unterminated), and two-character ``ESC x``
_ESCAPE_SEQUENCE: Final = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?"
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[ -/]*[0-~]?"
)
_ESCAPE_STARTS: Final = ("\x1b", "\x9b", "\x90", "\x98", "\x9d", "\x9e", "\x9f")
# characters no term holds: C0 controls but tab and line breaks, DEL and C1 controls
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# the blocks whose lines a writer wraps: a line break inside one of them continues the sentence
_WRAPPING_BLOCKS: Final = frozenset(("paragraph", "list_item", "blockquote", "footnote"))


@dataclass
class _Doc:
    """Per-document state shared by the bracket analysers."""

    text: str
    layout: Layout
    brackets: Brackets  # every matched pair; those inside masked regions are not prose
    mask: Mask  # not prose: the layout's (code, maths, link targets, tags, markup) and terminal escapes
    _code_words: set[str] | None = field(default=None)
    _folded: str | None = field(default=None)
    _line_starts: list[int] | None = field(default=None)
    refusals: list[Refusal] = field(default_factory=list)  # modifiers that translated nothing
    learned: dict[str, frozenset[str]] | None = None  # word pairs the document's brackets agree on
    _markers: set[int] | None = field(default=None)
    _relabelled: set[int] | None = field(default=None)
    _unlinked: _Doc | None = field(default=None)  # the text with link targets before brackets blanked

    def folded(self) -> str:
        """The text with full-width ASCII folded to ASCII (same length); the text itself if none."""
        if self._folded is None:
            self._folded = self.text.translate(_WIDTH_FOLD) if _FULLWIDTH_RE.search(self.text) else self.text
        return self._folded

    def bracket_at(self, pos: int) -> Bracket | None:
        """The bracket pair of prose that opens at ``pos``, if one does."""
        b = self.brackets.at(pos)
        return None if b is None or self.mask.covers(pos) else b

    def prose_brackets(self) -> Iterator[Bracket]:
        """The pairs outside masked regions, in text order (made as they are visited)."""
        for b in self.brackets:
            if not self.mask.covers(b.open):
                yield b

    def table_markers(self) -> set[int]:
        """Openings of brackets that mark a table column's cells (``注文ID(PK)`` / ``顧客ID(FK)``).

        A definition glosses one term; the same gloss after different terms on several rows of one
        column cannot translate each of them, so it marks them (a key, a unit, a flag), and a column
        where that happens is data: all its brackets are markers.  Rows that each gloss their own
        term with their own code (``入力遅延（IL）`` / ``描画頻度（FR）``) stay definitions.
        Down a list the same holds once a bracket follows three different terms
        (``[索引の再構築 (製品名)](…)`` in a list of linked titles); one term glossed the same way
        in several items (``RL（強化学習）の基礎`` / ``RL（強化学習）の応用``) is still a definition.
        """
        if self._markers is None:
            markers: set[int] = set()
            columns: dict[tuple[int, int], list[tuple[str, str, int]]] = {}
            items: dict[str, list[tuple[str, int]]] = {}  # bracket -> (what it follows, opening)
            table, last_row = -1, -1
            cells: dict[int, tuple[int, int, int]] = {}  # cell start -> (table, row, col)
            for blk in self.layout.blocks:
                if blk.kind == "table_cell":
                    if blk.row < last_row or table < 0:
                        table += 1
                    last_row = blk.row
                    cells[blk.start] = (table, blk.row, blk.col)
            if cells or any(blk.kind == "list_item" for blk in self.layout.blocks):
                for b in self.prose_brackets():
                    holder = self.layout.block_at(b.open)
                    if holder is None or holder.kind not in ("table_cell", "list_item"):
                        continue
                    inner = self.text[b.open + 1 : b.close].strip().translate(_WIDTH_FOLD).casefold()
                    lead = self.text[max(holder.start, b.open - _LEAD) : b.open].strip(_LEAD_MARKS)
                    if holder.kind == "list_item":
                        items.setdefault(inner, []).append((lead, b.open))
                        continue
                    if holder.start not in cells:
                        continue
                    t, _, col = cells[holder.start]
                    columns.setdefault((t, col), []).append((lead, inner, b.open))
                for listed in items.values():
                    if len({lead for lead, _ in listed}) >= _LIST_MARKER_ITEMS:
                        markers.update(opening for _, opening in listed)
                for found in columns.values():
                    leads_of: dict[str, set[str]] = {}
                    for lead, inner, _ in found:
                        leads_of.setdefault(inner, set()).add(lead)
                    if any(len(leads) > 1 for leads in leads_of.values()):
                        markers.update(opening for _, _, opening in found)
            markers.update(self._repeated_in_sentence())
            self._markers = markers
        return self._markers

    def _repeated_in_sentence(self) -> list[int]:
        """Openings of brackets whose gloss follows two different terms in one sentence.

        ``性別（Binary）、喫煙（Binary）``: one gloss cannot translate two terms, so it says
        something about each (a type, a unit, a flag).  Terms are told apart by the two
        characters before the bracket; one term glossed twice in a sentence stays a definition.
        """
        text = self.text
        by_inner: dict[str, list[Bracket]] = {}
        for b in self.prose_brackets():
            if b.close - b.open <= MAX_INNER:
                by_inner.setdefault(text[b.open + 1 : b.close].strip(), []).append(b)
        seen: dict[tuple[int, str], dict[str, list[int]]] = {}
        for inner, repeated in by_inner.items():
            if len(repeated) < 2 or not inner:
                continue  # most glosses occur once: nothing to compare
            for b in repeated:
                line = self.line_start(b.open)
                end = _trim_left_context(text, line, b.open)
                tail = text[max(line, end - 2) : end]
                if not tail:
                    continue
                # the sentence starts after the last sentence end on the bracket's line (a line holds
                # no blank line, so only its own stretch is searched, not the whole document)
                sentence = max(line, last_sentence_end(text, line, b.open))
                seen.setdefault((sentence, inner), {}).setdefault(tail, []).append(b.open)
        out: list[int] = []
        for by_tail in seen.values():
            if len(by_tail) >= 2:
                out.extend(o for openings in by_tail.values() for o in openings)
        return out

    def relabelled(self) -> set[int]:
        """Openings of brackets after one Latin label that hold different Japanese texts in the document.

        ``**Action（通知の送信）**`` here and ``**Action（利用の停止）**`` there: a term is
        translated one way, so a label followed by different Japanese is described, item by item
        (a field of a specification, a heading of a rule); a gloss the English aligns with is still kept.
        """
        if self._relabelled is None:
            text = self.text
            inners: dict[str, dict[str, list[int]]] = {}
            for b in self.prose_brackets():
                if b.close - b.open > MAX_INNER:
                    continue
                label = _LABEL_BEFORE.search(text, max(self.line_start(b.open), b.open - 40), b.open)
                if label is None:
                    continue
                inner = text[b.open + 1 : b.close].strip()
                if has_japanese(inner) and not has_latin(inner):
                    inners.setdefault(label.group(1).casefold(), {}).setdefault(inner, []).append(b.open)
            self._relabelled = {
                o for texts in inners.values() if len(texts) >= 2 for found in texts.values() for o in found
            }
        return self._relabelled

    def soft_break(self, start: int, end: int) -> bool | None:
        """Whether the line break in ``text[start:end]`` is a soft one: None when the layout cannot say.

        In Japanese prose a line break inside a paragraph or a list item is where the writer wrapped the
        source, not a word boundary (``時間⏎分解能`` is one word); between two blocks (a heading, a table
        row, a new item) it ends the term.  Plain text has no blocks: the caller guesses from the line.
        """
        layout = self.layout
        if not layout.blocks:
            return None
        left, right = layout.block_at(start - 1), layout.block_at(end)
        if left is None or right is None:
            return None
        return left is right and left.kind in _WRAPPING_BLOCKS

    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts: newlines are found once per document, not per bracket."""
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts[bisect_right(self._line_starts, pos) - 1]

    def code_words(self) -> set[str]:
        """Identifiers that occur inside code regions (computed once, lazily)."""
        if self._code_words is None:
            words: set[str] = set()
            for a, b in self.layout.code:
                words.update(_CODE_WORD.findall(self.text, a, b))
            self._code_words = words
        return self._code_words


def definitions_in(
    text: str,
    doc: str | None,
    min_score: float,
    keep_low: bool,
    markup: str | None = None,
    layout: Layout | None = None,
) -> Iterator[Definition]:
    """The definitions of :func:`glossary.extract.iter_definitions`, in text order.

    ``markup`` says how the text is written (see :mod:`glossary.text.formats`); by default the suffix
    of ``doc`` says, and a text without one is plain text.  ``layout``: the text already parsed in
    that markup (``glossary check`` parses each document once for its mask and for this).
    """
    markup = markup or markup_for(doc)
    if not has_japanese(text):
        # an English document: the English extractor sees whole sentences and apposition
        mask = (layout or parse(text, markup)).mask
        for english in english_definitions(text, _with_escape_sequences(mask, text)):
            if _kept(english, min_score, keep_low):
                yield replace(english, doc=doc, parts=_without_marks(text, english.parts))
        return
    source = text
    if "&" in text and _BRACKET_REF.search(text) is not None:
        text = _BRACKET_REF.sub(_bracket_of_ref, text)  # same length: offsets index the source
    every = scan_brackets(text)
    if not len(every):
        return  # Japanese definitions are bracketed: a text without brackets needs no parse
    if layout is None or text is not source:
        layout = parse(text, markup)  # a layout of the source masks the references read as brackets here
    ctx = _Doc(text, layout, every, _with_escape_sequences(layout.mask, text))
    found = list(_definitions(ctx, doc, min_score, keep_low))
    learned = learn(ctx.refusals)
    if learned:
        # a second reading with the word pairs the document's own brackets agree on
        ctx.learned = learned
        found = list(_definitions(ctx, doc, min_score, keep_low))
    forget_stretches()  # the tokenizer keeps no hold on the document's text
    if text is not source:
        found = [_in_source(source, d) for d in found]
    yield from found


# character references of brackets (``&#40;用語&#41;``, ``&#x28;``, ``&lpar;``, full-width ``&#65288;``)
_BRACKET_REF: Final = re.compile(
    r"&(?:#0*(?:40|41|65288|65289);|#[xX]0*(?:28|29|[fF][fF]0[89]);|lpar;|rpar;)"
)


def _bracket_of_ref(m: re.Match[str]) -> str:
    """The bracket a reference encodes, padded to the reference's length.

    An opening bracket stands at the reference's start and a closing one at its end, so the
    bracket's span is the whole reference and the glosses between them keep their offsets.
    """
    ref = m.group().lower()
    pad = " " * (len(ref) - 1)
    if ref in ("&lpar;", "&rpar;"):
        return "(" + pad if ref == "&lpar;" else pad + ")"
    code = int(ref[3:-1], 16) if ref[2] == "x" else int(ref[2:-1])
    return chr(code) + pad if code in (0x28, 0xFF08) else pad + chr(code)


def _in_source(source: str, d: Definition) -> Definition:
    """``d`` found in the decoded copy, with its parts and sentence read from the source text."""
    parts = tuple(part(source[p.start : p.end], p.start, p.end, p.role) for p in d.parts)
    return replace(d, parts=parts, sentence=_sentence(source, d.start, d.end))


def _with_escape_sequences(mask: Mask, text: str) -> Mask:
    """``mask`` with the text's terminal escape sequences added: they are not prose.

    ``ESC [ 3 1 m`` holds a bracket and ``m``; a document that colours a term
    (``ESC[1m用語ESC[0m(term)``) must not yield ``0m`` or ``1m用語`` as a term.
    """
    # every escape sequence starts with ESC or a C1 introducer (CSI, DCS, SOS, OSC, PM, APC): a text
    # with none has none (seven substring tests: a regex class tests every character, 6x slower)
    if not any(c in text for c in _ESCAPE_STARTS):
        return mask
    found = [m.span() for m in _ESCAPE_SEQUENCE.finditer(text)]
    return Mask([*mask.regions, *found]) if found else mask


def _kept(d: Definition, min_score: float, keep_low: bool) -> bool:
    """Whether a reading is returned: scored high enough (or every reading wanted), and no part holds
    a control character (a fragment of binary or escape codes, not a term).  Every path that returns
    readings asks this one question."""
    if d.score < min_score - SCORE_TOLERANCE and not keep_low:
        return False
    return not any(_CONTROL.search(p.text) is not None for p in d.parts)


def _definitions(ctx: _Doc, doc: str | None, min_score: float, keep_low: bool) -> Iterator[Definition]:
    text = ctx.text
    consumed: set[int] = set()
    for b in ctx.prose_brackets():
        if b.open in consumed:
            continue
        forget_stretches()  # a term's tokens are read from its own bracket's window only
        if text.find(" or ", b.open + 1, b.close) >= 0:
            pairs = _paired_alternatives(ctx, b)
            for d in pairs:
                if _kept(d, min_score, keep_low):
                    yield _finished(text, d, doc)
            if pairs:
                continue
        found = _analyse(ctx, b)
        if found is None:
            # インデックス（索引）（Index）: a Japanese gloss, then the English of both (most refused
            # brackets have no bracket after them: one character tells)
            if text[b.close + 1 : b.close + 2] not in _OPENS_OR_SPACE:
                continue
            nxt = _following(ctx, b)
            found = None if nxt is None or nxt.open in consumed else _after_japanese_gloss(ctx, b, nxt)
            if found is None or nxt is None:
                continue
            consumed.add(nxt.open)
        else:
            nxt = b
        nxt = _following(ctx, nxt)
        for _ in range(MAX_CHAIN):  # EN (ACR)(ACR、JA) chains are short; a run of brackets is not a chain
            if nxt is None or nxt.open in consumed:
                break
            longer = _chain(ctx, found, nxt)
            if longer is None:
                break
            found = longer
            consumed.add(nxt.open)
            nxt = _following(ctx, nxt)
        found = _attach_enclosing_term(ctx, b, found)
        if _kept(found, min_score, keep_low):
            yield _finished(text, found, doc)


def _finished(text: str, found: Definition, doc: str | None) -> Definition:
    """``found`` as returned: parts without markup marks at their ends, its sentence, its document.

    Built directly: ``dataclasses.replace`` costs as much as the rest of a rejected bracket.
    """
    return definition(
        _without_marks(text, found.parts),
        found.pattern,
        found.score,
        found.start,
        found.end,
        _sentence(text, found.start, found.end),
        doc,
        found.notes,
    )


_MARKS: Final = "*\\~"  # emphasis, escapes, strikethrough: markup, never the ends of a term


def _without_marks(text: str, parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """The parts, each without markup marks at its ends (``Mean Reciprocal Rank**``)."""
    if not any(p.text[:1] in _MARKS or p.text[-1:] in _MARKS for p in parts):
        return parts
    out: list[Part] = []
    for p in parts:
        a, b = p.start, p.end
        while a < b and text[a] in _MARKS:
            a += 1
        while b > a and text[b - 1] in _MARKS:
            b -= 1
        out.append(p if a == b or (a, b) == (p.start, p.end) else part(text[a:b], a, b, p.role))
    return tuple(out)


# ---------------------------------------------------------------------------
# one bracket


def _analyse(ctx: _Doc, b: Bracket) -> Definition | None:
    text = ctx.text
    inner = text[b.open + 1 : b.close]
    inner_japanese = has_japanese(inner)
    after_japanese = _after_japanese(ctx, b)
    shared_tail = not after_japanese and not inner_japanese and _shares_latin_tail(ctx, b)
    after_japanese = after_japanese or shared_tail
    if b.kind == "[" or (not inner_japanese and not after_japanese):
        # Latin script on both sides: long form (SF) / SF (long form); else the bracket may pair its own
        # English and acronym (Zorblink（Zorblink Quiet Mode、ZQM）: the word before names something broader)
        return _english(ctx, b) or (None if b.kind == "[" else _pair_inside(ctx, b))
    if len(inner) > MAX_INNER or b.open in ctx.table_markers():
        return None
    # cheap rejections before any tokenising: the bulk of brackets in Japanese prose
    if not has_latin(inner) and after_japanese and inner_japanese:
        return _acronym_headed(ctx, b)  # ja-ja paraphrase or aside (次元(特徴の数)), but PCR法（…連鎖反応法）
    if not has_latin(inner) and (after_japanese or not inner_japanese):
        return None  # numbers, symbols, emoticons
    segs = without_labels(text, _untagged(ctx, _unmasked(ctx, split_segments(text, b.open + 1, b.close))))
    segs = _without_code_label(
        text, _split_slashed(_without_values(_without_article(_without_citation(text, segs, b.close))))
    )
    segs = _alternative_spelled(text, segs)  # （light curve or brightness curve、LC）
    segs, hedged = _without_hedge(text, segs)
    if after_japanese:
        segs = _split_alternatives(text, segs)  # （retina／視覚膜）: names of the term before the bracket
    if not segs or len(segs) > 4 or any(s.nested or s.kind == "other" for s in segs):
        return None
    if _call_arguments(text, b, segs):
        return None  # min(betaLimit, 現在の上限) : a function called in prose, its arguments
    if is_aside(text, segs[0].start, b.close) or any(_in_code(text, s) for s in segs):
        return None  # （例：X）, （訳注：…）; （`name`）: an identifier, not a translation
    if any(s.kind == "abbr" and s.text.count("/") >= 2 for s in segs):
        return None  # a slash joins one name's halves (CI/CD, B/S); three names slashed are examples
    ja_segs = [s for s in segs if s.kind == "ja"]
    if ja_segs and ends_example_list(segs[-1].text):
        return None  # （MATLAB、Python等）: examples, not glosses
    if any(not is_gloss(s.text) or is_name_credit(s.text) for s in ja_segs):
        # 共通部分式除去(CSE, 式の共通部分を除くこと), RTF（実時間係数、小さいほど速い）: the gloss stays
        segs = _without_explanations(segs, after_japanese)
        if not segs:
            return None  # explanations; a credit (山田太郎著) cites a book
        ja_segs = [s for s in segs if s.kind == "ja"]
    if any(_too_long(s) for s in segs if s.kind == "en"):
        return None
    if hedged:
        # 方式（主にLong Form、LF）: "mainly" narrows the term before the bracket to what the bracket names,
        # so the glosses inside define each other and not that term
        kinds = [s.kind for s in segs]
        if len(segs) != 2 or "en" not in kinds:
            return None  # one gloss, or three of which the Japanese may translate part of the English
        return _self_defined(ctx, b, segs)
    before_end = _skip_tags(ctx, b.open)
    limit = _left_limit(ctx, b, before_end)
    before_end = _trim_left_context(text, limit, before_end)
    if _starts_line(text, b.open, ctx.line_start(b.open)):
        before_end = limit  # a bracket that opens a line glosses nothing before it
    outside_japanese = shared_tail or (before_end > limit and is_japanese_char(text[before_end - 1]))
    kinds = [s.kind for s in segs]
    has_ja, has_en, has_abbr = "ja" in kinds, "en" in kinds, "abbr" in kinds

    if has_ja and (has_en or has_abbr):
        return _inner_definition(ctx, b, segs, limit, before_end, outside_japanese)
    if has_ja:
        if outside_japanese or len(ja_segs) > 1:
            return None  # ja-ja paraphrase, or an acronym glossed by a list
        return _latin_then_japanese(ctx, b, segs[0], limit, before_end)
    # only English / acronyms inside
    if outside_japanese:
        return _japanese_then_latin(ctx, b, segs, limit, before_end)
    if inner_japanese:
        # Web Components（WC と略す）: the bracket names the short form of the long form before it;
        # VM（Virtual Machine の略）: the long form of the short form before it
        if len(segs) != 1:
            return None
        if segs[0].kind == "abbr":
            return _english(ctx, b, (segs[0].start, segs[0].end))
        return _english(ctx, b, long=(segs[0].start, segs[0].end))
    return _english(ctx, b)


# focusing and hedging adverbs that open a bracket (主に, 特に, 通常): what follows narrows the term before
# the bracket to its main or usual case, it does not translate it
_HEDGE: Final = re.compile(
    r"(?:主に|おもに|主として|特に|とくに|とりわけ|通常|一般に|一般的に|多くの場合|大抵|たいてい)[、，,\s]*"
)


def _without_hedge(text: str, segs: list[Segment]) -> tuple[list[Segment], bool]:
    """The glosses with a hedging adverb that opens the bracket taken off, and whether there was one.

    ``（主にLong Form、LF）``: the adverb stands before the first gloss, in its segment or as one of its own
    (``（主に、Long Form、LF）``); offsets stay exact.
    """
    if not segs or segs[0].kind not in ("ja", "other") or segs[0].nested:
        return segs, False
    first = segs[0]
    m = _HEDGE.match(text, first.start, first.end)
    if m is None:
        return segs, False
    if m.end() == first.end:
        return segs[1:], True
    a, z = trim_span(text, m.end(), first.end)
    return [Segment(text[a:z], a, z, classify(text[a:z])), *segs[1:]], True


_PAIR_SEPARATOR: Final = re.compile("[、,，:：;；]")


def _pair_inside(ctx: _Doc, b: Bracket) -> Definition | None:
    """``Zorblink（Zorblink Quiet Mode、ZQM）``: a bracket after a Latin word that holds an English name and
    its acronym; they define each other whether or not the word before the bracket is that name."""
    text = ctx.text
    if b.close - b.open > MAX_INNER or _PAIR_SEPARATOR.search(text, b.open + 1, b.close) is None:
        return None  # two glosses need a separator: most Latin brackets hold one (a test per bracket)
    segs = without_labels(text, _untagged(ctx, _unmasked(ctx, split_segments(text, b.open + 1, b.close))))
    if len(segs) != 2 or {s.kind for s in segs} != {"en", "abbr"} or any(s.nested for s in segs):
        return None
    if is_aside(text, segs[0].start, b.close) or any(_in_code(text, s) or _too_long(s) for s in segs):
        return None
    return _self_defined(ctx, b, segs)


# an acronym heading a Japanese compound (PCR法, DNA鎖): the acronym, then one or two kanji
_ACRONYM_HEADED: Final = re.compile(r"(?<![A-Za-z0-9\-])([A-Z][A-Za-z0-9\-]*[A-Z0-9])([\u4e00-\u9fff]{1,2})$")


def _acronym_headed(ctx: _Doc, b: Bracket) -> Definition | None:
    """``PCR法（ポリメラーゼ連鎖反応法）``: a method named by its acronym, glossed by its Japanese name.

    The bracket spells out what the acronym abbreviates and ends in the same head (法), so it
    names the same thing; a bracket with another head (``PCR法（高感度）``) says something about it.
    """
    text = ctx.text
    end = _trim_left_context(text, ctx.line_start(b.open), _skip_tags(ctx, b.open))
    m = _ACRONYM_HEADED.search(text, max(ctx.line_start(b.open), end - 24), end)
    if m is None or not _acronym_word(m.group(1)):
        return None
    head = m.group(2)
    a, z = trim_span(text, b.open + 1, b.close)
    inner = text[a:z]
    if not inner.endswith(head) or len(inner) <= len(head) + 1 or not is_gloss(inner):
        return None
    term = part(m.group(), m.start(), m.end(), "ja")
    return definition((term, part(inner, a, z, "ja")), "ja(ja)", 0.75, m.start(), b.close + 1)


def _english(
    ctx: _Doc, b: Bracket, short: tuple[int, int] | None = None, long: tuple[int, int] | None = None
) -> Definition | None:
    """``long form (SF)`` / ``SF (long form)`` in Latin script.

    ``short``: the span of the short form a naming remark in the bracket gives (``（WC と略す）``);
    ``long``: the span of the long form a remark says the word before is short for (``（… の略）``).

    Full-width Latin (``ＭＰＩ（Ｍｅｓｓａｇｅ …）``) is matched on a width-folded copy of the
    text, which has the same length, so offsets carry over unchanged.  A link target between the
    long form and its bracket (``[IBM Quantum](https://…) (IBMQ)``) is read as blank space.
    """
    end = _skip_tags(ctx, b.open)
    if end < b.open and ctx.text[end : b.open].strip():  # markup, not only spaces, before the bracket
        unlinked = _without_link_targets(ctx)
        if unlinked is not ctx and not unlinked.mask.covers(end):
            return _english(unlinked, b, short, long)
    limit = _latin_limit(ctx, b)
    wide = _FULLWIDTH_RE.search(ctx.text, limit, b.close + 1) is not None
    folded = ctx.folded() if wide else ctx.text  # fold once per document, and only when it matters
    found = english_at(folded, b, limit, ctx.mask, short, long)
    if found is None or folded is ctx.text:
        return found
    text = ctx.text
    parts = tuple(part(text[p.start : p.end], p.start, p.end, p.role) for p in found.parts)
    return replace(found, parts=parts, sentence=_sentence(text, found.start, found.end))


def _without_link_targets(ctx: _Doc) -> _Doc:
    """``ctx`` with every link target or HTML tag that stands right before a bracket blanked and unmasked.

    Built once per document (``[IBM Quantum](https://…) (IBMQ)``, ``VM<small>（…）</small>``): the
    copy has the same length, so every offset found in it indexes the original text.
    """
    if ctx._unlinked is None:
        text = ctx.text
        blank: list[tuple[int, int]] = []
        starts: set[int] = set()  # of the regions blanked so far: a tag may stand before another
        for a, z in reversed(ctx.mask.regions):
            link = text.startswith("](", a) and text[z - 1 : z] == ")"
            if link or (text[a : a + 1] == "<" and text[z - 1 : z] == ">"):
                after = z
                while after < len(text) and text[after] in " \t":
                    after += 1
                if after in starts or (after < len(text) and text[after] in "(（"):
                    blank.append((a, z))
                    starts.add(a)
        blank.reverse()
        pieces: list[str] = []
        previous = 0
        for a, z in blank:
            pieces.append(text[previous:a])
            pieces.append(" " * (z - a))
            previous = z
        pieces.append(text[previous:])
        blanked = set(blank)
        mask = Mask([r for r in ctx.mask.regions if r not in blanked])
        ctx._unlinked = _Doc("".join(pieces), ctx.layout, ctx.brackets, mask)
        ctx._unlinked._unlinked = ctx._unlinked
    return ctx._unlinked


def _japanese_then_latin(
    ctx: _Doc, b: Bracket, segs: list[Segment], limit: int, before_end: int
) -> Definition | None:
    """``JA(EN)``, ``JA(EN、ACR)``, ``JA(ACR)`` and ``X(ACR: EN)``."""
    text = ctx.text
    segs = _lowercase_initials(segs)
    en_segs = [s for s in segs if s.kind == "en"]
    abbr_segs = [s for s in segs if s.kind == "abbr"]
    slashed = len(en_segs) == 2 and not abbr_segs and _slash_between(text, en_segs[0], en_segs[1])
    if len(abbr_segs) > 1 or (len(en_segs) > 1 and not slashed and not _glosses_listed(text, en_segs)):
        return None  # a list of acronyms, or "Title: Subtitle"
    # 相対単位（rem, em）: two unrelated words may be examples, not two names of the term (see below)
    unrelated = (
        len(en_segs) > 1
        and not slashed
        and not all(_spelled_alike(x.text, y.text) for x, y in itertools.pairwise(en_segs))
    )
    colon_first = _colon_first(text, segs) and bool(en_segs)
    title_line = not colon_first and not abbr_segs and (_is_title_line(ctx, b) or _heading_title(ctx, b))
    link_title = not colon_first and not abbr_segs and _link_title(ctx, b)
    span = _outside_term(ctx, before_end, limit, b.open)
    if colon_first and (span is None or _is_category_word(text[span[0] : span[1]])):
        # X(ACR: EN): the bracket defines itself; X is only a category word (推定手法)
        return _self_defined(ctx, b, segs, "x(abbr: en)")
    if span is None:
        return None
    one_thing = bool(en_segs) and not _CONJUNCTION_RE.search(en_segs[0].text)
    coordinated = _coordinated(text, span[0]) and not one_thing
    if coordinated and _conjunct_glossed(text, span[0]):
        coordinated = False  # A（X）およびB（Y）: each conjunct has its own bracket
    if coordinated and en_segs:
        both = _glossed_coordination(text, span, limit, en_segs[0].text)
        if both is None:
            return None  # AとB(X): X glosses the coordination unless its English names one thing
        span, coordinated = both, False  # 符号化および復号（encoding and decoding）: one term
    if unrelated and not _names_of_term(text, span, en_segs):
        return None  # 言語(Python, Rust, Go): things of the kind the term names, none of them the term
    if slashed:
        # （nucleus／cell nucleus）: two names offered as alternatives; the term must translate one
        en_segs = _best_translated(text, span, en_segs)
        if not en_segs:
            return None
    gloss = (en_segs or abbr_segs)[0].text
    stem = adjective_before(text, span[0], span[1], limit, gloss, bool(en_segs))
    if stem is not None and not coordinated:
        span = stem  # 有限な集合（finite）: the gloss translates the adjective, not the noun after な
    if en_segs:
        span = _with_named_owner(text, span, limit, en_segs[0].text)
        reading = read_for_english(text, span[0], span[1], limit, en_segs[0].text, ctx.learned, ctx.refusals)
    else:
        span = _without_latin_lead(text, span, abbr_segs[0].text)
        reading = read_for_acronym(text, span[0], span[1], limit, abbr_segs[0].text)
    if coordinated and not (reading.coverage >= 1.0 and len(letters_of(abbr_segs[0].text)) >= 3):
        whole = _spelled_coordination(text, span, limit, abbr_segs[0].text)
        if whole is None:
            return (
                None  # AとB(ACR): the acronym glosses the coordination unless the last conjunct spells it all
            )
        span, reading = whole
    if en_segs and reading.coverage == 0 and _glosses_other_conjunct(text, span[0], limit, en_segs[0].text):
        return None  # 鍋と蒸し器（pot）: the English translates the first conjunct, not the term
    title_line = (title_line and reading.coverage < 1.0) or (link_title and reading.coverage == 0)
    if title_line and not _starts_line(text, reading.start, ctx.line_start(b.open)):
        # a title given with its translation, unless its words are the gloss's, word for word, or
        # the term the alignment reads is the whole line (``- 暫定措置後の侵入経路区分（Interim
        # Intrusion Vector）``: each unit of it translates the gloss, a headword, not a title)
        return None
    if reading.coverage < 1.0 and is_count(text[reading.start : span[1]]):
        return None  # 09時（UTC）: a number with its counter, said something about
    if abbr_segs and not en_segs and reading.coverage < 1.0 and _built_of_words(abbr_segs[0].text):
        return None  # 星図作成（StarChart）: a name built of words (a format, a product), not an acronym
    if abbr_segs and not en_segs and reading.coverage < 0.5 and _in_heading(ctx, b):
        # a heading's acronym that its words do not spell (at least half the letters; one
        # letter of a many-sensed kanji is chance) labels the section rather than glossing it
        return None
    if en_segs and not abbr_segs and _section_label(ctx, b, en_segs[0].text):
        return None  # ## 概要 (Overview): the heading names a part of the document
    span = (reading.start, span[1])
    if abbr_segs and not en_segs:
        span = (unspelled_lead(text, span[0], span[1], abbr_segs[0].text), span[1])
    if en_segs and not abbr_segs and reading.start >= span[0] and reading.coverage >= 1.0:
        span = (untranslated_lead(text, span[0], span[1], en_segs[0].text), span[1])
    elif abbr_segs and reading.coverage >= 1.0:
        # 主成分分析・因子分析（Factor Analysis、FA）: names listed with ・, the gloss names the last
        english = en_segs[0].text if en_segs else None
        span = (last_listed(text, span[0], span[1], english, abbr_segs[0].text), span[1])
    if _split_by_tag(ctx, span[0]):
        return None  # <b>残り</b>時間(RT): the reader sees one word, the markup splits it
    ja = part(text[span[0] : span[1]], span[0], span[1], "ja")
    if (
        en_segs
        and not abbr_segs
        and (
            # a name is romanised with capitals: グリフ（glyph）is a loanword UniDic also knows as a name
            (
                not (en_segs[0].text[:1].islower() and is_katakana_word(ja.text))
                and is_personal_name(ja.text, tokenize_in(text, span[0], span[1]))
            )
            or is_transliterated_name(ja.text, en_segs[0].text)
        )
    ):
        return None  # a person's name with its romanisation
    if not (en_segs and abbr_segs) and _numbered_label((en_segs or abbr_segs)[0].text, ja.text):
        return None  # 高齢群（Q4）, 最適パラメータ (Case 2): a numbered label the term does not count
    if (
        len(segs) == 1
        and en_segs
        and reading.coverage == 0
        and gloss_overlap(ja.text, segs[0].text) == 0
        and _starts_line(text, reading.start, ctx.line_start(b.open))
        and _captions_code(ctx, b)
    ):
        return None  # 実行結果（errlog）: a caption of the code below; the bracket names what it shows
    if en_segs and not abbr_segs and reading.coverage == 0 and _names_an_instance(ja.text, en_segs[0].text):
        return None  # 採用ライブラリ（Pandora）: a name of one member of the category, not its translation
    if en_segs and not abbr_segs and _NAME_WORD.fullmatch(en_segs[0].text) and is_proper_noun(ja.text):
        return None  # 東芝（Kioxia）: two names (a subsidiary, a brand) or a reading, never a definition
    parts = [ja]
    score = 0.75
    notes: list[str] = list(reading.notes)
    if abbr_segs and en_segs:
        abbr, en = abbr_segs[0], en_segs[0]
        fit = _acronym_fit(abbr.text, en.text)
        if fit == 0:
            return None  # the acronym does not abbreviate the English: not one concept
        if reading.contradicted:
            # 配信の仕組み（Edge Cache Layer、ECL）: the bracket defines itself
            return _self_defined(ctx, b, segs)
        score = 0.9 if fit == 2 else 0.75
        pattern = "ja(en, abbr)" if segs[0].kind == "en" else "ja(abbr, en)"
    elif abbr_segs:
        abbr = abbr_segs[0]
        if len(abbr.text) < 2:
            return None  # (A), (B): labels, not acronyms
        pattern = "ja(abbr)"
        score = 0.7
        if len(ja.text) < 2:
            score -= 0.3
        score -= _alignment_penalty(reading, "the acronym", notes)
    else:
        pattern = "ja(en)"
        score = _ja_en_score(ctx, b, ja, en_segs[0], notes)
        penalty = _alignment_penalty(reading, "the English", notes)
        if penalty:
            score -= penalty
        elif reading.coverage >= 1.0:
            score = max(score, 0.9)
    for s in segs:
        parts.append(part(s.text, s.start, s.end, _role(s)))
    return definition(tuple(parts), pattern, _clamp(score), ja.start, b.close + 1, notes=tuple(notes))


def _best_translated(text: str, span: tuple[int, int], en_segs: list[Segment]) -> list[Segment]:
    """The English glosses, the one the term translates best first; [] when it translates none."""
    cover = [read_for_english(text, span[0], span[1], span[0], s.text).coverage for s in en_segs]
    if max(cover) == 0:
        return []
    best = cover.index(max(cover))
    return [en_segs[best], *(s for k, s in enumerate(en_segs) if k != best)]


def _names_of_term(text: str, span: tuple[int, int], en_segs: list[Segment]) -> bool:
    """True when two unrelated English glosses are two names of the term before them, not examples.

    An example list names things of the kind the term names (言語(Python, Rust, Go)): the term, a
    category, translates none of them.  When the term translates one gloss word for word, the bracket
    glosses the term, and a second gloss beside it that nothing contradicts is another English name
    of it (相殺取引（offset, netting）): two names of one concept, as ``、`` lists them.
    """
    if len(en_segs) != 2:
        return False
    readings = [read_for_english(text, span[0], span[1], span[0], s.text) for s in en_segs]
    return any(r.coverage >= 1.0 for r in readings) and not any(r.contradicted for r in readings)


def _alignment_penalty(reading: Reading, gloss: str, notes: list[str]) -> float:
    """What a reading's alignment takes off a score, with the reason added to ``notes``."""
    if reading.contradicted:
        notes.append(f"no word of the Japanese translates {gloss}")
        return CONTRADICTED
    if reading.cut_short:
        notes.append(f"{gloss} has words the term does not reach: it starts further left")
        return CUT_SHORT
    return 0.0


def _ja_en_score(ctx: _Doc, b: Bracket, ja: Part, en: Segment, notes: list[str]) -> float:
    """Confidence that a Japanese term and an English gloss name one concept."""
    text = ctx.text
    score = 0.7
    words = en.text.split()
    overlap = gloss_overlap(ja.text, en.text)
    if overlap >= 0.5:
        score += 0.2
        notes.append("loanword lemmas match the English")
    if len(words) >= 3 and _OF_RE.search(en.text) and text[max(0, ja.start - 1) : ja.start] == "の":
        score -= 0.4  # "Evolution of X" glossing "Xの進化": the Japanese term was cut short
        notes.append("English 'of' phrase but Japanese term follows の")
    if len(words) > 5:
        score -= 0.25
        notes.append("long English gloss")
    if len(words) == 1 and en.text in ctx.code_words():
        score -= 0.4
        notes.append("English gloss is an identifier in the document's code")
    if len(ja.text) == 1:
        score -= 0.15
    return score


def _latin_then_japanese(
    ctx: _Doc, b: Bracket, seg: Segment, limit: int, before_end: int
) -> Definition | None:
    """``EN(JA)`` and ``ACR（JA）``."""
    text = ctx.text
    span = _latin_run(text, max(limit, _latin_limit(ctx, b)), before_end)
    if span is None:
        return None
    a, z = span
    article = _ARTICLE.match(text, a, z)
    if article is not None:
        a = article.end()  # the merge request（マージリクエスト）: Japanese has no articles
    words = _LATIN_WORD.findall(text[a:z])
    if not words or not any(c.isalpha() for c in text[a:z]) or (len(words) == 1 and is_number(words[0])):
        return None  # numbers (1e-3) are values, not terms
    if (_PLAIN_NUMBER.match(words[0]) and len(words) > 1) or is_measurement(text[a:z]):
        return None  # 10.0 ms（MEC配置時）, 80 kg N/ha（標準値）, 5–15 μm（…）: a measurement, a condition
    if z - a == 1:
        return None  # one letter: a variable, a unit or an item's label (列B（…）), too ambiguous a term
    if is_quantity(words[-1]):
        return None  # 12Gbps（ギガビット毎秒）: an amount of the unit the gloss names, not a term
    name = text[a:z]
    if is_reference(name) or (len(words) >= 2 and is_reference(" ".join(words[-2:]))) or is_unit(name):
        return None  # RFC 9999（…）, v2.1（2031年5月）, kg（…）: a document, a release or a unit, described
    if len(words) == 1 and is_roman_numeral(name) and a > 0 and is_japanese_char(text[a - 1]):
        return None  # パートIV（…）: a numeral numbering the noun before it, not an acronym
    if len(seg.text) == 1 and read_for_english(text, seg.start, seg.end, seg.start, name).coverage < 1.0:
        # ``StellarCode（独）``: one kanji has many senses (独 is Germany, alone, solitude) and abbreviates
        # countries and languages; only the lexicon tells its translation of the name from where the name
        # comes from
        return None
    ja = part(seg.text, seg.start, seg.end, "ja")
    if is_condition(seg.text):
        return None  # Layer ID（多層膜の場合）: when the label applies, not what it means
    if is_transliterated_name(seg.text, text[a:z]):
        return None  # Matthew Prince（マシュー・プリンス）: a person's name and its reading
    if "+" in words[-1].strip("+"):
        return None  # CNN+LSTM (近似): a combination of two names, said something about
    last_acronym = _acronym_word(words[-1])
    if last_acronym and (len(words) == 1 or (_acronym_word(words[-2]) and _capitals(words[-1]) >= 2)):
        # ACR（JA）; in a run of acronyms (``NNP POS（…）``) only the last is glossed, while a word
        # with one capital after a name is the name's next word (``StarRail Plus``), not an acronym
        if not is_term(seg.text):
            return None  # an acronym glossed by a phrase is explained, not translated
        if _numbered_label(words[-1], seg.text):
            return None  # S3（下ごしらえ）: a code numbering items of a series, described
        if _IDENTIFIER.search(name) is not None:
            return None  # OVEN_TEMP（庫内温度の上限）: a program's identifier, described
        if _word_in_capitals(text, words[-1], seg):
            return None  # HOLD（発車待機）: an English word in capitals, described, not an acronym
        a = z - len(words[-1])
        abbr = part(text[a:z], a, z, "abbr")
        spelled = read_for_acronym(text, seg.start, seg.end, seg.start, abbr.text)
        if spelled.contradicted:
            return None  # 目次 for TCP: the Japanese inside names something else
        if spelled.coverage < 1.0 and _built_of_words(abbr.text) and gloss_overlap(seg.text, abbr.text) == 0:
            return None  # StarChart（星図作成）: a name built of words (a format, a product), described
        return definition((abbr, ja), "abbr(ja)", 0.75, a, b.close + 1)
    if len(words) > 6:
        # keep only as many trailing words as the gloss plausibly covers
        return None
    en = part(text[a:z], a, z, "en")
    score = 0.7 + (0.2 if gloss_overlap(seg.text, en.text) >= 0.5 else 0.0)
    if len(words) > 4:
        score -= 0.2
    # XYZ v3 (新バージョン): a description of the name, not its translation (the Japanese is fixed
    # by the bracket, so a reading of it can be contradicted but never cut short)
    reading = read_for_english(text, seg.start, seg.end, seg.start, en.text)
    if reading.coverage == 0 and b.open in ctx.relabelled():
        return None  # one label, several descriptions: none of them translates it
    if reading.coverage < 1.0 and _in_heading(ctx, b) and _ends_line(text, b):
        return None  # ``# ROS topic（トピック）``: a heading with a reading of part of it labels the section
    if _section_label(ctx, b, en.text):
        return None  # ## Overview（概要）: the heading names a part of the document
    notes = list(reading.notes)
    score -= _alignment_penalty(reading, "the English", notes)
    return definition((en, ja), "en(ja)", _clamp(score), a, b.close + 1, notes=tuple(notes))


def _inner_definition(
    ctx: _Doc, b: Bracket, segs: list[Segment], limit: int, before_end: int, outside_japanese: bool
) -> Definition | None:
    """Brackets that carry a Japanese term and English or an acronym."""
    text = ctx.text
    kinds = [s.kind for s in segs]
    if kinds.count("ja") > 2 or kinds.count("abbr") > 1:
        return None
    colon_first = _colon_first(text, segs)
    abbr = next((s for s in segs if s.kind == "abbr"), None)
    en = next((s for s in segs if s.kind == "en"), None)
    if abbr and en and _acronym_fit(abbr.text, en.text) == 0:
        return None
    if outside_japanese and len(segs) == 2 and _slash_between(text, segs[0], segs[1]):
        return _slashed_names(ctx, b, segs, limit, before_end)
    if outside_japanese and not colon_first and segs[0].kind == "en":
        # 埋め込み(embedding、埋め込み表現): the outside term plus glosses of it
        span = _outside_term(ctx, before_end, limit, b.open)
        if span is not None:
            ja = part(text[span[0] : span[1]], span[0], span[1], "ja")
            parts = [ja, *(part(s.text, s.start, s.end, _role(s)) for s in segs)]
            return definition(tuple(parts), "ja(en, ja)", 0.8, ja.start, b.close + 1)
    if outside_japanese and not colon_first and segs[0].kind == "ja" and en is not None:
        # 受信者操作特性曲線（ROC曲線、Receiver …）: the inner Japanese is a short variant of the outside
        # term when both end in the same head (曲線); otherwise the outside is something else
        span = _outside_term(ctx, before_end, limit, b.open)
        if span is not None and (
            _same_head(text[span[0] : span[1]], segs[0].text)
            or read_for_english(text, span[0], span[1], span[0], en.text).coverage >= 1.0
        ):
            # ... or the outside term translates the English word for word: 微調整（ファインチューニング、
            # fine-tuning） holds three names of one thing
            ja = part(text[span[0] : span[1]], span[0], span[1], "ja")
            parts = [ja, *(part(s.text, s.start, s.end, _role(s)) for s in segs)]
            return definition(tuple(parts), "ja(ja, en)", 0.8, ja.start, b.close + 1)
    if outside_japanese and not colon_first and len(segs) == 2 and segs[0].kind == "abbr":
        # 用語（ACR、…）: the acronym of the term before the bracket, then an aside or another name
        outer = _term_then_acronym(ctx, b, segs, limit, before_end)
        if outer is not None:
            return outer if isinstance(outer, Definition) else None
    if not outside_japanese and abbr is None and en is not None:
        # ACR(EN、JA): an acronym before a bracket that expands it
        word = _acronym_before(ctx, b, before_end)
        if word is not None and _acronym_fit(word.text, en.text):
            parts = [word, *(part(s.text, s.start, s.end, _role(s)) for s in segs)]
            return definition(tuple(parts), "abbr(en, ja)", 0.85, word.start, b.close + 1)
    if not outside_japanese and abbr is not None and en is None and not colon_first:
        # EN（JA、ACR）: the long form stands before the bracket
        lf = _long_form_before(ctx, b, abbr.text)
        if lf is not None:
            parts = [lf, *(part(s.text, s.start, s.end, _role(s)) for s in segs)]
            return definition(tuple(parts), "en(ja, abbr)", 0.85, lf.start, b.close + 1)
    return _self_defined(ctx, b, segs)


def _term_then_acronym(
    ctx: _Doc, b: Bracket, segs: list[Segment], limit: int, before_end: int
) -> Definition | bool | None:
    """``用語（ACR、分類の注記）``: the bracket glosses the term before it with its acronym first.

    What follows the acronym is another name of the term or an aside about it (a classification, a
    common name); it joins the definition only when it shares the term's head or spells every letter
    of the acronym, as a name of the same thing does.  None leaves the bracket to define itself: no
    term stands before it, the term is a category word (``装置（GPS、全地球…）``), or the Japanese inside
    spells the acronym better than the term does.  False: the term is there, but the bracket does not
    gloss it (a label, a count).
    """
    text = ctx.text
    abbr, alt = segs
    span = _outside_term(ctx, before_end, limit, b.open)
    if span is None or _is_category_word(text[span[0] : span[1]]):
        return None
    outer = read_for_acronym(text, span[0], span[1], limit, abbr.text)
    inner = read_for_acronym(text, alt.start, alt.end, alt.start, abbr.text)
    if inner.coverage > outer.coverage or (outer.contradicted and not inner.contradicted):
        return None
    found = _japanese_then_latin(ctx, b, [abbr], limit, before_end)
    if found is None or found.ja is None:
        return False
    if _same_head(found.ja.text, alt.text) or (inner.coverage >= 1.0 and not inner.contradicted):
        parts = (*found.parts, part(alt.text, alt.start, alt.end, "ja"))
        return replace(found, parts=parts, pattern="ja(abbr, ja)")
    return replace(found, pattern="ja(abbr, aside)")


def _slashed_names(
    ctx: _Doc, b: Bracket, segs: list[Segment], limit: int, before_end: int
) -> Definition | None:
    """``網膜（視覚膜／retina）``, ``運動神経（motor nerve／遠心性神経）``: two names, alternatives.

    The slash makes both glosses names of the term before the bracket, provided the term is tied
    to them: it translates the English (loanword or alignment) or shares a word's characters with
    the Japanese alternative (網膜 / 視覚膜).  Otherwise the bracket lists two things
    (``音声入力（Windows / 標準機能）``) and defines nothing.
    """
    text = ctx.text
    span = _outside_term(ctx, before_end, limit, b.open)
    if span is None:
        return None
    term = text[span[0] : span[1]]
    en = next(s for s in segs if s.kind != "ja")
    alt = next(s for s in segs if s.kind == "ja")
    if en.kind == "abbr":
        # 用語（ACR/別名）: the acronym must be the term's, spelled by its words more than by the other name
        reading = read_for_acronym(text, span[0], span[1], span[0], en.text)
        other = read_for_acronym(text, alt.start, alt.end, alt.start, en.text)
        if reading.contradicted or reading.coverage == 0 or other.coverage > reading.coverage:
            return None
    else:
        reading = read_for_english(text, span[0], span[1], span[0], en.text)
    shared = any(_KANJI_RE.match(c) and c in alt.text for c in term)
    if not shared and (reading.contradicted or (reading.coverage == 0 and gloss_overlap(term, en.text) == 0)):
        return None
    ja = part(term, span[0], span[1], "ja")
    parts = [ja, *(part(s.text, s.start, s.end, _role(s)) for s in segs)]
    return definition(tuple(parts), "ja(" + ", ".join(s.kind for s in segs) + ")", 0.8, ja.start, b.close + 1)


def _same_head(a: str, b: str) -> bool:
    """Two Japanese terms that end in the same head of two or more characters (…特性曲線 / ROC曲線)."""
    return a != b and len(a) >= 3 and len(b) >= 3 and a[-2:] == b[-2:]


def _self_defined(
    ctx: _Doc, b: Bracket, segs: list[Segment], pattern: str | None = None
) -> Definition | None:
    """A bracket whose glosses define each other: ``(HMM: Hidden …、隠れマルコフモデル)``.

    ``pattern`` defaults to the glosses' kinds in order (``(abbr, en, ja)``)."""
    if pattern is None:
        pattern = "(" + ", ".join(s.kind for s in segs) + ")"
    roles = {s.kind for s in segs}
    if len(roles) < 2:
        return None
    abbr = next((s for s in segs if s.kind == "abbr"), None)
    en = next((s for s in segs if s.kind == "en"), None)
    score = 0.7
    parts = [part(s.text, s.start, s.end, _role(s)) for s in segs]
    if sum(s.kind == "en" for s in segs) > 1:
        return None  # "Title: Subtitle", not glosses
    if abbr and en:
        prefix = _acronym_prefix(abbr.text, en)
        if prefix is None:
            return None
        parts = [prefix if p.start == en.start and p.role == "en" else p for p in parts]
        score = 0.9 if prefix.end == en.end else 0.6
    elif en:
        # （Windows、商用）: with no term outside to anchor them, an English and a Japanese gloss
        # define each other only when some word of one translates a word of the other
        ja = next(s for s in segs if s.kind == "ja")
        text = ctx.text
        reading = read_for_english(text, ja.start, ja.end, ja.start, en.text)
        if gloss_overlap(ja.text, en.text) == 0 and not reading.coverage:
            return None
    return definition(tuple(parts), pattern, score, b.open, b.close + 1)


def _attach_enclosing_term(ctx: _Doc, b: Bracket, found: Definition) -> Definition:
    """``JA(EN (ACR))``: a definition that fills its enclosing bracket glosses the term before it."""
    if b.parent is None or found.ja is not None:
        return found
    parent = ctx.bracket_at(b.parent)
    if parent is None:
        return found
    text = ctx.text
    a, z = trim_span(text, parent.open + 1, parent.close)
    if (a, z) != (found.start, found.end) or _starts_line(text, parent.open, ctx.line_start(parent.open)):
        return found
    before_end = _skip_tags(ctx, parent.open)
    limit = _left_limit(ctx, parent, before_end)
    before_end = _trim_left_context(text, limit, before_end)
    if not (before_end > limit and is_japanese_char(text[before_end - 1])):
        return found
    span = _outside_term(ctx, before_end, limit, parent.open)
    if span is None or _is_category_word(text[span[0] : span[1]]):
        return found
    ja = part(text[span[0] : span[1]], span[0], span[1], "ja")
    return replace(
        found,
        parts=(ja, *found.parts),
        start=ja.start,
        end=parent.close + 1,
        pattern="ja(" + found.pattern + ")",
    )


def _after_japanese_gloss(ctx: _Doc, b: Bracket, nxt: Bracket) -> Definition | None:
    """``JA（JA'）（EN）``: a Japanese gloss of the term, then a bracket of English or an acronym.

    The first bracket alone is a same-language paraphrase and says nothing; the second
    glosses the term before the first (a glossary's headword: its katakana form, its kanji
    rendering, its English).  The Japanese inside the first joins the definition only when
    the English translates it, word for word, or it spells the acronym: otherwise it is a
    word added in passing (``回帰分析（研究）（Regression analysis）``).
    """
    text = ctx.text
    inner = text[b.open + 1 : b.close]
    if nxt.kind != "(" or b.kind != "(" or len(inner) > MAX_INNER or nxt.close - nxt.open - 1 > MAX_INNER:
        return None
    if has_latin(inner) or not has_japanese(inner) or has_japanese(text[nxt.open + 1 : nxt.close]):
        return None
    if not _after_japanese(ctx, b) or b.open in ctx.table_markers() or nxt.open in ctx.table_markers():
        return None
    first = split_segments(text, b.open + 1, b.close)
    if len(first) != 1 or first[0].kind != "ja" or first[0].nested or is_aside(text, first[0].start, b.close):
        return None
    reading = first[0]
    kana = _KANA_READING.fullmatch(reading.text) is not None  # the term's reading (行列（ぎょうれつ）)
    if not (kana or is_gloss(reading.text)) or ends_example_list(reading.text):
        return None
    segs = _split_slashed(
        _without_values(_without_article(_untagged(ctx, split_segments(text, nxt.open + 1, nxt.close))))
    )
    if not segs or len(segs) > 2 or any(s.nested or s.kind not in ("en", "abbr") for s in segs):
        return None
    if is_aside(text, segs[0].start, nxt.close) or any(_in_code(text, s) or _too_long(s) for s in segs):
        return None
    before_end = _skip_tags(ctx, b.open)
    limit = _left_limit(ctx, b, before_end)
    before_end = _trim_left_context(text, limit, before_end)
    if _starts_line(text, b.open, ctx.line_start(b.open)) or not is_japanese_char(text[before_end - 1]):
        return None
    found = _japanese_then_latin(ctx, nxt, segs, limit, before_end)
    if found is None or found.ja is None:
        return None
    parts = list(found.parts)
    if not kana and _translates(text, reading, found):
        parts.insert(1, part(reading.text, reading.start, reading.end, "ja"))
    return replace(found, parts=tuple(parts), pattern="ja(ja)+(" + ", ".join(s.kind for s in segs) + ")")


def _translates(text: str, ja: Segment, found: Definition) -> bool:
    """True when the gloss of ``found`` translates every word of ``ja``, or ``ja`` spells its acronym."""
    if found.en is not None:
        return read_for_english(text, ja.start, ja.end, ja.start, found.en.text).coverage >= 1.0
    abbr = next((p for p in found.parts if p.role == "abbr"), None)
    return abbr is not None and read_for_acronym(text, ja.start, ja.end, ja.start, abbr.text).coverage >= 1.0


def _chain(ctx: _Doc, found: Definition, nxt: Bracket) -> Definition | None:
    """Extend a definition with a bracket that directly follows it.

    ``EN (ACR)(JA)``, ``EN (ACR)(ACR、JA)`` and ``JA(EN、ACR)(JA)``: the later
    bracket may only add glosses that agree with what is already known.
    """
    text = ctx.text
    if nxt.kind != "(" or nxt.close - nxt.open - 1 > MAX_INNER:
        return None
    segs = _untagged(ctx, split_segments(text, nxt.open + 1, nxt.close))
    if not segs or len(segs) > 3 or any(s.nested or s.kind == "other" for s in segs):
        return None
    if any(s.kind == "ja" and not is_gloss(s.text) for s in segs):
        return None
    known_abbr = {p.text for p in found.parts if p.role == "abbr"}
    new_parts = list(found.parts)
    for s in segs:
        if s.kind == "abbr" and known_abbr and s.text not in known_abbr:
            return None
        if s.kind == "ja" and found.ja is not None and found.en is not None and s.text != found.ja.text:
            # コピー (copy) (名詞): a label, unless it translates the English too
            if read_for_english(text, s.start, s.end, s.start, found.en.text).coverage == 0:
                return None
        if s.kind == "en" and found.en is not None and s.text.casefold() != found.en.text.casefold():
            return None
        new_parts.append(part(s.text, s.start, s.end, _role(s)))
    if not any(s.kind == "ja" for s in segs) and found.ja is None:
        return None  # nothing new: (SGD)(SGD)
    score = min(1.0, found.score + 0.05)
    return replace(
        found, parts=tuple(new_parts), end=nxt.close + 1, pattern=found.pattern + "+(...)", score=score
    )


# ---------------------------------------------------------------------------
# helpers


def _acronym_word(word: str) -> bool:
    return is_acronym(unicodedata.normalize("NFKC", word))


# words joined by an underscore: an identifier of a program (OVEN_TEMP, train_id), never a term's name
_IDENTIFIER: Final = re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]")
# a word of small letters, then words each opening with a capital (betaLimit, maxRetryCount): a
# program's name for a value it holds (camelCase); a product's (macOS, iPhone) has one small letter
# before its capitals, or capitals alone after them
_CAMEL_CASE: Final = re.compile(r"[a-z][a-z0-9]+(?:[A-Z][a-z0-9]+)+")
_NAME_BEFORE_CALL: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*$")


def _call_arguments(text: str, b: Bracket, segs: list[Segment]) -> bool:
    """True for a function called in prose (``min(betaLimit, 現在の上限)``): a name glued to an ASCII
    ``(`` that holds arguments split by commas, one of them a program's identifier (camelCase or
    snake_case).  Prose puts a space or Japanese before a bracket that glosses; code glues the call.
    """
    if text[b.open] != "(" or len(segs) < 2 or "," not in text[b.open + 1 : b.close]:
        return False
    if _NAME_BEFORE_CALL.search(text, max(0, b.open - 40), b.open) is None:
        return False
    return any(_CAMEL_CASE.fullmatch(s.text) or _IDENTIFIER.search(s.text) for s in segs)


def _word_in_capitals(text: str, word: str, seg: Segment) -> bool:
    """True for ``HOLD（発車待機）``: a word in capitals that is an ordinary English word, which the
    Japanese after it neither translates nor spells.

    An acronym abbreviates words; a word of four letters or more that JMdict translates Japanese words
    by, and does not list as an abbreviation of its own (``NATO``), is that word set in capitals (a
    constant, a status, a label), unless the term's words spell every letter of it.  Three letters or
    fewer are left as acronyms: most such strings spell some word by chance (TEA, SUN).  An acronym that
    has become a word (radar, sonar) is in JMdict's glosses too: a Japanese compound of three words or
    more after it spells it out, one word for each it abbreviates (``SONAR（水中音波探知機）``), where a
    label in capitals is named in one or two (a state, a setting).
    """
    if not (word.isascii() and word.isalpha() and word.isupper() and is_english_word(word)):
        return False
    if english_words(word):
        return False  # JMdict lists it as an abbreviation (NATO, AIDS)
    ja = seg.text
    if gloss_overlap(ja, word) > 0:
        return False  # RADAR（レーダー）: the word with its loanword
    if read_for_english(text, seg.start, seg.end, seg.start, word.lower()).coverage >= 1.0:
        return False  # SLOW（徐行）: the word, translated
    if sum(1 for t in tokenize_in(text, seg.start, seg.end) if is_term_token(t)) >= _EXPANSION_WORDS:
        return False  # RADAR（電波探知測距）: an acronym's long form, word by word
    return read_for_acronym(text, seg.start, seg.end, seg.start, word).coverage < 1.0


# the words of a Japanese compound that spells an acronym out rather than naming a label
_EXPANSION_WORDS: Final = 3


_CASE_PIECE: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _built_of_words(short: str) -> bool:
    """True for ``StarChart``, ``openOrbit``: capitals joined to a whole English word (four letters or more).

    Such a name is built of words, as brands, formats and initiatives are; an acronym's lower-case
    letters are pieces of words (``LiDAR``, ``FoV``) or a plural.
    """
    if _capitals(short) < 2 or short.isupper() or not short.isascii():
        return False
    pieces = _CASE_PIECE.findall(short)
    return len(pieces) >= 2 and any(
        any(c.islower() for c in p) and len(p) >= 4 and is_english_word(p) for p in pieces
    )


def _capitals(word: str) -> int:
    return sum(c.isupper() for c in word)


def _glosses_listed(text: str, segs: list[Segment]) -> bool:
    """Short glosses separated by 、 or , (``(convolution、conv)``), not a colon title."""
    seps = [text[x.end : y.start].strip() for x, y in itertools.pairwise(segs)]
    return all(sep in ("、", ",", "，") for sep in seps) and all(len(x.text.split()) <= 4 for x in segs)


def _lowercase_initials(segs: list[Segment]) -> list[Segment]:
    """``（learning rate, lr）``, ``（*dml*: deep metric learning）``: a lower-case word made of the
    initials of the other gloss is its acronym, written in lower case as variable names are; before
    the long form or after it."""
    if len(segs) != 2 or segs[0].kind != "en" or segs[1].kind != "en":
        return segs
    for k in (1, 0):
        short, long_ = segs[k].text, segs[1 - k].text
        if not (2 <= len(short) <= 5 and short.isascii() and short.isalpha() and short.islower()):
            continue
        if _initials(long_) != short.upper() or len(long_.split()) != len(short):
            continue
        out = list(segs)
        out[k] = Segment(short, segs[k].start, segs[k].end, "abbr")
        return out
    return segs


def _spelled_alike(a: str, b: str) -> bool:
    """Two English glosses of one term: one shortens the other (convolution / conv) or they share a word."""
    x, y = a.casefold(), b.casefold()
    if x[:3] == y[:3] and min(len(x), len(y)) >= 3:
        return True
    return bool(set(_ASCII_WORD_RE.findall(x)) & set(_ASCII_WORD_RE.findall(y)) - {"of", "the", "a", "an"})


def _without_code_label(text: str, segs: list[Segment]) -> list[Segment]:
    """The glosses without a code label that opens the bracket before a colon and abbreviates nothing.

    ``移動平均（M: Moving Average）``, ``移動平均（Q3: Moving Average）``: a letter or a code names the term
    as a symbol does; the gloss is what follows the colon.  An acronym of the gloss (``（MA: Moving
    Average）``) stays, and a single letter is never required as a surface, so it goes.
    """
    if len(segs) < 2 or segs[1].kind != "en" or text[segs[0].end : segs[1].start].strip() not in ":：":
        return segs
    label = segs[0]
    letter = label.kind == "other" and len(label.text) == 1 and label.text.isascii() and label.text.isalpha()
    if letter or (label.kind == "abbr" and _acronym_fit(label.text, segs[1].text) == 0):
        return segs[1:]
    return segs


def _colon_first(text: str, segs: list[Segment]) -> bool:
    """``(ACR: …)``: an acronym that introduces its own expansion."""
    # emphasis may close around the acronym before the colon (``*dml*: …``, ``**DML**: …``)
    if segs[0].kind != "abbr" or len(segs) < 2:
        return False
    return text[segs[0].end : segs[1].start].strip(" \t*_") in ":："


def _in_code(text: str, seg: Segment) -> bool:
    """A gloss written as inline code (`` `name` ``): an identifier of the program, not a word."""
    return seg.start > 0 and text[seg.start - 1] == "`" and text[seg.end : seg.end + 1] == "`"


def _role(seg: Segment) -> Role:
    return "abbr" if seg.kind == "abbr" else "en" if seg.kind == "en" else "ja"


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def _too_long(seg: Segment) -> bool:
    """An English gloss that is a sentence or a title, not a term."""
    words = seg.text.split()
    if len(words) > MAX_EN_WORDS or (seg.text.endswith((".", "?", "!")) and len(words) > 2):
        return True
    # "Attention Is All You Need": a clause (finite verb, pronoun, question word)
    return len(words) >= 3 and any(w.lower().strip(",.") in _CLAUSE_WORDS for w in words)


def _acronym_fit(abbr: str, en: str) -> int:
    """2: ``abbr`` abbreviates all of ``en``; 1: loosely; 0: not at all."""
    if _initials(en) in (abbr.upper(), abbr.upper().removesuffix("S")) and len(abbr) >= 2:
        return 2  # the common case, Hidden Markov Model / HMM, needs no alignment
    score = long_form_score(abbr, en)
    if score >= 0.6:
        return 2
    return 1 if score >= 0.15 or match_long_form(abbr, en) is not None else 0


def _initials(en: str) -> str:
    """First letters of the words of ``en``, upper case (``self-supervised learning`` gives SSL)."""
    return "".join(w[0] for w in _ASCII_WORD_RE.findall(en)).upper()


def _acronym_prefix(abbr: str, en: Segment) -> Part | None:
    """The leading words of ``en`` that ``abbr`` abbreviates best (titles after ``ACR:``)."""
    best: tuple[float, int] | None = None
    letters = abbr.lower()
    for word in _NONSPACE_RE.finditer(en.text):
        if word.group()[0].lower() not in letters:
            continue  # a long form ends on a word that gives the acronym a letter
        end = word.end()
        score = long_form_score(abbr, en.text[:end])
        if score >= 0.6 and (best is None or score > best[0] + 1e-9):
            best = (score, end)
    if best is None:
        return None
    end = best[1]
    return part(en.text[:end], en.start, en.start + end, "en")


def _long_form_before(ctx: _Doc, b: Bracket, abbr: str) -> Part | None:
    text = ctx.text
    limit = _latin_limit(ctx, b)
    end = b.open
    while end > limit and text[end - 1] in WRAPPERS:
        end -= 1
    start = match_long_form(abbr, text[limit:end])
    if start is None:
        return None
    a = limit + start
    while a < end and text[a].isspace():
        a += 1
    return part(text[a:end], a, end, "en") if a < end else None


_LATIN_LEAD: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


def _without_latin_lead(text: str, span: tuple[int, int], abbr: str) -> tuple[int, int]:
    """``5Gコアネットワーク（CN）`` gives コアネットワーク: Latin letters that lead the term
    and give the acronym none of its letters are a modifier when the Japanese after them spells it all.

    Letters that do start the acronym stay (``RF増幅段（RFA）``).
    """
    m = _LATIN_LEAD.match(text, span[0], span[1])
    if m is None or m.end() >= span[1] or not is_japanese_char(text[m.end()]):
        return span
    lead = unicodedata.normalize("NFKC", m.group()).upper()
    if unicodedata.normalize("NFKC", abbr).upper().startswith(lead[:1]) or len(letters_of(abbr)) < 2:
        return span
    rest = read_for_acronym(text, m.end(), span[1], m.end(), abbr)
    return (m.end(), span[1]) if rest.coverage >= 1.0 and not rest.contradicted else span


def _with_named_owner(text: str, span: tuple[int, int], limit: int, en: str) -> tuple[int, int]:
    """Extend ``加速勾配法`` to ``Nesterovの加速勾配法`` when the English names Nesterov too."""
    m = _OWNER.search(text, max(limit, span[0] - 30), span[0])
    if m is None or m.end() != span[0]:
        return span
    if re.search(r"(?<![A-Za-z])" + re.escape(m.group(1)) + r"(?![A-Za-z])", en, re.IGNORECASE):
        return m.start(), span[1]
    return span


def _acronym_before(ctx: _Doc, b: Bracket, before_end: int) -> Part | None:
    """The acronym that stands right before ``b`` (``LLM(Large Language Model、…)``)."""
    text = ctx.text
    m = re.search(
        r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-/&.]*$",
        text[max(0, before_end - 16) : before_end],
    )
    if m is None:
        return None
    a = before_end - len(m.group())
    if a > 0 and (text[a - 1].isalnum() and text[a - 1].isascii()):
        return None
    return part(m.group(), a, before_end, "abbr") if _acronym_word(m.group()) else None


def _following(ctx: _Doc, b: Bracket) -> Bracket | None:
    """The bracket that opens right after ``b`` closes (spaces allowed)."""
    i = b.close + 1
    text = ctx.text
    while i < len(text) and i <= b.close + 2 and text[i] in " \t\u3000":
        i += 1
    return ctx.bracket_at(i)


def _left_limit(ctx: _Doc, b: Bracket, end: int | None = None) -> int:
    """Where the term before ``b`` cannot start: sentence, paragraph, enclosing bracket, code."""
    text = ctx.text
    end = b.open if end is None else end
    lo = max(0, end - CONTEXT)
    if b.parent is not None:
        lo = max(lo, b.parent + 1)
    masked = ctx.mask.last_end_before(end)
    while masked > lo and _masked_wrap(ctx, masked):
        # a list item's continuation line: its line break and indent are markup, its sentence goes on
        masked = ctx.mask.last_end_before(ctx.mask.region_start(masked - 1))
    lo = max(lo, masked)
    stop = last_sentence_end(text, lo, end)
    return stop if stop >= 0 else lo


def _after_japanese(ctx: _Doc, b: Bracket) -> bool:
    """True when the last character before ``b`` (past spaces, quotes and tags) is Japanese."""
    end = _skip_tags(ctx, b.open)
    limit = max(0, end - CONTEXT)
    end = _trim_left_context(ctx.text, limit, end)
    return end > limit and is_japanese_char(ctx.text[end - 1])


_LATIN_TAIL: Final = re.compile(r"[A-Za-z][A-Za-z0-9]*$")
_PLAIN_NUMBER: Final = re.compile(r"[0-9０-９][0-9０-９.,．，]*$")


def _shares_latin_tail(ctx: _Doc, b: Bracket) -> bool:
    """True for ``ゼロIF(zero IF)``: a Japanese compound ends in the Latin word its gloss ends in.

    The word written the same in both scripts ties the compound to the gloss, so the Latin
    word before the bracket ends a Japanese term rather than an English one.
    """
    text = ctx.text
    end = _skip_tags(ctx, b.open)
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    tail = _LATIN_TAIL.search(text, max(0, end - 40), end)
    if tail is None or tail.start() == 0 or not is_japanese_char(text[tail.start() - 1]):
        return False
    words = _ASCII_WORD_RE.findall(text, b.open + 1, b.close)
    if len(words) == 1 and _acronym_word(words[0]) and len(tail.group()) >= 2:
        # センサID（SID）: the acronym ends in the Latin letters that end the compound
        inner, last = words[0].casefold(), tail.group().casefold()
        return len(inner) > len(last) and inner.endswith(last)
    return len(words) >= 2 and words[-1].casefold() == tail.group().casefold()


def _split_by_tag(ctx: _Doc, start: int) -> bool:
    """True when a closing tag joins the term at ``start`` to Japanese before it (``<b>残り</b>時間``).

    The reader sees one word there, of which the term is only a part; its surface is the unsplit
    word where it occurs elsewhere, so this occurrence gives none.
    """
    text = ctx.text
    if start < 2 or text[start - 1] != ">" or not ctx.mask.covers(start - 1):
        return False
    tag = text.rfind("<", max(0, start - 40), start - 1)
    return tag > 0 and text.startswith("</", tag) and ctx.mask.covers(tag) and is_japanese_char(text[tag - 1])


def _skip_tags(ctx: _Doc, pos: int) -> int:
    """Step left past HTML tags, link targets and spaces right before ``pos``.

    ``<b>用語</b>(term)`` and ``[用語](https://…)(term)``: the markup between a term and its
    bracket is not read, so the gloss still follows the term the reader sees.
    """
    text = ctx.text
    while True:
        i = pos
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        if i > 0 and text[i - 1] == ">" and ctx.mask.covers(i - 1):
            start = text.rfind("<", 0, i - 1)
            if start >= 0 and ctx.mask.covers(start):
                pos = start
                continue
        if i > 0 and text[i - 1] == ")" and ctx.mask.covers(i - 1):
            start = text.rfind("](", 0, i - 1)
            if start >= 0 and all(ctx.mask.covers(k) for k in range(start, i)):
                pos = start
                continue
        return pos


def _without_explanations(segs: list[Segment], after_japanese: bool = True) -> list[Segment]:
    """The glosses before the explanations that close a bracket, or [] when that is not its shape.

    ``(CSE, 評価する式に共通する部分を除去すること)``: an acronym or English gloss followed only by
    clauses that say what the term does; the gloss still glosses the term.  Anything else that is
    not a gloss (an example list, a note, a credit) leaves nothing.
    """
    cut = len(segs)
    while cut > 0 and segs[cut - 1].kind == "ja" and not is_gloss(segs[cut - 1].text):
        if not is_clause(segs[cut - 1].text):
            return []
        cut -= 1
    kept = segs[:cut]
    # after a Latin term its one Japanese gloss may come first (RTF（実時間係数、小さいほど速い）)
    lead_ok = bool(kept) and (kept[0].kind in ("abbr", "en") or (not after_japanese and len(kept) == 1))
    if not lead_ok or cut == len(segs):
        return []
    if any(s.kind == "ja" and (not is_gloss(s.text) or is_name_credit(s.text)) for s in kept):
        return []
    return kept


_TRAILING_NUMBER: Final = re.compile(r"(?<=[A-Za-z\s\-])[0-9]+$")
# a hyphen and two digits close a coined name (the year a disease or a model was named: ``Skyliner-28``),
# not an item's number: a series numbers its items, parts and editions with one digit (Q4, Case 2, Mk-3)
_NAMED_NUMBER: Final = re.compile(r"[A-Za-z]{3,}-[0-9]{2}$")
_JA_DIGITS: Final = re.compile(r"[0-9０-９〇一二三四五六七八九十百千]")


def _without_citation(text: str, segs: list[Segment], close: int) -> list[Segment]:
    """``（CPC; Oord et al., 2018）``: the glosses before a semicolon that a citation follows.

    The reference credits the work that coined the term; the glosses before it define as ever.
    """
    for k in range(1, len(segs)):
        if ";" in text[segs[k - 1].end : segs[k].start] and is_citation(text[segs[k].start : close]):
            return segs[:k]
    return segs


def _numbered_label(gloss: str, ja: str) -> bool:
    """True when ``gloss`` ends in a number that ``ja`` does not hold (``Q4``, ``Case 2``, ``ASQ-3``).

    A number closing a code or a name counts or orders items (quartile 4, case 2, version 3);
    a term it glosses says that number too (``第3因子（F3）``).  Digits inside an
    acronym (``B2B``, ``V2X``) stand for words and are not read here.
    """
    gloss = unicodedata.normalize("NFKC", gloss)
    numbered = _TRAILING_NUMBER.search(gloss) is not None and _NAMED_NUMBER.search(gloss) is None
    return numbered and not _JA_DIGITS.search(ja)


_VALUE: Final = re.compile(r"\s*[=＝]\s*[-−–+]?[0-9０-９][0-9０-９.,．]*\s*$")


def _without_values(segs: list[Segment]) -> list[Segment]:
    """``（ATE = −0.1469）`` glosses with ATE: a value set after an acronym is not part of the gloss."""
    if not any("=" in s.text or "＝" in s.text for s in segs):
        return segs
    out = []
    for s in segs:
        m = _VALUE.search(s.text)
        if m is None or s.nested or m.start() == 0:
            out.append(s)
            continue
        surface = s.text[: m.start()]
        kind = classify(surface)
        out.append(Segment(surface, s.start, s.start + m.start(), kind) if kind == "abbr" else s)
    return out


_SLASH: Final = re.compile(r"\s*[/／]\s*")


def _split_slashed(segs: list[Segment]) -> list[Segment]:
    """``（NC / NonCommercial）``, ``（Machine Learning / ML）``: a slash between an acronym and its long
    form separates two glosses.

    A spaced slash separates them whichever comes first; an unspaced one (``Machine Learning/ML``)
    only when the acronym abbreviates the other side, since a slash also joins one name's halves.
    Two short names slashed (``MLE / MAP``, ``TCP/IP``) are left as they are.
    """
    if not any("/" in s.text or "／" in s.text for s in segs):
        return segs
    out: list[Segment] = []
    for s in segs:
        cuts = list(_SLASH.finditer(s.text)) if not s.nested else []
        if len(cuts) != 1:
            out.append(s)
            continue
        m = cuts[0]
        left, right = s.text[: m.start()], s.text[m.end() :]
        spaced = m.end() - m.start() > 1
        # the long form is the longer side with lower-case letters, whatever its capitals (ShareAlike)
        if classify(left) == "abbr" and classify(right) in ("abbr", "en"):
            abbr_first, short, long_ = True, left, right
        elif classify(right) == "abbr" and classify(left) == "en":
            abbr_first, short, long_ = False, right, left
        else:
            out.append(s)
            continue
        if (
            len(long_) <= len(short)
            or not any(c.islower() for c in long_)
            or (not (spaced and abbr_first) and _acronym_fit(short, long_) < 2)
        ):
            out.append(s)
            continue
        out.append(Segment(left, s.start, s.start + m.start(), "abbr" if abbr_first else "en"))
        out.append(Segment(right, s.start + m.end(), s.end, "en" if abbr_first else "abbr"))
    return out


_SLASHES: Final = "/／"
_OR_NAMES: Final = re.compile(r"\s+or\s+")


def _split_alternatives(text: str, segs: list[Segment]) -> list[Segment]:
    """Glosses that a slash or ``or`` offers as alternatives, each its own segment.

    ``（retina／視覚膜）``, ``（遠心性神経/motor nerve）``: a slash between an English and a Japanese gloss
    gives two names of the term; a full-width slash between two English names too
    (``（nucleus／cell nucleus）``), while an unspaced ASCII slash binds one name (``input/output``,
    ``CI/CD``), and two acronyms slashed stay one name.  ``Transcription factor or Gene regulator``:
    two names of two words or more each.
    """
    if not any(c in s.text for s in segs for c in _SLASHES) and all(" or " not in s.text for s in segs):
        return segs
    out: list[Segment] = []
    for s in segs:
        out.extend(_alternatives(text, s))
    return out


def _alternatives(text: str, s: Segment) -> list[Segment]:
    """``s`` cut at the one slash (or ``or``) between two alternative glosses, or ``[s]``."""
    if s.nested:
        return [s]
    cuts = [i for i, c in enumerate(s.text) if c in _SLASHES]
    if len(cuts) == 1:
        i = cuts[0]
        left = trim_span(text, s.start, s.start + i)
        right = trim_span(text, s.start + i + 1, s.end)
        if left[0] >= left[1] or right[0] >= right[1]:
            return [s]
        kl, kr = classify(text[left[0] : left[1]]), classify(text[right[0] : right[1]])
        latin = ("en", "abbr")
        scripts = (kl == "ja" and kr in latin) or (kr == "ja" and kl in latin)
        slash_names = s.text[i] == "／" or _named_halves(s.text, i)
        names = kl in latin and kr in latin and "en" in (kl, kr) and slash_names
        japanese = text[left[0] : left[1]] if kl == "ja" else text[right[0] : right[1]]
        if (scripts and is_gloss(japanese)) or names:
            return [Segment(text[left[0] : left[1]], left[0], left[1], kl),
                    Segment(text[right[0] : right[1]], right[0], right[1], kr)]  # fmt: skip
        return [s]
    if s.kind != "en" or cuts:
        return [s]
    m = _OR_NAMES.search(s.text)
    if m is None or _OR_NAMES.search(s.text, m.end()) is not None:
        return [s]
    left_text, right_text = s.text[: m.start()], s.text[m.end() :]
    if len(left_text.split()) < 2 or len(right_text.split()) < 2:
        return [s]  # exclusive or, yes or no: one name
    if classify(left_text) != "en" or classify(right_text) != "en":
        return [s]
    return [Segment(left_text, s.start, s.start + m.start(), "en"),
            Segment(right_text, s.start + m.end(), s.end, "en")]  # fmt: skip


def _alternative_spelled(text: str, segs: list[Segment]) -> list[Segment]:
    """The glosses with ``A or B`` cut down to the alternative the bracket's acronym abbreviates.

    ``（light curve or brightness curve、LC）``: English offers two names of one thing and the acronym
    is the short form of one of them, which is the long form of the definition; the other is a
    synonym, named in passing.  An acronym that abbreviates the whole (``read or write、R/W``) keeps it.
    """
    abbrs = [s for s in segs if s.kind == "abbr"]
    if len(abbrs) != 1 or not any(s.kind == "en" and " or " in s.text for s in segs):
        return segs
    abbr = abbrs[0].text
    out = []
    for s in segs:
        m = _OR_NAMES.search(s.text) if s.kind == "en" and not s.nested else None
        if m is None or _OR_NAMES.search(s.text, m.end()) is not None or _acronym_fit(abbr, s.text) == 2:
            out.append(s)
            continue
        sides = [trim_span(text, s.start, s.start + m.start()), trim_span(text, s.start + m.end(), s.end)]
        spelled = [(a, z) for a, z in sides if a < z and _acronym_fit(abbr, text[a:z]) == 2]
        if len(spelled) != 1 or classify(text[spelled[0][0] : spelled[0][1]]) != "en":
            out.append(s)
            continue
        a, z = spelled[0]
        out.append(Segment(text[a:z], a, z, "en"))
    return out


def _named_halves(surface: str, i: int) -> bool:
    """True when the ASCII slash at ``i`` stands between two names of two words or more each
    (``packing rule / lossless packing rule``): each is a whole name, offered as one alternative of
    two, as ``、`` and ``or`` offer them.  A slash with a single word on one side binds one name's
    halves (``input/output``, ``read / write lock``), spaced or not, and one between numbers is a
    fraction (``the 3/4 rule``).
    """
    left, right = surface[:i].split(), surface[i + 1 :].split()
    if len(left) < 2 or len(right) < 2:
        return False
    return left[-1][-1:].isalpha() and right[0][:1].isalpha()  # not a fraction (3/4 rule)


def _slash_between(text: str, a: Segment, b: Segment) -> bool:
    """True when only a slash (or ``or``) stands between two glosses: alternatives of one name."""
    sep = text[a.end : b.start].strip()
    return sep in ("/", "／", "or")


# a capital A alone is often a letter that names something (A record, Plan A): left as it is
_ARTICLE: Final = re.compile(r"(?:The|the|An|an|a)\s+(?=[A-Za-z])")


def _without_article(segs: list[Segment]) -> list[Segment]:
    """English glosses without a leading article that neither the Japanese nor the acronym translates.

    Japanese has no articles, so ``国際会計基準審議会 (IASB: The International … Board)`` glosses
    ``International … Board``; an acronym that starts with T may spell it, and then it stays.
    """
    articles = [s.text[:1].lower() for s in segs if s.kind == "en" and _ARTICLE.match(s.text)]
    if not articles:
        return segs
    if any(s.kind == "abbr" and s.text[:1].lower() in articles for s in segs):
        return segs  # the acronym spells the article (The Onion Router, TOR)
    out = []
    for s in segs:
        m = _ARTICLE.match(s.text) if s.kind == "en" else None
        if m is None:
            out.append(s)
            continue
        surface = s.text[m.end() :]
        out.append(Segment(surface, s.start + m.end(), s.end, classify(surface), s.nested))
    return out


def _unmasked(ctx: _Doc, segs: list[Segment]) -> list[Segment]:
    """The glosses without those wholly inside maths or code (``（Orbital Period, $T$）``): a symbol or an
    identifier is never a gloss, and the glosses beside it still are."""
    if len(segs) < 2 or not ctx.mask.overlaps(segs[0].start, segs[-1].end):
        return segs
    mask = ctx.mask
    kept = [s for s in segs if not all(mask.covers(i) for i in range(s.start, s.end))]
    return kept if kept else segs


def _untagged(ctx: _Doc, segs: list[Segment]) -> list[Segment]:
    """The segments without the HTML tags at their ends (``(<b>DFT</b>: Discrete …)``).

    A tag is markup the reader never sees: a gloss wrapped in one is still the gloss,
    so its span and its kind are those of the text inside.
    """
    if not any("<" in s.text for s in segs):
        return segs
    text, mask = ctx.text, ctx.mask
    out: list[Segment] = []
    for s in segs:
        a, z = s.start, s.end
        while a < z and (text[a] in WRAPPERS or (text[a] == "<" and mask.covers(a))):
            if text[a] == "<":
                while a < z and mask.covers(a):
                    a += 1
            else:
                a += 1
        while z > a and (text[z - 1] in WRAPPERS or (text[z - 1] == ">" and mask.covers(z - 1))):
            if text[z - 1] == ">":
                while z > a and mask.covers(z - 1):
                    z -= 1
            else:
                z -= 1
        if a >= z:
            continue
        if (a, z) == (s.start, s.end):
            out.append(s)
        else:
            surface = text[a:z]
            out.append(Segment(surface, a, z, classify(surface) if not s.nested else "other", s.nested))
    return out


def _latin_limit(ctx: _Doc, b: Bracket) -> int:
    """Start of the Latin-script stretch before ``b`` (stops at Japanese text)."""
    text = ctx.text
    lo = _left_limit(ctx, b)
    m = _LAST_LATIN_STOP.match(text, lo, b.open)  # after the last Japanese character or opening quote
    i = m.end() if m else lo
    while i < b.open and (not text[i].isalnum() or is_enumerator(text[i])):
        i += 1  # ":Hidden Markov Model" starts at the letter, "①Hidden …" after the list's numeral
    return i


_QUOTE_PAIRS = {"」": "「", "』": "『", "”": "“", "’": "‘", "》": "《", "〉": "〈", "】": "【"}
# generic heads that name a kind of thing rather than the thing (推定手法, 評価指標)
_CATEGORY_HEADS = (
    "手法", "方法", "方式", "技術", "技法", "手段", "指標", "尺度", "仕組み", "枠組み", "アプローチ",
    "アルゴリズム", "モデル", "ツール", "ライブラリ", "フレームワーク", "システム", "データセット",
    "ベンチマーク", "概念", "理論", "問題", "課題", "分野", "研究", "論文",
)  # fmt: skip


_NAME_WORD: Final = re.compile(r"[A-Z][A-Za-z0-9]*")


def _names_an_instance(ja: str, en: str) -> bool:
    """A term that ends in a category word (…アルゴリズム, …手法) glossed by one proper name.

    The English is one capitalised word that translates nothing of the term (no aligned word, and
    the category's loanword is not its source): the bracket names a member of the category.
    """
    return (
        ja.endswith(_CATEGORY_HEADS) and _NAME_WORD.fullmatch(en) is not None and gloss_overlap(ja, en) == 0
    )


def _is_category_word(term: str) -> bool:
    """A short term that is only a generic head (推定手法, 評価指標, 新手法)."""
    return len(term) <= 5 and term.endswith(_CATEGORY_HEADS)


def _opens_block(ctx: _Doc, pos: int) -> bool:
    """True when only markup stands between the start of the block holding ``pos`` and ``pos``."""
    block = ctx.layout.block_at(pos)
    lo = block.start if block is not None else ctx.line_start(pos)
    return not ctx.text[lo:pos].strip(WRAPPERS + " \t\u3000")


def _masked_wrap(ctx: _Doc, end: int) -> bool:
    """True when the masked region ending at ``end`` is only a soft line break and its indent."""
    start = ctx.mask.region_start(end - 1)
    text = ctx.text
    gap = text[start:end]
    if gap.strip() or gap.count("\n") != 1 or start == 0 or end >= len(text):
        return False
    if not (is_japanese_char(text[start - 1]) and is_japanese_char(text[end])):
        return False
    return ctx.soft_break(start, end) is True


def _outside_term(ctx: _Doc, before_end: int, limit: int, bracket_open: int) -> tuple[int, int] | None:
    """The Japanese term before a bracket, or None.

    A term inside quotes must be the whole quotation: 『ゼロから学ぶ解釈可能性』(…)
    is a title, not the term 解釈可能性.  A line break inside a paragraph does not end it
    (:meth:`_Doc.soft_break`).
    """
    text = ctx.text
    span = term_before(text, before_end, limit, ctx.soft_break)
    if span is None:
        return None
    wrap = text.rfind("\n", span[0], span[1])
    if wrap >= 0 and _opens_block(ctx, span[0]):
        # a line that holds only the start of a term opens its paragraph: a label set on a line of its
        # own (結果⏎精度（accuracy）), not a sentence wrapped inside a word
        start = wrap + 1
        while text[start] in " \t\u3000":
            start += 1
        span = (start, span[1])
    for ch in text[before_end:bracket_open]:
        opener = _QUOTE_PAIRS.get(ch)
        if opener is None:
            continue
        pos = text.rfind(opener, limit, span[0] + 1)
        if pos >= 0 and text[pos + 1 : span[0]].strip(WRAPPERS):
            return None
    return span


_ATX_HEADING: Final = re.compile(r"[ ]{0,3}#{1,6}[ \t]")


def _in_heading(ctx: _Doc, b: Bracket) -> bool:
    """True when ``b`` stands in a heading: the parsed block, or in plain text a ``#`` line."""
    if ctx.layout.markup != "text":
        block = ctx.layout.block_at(b.open)
        return block is not None and block.kind == "heading"
    return _ATX_HEADING.match(ctx.text, ctx.line_start(b.open), b.open) is not None


def _starts_line(text: str, pos: int, line_start: int) -> bool:
    """True when only spaces or a list / heading marker stand before ``pos`` on its line.

    The same answer as matching ``_LIST_MARK`` against the line's head, read
    from ``pos`` leftwards: it stops at the first character that cannot belong
    to ``spaces, marker, spaces``, so a bracket deep inside a long line costs
    O(1), and a run of spaces or digits is only read by the bracket right after it.
    """
    i = _space_left(text, line_start, pos)
    if i == line_start:
        return True
    ch = text[i - 1]
    if ch in "-*+・•>|":
        i -= 1
    elif ch == "#":
        j = i - 1
        while j > line_start and i - j < 6 and text[j - 1] == "#":
            j -= 1
        i = j
    elif ch in ".)":
        j = i - 1
        while j > line_start and text[j - 1].isdecimal():
            j -= 1
        if j == i - 1:
            return False  # no digits before the "." or ")"
        i = j
    else:
        return False
    return _space_left(text, line_start, i) == line_start


def _space_left(text: str, lo: int, i: int) -> int:
    """Step left from ``i`` past whitespace, not beyond ``lo``."""
    while i > lo and text[i - 1].isspace():
        i -= 1
    return i


_CONJUNCTIONS: Final = ("と", "や", "および", "及び", "または", "又は", "並びに")
# or / or-like lists name alternatives, never one thing made of both (see :func:`_paired_alternatives`)
_ALTERNATIVE_CONJUNCTIONS: Final = ("または", "又は", "や")
_JOINING_CONJUNCTIONS: Final = tuple(c for c in _CONJUNCTIONS if c not in _ALTERNATIVE_CONJUNCTIONS)


def _conjunct_glossed(text: str, start: int) -> bool:
    """True for ``A（X）およびB``: the conjunct before the conjunction closes with a bracket of its own.

    Each conjunct is then glossed by its own bracket, so the bracket after B glosses B alone.
    """
    head = text[max(0, start - 5) : start]
    for conj in _CONJUNCTIONS:
        if head.endswith(conj):
            before = text[max(0, start - len(conj) - 1) : start - len(conj)]
            return before in (")", "）")
    return False


def _spelled_coordination(
    text: str, span: tuple[int, int], limit: int, abbr: str
) -> tuple[tuple[int, int], Reading] | None:
    """``研究およびイノベーション（R&I）``: the coordination as the term, when it spells every letter.

    The acronym then abbreviates both conjuncts (the letters of each are needed), which is what the
    bracket after a coordination usually glosses; ``AまたはB`` names alternatives, not one thing.
    """
    head = text[max(limit, span[0] - 4) : span[0]]
    conj = next((c for c in _JOINING_CONJUNCTIONS if head.endswith(c)), None)
    if conj is None or len(letters_of(abbr)) < 3:
        return None
    first = term_before(text, span[0] - len(conj), limit)
    if first is None:
        return None
    reading = read_for_acronym(text, first[0], span[1], limit, abbr)
    if reading.coverage < 1.0 or reading.contradicted:
        return None
    return (reading.start, span[1]), reading


_AND_SIGNS: Final = ("&", "＆")  # "and" written as a sign, in titles and lists as in prose


def _glosses_other_conjunct(text: str, start: int, limit: int, en: str) -> bool:
    """True for ``AとB（X）`` / ``A & B（X）`` when X translates A and the term B nothing of it.

    Alignment says which conjunct the English renders: the bracket then glosses the coordination
    or its first conjunct, never B alone.
    """
    i = start
    while i > limit and text[i - 1] in " \t\u3000":
        i -= 1
    conj = next((c for c in (*_CONJUNCTIONS, *_AND_SIGNS) if text.endswith(c, limit, i)), None)
    if conj is None:
        return False
    i -= len(conj)
    while i > limit and text[i - 1] in " \t\u3000":
        i -= 1
    first = term_before(text, i, limit)
    if first is None or first[1] != i:
        return False
    return read_for_english(text, first[0], first[1], first[0], en).coverage > 0


def _glossed_coordination(text: str, span: tuple[int, int], limit: int, en: str) -> tuple[int, int] | None:
    """``符号化および復号（encoding and decoding）``: the coordination as the term, glossed by one.

    The English coordinates too, and the words of both conjuncts translate every word of it: the
    gloss names the pair as one thing.  ``AまたはB（A' or B'）`` names alternatives, each its own term
    (:func:`_paired_alternatives`).
    """
    head = text[max(limit, span[0] - 4) : span[0]]
    conj = next((c for c in _JOINING_CONJUNCTIONS if head.endswith(c)), None)
    if conj is None or len(_AND_RE.findall(en)) != 1:
        return None
    first = term_before(text, span[0] - len(conj), limit)
    if first is None or first[1] != span[0] - len(conj):
        return None
    reading = read_for_english(text, first[0], span[1], limit, en)
    if reading.contradicted:
        return None
    if reading.coverage < 1.0 and not _parallel_conjuncts(text, first, span, en):
        return None
    return first[0], span[1]


def _parallel_conjuncts(text: str, first: tuple[int, int], last: tuple[int, int], en: str) -> bool:
    """True for ``学習と推論（training and inference）`` when one conjunct translates its English half.

    Both languages join two conjuncts, in the same order: where one conjunct translates every word of
    its half of the English and nothing of the other half, the other conjunct is the other half by
    the shape of the phrase, whether or not a dictionary knows its words (JMdict has no "training"
    for 学習) — unless its words are known and say something else.  A conjunct with a word its half
    leaves out (データ収集 for "collection") is not all of the term.
    """
    m = _AND_RE.search(en)
    if m is None:
        return False
    halves = (en[: m.start()].strip(" ,"), en[m.end() :].strip())
    if not all(halves):
        return False
    spans = (first, last)
    for k in (0, 1):
        known, other = spans[k], spans[1 - k]
        own, theirs = halves[k], halves[1 - k]
        if read_for_english(text, known[0], known[1], known[0], own).coverage < 1.0:
            continue
        if leaves_out(text, known[0], known[1], own):
            continue  # データ収集と整形 (collection and …): a word of the conjunct its half leaves out
        if read_for_english(text, known[0], known[1], known[0], theirs).coverage > 0:
            continue  # the known conjunct translates both halves: no parallel to read
        rest = read_for_english(text, other[0], other[1], other[0], theirs)
        if rest.contradicted or (rest.coverage > 0 and leaves_out(text, other[0], other[1], theirs)):
            continue  # its words say something else, or a word of it is left out
        return True
    return False


_OR_CONJUNCTIONS: Final = ("または", "又は", "もしくは", "若しくは", "あるいは", "或いは")
_EN_OR: Final = re.compile(r",?[ \t]+or[ \t]+")
_EN_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9\- ]*")


def _paired_alternatives(ctx: _Doc, b: Bracket) -> list[Definition]:
    """``乗車または降車（boarding or alighting）``: two terms and their glosses, pair by pair.

    Alternatives joined by または are two things, and the English joins the same two with "or", in
    the same order: each Japanese conjunct is its own term glossed by its English conjunct.  Both
    pairs must translate (half the words each, at least), and no better the other way round.
    """
    text = ctx.text
    inner = text[b.open + 1 : b.close]
    ors = list(_EN_OR.finditer(inner))
    if len(ors) != 1 or has_japanese(inner):
        return []
    m = ors[0]
    glosses = [
        trim_span(text, b.open + 1, b.open + 1 + m.start()),
        trim_span(text, b.open + 1 + m.end(), b.close),
    ]
    for lo, hi in glosses:
        g = text[lo:hi]
        if not _EN_NAME.fullmatch(g) or len(g.split()) > MAX_EN_WORDS or classify(g) != "en":
            return []
    before_end = _skip_tags(ctx, b.open)
    limit = _left_limit(ctx, b, before_end)
    before_end = _trim_left_context(text, limit, before_end)
    if before_end <= limit or not is_japanese_char(text[before_end - 1]):
        return []
    last = _outside_term(ctx, before_end, limit, b.open)
    if last is None:
        return []
    head = text[max(limit, last[0] - 4) : last[0]]
    conj = next((c for c in _OR_CONJUNCTIONS if head.endswith(c)), None)
    first = None if conj is None else term_before(text, last[0] - len(conj), limit)
    if conj is None or first is None or first[1] != last[0] - len(conj):
        return []
    (a0, a1), (b0, b1) = glosses
    en_a, en_b = text[a0:a1], text[b0:b1]
    ra = read_for_english(text, first[0], first[1], limit, en_a)
    rb = read_for_english(text, last[0], last[1], last[0], en_b)
    if ra.contradicted or rb.contradicted or min(ra.coverage, rb.coverage) < 0.5:
        return []
    crossed = (
        read_for_english(text, first[0], first[1], first[0], en_b).coverage
        + read_for_english(text, last[0], last[1], last[0], en_a).coverage
    )
    if crossed > ra.coverage + rb.coverage:
        return []
    found = []
    for (j0, j1), (e0, e1), r in (((ra.start, first[1]), (a0, a1), ra), ((rb.start, last[1]), (b0, b1), rb)):
        parts = (part(text[j0:j1], j0, j1, "ja"), part(text[e0:e1], e0, e1, "en"))
        score = 0.9 if r.coverage >= 1.0 else 0.7
        notes = (*r.notes, "alternatives joined by または and or, paired in order")
        found.append(definition(parts, "ja(en)", score, j0, b.close + 1, notes=notes))
    return found


_AND_RE: Final = re.compile(r"(?i)\band\b|&")


def _coordinated(text: str, start: int) -> bool:
    """True when the term is the last conjunct of ``AとB`` / ``AおよびB``.

    The bracket then glosses the whole coordination, not the term alone; after ``AやB`` it glosses B:
    や lists some of several things (an open list), which no acronym or gloss names.
    """
    head = text[max(0, start - 3) : start]
    return head.endswith(_CONJUNCTIONS) and not head.endswith("や")


def _trim_left_context(text: str, limit: int, end: int) -> int:
    """Step left past spaces, quotes and emphasis that sit between a term and its bracket."""
    while end > limit and text[end - 1] in WRAPPERS:
        end -= 1
    return end


# quotes, brackets and emphasis delimit a Latin term, a list separator ends it (DNS、NTP、Load Balancer),
# and so does a straight quote (``label: "RNA（リボ核酸）``: what stands before it is not the term)
_RUN_STOPS: Final = '「『“”」』()（）[]*、，,;；"'


def _latin_run(text: str, limit: int, end: int) -> tuple[int, int] | None:
    """The run of Latin words that ends at ``end`` (``self-supervised learning``)."""
    a = end
    # an emphasis mark (**Yield**) delimits the term as a quotation does
    while a > limit and not is_japanese_char(text[a - 1]) and text[a - 1] not in _RUN_STOPS:
        if text[a - 1] in "'`" and not (a - 2 >= limit and text[a - 2].isalpha() and text[a].isalpha()):
            break  # a straight quote at a word's edge opens a quotation (``key: 'Oven``); within a word
            # (``Kepler's``) it is an apostrophe
        a -= 1
    while a < end and (text[a].isspace() or text[a] in WRAPPERS or not text[a].isalnum()):
        a += 1
    if a >= end or has_japanese(text[a:end]):
        return None
    return a, end


def _section_label(ctx: _Doc, b: Bracket, en: str) -> bool:
    """True when a heading ends with an English gloss that names a part of a document
    (``## 参考文献 (References)``, ``## 本研究の概要 (Overview)``): a label, not a term.

    Only a heading: a glossary's headword stands on a line of its own too (``手順（Steps）``).
    """
    if " ".join(en.casefold().split()) not in _SECTION_NAMES or not _ends_line(ctx.text, b):
        return False
    return _in_heading(ctx, b)


_CAPTION_END: Final = re.compile(r"[*_]*[ \t]*[:：][ \t]*\n")


def _captions_code(ctx: _Doc, b: Bracket) -> bool:
    """True when ``b`` ends a line with a colon and a block of code comes next (blank lines aside).

    Such a line is a caption: it says what the code below is or prints (its output, its log, its
    file), and a Latin name in its bracket names that thing, the stream or file the code writes.
    """
    text = ctx.text
    m = _CAPTION_END.match(text, b.close + 1)
    if m is None:
        return False
    i = m.end()
    while i < len(text) and text[i] in " \t\n":
        i += 1
    line = text.rfind("\n", 0, i) + 1
    k = bisect_right(ctx.layout.code, (line, len(text))) - 1
    return k >= 0 and ctx.layout.code[k][0] <= i < ctx.layout.code[k][1]


def _ends_line(text: str, b: Bracket) -> bool:
    """True when only spaces follow ``b`` on its line (the first other character ends the test)."""
    i = b.close + 1
    while i < len(text) and text[i] != "\n":
        if not text[i].isspace():
            return False
        i += 1
    return True


def _is_title_line(ctx: _Doc, b: Bracket) -> bool:
    """A heading-like line ``日本語のタイトル(English Title)`` with nothing after the bracket.

    Only spaces after the bracket are read (the first other character ends
    the test), so at most one bracket a line reads its head.
    """
    text = ctx.text
    if not _ends_line(text, b):
        return False
    line_start = ctx.line_start(b.open)
    head = text[line_start : b.open]
    inner_words = text[b.open + 1 : b.close].split()
    return len(inner_words) >= 3 and _HIRAGANA_RE.search(head) is not None


def _link_title(ctx: _Doc, b: Bracket) -> bool:
    """A bracket that closes a link's text after a phrase (``[…が開業（Example News）](https://…)``).

    Particles (hiragana) make the link's text a title, not a term; its closing bracket then names
    the page's publisher (or translates the title) when the term's words translate none of it.
    """
    text = ctx.text
    if not text.startswith("](", b.close + 1) or not ctx.mask.covers(b.close + 1):
        return False
    start = text.rfind("[", ctx.line_start(b.open), b.open)
    return start >= 0 and _HIRAGANA_RE.search(text, start, b.open) is not None


def _heading_title(ctx: _Doc, b: Bracket) -> bool:
    """A heading that ends with its bracket and reads as a phrase (``## 1. 研究の背景 (Background)``).

    Particles (hiragana) make the title a phrase, not a term; its bracket then translates the
    section's title, and defines a term only if the term's words are the gloss's, word for word.
    """
    if not _ends_line(ctx.text, b) or not _in_heading(ctx, b):
        return False
    return _HIRAGANA_RE.search(ctx.text, ctx.line_start(b.open), b.open) is not None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) that holds ``text[start:end]``, at most ~300 characters."""
    lo = max(0, start - 150)
    a = last_sentence_end(text, lo, start)
    a = a if a >= 0 else lo
    nl = text.rfind("\n", a, start)
    if nl >= 0:
        a = nl + 1
    stop = SENTENCE_END_RE.search(text, end, min(len(text), end + 150))
    z = stop.end() if stop else min(len(text), end + 150)
    nl = text.find("\n", end, z)
    if nl >= 0:
        z = nl
    return text[a:z].strip()
