"""Short-form tests and letter-by-letter long-form matching for English abbreviations.

The classic rule (Schwartz & Hearst 2003) walks the short form backwards
through the text before the bracket and takes the *shortest* long form whose
first word starts with the short form's first letter.  That rule cuts long
forms short (``pump inhibitors (PPI)`` instead of ``proton pump inhibitors``)
because it never asks *where* in a word each letter matched.  Here every
possible alignment of the short form onto the words before the bracket is
costed in one small dynamic programme over words:

* a letter matched at the start of a word (or of a hyphen piece, a camelCase
  hump, a letter/digit switch; an X at the x of a word that starts with the
  sound "ex", as in ``Extensible Markup Language (XML)``) is free; a letter inside a word costs more,
  unless it continues the previous matched letter (``CBFbeta`` in ``beta``);
* a word that contributes no letter costs something (little for ``of``,
  ``the``, bare numbers, roman numerals and Greek letter names as in
  ``class II-associated invariant chain peptide (CLIP)``; much for a content word);

and the start with the lowest cost wins, ties going to the shorter long form.
Starts are penalised when they make a long form run across a clause (a finite
verb, a comma, an earlier definition) or begin on a function word.  Variants of
the short form are tried too: without a plural ``s`` (``LLMs``), with trailing
digits moved to the front (``p48`` for ``48-kDa polypeptide``), with a trailing
number or variant letter left unmatched (``CaMKII``, ``KRAB-A``), and rotated
so that a trailing qualifier comes first (``pHi`` for ``intracellular pH``,
``L1CAM`` for ``cell adhesion molecule L1``); roman numerals, number words and
ordinals in the long form match digits.  A long form may start after a dash
between words or a hyphenated prefix (``non-high-density lipoprotein (HDL)``).

The work per bracket is bounded: at most :data:`MAX_BEFORE` characters of left
context, a word window of ``len(short) + 5`` words, and a DP of
words x short-form length, whatever the document size.  The cost constants were
set on the BioC gold corpora and checked leave-one-corpus-out
(``benchmarks/bioc_eval.py --loo``); they are module attributes so that
experiments can vary them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

MAX_SHORT_LEN = 12
MAX_COMPOUND_SHORT_LEN = 16  # short forms built of hyphenated pieces: "ecto-mono-ADPRTs"
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega",
}  # fmt: skip

GREEK_NAMES = frozenset(GREEK.values())
# Function words a long form may contain without contributing a letter.
STOPWORDS = frozenset(
    "a an the of and or in on at to for from by with without as via into onto per its their "
    "than that which is are be".split()
)
# Generic head and classifier nouns that long forms often carry without a letter in the short form
# ("XPA-binding protein 2 (XAB2)", "Fanconi anemia group C protein (FANCC)").
HEAD_NOUNS = frozenset(
    "protein proteins gene genes factor factors receptor receptors domain domains family group type "
    "class subunit subunits member complex system systems syndrome disease cell cells molecule region "
    "element sequence product homolog homologue isoform variant form model models network networks "
    "method methods".split()
)
_ROMAN_LOWER: Final = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})")
# unit expressions: ratios and powers (mg/kg, ml/min, m2, s-1); bare symbols such as "kb" are left to
# letter matching, since "kilobases (kb)" is a real definition
_UNIT_RE: Final = re.compile(
    r"[µu]?[a-zA-Z]{1,4}(?:/[a-zA-Z]{1,4}){1,2}|(?:[kcmµun]?[mgl]|s|h|min|mol)\^?-?[0-9]"
)
_LATIN_ABBREV_RE: Final = re.compile(r"(?:e\.\s?g|i\.\s?e|cf|etc|vs|viz|ca|approx|resp|incl)\.,?")
_YEAR_RE: Final = re.compile(r"(?:1[6-9]|20)\d\d[a-z]?")
_NUMBER_RE: Final = re.compile(r"[-+±]?\d+(?:[.,]\d+)*[%]?")


_BRACKET_CHAR_RE: Final = re.compile(r"[()\[\]（）［］]")
_LIST_PUNCT_RE: Final = re.compile(r"[;:]|,\s")
_OPEN_SPACE_RE: Final = re.compile(r"[(\[]\s")
_LETTERS_DIGITS_RE: Final = re.compile(r"([A-Za-z]{1,4})-?(\d{1,3})")
_NONSPACE_RE: Final = re.compile(r"\S+")
_AFTER_GROUP_RE: Final = re.compile(r"[)\]]\s*(?:,|and\b|or\b)")
_MULTI_DIGIT_RE: Final = re.compile(r"\d{2,}")


def is_short_form(s: str) -> bool:
    """True for a plausible abbreviation: ``SAE``, ``mRNA``, ``5HT``, ``GC-MS``, ``LLMs``.

    Rejects what parentheses hold far more often than abbreviations: numbers,
    years, lower-case roman numerals and letters (enumerators), unit expressions (mg/kg, s-1), and
    ordinary lower-case words (``framework``).  Letter matching against the
    long form is the real test; this is the cheap filter before it.
    """
    s = s.strip()
    limit = MAX_COMPOUND_SHORT_LEN if "-" in s else MAX_SHORT_LEN
    if not 1 <= len(s) <= limit or s.count(" ") > 2:
        return False
    if not any(c.isalpha() for c in s) or _LIST_PUNCT_RE.search(s):
        return False  # "DMSO; 1 ml" holds a short form, it is not one
    if not (s[0].isalnum() or s[0] in "[('"):
        return False
    if not balanced(s) or _OPEN_SPACE_RE.search(s):
        return False  # "( (AB": a fragment of unbalanced brackets
    if _NUMBER_RE.fullmatch(s) or _YEAR_RE.fullmatch(s):
        return False
    words = s.split()
    if len(words) > 1 and not any(_has_upper_or_digit(w) for w in words):
        return False  # "of the cells"
    if len(words) > 1 and any(
        w.isalpha() and w.islower() and len(w) > 5 and not (i == len(words) - 1 and w in HEAD_NOUNS)
        for i, w in enumerate(words)
    ):
        return False  # "treatment 2": a word, not an abbreviation ("PB domain" ends on a head noun)
    if s in STOPWORDS or _LATIN_ABBREV_RE.fullmatch(s):
        return False  # (with), (e.g.), (etc.)
    if s.islower() and s.isalpha():
        if len(s) == 1 or _ROMAN_LOWER.fullmatch(s):
            return False  # enumerators (a), (iv)
        if len(s) > 5:
            return False  # ordinary words: (framework), (cells)
    if s.islower() and _UNIT_RE.fullmatch(s):
        return False
    return not (len(words) == 1 and s.endswith(".") and s[:-1].isalpha() and len(s) > 4)


def balanced(s: str) -> bool:
    """True when every bracket in ``s`` (either width) closes inside ``s``."""
    if _BRACKET_CHAR_RE.search(s) is None:
        return True  # the common case, without a loop over the characters
    depth = 0
    for ch in s:
        if ch in "([（［":
            depth += 1
        elif ch in ")]）］":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _has_upper_or_digit(w: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in w)


def match_chars(short: str) -> str:
    """The characters of ``short`` that must be found in the long form, lower-cased.

    Greek letters are spelled out (``TNF-α`` matches ``tumour necrosis factor alpha``);
    punctuation is ignored.
    """
    out: list[str] = []
    for ch in short:
        if ch in GREEK:
            out.append(GREEK[ch])
        elif ch.isalnum():
            out.append(ch.lower())
    return "".join(out)


VARIANT_TAIL = r"(?:\d{1,2}|(?<=[A-Za-z])[IVX]{1,3}|(?<=[A-Za-z]-)[A-Z])$"
_VARIANT_TAIL_RE: Final = re.compile(VARIANT_TAIL)


def _optional_tail(short: str) -> int:
    """How many trailing match characters may stay unmatched.

    Digits (``hCEPT1``), a roman numeral (``CaMKII``) or a variant letter after a hyphen
    (``KRAB-A``) often number a member of a family the long form names without the number.
    """
    m = _VARIANT_TAIL_RE.search(short)
    if m is None:
        return 0
    head = match_chars(short[: m.start()])
    return len(m.group()) if len(head) >= 2 else 0


def _variants(short: str) -> list[tuple[str, int, float]]:
    """``(match chars, optional tail length, extra cost)`` to try for one short form.

    The form as written first; then a plural without its ``s`` (``LLMs`` as ``llm``); then
    trailing digits moved to the front (``p48`` for ``48-kDa polypeptide``); then rotations
    (:func:`_rotations`).
    """
    chars = match_chars(short)
    if not chars:
        return []
    stripped = short.rstrip()
    variants = [(chars, _optional_tail(short), 0.0)]
    if (
        len(stripped) >= 3
        and stripped[-1] == "s"
        and (stripped[-2].isupper() or stripped[-2].isdigit())
        and len(chars) > 1
    ):
        variants.append((chars[:-1], _optional_tail(stripped[:-1]), 0.1))
    m = _LETTERS_DIGITS_RE.fullmatch(stripped)
    if m:
        variants.append((m.group(2) + m.group(1).lower(), 0, 0.3))
    repeated = _expand_repeats(stripped)
    if repeated is not None:
        variants.append((repeated, 0, 0.05))
    if _HOMOPHONE_RE.search(stripped):
        # V2G (vehicle-to-grid), P2P, B4B: a 2 or 4 between letters reads "to" / "for"
        variants.append((match_chars(_HOMOPHONE_RE.sub(lambda m: _HOMOPHONES[m.group()], stripped)), 0, 0.1))
    variants.extend(_rotations(stripped))
    return variants


_SUBSCRIPTED_RE: Final = re.compile(r"[\[(][^\[\]()]+[\])][a-z]{1,3}")


def _rotations(short: str) -> list[tuple[str, int, float]]:
    """Match chars with a trailing piece moved to the front: ``pHi`` -> ``iph``, ``L1CAM`` -> ``caml1``.

    Writers put a subscript or qualifier last in the short form but first in
    the long form (``intracellular pH (pHi)``, ``cell adhesion molecule L1 (L1CAM)``,
    ``maximum Z (Zmax)``, ``intracellular Ca2+ concentration ([Ca2+]i)``).  Only cuts at a
    case, digit or punctuation switch count; each rotation costs :data:`ROTATE_COST`.
    """
    if len(short) < 2 or ROTATE_COST == INF:
        return []
    out: list[tuple[str, int, float]] = []
    for i in range(1, len(short)):
        a, b, rest = short[i - 1], short[i], short[i:]
        if not (
            (a.islower() and b.isupper())
            or (a.isupper() and rest.isalpha() and rest.islower())  # a subscript: pHi, Zmax
            or (a.isalpha() != b.isalpha() and a.isalnum() and b.isalnum())
            or (not a.isalnum() and b.isalnum())
        ):
            continue
        if rest == "s":
            continue  # a plural, not a qualifier
        head, tail = match_chars(short[:i]), match_chars(short[i:])
        if head and tail and len(tail) <= 4:
            r = tail + head
            # "[Ca2+]i": a subscript after a bracketed name is the plainest rotation of all
            cost = ROTATE_AFTER_BRACKET if a in ")]" and _SUBSCRIPTED_RE.fullmatch(short) else ROTATE_COST
            if r != match_chars(short) and all(r != v[0] for v in out):
                out.append((r, 0, cost))
    return out


def _expand_repeats(short: str) -> str | None:
    """A digit that counts the letter before it: ``L3D`` = L·L·L·D, ``W3C`` = W·W·W·C.

    Only a digit from 2 to 5 between two letters is read this way, and only
    when the letter before it is upper case (``h2o`` is not a repetition).
    """
    if not _REPEAT_RE.search(short):
        return None
    expanded = _REPEAT_RE.sub(lambda m: m.group(1) * int(m.group(2)), short)
    return match_chars(expanded)


_REPEAT_RE: Final = re.compile(r"([A-Z])([2-5])(?=[A-Za-z])")
_HOMOPHONE_RE: Final = re.compile(r"(?<=[A-Za-z])[24](?=[A-Za-z])")
_HOMOPHONES: Final = {"2": "t", "4": "f"}

# --------------------------------------------------------------------------- alignment


_SEG_RE: Final = re.compile(r"[^\s\-/‐–—\"“”]+")
# derivational prefixes written with a hyphen before a term that they modify
HYPHEN_PREFIXES = frozenset("non pre post semi pseudo multi inter intra extra sub super ultra".split())
_LOCANT_RE: Final = re.compile(
    r"(?i)\d{1,2}[a-z]?['′]?(?:,\d{1,2}[a-z]?['′]?)*|[a-z]|alpha|beta|gamma|delta|epsilon|kappa|omega|cis|trans|iso|sec|tert"
)
_SPACED_GROUP_RE: Final = re.compile(r"(?:^|\s)[(\[]([^()\[\]]*)[)\]]")
_FINITE_VERB_RE: Final = re.compile(r"\b(?:is|are|was|were|has|have|had|been|being)\b")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "first": "1", "second": "2", "third": "3",
                 "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9",
                 "tenth": "10"}  # fmt: skip
# a gene / protein name written with capitals or digits inside: mAKAP, LacZ, GST, p53
_NAME_PREFIX_RE: Final = re.compile(r"(?=[A-Za-z])(?=\w*[A-Z]\w*[A-Z0-9]|\w*[0-9]\w*[A-Z])[A-Za-z0-9]{2,12}")
INF = math.inf
# alignment costs (see the module docstring)
SKIP_CONTENT = 1.5  # a content word of the long form that gives no letter
SKIP_TRAILING = 0.9  # ... when it is the last word before the bracket (leave-one-corpus-out choice)
SKIP_HEAD = 0.5  # ... when it is a generic head noun (protein, gene, domain, model)
INNER_COST = 0.6  # a letter matched inside a word, not after the previous match
UNMATCHED_DIGIT = 1.0  # per trailing digit of the short form missing from the long form ("hCEPT1")
COMMA_COST = 0.8  # per comma outside brackets inside the long form
SCALE = 0.8  # score = exp(-cost / (SCALE + PER_CHAR * n))
PER_CHAR = 0.35
MAX_BEFORE = 400  # characters of left context a long form may span
SKIP_NUMERAL = 0.3  # a roman numeral or Greek letter name that gives no letter ("class II-associated")
HYPHEN_START = 2.2  # a long form starting after a hyphenated prefix ("non-high-density lipoprotein (HDL)")
ROTATE_AFTER_BRACKET = 0.0  # ... after a bracket: "intracellular Ca2+ concentration ([Ca2+]i)"
ROTATE_COST = 1.6  # a short form whose last piece names the first word ("pHi", "L1CAM", "Zmax")
MIN_SCORE = 0.2  # below this a letter alignment is no definition (tuned on gold corpora, see benchmarks/)


@dataclass(frozen=True, slots=True)
class _Seg:
    """One word piece of the left context: pieces split at spaces, hyphens and slashes."""

    start: int
    end: int
    lead: str  # the character before the piece: " " (or start of text), "-", "/"
    bracketed: bool  # inside a bracket that closes before the short form's bracket


def _segments(before: str) -> list[_Seg]:
    # depth of bracket nesting at each position, counting only brackets closed inside ``before``
    inside = [False] * (len(before) + 1)
    if "(" in before or "[" in before:  # most contexts have none: skip the character loops
        closed: set[int] = set()
        stack: list[int] = []
        for i, ch in enumerate(before):
            if ch in "([":
                stack.append(i)
            elif ch in ")]" and stack:
                closed.add(stack.pop())
        depth = 0
        for i, ch in enumerate(before):
            if ch in "([" and i in closed:
                depth += 1
            inside[i] = depth > 0
            if ch in ")]" and depth > 0:
                depth -= 1
    segs: list[_Seg] = []
    for m in _SEG_RE.finditer(before):
        start = m.start()
        lead = " " if start == 0 or before[start - 1].isspace() else before[start - 1]
        if lead == "—" or before[max(0, start - 2) : start] == "--":
            lead = " "  # a dash between words: "malformations--persistent truncus arteriosus"
        first = start
        while first < m.end() and not before[first].isalnum():
            first += 1
        segs.append(_Seg(start, m.end(), lead, (first < m.end() and inside[first]) or before[start] in "(["))
    return segs


def _word_window(before: str, n_chars: int) -> int:
    """Offset in ``before`` left of which no long form may start (S&H's word limit, a little wider)."""
    limit = min(n_chars + 5, n_chars * 2 + 1)
    words = list(_NONSPACE_RE.finditer(before))
    if len(words) <= limit:
        return 0
    return words[-limit].start()


def _is_hump(word: str, i: int) -> bool:
    """A cheap 'word start' inside a word: camelCase hump or a letter/digit switch."""
    if i == 0:
        return True
    prev, ch = word[i - 1], word[i]
    if not prev.isalnum():
        return True
    if ch.isupper() and prev.islower():
        return True
    return ch.isdigit() != prev.isdigit()


_ROMAN_RE: Final = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def _roman_digits(word: str) -> str | None:
    """``"XIV"`` -> ``"14"``: roman numerals in long forms stand for digits in short forms."""
    if not word or word.strip("IVX") or not _ROMAN_RE.fullmatch(word):
        return None  # the strip test rejects almost every word without running the pattern
    total = 0
    for i, ch in enumerate(word):
        v = _ROMAN_VALUE[ch]
        total += -v if i + 1 < len(word) and _ROMAN_VALUE[word[i + 1]] > v else v
    return str(total)


def numeral_value(label: str) -> str | None:
    """Arabic digits of a numeral label: ``"2"`` -> ``"2"``, ``"II"`` -> ``"2"``, anything else None."""
    return label if label.isdigit() else _roman_digits(label)


def _as_digits(word: str) -> str | None:
    """A roman numeral or number word as digits: ``"XIV"`` -> ``"14"``, ``"six"`` -> ``"6"``."""
    return _roman_digits(word) or _NUMBER_WORDS.get(word.lower())


def _prefix_costs(word: str, chars: str, first_at_start: bool) -> list[float]:
    """Costs of matching ``chars[:1]``, ``chars[:2]``, … inside ``word``, up to the first that fails.

    The greedy earliest match of a longer prefix extends that of a shorter
    one, so one pass prices every prefix (the alignment needs them all).  A
    roman numeral or number word also matches as its digits (``II`` for 2).
    """
    costs = _prefix_costs_plain(word, chars, first_at_start)
    arabic = _as_digits(word) if chars[:1].isdigit() else None
    if arabic is not None:
        other = _prefix_costs_plain(arabic, chars, first_at_start)
        if len(other) > len(costs):
            costs, other = other, costs
        for i, c in enumerate(other):
            if c < costs[i]:
                costs[i] = c
    return costs


def _prefix_costs_plain(word: str, chars: str, first_at_start: bool) -> list[float]:
    """:func:`_prefix_costs` without the numeral reading."""
    low = word.lower()
    out: list[float] = []
    cost = 0.0
    pos = -1
    # an X stands for a word that starts with the sound "ex" (eXtensible, eXperience): its start
    ex_start = low.startswith("ex")
    for k, ch in enumerate(chars):
        if k == 0 and first_at_start:
            if not low or (low[0] != ch and not (ch == "x" and ex_start)):
                return out
            pos = 0 if low[0] == ch else 1
            out.append(0.0)
            continue
        found = low.find(ch, pos + 1)
        if found < 0:
            return out
        if k == 0:
            start = found == 0 or (found == 1 and ch == "x" and ex_start)
            cost += 0.0 if start else (0.4 if _is_hump(word, found) else 1.2)
        elif found == pos + 1:
            cost += 0.15
        elif _is_hump(word, found):
            cost += 0.4
        else:
            cost += INNER_COST
        pos = found
        out.append(cost)
    return out


def _skip_cost(word: str, seg: _Seg, trailing: bool) -> float:
    """Cost of a long-form word piece that gives the short form no letter."""
    if seg.bracketed:
        return 0.0  # a nested definition inside the long form: "antigen (TIN-ag)-related protein"
    bare = word.strip("()[],;:.'\"")
    if not bare:
        return 0.0
    if bare.lower() in STOPWORDS or len(bare) == 1:
        return 0.3
    if bare.lower() in HEAD_NOUNS:
        return SKIP_HEAD
    if _roman_digits(bare) or bare.lower() in GREEK_NAMES:
        return SKIP_NUMERAL
    if not any(c.isalpha() for c in bare):
        return 0.3  # numbers: "interleukin 1 (IL)"
    if seg.lead != " ":
        return 0.6  # a hyphen piece: "cell-derived"
    return SKIP_TRAILING if trailing else SKIP_CONTENT


def _start_penalty(before: str, segs: list[_Seg], w: int, n: int) -> float:
    """Extra cost for long forms that start or run on suspiciously."""
    word = before[segs[w].start : segs[w].end]
    cost = 0.0
    if word.lower() in STOPWORDS and word.islower():
        cost += 1.0  # "for facilitates chromatin transcription"
    if len(word) == 1 and n >= 3 and segs[w].end < len(before) and before[segs[w].end].isspace():
        cost += 1.0  # "c oxidase" for COX (but "A-kinase anchoring proteins" for AKAPs)
    if segs[w].lead == "/":
        cost += 0.8
    elif (
        segs[w].lead == "-"
        and w > 0
        and _NAME_PREFIX_RE.fullmatch(before[segs[w - 1].start : segs[w - 1].end])
    ):
        cost += 1.0  # starting after "mAKAP-" only when the whole word cannot start the long form
    tail = before[segs[w].start :]
    if _AFTER_GROUP_RE.search(tail):
        cost += 2.0  # "caspase-activated DNase (CAD) and lamin protease": runs across a definition
    for m in _SPACED_GROUP_RE.finditer(tail):
        if not is_short_form(m.group(1)):
            cost += 2.0  # "alpha (as shown above) beta": a remark inside the long form
    if _FINITE_VERB_RE.search(tail):
        cost += 3.0  # "pressure was monitored continuously": a clause, not a name
    last = tail.split()[-1] if tail.split() else ""
    if last in STOPWORDS:
        cost += 3.0  # a long form does not end on a function word ("to form the")
    # commas outside brackets: the long form crosses a list or a clause
    depth = 0
    for ch in tail:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            cost += COMMA_COST
    return cost


def _prefix_word(word: str, first: str) -> bool:
    """True for a prefix before a hyphen that cannot itself open the long form.

    ``non-high-density lipoprotein (HDL)``: the term starts after the hyphen.  Only
    derivational prefixes count: after a content word (``peptide-methionine``,
    ``dihydro-8-oxoguanine``) the compound is one name.
    """
    return word.lower() in HYPHEN_PREFIXES and word[0].lower() != first


def _lower_word(word: str) -> bool:
    """True for a word written in lower case (a term, not another name)."""
    return word[:1].islower()


def _bare_number_prefix(before: str, segs: list[_Seg], k: int, w: int) -> bool:
    """True when pieces ``k..w-1`` are one number of two or more digits: a measure, not a locant.

    ``60-kilobase (kb)``: the long form is ``kilobase``; ``3-phosphoinositide``, ``7,12-dimethyl…``
    keep their locants.
    """
    return w - k == 1 and _MULTI_DIGIT_RE.fullmatch(before[segs[k].start : segs[k].end]) is not None


def _align(
    before: str,
    chars: str,
    lo: int,
    tail: int = 0,
    all_segs: list[_Seg] | None = None,
    *,
    min_start: int = -1,
) -> list[tuple[float, int]]:
    """``(cost, start)`` for every acceptable long-form start in ``before[lo:]``.

    One backward DP over word pieces: ``best[w][j]`` is the least cost of
    matching ``chars[j:]`` to pieces ``w..``.  The last ``tail`` characters (a
    number or roman numeral) may stay unmatched at a price (``hCEPT1``).
    Pieces starting at or before ``min_start`` are not tried as starts (and
    the DP stops there), though they still give context to later pieces.
    """
    if all_segs is None:
        all_segs = _segments(before)
    segs = [s for s in all_segs if s.start >= lo]
    n = len(chars)
    nseg = len(segs)
    if not n or not nseg:
        return []
    first = 0
    while first < nseg and segs[first].start <= min_start:
        first += 1
    words = [before[s.start : s.end] for s in segs]
    best = [[INF] * (n + 1) for _ in range(nseg + 1)]
    best[nseg][n] = 0.0
    for jj in range(n - tail, n):
        best[nseg][jj] = UNMATCHED_DIGIT * (n - jj)
    for w in range(nseg - 1, first - 1, -1):
        word = words[w]
        row, nxt = best[w], best[w + 1]
        skip, skip_last = _skip_cost(word, segs[w], False), _skip_cost(word, segs[w], True)
        for j in range(n, -1, -1):
            c = (skip_last if j == n else skip) + nxt[j]
            if j < n:
                # prices of chars[j:k] inside this word for every k at once; a longer run that
                # cannot fit ends the list
                for k, cc in enumerate(_prefix_costs(word, chars[j:], False), j + 1):
                    if nxt[k] != INF and cc + nxt[k] < c:
                        c = cc + nxt[k]
            row[j] = c
    starts: list[tuple[float, int]] = []
    for w in range(first, nseg):
        seg = segs[w]
        extra = 0.0
        if seg.bracketed or not before[seg.start].isalnum():
            continue
        start = seg.start
        if seg.lead == "-" and w > 0 and words[w - 1].lower() == "anti" and segs[w - 1].lead == " ":
            pass  # "anti-tubular basement membrane (TBM)": the term follows the prefix
        elif seg.lead == "-" and w > 0 and _NAME_PREFIX_RE.fullmatch(words[w - 1]) and _lower_word(words[w]):
            pass  # "mAKAP-green fluorescent protein (GFP)": a fusion partner's name before the term
        elif seg.lead == "-":
            # "7,12-dimethylbenz(a)anthracene", "delta-aminolevulinic": locants before a hyphen
            k = w - 1
            while k >= 0 and segs[k].lead == "-" and _LOCANT_RE.fullmatch(words[k]):
                k -= 1
            if k < 0 or segs[k].lead != " " or not _LOCANT_RE.fullmatch(words[k]):
                if not _prefix_word(words[w - 1], chars[0]):
                    continue
                extra = HYPHEN_START  # "non-high-density lipoprotein (HDL)"
            elif not _bare_number_prefix(before, segs, k, w):
                start = segs[k].start
            # else "60-kilobase (kb)": a measure before the name is not part of the long form
        elif seg.lead not in " /\"'“”":
            continue
        word = words[w]
        if (
            word[0].lower() != chars[0]
            and not (chars[0].isdigit() and _as_digits(word))
            and not (chars[0] == "x" and word[:2].lower() == "ex")
        ):
            continue
        c = INF
        after = best[w + 1]
        for k, cc in enumerate(_prefix_costs(word, chars, True), 1):
            if after[k] != INF and cc + after[k] < c:
                c = cc + after[k]
        if c < INF:
            starts.append((c + extra + _start_penalty(before, segs, w, n), start))
    return starts


def _score(cost: float, n: int) -> float:
    """Map an alignment cost to 0..1; short short forms tolerate less."""
    return math.exp(-cost / (SCALE + PER_CHAR * min(n, 8)))


def _best(short: str, before: str) -> tuple[float, int] | None:
    """Best ``(score, start)`` of a long form for ``short`` ending at the end of ``before``."""
    body = before.rstrip()
    if len(body) > MAX_BEFORE:
        cut = body.find(" ", len(body) - MAX_BEFORE)
        body = body[cut + 1 :] if cut >= 0 else ""
        offset = len(before.rstrip()) - len(body)
    else:
        offset = 0
    if not body:
        return None
    found: tuple[float, int] | None = None
    segs: list[_Seg] | None = None
    # a long form holding the short form as a word is never acceptable: starts at or before its
    # last occurrence need no alignment
    taken = _last_word_at(short, body)
    for chars, tail, extra in _variants(short):
        lo = _word_window(body, len(chars))
        if not _letters_in_order(chars[: len(chars) - tail], body[max(lo, taken + 1) :].lower()):
            continue  # the letters are not all there: no alignment can succeed
        if segs is None:
            segs = _segments(body)
        for cost, start in _align(body, chars, lo, tail, segs, min_start=taken):
            long = body[start:]
            if not _acceptable(short, long):
                continue
            score = _score(cost + extra, len(chars))
            # a better score wins; on a tie the shorter long form (larger start)
            if (
                found is None
                or score > found[0] + 1e-9
                or (abs(score - found[0]) <= 1e-9 and start > found[1])
            ):
                found = (score, start)
    return None if found is None else (found[0], found[1] + offset)


def _last_word_at(short: str, body: str) -> int:
    """Offset of the last occurrence of ``short`` as a whole word in ``body``, else -1."""
    s = short.strip()
    if not s:
        return -1
    i = body.rfind(s)
    while i >= 0:
        j = i + len(s)
        if (i == 0 or not body[i - 1].isalnum()) and (j == len(body) or not body[j].isalnum()):
            return i
        i = body.rfind(s, 0, j - 1)
    return -1


def _letters_in_order(chars: str, text: str) -> bool:
    """True when the letters of ``chars`` occur in ``text`` in order (digits may come from numerals)."""
    pos = 0
    for ch in chars:
        if ch.isdigit():
            continue
        pos = text.find(ch, pos) + 1
        if not pos:
            return False
    return True


def _acceptable(short: str, long: str) -> bool:
    """S&H's sanity checks: the long form is longer and does not contain the short form as a word."""
    s = short.strip()
    if len(long) <= len(s) or not any(c.isalpha() for c in long):
        return False
    i = long.find(s)
    while i >= 0:
        j = i + len(s)
        if (i == 0 or not long[i - 1].isalnum()) and (j == len(long) or not long[j].isalnum()):
            return False
        i = long.find(s, i + 1)
    return True


def match_long_form(short: str, before: str) -> int | None:
    """Start index in ``before`` of the long form that ``short`` abbreviates, or None.

    ``before`` is the text in front of the bracket, already cut at a left
    limit; the long form is ``before[start:].rstrip()``.  Returns None when no
    alignment scores at least :data:`MIN_SCORE`.
    """
    found = match_with_score(short, before)
    return None if found is None else found[1]


def match_with_score(short: str, before: str) -> tuple[float, int] | None:
    """:func:`match_long_form` with its score: ``(score, start)`` or None."""
    if not is_short_form(short):
        return None
    found = _best(short.strip(), before)
    if found is None or found[0] < MIN_SCORE:
        return None
    return found


def long_form_score(short: str, long: str) -> float:
    """Confidence in 0..1 that ``long`` (the whole string) expands ``short``."""
    short = short.strip()
    body = long.strip()
    if not short or not body or len(body) > MAX_BEFORE or not _acceptable(short, body):
        return 0.0
    best = 0.0
    low = body.lower()
    segs: list[_Seg] | None = None
    for chars, tail, extra in _variants(short):
        if not _letters_in_order(chars[: len(chars) - tail], low):
            continue  # no alignment can succeed
        if segs is None:
            segs = _segments(body)
        for cost, start in _align(body, chars, 0, tail, segs):
            if start == 0:
                best = max(best, _score(cost + extra, len(chars)))
    return best
