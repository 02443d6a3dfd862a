"""English abbreviation definitions around one bracket, and over a whole English text.

Every shape is checked by letter matching (:mod:`glossary.extract.abbrev`), so a
bracket is a definition only when its short form really abbreviates the words
next to it:

* ``long form (SF)``, ``long form [SF]``, also with more matter inside the bracket
  (``(SF; n = 12)``, ``(SF, MIM 12345)``, ``(EC 1.1.1.1; SF)``, ``(SF/OTHER)``); a ``type N``
  classifier the short form numbers joins the long form (``type 2 NO synthase (NOS2)``);
* ``SF (long form)``, ``SF (for long form)`` and ``SF (encoding long form)``
  (``GABA (gamma-aminobutyric acid)``, ``p75/AIRM1 (for …)``), where the word before the
  bracket must look like an acronym (``M.O.I.`` keeps its period) and the bracket like a phrase;
* ``(long form, SF)`` and ``(SF, long form)`` inside one bracket;
* ``long form, or SF,`` apposition, only with a near-perfect letter match.

Brackets holding citations, cross-references (figures, tables, sections),
enumerators, measurements, equations or lists of names are rejected before any
matching.  Work per bracket is bounded (:data:`MAX_LEFT`, :data:`MAX_INNER`), so
:func:`english_definitions` is linear in the text apart from that constant.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Final

from glossary.extract.abbrev import (
    HEAD_NOUNS,
    MIN_SCORE,
    balanced,
    is_short_form,
    long_form_score,
    match_chars,
    match_long_form,
    match_with_score,
    numeral_value,
)
from glossary.extract.records import definition, part
from glossary.extract.segments import is_reference
from glossary.models import Definition
from glossary.text.brackets import Bracket, find_brackets
from glossary.text.markup import Mask, find_mask
from glossary.text.script import last_match_end

MAX_INNER = 200  # longer brackets are prose
MAX_LEFT = 600  # characters left of a bracket a long form may be looked for in
MAX_SF_FIRST_WORDS = 12
SF_FIRST_MIN = 0.2  # the shape checks (an acronym-like word, a lower-case phrase inside) carry the rest
INSIDE_MIN = 0.3  # (long form, SF) and (SF, long form) inside one bracket
APPOSITION_MIN = 0.75
SENTENCE_WINDOW = 300

# A citation or a figure / table reference anywhere in the bracket.
_CITATION_RE: Final = re.compile(
    r"""(?ix)
      \bet\s+al\b
    | \b(?:fig|figs|figure|figures|table|tables|eq|eqs|equation|ref|refs|see|cf|ibid)\b\.?\s*\S
    | \b(?:suppl|supplementary|panel|section|sect|sec|chapter|chap|appendix|algorithm|alg|line|step
          |theorem|lemma|proposition|corollary|definition|example|page|pp|p)\b\.?\s*\d
    | ^\s*(?:[a-z][a-z'\-]+,?\s+)?(?:1[6-9]|20)\d\d[a-z]?\s*$
    | [A-Za-z][a-z'\-]+,?\s+(?:1[6-9]|20)\d\d[a-z]?\b
    """
)
# Words that open the citation / cross-reference alternatives of _CITATION_RE that need no digit.
_CITATION_WORDS = frozenset(
    "et al fig figs figure figures table tables eq eqs equation ref refs see cf ibid".split()
)
_DIGIT_RE: Final = re.compile(r"\d")
_FOLDS_TO_ASCII: Final = re.compile("[\u0130\u0131\u017f\u212a]")
_LOWER_WORD_RE: Final = re.compile(r"[a-z]+")


def _is_citation(s: str) -> bool:
    """``_CITATION_RE.search(s)``, skipped when a cheap test shows it cannot match.

    Every alternative needs a digit or one of :data:`_CITATION_WORDS`; most
    brackets have neither, and the full pattern is the costliest test here.
    """
    if (
        # (?i) also matches ASCII letters with İ, ı, ſ and the Kelvin sign: those get the full pattern
        (s.isascii() or _FOLDS_TO_ASCII.search(s) is None)
        and _DIGIT_RE.search(s) is None
        and _CITATION_WORDS.isdisjoint(_LOWER_WORD_RE.findall(s.lower()))
    ):
        return False
    return _CITATION_RE.search(s) is not None


# An equation, statistic or measurement at the start of the bracket (before any ";" or ", ").
# (split in two: the equation needs an operator, the measurement is anchored at the start)
_OPERATORS = "=<>≤≥±"
_EQUATION_RE: Final = re.compile(
    r"""(?ix)
      (?:^|[\s(])[A-Za-z]\s*[=<>≤≥±]\s*
    | [=<>≤≥±]\s*[-+]?\d
    """
)
_MEASURE_RE: Final = re.compile(
    r"""(?ix)
      ^\s*[-+]?\d+(?:[.,]\d+)*(?:\s*(?-i:%|[a-zµ]{1,4}(?:/[a-zµ]{1,4})?)|\s+(?-i:[a-zµ]?[A-Z]))?\s*$
    """
)
_ENUMERATOR_RE: Final = re.compile(r"(?:[ivx]{1,5}|[a-z]|\d{1,3})\.?$")
# separators after a short form inside a bracket: (SF; n = 10), (SF, Sigma), (SF、スパース…)
_CHUNK_END_RE: Final = re.compile(
    r"\s*(?:[;；、，:：]|,\s|\s[-–—]\s|\s(?:or|and|also|in|from|for|is|at|on|with)\s)"
)
# words that may introduce the short form inside the bracket
_SF_PREFIX_RE: Final = re.compile(
    r"(?i)^(?:or|i\.e\.,?|abbreviated(?:\s+as)?|abbr\.|hereafter(?:\s+called)?|henceforth|termed|called"
    r"|designated|named|referred\s+to\s+as|known\s+as)\s+"
)
_ONE_WORD_RE: Final = re.compile(r"[A-Za-z][a-z]{2,}(?:-[a-z]+)?")
_SF_FIRST_INTRO_RE: Final = re.compile(
    r"(?:for|a|an|the|i\.e\.,?|abbreviation\s+for|short\s+for|standing\s+for|encoding|coding\s+for)\s+"
)
_LEADING_FUNCTION_WORDS_RE: Final = re.compile(r"(?:(?:a|an|the|of|for|by|to|and|or)\s+)+")
_LOCANT_PREFIX_RE: Final = re.compile(r"\d{1,2}['′]?-(?=[A-Z]{2})")
_TOKEN_BEFORE_RE: Final = re.compile(r"(\S+)\s*$")
_SENTENCE_END_RE: Final = re.compile(
    r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bFig)(?<!\bca)(?<!\bNo)(?<!\bDr)(?<!\bSt)"
    r"[.!?][\"'”’)\]]*\s+(?=[\"'“(\[]?[A-Z0-9])|[。！？]|\n\s*\n"
)
_LAST_SENTENCE_END_RE: Final = last_match_end(_SENTENCE_END_RE)
_APPOSITION_RE: Final = re.compile(r",\s+or\s+([^\s,;()\[\]]{1,12})(?=\s*[,;)]|\.\s)")


_HEAD_SPLIT_RE: Final = re.compile(r"[;；]|,\s")
_JOINED_LIST_RE: Final = re.compile(r"\s(?:and|or|to)\s")
_AND_RE: Final = re.compile(r"\band\b")
_INSIDE_CUT_RE: Final = re.compile(r"[,;]\s")
_LOWER3_RE: Final = re.compile(r"[a-z]{3}")


def _strip_span(text: str, a: int, z: int) -> tuple[int, int]:
    while a < z and text[a].isspace():
        a += 1
    while z > a and text[z - 1].isspace():
        z -= 1
    return a, z


def _def_score(s: float, floor: float = MIN_SCORE) -> float:
    """Map a letter-match score above ``floor`` onto 0.5..1 (the extractor's keep threshold is 0.5)."""
    if s >= 1.0:
        return 1.0
    return round(0.5 + 0.5 * max(0.0, s - floor) / (1.0 - floor), 4) if floor > 0 else s


def _local_sentence(text: str, a: int, z: int) -> str:
    """The sentence around ``text[a:z]`` (bounded look-around, never the whole document)."""
    lo = max(0, a - SENTENCE_WINDOW)
    m = _LAST_SENTENCE_END_RE.match(text, lo, a)
    start = m.end() if m else lo
    after = _SENTENCE_END_RE.search(text, z, min(len(text), z + SENTENCE_WINDOW))
    end = after.start() + 1 if after else min(len(text), z + SENTENCE_WINDOW)
    return " ".join(text[start:end].split())


def is_noise(inner: str) -> bool:
    """True for bracket contents that are never abbreviations: citations, figures, equations, units."""
    s = inner.strip()
    if not s:
        return True
    if _is_citation(s):
        return True
    head = _HEAD_SPLIT_RE.split(s, maxsplit=1)[0].strip()
    if not head or _MEASURE_RE.match(head):
        return True
    if any(op in head for op in _OPERATORS) and _EQUATION_RE.search(head):
        return True
    return _ENUMERATOR_RE.fullmatch(head) is not None


_LIST_SEP_RE: Final = re.compile(r"\s*(?:,\s*(?:and|or)\s+|\s(?:and|or|to)\s|[,;]\s*)")
_QUOTES = "\"'“”‘’`"


def _unquote(text: str, a: int, z: int) -> tuple[int, int]:
    """Drop one pair of quotes around a short form: ('S'), ("RACE")."""
    if z - a >= 3 and text[a] in _QUOTES and text[z - 1] in _QUOTES:
        return a + 1, z - 1
    return a, z


def _is_list(text: str, a: int, z: int) -> bool:
    """True for bracket contents that open with several short forms: (PLS-1 and PLS-2), (UBA1, UBA2, UBA3)."""
    parts = _LIST_SEP_RE.split(text[a:z])
    run = 0
    for p in parts:
        p = p.strip()
        if (
            not p
            or not is_short_form(p)
            or len(p.split()) > 1
            or not any(c.isupper() or c.isdigit() for c in p)
        ):
            break
        run += 1
    if run < 2:
        return False
    joined = _JOINED_LIST_RE.search(text[a:z]) is not None
    letters = all(len(p.strip()) == 1 for p in parts[:run])  # "(C, D)": labels of panels or clones
    return run >= 3 or joined or letters


def _sf_chunk(text: str, a: int, z: int) -> tuple[int, int] | None:
    """The short-form candidate at the start of the bracket contents ``text[a:z]``."""
    a, z = _strip_span(text, a, z)
    if a >= z:
        return None
    m = _SF_PREFIX_RE.match(text, a, z)
    if m:
        a = m.end()
    qa, qz = _unquote(text, a, z)
    if is_short_form(text[qa:qz]):
        return qa, qz
    if _is_list(text, a, z):
        return None
    m = _CHUNK_END_RE.search(text, a, z)
    if m and _AND_RE.search(m.group()):
        return None  # (GlcA and GlcNAc transferase): one of several names, not a definition
    if m and m.start() > a:
        a2, z2 = _unquote(text, *_strip_span(text, a, m.start()))
        chunk = text[a2:z2]
        # a chunk cut from longer contents must look like an acronym, not a word: (tea and ...)
        if is_short_form(chunk) and any(c.isupper() or c.isdigit() for c in chunk):
            return a2, z2
    return None


def _long_inside(text: str, bracket: Bracket) -> Definition | None:
    """``(long form, SF)`` or ``(SF, long form, …)``: both inside one bracket."""
    a, z = _strip_span(text, bracket.open + 1, bracket.close)
    cuts = [m.start() for m in _INSIDE_CUT_RE.finditer(text[a:z])]
    if not cuts:
        return None
    first, last = a + cuts[0], a + cuts[-1]
    options = [
        # (long form, SF): the short form is the last piece
        ((a, last), _unquote(text, *_strip_span(text, last + 1, z)), "(en, abbr)"),
        # (SF, long form, ...): the short form is the first piece, the long form the second
        (
            _strip_span(text, first + 1, a + cuts[1] if len(cuts) > 1 else z),
            _unquote(text, *_strip_span(text, a, first)),
            "(abbr, en)",
        ),
    ]
    for (la, lz), (sa, sz), pattern in options:
        la, lz = _strip_span(text, la, lz)
        short, long = text[sa:sz], text[la:lz]
        if not short or not long or not is_short_form(short) or not any(c.isupper() for c in short):
            continue
        if len(long.split()) > MAX_SF_FIRST_WORDS or not _LOWER3_RE.search(long):
            continue
        score = long_form_score(short, long)
        if score < INSIDE_MIN:
            continue
        en = part(long, la, lz, "en")
        abbr = part(short, sa, sz, "abbr")
        parts = (en, abbr) if la < sa else (abbr, en)
        return definition(
            parts,
            pattern,
            _def_score(score, INSIDE_MIN),
            bracket.open,
            bracket.close + 1,
        )
    return None


def _left_limit(text: str, bracket: Bracket, left_limit: int, mask: Mask) -> int:
    lo = max(0, left_limit, mask.last_end_before(bracket.open))
    if bracket.parent is not None and bracket.parent >= lo:
        lo = bracket.parent + 1
    return min(lo, bracket.open)


def _long_then_short(text: str, bracket: Bracket, lo: int, sf: tuple[int, int]) -> Definition | None:
    """``long form (SF)``: the long form ends where the bracket opens."""
    short = text[sf[0] : sf[1]]
    glued = bracket.open > 0 and text[bracket.open - 1].isalnum() and text[bracket.open - 1].isascii()
    if glued and text[bracket.open] in "([":  # full-width brackets are written without a space
        after = text[bracket.close + 1 : bracket.close + 2]
        if (after.isalnum() and after.isascii()) or short.islower():
            return None  # "phospho[35S]sulfate", "p120(ctn)": a bracket inside a name
    lo = max(lo, bracket.open - MAX_LEFT)  # bounded work per bracket, whatever the caller's limit
    before = text[lo : bracket.open]
    if before[-1:] in (")", "]", "）", "］"):
        return None  # "Echo State Network (ESN)(ESN、…)": a glued second bracket glosses the first one
    found = match_with_score(short, before)
    if found is None:
        return None
    score, start = found
    a, z = _strip_span(text, lo + start, bracket.open)
    span = (a, z)
    lead = _LEADING_FUNCTION_WORDS_RE.match(text, a, z)
    if lead and lead.end() < z:
        a = lead.end()  # "a protein kinase A anchoring protein": the article only lent a letter
    if len(match_chars(short)) == 1 and not _ONE_WORD_RE.fullmatch(text[a:z]):
        return None  # a one-letter short form names one word: "excitatory (E)", not "(A)" after a clause
    # an unbalanced quote or bracket left at the edge is not part of the long form
    while z > a and text[z - 1] in ",:;\"'“”":
        z -= 1
    a, z = _strip_span(text, a, z)
    if a >= z or not balanced(text[a:z]):
        return None  # "TNF)-receptor-associated protein": the caller's limit cut a bracket in two
    if (a, z) != span:
        score = long_form_score(short, text[a:z])  # the trimmed long form must still fit the letters
        if score < MIN_SCORE:
            return None
    if not _head_agrees(short, text[a:z]):
        return None
    a = _type_prefix(text, max(lo, a - 24), a, z, short)
    pattern = "en[abbr]" if bracket.kind == "[" else "en(abbr)"
    en = part(text[a:z], a, z, "en")
    abbr = part(short, sf[0], sf[1], "abbr")
    return definition(
        (en, abbr),
        pattern,
        _def_score(score),
        a,
        bracket.close + 1,
    )


def _head_agrees(short: str, long: str) -> bool:
    """A short form ending in a head noun (``Prd domain``) needs a long form with that head whose
    other words the rest of the short form abbreviates (``paired domain``)."""
    words = short.split()
    if len(words) < 2 or words[-1] not in HEAD_NOUNS:
        return True
    head, rest = words[-1], " ".join(words[:-1])
    body = long.rstrip()
    if not body.endswith(head):
        return False
    return long_form_score(rest, body[: len(body) - len(head)]) >= MIN_SCORE


def _type_prefix(text: str, lo: int, a: int, z: int, short: str) -> int:
    """Start of the long form widened over a ``type N`` classifier the short form numbers.

    ``type 2 NO synthase (NOS2)``, ``type I protein phosphatase (PP1)``, ``type B NP receptor (NPR-B)``:
    the number is part of the name, so the long form starts at ``type``.
    """
    m = _TYPE_BEFORE_RE.search(text, lo, a)
    if m is None:
        return a
    label = m.group(1)
    if label is None:
        first = _TYPE_LABEL_RE.match(text, a, z)
        if first is None:
            return a  # "type of receptor": nothing numbers the name
        label = first.group(1)
    # the short form must end on the same label: "2", "II" (= 2) or the letter itself
    tail = _TYPE_LABEL_END_RE.search(re.sub(r"[^A-Za-z0-9]", "", short))
    if tail is None:
        return a
    value = numeral_value(label)
    if label.lower() != tail.group().lower() and (value is None or value != numeral_value(tail.group())):
        return a
    return m.start()


_DOTTED_RE: Final = re.compile(r"(?:[A-Za-z]\.){2,6}")  # "M.O.I.": the last period belongs to the acronym
_SERIES_RE: Final = re.compile(r",\s+(?:and|or)\s")
_TYPE_LABEL_END_RE: Final = re.compile(r"(?:\d{1,2}|[IVX]{1,4}|[A-Z])$")
_TYPE_BEFORE_RE: Final = re.compile(r"(?<![A-Za-z0-9-])[Tt]ype\s+(?:(\d{1,2}|[IVX]{1,4}|[A-Z])\s+)?$")
_TYPE_LABEL_RE: Final = re.compile(r"(\d{1,2}|[IVX]{1,4}|[A-Z])\s")


def _short_then_long(
    text: str, bracket: Bracket, lo: int, stop: int | None = None, start: int | None = None
) -> Definition | None:
    """``SF (long form)``: the word just before the bracket abbreviates the bracket's contents.

    ``start`` / ``stop``: where the long form starts and ends inside the bracket, when not at its edges.
    """
    window_start = max(lo, bracket.open - 40)
    m = _TOKEN_BEFORE_RE.search(text, window_start, bracket.open)
    if m is None:
        return None
    a, z = m.start(1), m.end(1)
    if a == window_start and a > lo and not text[a - 1].isspace():
        return None  # the token runs on to the left of the window
    # drop wrapping punctuation ("GABA" or 'GABA')
    while a < z and text[a] in "\"'“‘":
        a += 1
    while z > a and text[z - 1] in "\"'”’":
        z -= 1
    if a >= z or (text[z - 1] in ",.;:-" and not _DOTTED_RE.fullmatch(text, a, z)):
        return None  # "N-(1-naphthyl)", "Si- (…)": a name part before the bracket, not a short form
    locant = _LOCANT_PREFIX_RE.match(text, a, z)
    if locant:
        a = locant.end()  # "3'-RACE (rapid amplification of cDNA ends)": the locant is not part of the name
    found = _short_then_long_at(text, bracket, a, z, stop, start)
    slash = text.rfind("/", a, z)
    if found is None and slash > a:
        found = _short_then_long_at(
            text, bracket, slash + 1, z, stop, start
        )  # "p75/AIRM1 (for …)": the last name
    return found


def _short_then_long_at(
    text: str, bracket: Bracket, a: int, z: int, stop: int | None = None, start: int | None = None
) -> Definition | None:
    """``SF (long form)`` with the short form ``text[a:z]``."""
    short = text[a:z]
    if (
        not is_short_form(short)
        or not any(c.isupper() or c.isdigit() for c in short)
        or re.search(r"[()\[\]]", short)
    ):
        return None
    ia, iz = _strip_span(
        text, bracket.open + 1 if start is None else start, bracket.close if stop is None else stop
    )
    intro = _SF_FIRST_INTRO_RE.match(text, ia, iz)
    # "KERA (encoding keratocan)" names a gene's product; only a phrase after "encoding" expands the name
    min_words = 2 if intro and "coding" in intro.group() else 1
    if intro:
        ia = intro.end()  # "AGS1 (for activator of G-protein signaling)", "(a t-complex gene product)"
    for sep in (";", ",", "、"):
        cut = text.find(sep, ia, iz)
        if cut > ia and is_reference(text[cut + 1 : iz].strip()):
            iz = _strip_span(text, ia, cut)[1]  # "(long form, RFC 9999)": a reference follows the long form
            break
    candidates = [(ia, iz)]
    series = _SERIES_RE.search(text, ia, iz) is not None
    for sep in (";",) if series else (";", ", "):  # "(silylene, methylsilylene, and silene)" lists
        cut = text.find(sep, ia, iz)
        if cut > ia:
            candidates.append(_strip_span(text, ia, cut))
    for ca, cz in candidates:
        long = text[ca:cz]
        n_words = len(long.split())
        if (
            n_words > MAX_SF_FIRST_WORDS
            or n_words < min_words
            or (is_short_form(long) and n_words == 1 and len(long) <= len(short) + 2)
        ):
            continue
        if not _LOWER3_RE.search(long) or long.casefold().startswith(short.casefold()):
            continue  # "X (Xq26.3)", "Z (Zmax)", "NOESY (noesyph)": a variant of the name, not its expansion
        score = long_form_score(short, long)
        if score >= SF_FIRST_MIN:
            pattern = "abbr[en]" if bracket.kind == "[" else "abbr(en)"
            abbr = part(short, a, z, "abbr")
            en = part(long, ca, cz, "en")
            return definition(
                (abbr, en),
                pattern,
                _def_score(score, SF_FIRST_MIN),
                a,
                bracket.close + 1,
            )
    return None


def english_at(
    text: str,
    bracket: Bracket,
    left_limit: int,
    mask: Mask,
    short: tuple[int, int] | None = None,
    long: tuple[int, int] | None = None,
) -> Definition | None:
    """The English definition made by one bracket, or None.

    ``short``: the span of the only short form the bracket gives, inside a remark that names it
    (``Web Components（WC と略す）``); then only a long form before the bracket is looked for.
    ``long``: the span of the only long form the bracket gives, inside a remark that the word
    before is short for it (``VM（Virtual Machine の略）``); then only that short form is looked for.

    ``left_limit`` bounds how far left a long form may reach (the caller's
    sentence start, Japanese text, …); the enclosing bracket and masked
    regions bound it further.  Offsets in the returned parts index ``text``.
    Its ``sentence`` is left empty: callers look it up for the definitions they keep.
    """
    if not (0 <= bracket.open < bracket.close <= len(text)):
        raise ValueError(
            f"bracket ({bracket.open}, {bracket.close}) lies outside the text of length {len(text)}; "
            "pass brackets found in this same text"
        )
    if bracket.close - bracket.open - 1 > MAX_INNER or mask.overlaps(bracket.open, bracket.close + 1):
        return None
    if short is not None:
        return _long_then_short(text, bracket, _left_limit(text, bracket, left_limit, mask), short)
    if long is not None:
        return _short_then_long(text, bracket, _left_limit(text, bracket, left_limit, mask), long[1], long[0])
    inner = text[bracket.open + 1 : bracket.close]
    if is_noise(inner):
        return _cited_long_form(text, bracket, _left_limit(text, bracket, left_limit, mask), inner)
    lo = _left_limit(text, bracket, left_limit, mask)
    if not text[lo : bracket.open].strip():
        # nothing before the bracket (a line of its own after Japanese text, a list of titles):
        # no long form or short form to the left, so only ``(long form, SF)`` inside is possible
        return _long_inside(text, bracket)
    sf = _sf_chunk(text, bracket.open + 1, bracket.close)
    if sf is not None:
        found = _long_then_short(text, bracket, lo, sf)
        if found is None and "/" in text[sf[0] : sf[1]]:
            # "(SAPK/JNKs)": two names for one thing; the first may be the one defined here
            cut = text.index("/", sf[0], sf[1])
            if is_short_form(text[sf[0] : cut]) and not _parallel(text[sf[0] : cut], text[cut + 1 : sf[1]]):
                found = _long_then_short(text, bracket, lo, (sf[0], cut))
                if found is not None and found.en is not None and "/" in found.en.text:
                    found = None  # "kinase/bisphosphatase (PFK-2/FBPase-2)": the pair is one definition
        if found is not None:
            return found
    found = _short_then_long(text, bracket, lo) or _long_inside(text, bracket)
    if found is None:
        tail = _last_chunk(text, bracket)
        if tail is not None and tail != sf:
            # "peroxidase (EC 1.11.1.9; GPx)": the short form closes the bracket
            found = _long_then_short(text, bracket, lo, tail)
    return found


def _cited_long_form(text: str, bracket: Bracket, lo: int, inner: str) -> Definition | None:
    """``SF (long form, Author, Author, 2017)``: a long form that a citation follows in its bracket.

    The citation credits the long form; the chunk before the first comma still expands the short form.
    ``long form (SF; Author, 2017)``: the short form before a semicolon is defined as ever.
    """
    if not _is_citation(inner):
        return None
    a, z = _strip_span(text, bracket.open + 1, bracket.close)
    semi = text.find(";", a, z)
    if semi > a and _is_citation(text[semi + 1 : z]) and not _is_citation(text[a:semi]):
        # ``long form (SF; Author et al., 2010)``: the short form, then the work that coined it
        sf = _unquote(text, *_strip_span(text, a, semi))
        if sf[0] < sf[1] and is_short_form(text[sf[0] : sf[1]]):
            return _long_then_short(text, bracket, lo, sf)
    cut = text.find(", ", a, z)
    if cut < 0 or _is_citation(text[a:cut]) or len(text[a:cut].split()) < 2:
        return None
    return _short_then_long(text, bracket, lo, cut)


def _parallel(a: str, b: str) -> bool:
    """True for two names of one series (``FH1/FH2``, ``MARs/SARs``), which a slash lists, not equates."""
    return a[:2] == b[:2] or a[-3:] == b[-3:]


def _last_chunk(text: str, bracket: Bracket) -> tuple[int, int] | None:
    """The short form after the last ``;`` in a bracket, if it looks like an acronym."""
    a, z = _strip_span(text, bracket.open + 1, bracket.close)
    cut = text.rfind(";", a, z)
    if cut < 0:
        return None
    sa, sz = _unquote(text, *_strip_span(text, cut + 1, z))
    short = text[sa:sz]
    if sa >= sz or not is_short_form(short) or not any(c.isupper() for c in short) or " " in short:
        return None
    return sa, sz


def sentence_starts(text: str) -> list[int]:
    """Offsets where English sentences (or paragraphs) begin, in one regex pass."""
    return [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]


def _apposition(text: str, mask: Mask, starts: list[int]) -> list[Definition]:
    """``long form, or SF,``: accepted only when the short form's letters all start words."""
    found: list[Definition] = []
    for m in _APPOSITION_RE.finditer(text):
        short = m.group(1)
        if (
            not is_short_form(short)
            or not any(c.isupper() for c in short)
            or mask.overlaps(m.start(), m.end())
        ):
            continue
        comma = m.start()
        lo = starts[bisect.bisect_right(starts, comma) - 1]
        lo = max(lo, mask.last_end_before(comma))
        # the long form is the phrase after the previous comma or clause word
        before = text[lo:comma]
        start = match_long_form(short, before)
        if start is None:
            continue
        a, z = _strip_span(text, lo + start, comma)
        score = long_form_score(short, text[a:z])
        if score < APPOSITION_MIN:
            continue
        en = part(text[a:z], a, z, "en")
        abbr = part(short, m.start(1), m.end(1), "abbr")
        found.append(
            definition((en, abbr), "en, or abbr", _def_score(score, APPOSITION_MIN), a, m.end(1))
        )  # fmt: skip
    return found


def _emphasis_start(text: str, pos: int, limit: int) -> int:
    """Where an emphasised long form right before ``pos`` starts, else ``limit``.

    ``The **Mean Reciprocal Rank** (MRR)``: the author marks the term being defined, so the long
    form is the emphasised words and nothing before them.
    """
    i = pos
    while i > limit and text[i - 1] in " \t":
        i -= 1
    for mark in ("**", "*"):
        if i - len(mark) > limit and text.startswith(mark, i - len(mark)):
            opener = text.rfind(mark, limit, i - len(mark))
            if opener >= 0 and text[opener + len(mark) : opener + len(mark) + 1].isalnum():
                return opener + len(mark)
            return limit
    return limit


def english_definitions(text: str, mask: Mask | None = None) -> list[Definition]:
    """Every English abbreviation definition in an English text, in text order.

    Each bracket is tried with the sentence start as its left limit; the
    apposition pattern adds definitions without brackets.
    """
    if not isinstance(text, str):
        raise TypeError(f"english_definitions() needs a str, got {type(text).__name__}; decode bytes first")
    if mask is None:
        mask = find_mask(text)
    starts = sentence_starts(text)
    out: list[Definition] = []
    for b in find_brackets(text):
        if mask.covers(b.open):
            continue
        limit = _emphasis_start(text, b.open, starts[bisect.bisect_right(starts, b.open) - 1])
        found = english_at(text, b, limit, mask)
        if found is not None:
            out.append(found)
    out.extend(_apposition(text, mask, starts))
    out.sort(key=lambda d: (d.start, d.end))
    # the sentence is looked up only for what is kept (the Japanese extractor finds its own)
    return [replace(d, sentence=_local_sentence(text, d.start, d.end)) for d in out]
