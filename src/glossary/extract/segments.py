"""Split the inside of a bracket into glosses and say what language each is.

``(HMM: Hidden Markov Model、隠れマルコフモデル)`` becomes three
segments: an acronym, an English long form and a Japanese term.  Splitting is
at top-level separators only, so nested brackets stay inside their segment.
Quotes and Markdown emphasis around a gloss are trimmed from its span.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal, NamedTuple

from glossary.extract.abbrev import is_short_form
from glossary.extract.lexicon import english_words, is_english_word
from glossary.text.script import has_japanese, has_latin

Kind = Literal["ja", "en", "abbr", "other"]

SEPARATORS = frozenset("、,，:：;；")
OPEN_NEST = frozenset("(（[［")
CLOSE_NEST = frozenset(")）]］")
_SPECIAL: Final = re.compile(r"[、,，:：;；()（）\[\]［］]")
# characters that wrap a term without being part of it
WRAPPERS = "「」『』“”\"'‘’*_`〈〉《》【】 \t\r\n\u3000"

# a Latin-script phrase: words of letters / digits joined by space, hyphen, slash, apostrophe, dot
_WRAP: Final = re.compile(r"[ \t]*\n[ \t]*")
_EN_PHRASE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-‐‑–—/'’.&+ ]*[A-Za-z0-9+.]$|^[A-Za-z]$")
_ACRONYM_SHAPE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-‐/&.+'’]*$")
_FILE_NAME: Final = re.compile(r"^[\w\-]*[a-z][\w\-]*\.[a-z][a-z0-9]{0,4}$")
_CITATION: Final = re.compile(r"\bet al\b|\b(?:1[5-9]|20)\d\d[a-z]?$|\bpp?\.\s*\d")
# a number with a unit: 100ms, 16GB, 3.5 GHz, 8bit (but 3D, 5G, 5HT are acronyms)
_QUANTITY: Final = re.compile(
    r"^[\d.,]+\s?(?:[kKMGTP]i?)?(?:B|b|bit|bits|bps|byte|bytes|Hz|W|V|A|s|ms|us|µs|ns|min|h|m|cm|mm|km|nm|"
    r"g|kg|mg|px|pt|dpi|fps|x|%|倍)$"
)
# a unit symbol in SI notation (read after NFKC: ² is 2, µ is μ): a base of two letters or more with
# an optional prefix (MPa, kHz, mol, keV), a one-letter base with a lower-case prefix (mm, kg, ns, mA),
# a power (m2, s-1; a bare letter other than m, s takes none: h2 is a symbol) and products or quotients
# of them (1/m, J/m2, kg/ha); pH and capitals (MS, GW) are not units here: a one-letter base takes no
# capital prefix, and H (henry) and T (tesla) are left out
_UNIT_FACTOR: Final = (
    r"(?:(?:(?:[pnμumckMG]|da)?(?:Pa|Hz|mol|eV|Wb|Bq|Gy|Sv|dB|lm|lx|bar|atm|Torr|cal|rad|sr|min|rpm|ppm|ppb|Da|°C|ha)"
    r"|[pnμumck][mgslLAKNJWCVFSΩh]|[mgslLAKNJWCVFSΩh](?![-−1-9]))(?:[-−]?[1-9])?|[ms][-−]?[1-9])"
)
_UNIT_RE: Final = re.compile(rf"(?:1|{_UNIT_FACTOR})(?:\s?[/·*]\s?{_UNIT_FACTOR})*")
# a number or a range of numbers with its unit: 645 mm2, 1-20 Hz, 5–15 μm, <8 kg/ha, 3 V
_MEASUREMENT_RE: Final = re.compile(
    r"[<>≤≥~約]?\s?[-+−]?\d[\d.,]*(?:\s?[-–~〜/]\s?[-+−]?\d[\d.,]*)?"
    rf"(?:\s?{_UNIT_FACTOR}(?:\s?[/·*]\s?{_UNIT_FACTOR})*|\s?%|\s[MGk]?[A-Z])"
)


def is_unit(surface: str) -> bool:
    """True for a unit symbol standing alone (``MPa``, ``1/m``, ``J/m²``, ``kHz``): not an acronym of a term.

    A unit says how a quantity is measured, so a bracket holding only one names the unit of the
    term before it.  It must hold a lower-case letter, a digit or Ω: capitals alone are acronyms.
    """
    surface = unicodedata.normalize("NFKC", surface)
    if _UNIT_RE.fullmatch(surface) is None:
        return False
    return any(c.islower() or c.isdigit() or c == "Ω" for c in surface)


def is_measurement(surface: str) -> bool:
    """True for a number or a range of numbers with its unit (``645 mm²``, ``1-20 Hz``, ``5–15 μm``);
    numbers offered as alternatives share the unit too (``100/240 V``)."""
    return _MEASUREMENT_RE.fullmatch(unicodedata.normalize("NFKC", surface)) is not None


# cross-references, hedges and editorial markers: asides, never glosses
_ASIDE: Final = re.compile(
    r"^(?:[Ss]ee|cf|e\.g|i\.e|etc|vs|viz|ibid|[Nn]ote|NOTE|NB|TODO|FIXME|XXX|WIP|TBD|sic)\b"
    r"|^(?i:sec(?:tion)?|fig(?:ure)?|table|tab|eq(?:uation)?|chapter|ch|appendix|app|p|pp|step|line|no)"
    r"(?:\.\s*|\s+)(?:\d|[A-Z]\b|\()"
)
# numbers in code-like notation: 1e-3, 3.0e+8, 0x1F
_NUMBER: Final = re.compile(r"^[-+]?(?:\d+(?:\.\d+)?(?:[eE][-+]?\d+)|0[xX][0-9a-fA-F]+)$")
_YEAR: Final = re.compile(r"^(?:1[5-9]|20)\d\d$")
_VERSION_ONLY: Final = re.compile(r"^[vV]?\d+(?:\.\d+)*[a-z]?$")
# a reference ID: a registry's letters and a serial number of three or more digits, or several number
# groups (CVE-2030-12345, RFC 9999, ISO 99999, and ranges of them); an acronym abbreviates words, and
# GPT-4 or COVID-19 keep their short numbers
_REFERENCE_ID: Final = re.compile(r"^[A-Z][A-Za-z]*[-‐ ]?(?:\d{3,}|\d+(?:[-‐.:]\d+)+)(?:\s*[-–~/].*)?$")
# the anchored tests above in one match: versions, file names, asides, quantities
_NOT_A_GLOSS: Final = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_VERSION_ONLY, _REFERENCE_ID, _FILE_NAME, _ASIDE, _QUANTITY))
)
_COUNTED: Final = re.compile(r"^[0-9]{2,}(?:[.,][0-9]+)?[A-Za-zµμ]")
# a short form followed by a version (ResNet v1.5, BERT-2, GPT 4)
_VERSIONED: Final = re.compile(r"^(\S+) (v?\d+(?:\.\d+)*)$")


# a roman numeral of the sizes that number parts, phases and stages (II, IV, XII): I, V and X only
_ROMAN: Final = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
# a name dated by its year (a Railway Act 1998, a Standard 2015): the title of one edition, cited
_DATED_TITLE: Final = re.compile(r"[A-Za-z].*\s(?:1[5-9]|20)\d\d")


def is_quantity(surface: str) -> bool:
    """True for a number glued to what it counts (``16GB``, ``2.5Tbps``, ``77MWe``): an amount, not a term.

    The test a gloss inside a bracket gets (:func:`classify` calls it "other"), for a word before one:
    ``12Gbps（ギガビット毎秒）`` glosses the unit, and the number says how much of it there is.
    """
    surface = unicodedata.normalize("NFKC", surface)
    return _QUANTITY.match(surface) is not None or _COUNTED.match(surface) is not None


def is_reference(surface: str) -> bool:
    """True for a reference ID or a version (``RFC 9999``, ``ISO 99999``, ``v2.1``) or a title dated by
    its year (``Railway Act 2031``): it points at a document, an edition or a release, and names no concept.

    An acronym abbreviates words; one with a short number (``Mk-4``) is not read here.
    """
    surface = unicodedata.normalize("NFKC", surface)
    return (
        _VERSION_ONLY.match(surface) is not None
        or _REFERENCE_ID.match(surface) is not None
        or _DATED_TITLE.fullmatch(surface) is not None
    )


def is_roman_numeral(surface: str) -> bool:
    """True for ``II``, ``IV``, ``XII``: a roman numeral of I, V and X (the letters that number parts)."""
    return _ROMAN.fullmatch(surface) is not None


class Segment(NamedTuple):
    """One gloss inside a bracket: trimmed text, exact offsets, language kind (an immutable record)."""

    text: str
    start: int
    end: int
    kind: Kind
    nested: bool = False  # holds a bracket of its own


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding quotes, emphasis and spaces."""
    while start < end and text[start] in WRAPPERS:
        start += 1
    while end > start and text[end - 1] in WRAPPERS:
        end -= 1
    return start, end


_HEDGES: Final = "?？"  # a question mark closing a gloss: the writer is unsure of the rendering
_KANA_ENDINGS: Final = re.compile(r"[ぁ-ゖ]")  # hiragana: particles and endings of a phrase, not a name


def _hedged_name(surface: str) -> bool:
    """True when ``surface``, a question mark after it, is a name the writer is unsure of rendering so:
    a compound of three characters or more in kanji and katakana, or a Latin phrase of two words or
    more.  A word or a phrase with kana endings and a question mark asks something (本当？, なぜ？)."""
    surface = surface.strip(WRAPPERS)
    if not surface or any(c in _HEDGES for c in surface):
        return False
    if has_japanese(surface):
        return len(surface) >= 3 and _KANA_ENDINGS.search(surface) is None
    return len(surface.split()) >= 2 and _EN_PHRASE.match(surface) is not None


def split_segments(text: str, start: int, end: int) -> list[Segment]:
    """Segments of ``text[start:end]`` split at top-level separators.

    ``:`` and ``.`` inside Latin tokens (``v1.1``, ``10:30``) do not split:
    a colon splits only when followed by a space or non-Latin character.
    """
    pieces: list[tuple[int, int, bool]] = []
    depth = 0
    seg_start = start
    nested = False
    for m in _SPECIAL.finditer(text, start, end):  # visit only brackets and separators
        i = m.start()
        ch = m.group()
        if ch in OPEN_NEST:
            depth += 1
            nested = True
        elif ch in CLOSE_NEST:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in SEPARATORS:
            if ch in ":," and i + 1 < end and text[i + 1].isalnum() and text[i + 1].isascii():
                if i > start and text[i - 1].isdigit() and text[i + 1].isdigit():
                    continue  # 10:30, 1,000
                if ch == ":" and not _code_label(text, seg_start, i):
                    continue  # std::vector
            pieces.append((seg_start, i, nested))
            seg_start = i + 1
            nested = False
    pieces.append((seg_start, end, nested))
    out: list[Segment] = []
    for a, b, has_nest in pieces:
        a, b = trim_span(text, a, b)
        if text[b - 1 : b] in _HEDGES and _hedged_name(text[a : b - 1]):
            a, b = trim_span(text, a, b - 1)  # （蛍光星雲？）: the writer's hedge, not part of the gloss
        if a >= b:
            continue
        surface = text[a:b]
        out.append(Segment(surface, a, b, classify(surface) if not has_nest else "other", has_nest))
    return out


# a short code or a symbol that labels a gloss (L:Name, AR:Name, Q3:Name): a letter, or capitals and digits
_CODE_LABEL: Final = re.compile(r"[A-Za-z]|[A-Z][A-Z0-9]{1,5}|[A-Z][a-z]?[A-Z0-9]{1,4}")


def _code_label(text: str, start: int, colon: int) -> bool:
    """True when a colon with no space after it ends a code label that opens the segment (``（L:Moving
    Average）``, ``（AR:Autoregressive Model）``): the label names the gloss after it, as ``L: Name`` does.

    Not ``std::vector`` (two colons), ``10:30`` or ``key:value`` (a word of small letters is no code), and
    only when a word of letters follows (``PMID:12345`` is a reference)."""
    a, z = trim_span(text, start, colon)
    if _CODE_LABEL.fullmatch(text, a, z) is None or z != colon:
        return False
    after = text[colon + 1 : colon + 3]
    return len(after) == 2 and after.isascii() and after.isalpha()


def classify(surface: str) -> Kind:
    """Say whether a gloss is an acronym, an English phrase or Japanese.

    Anything else (numbers, sentences, mixed symbols, emoticons) is "other".
    """
    if has_japanese(surface):
        return "ja" if _plausible_japanese(surface) else "other"
    # full-width Latin (ＣＮＮ, Ｖｉｓｉｏｎ) is judged by its NFKC form; offsets stay on the original
    surface = unicodedata.normalize("NFKC", surface)
    if surface.count("\n") == 1:
        surface = _WRAP.sub(" ", surface)  # a long form hard-wrapped across two lines is one phrase
    if surface.startswith("%") and surface[1:2].isalpha():
        # （%idle）, （%CPU）: a share of what the word names, the sign read as 率 or 割合 is; a format
        # code (%d, %ld, %llu) is a letter or two, no word
        rest = classify(surface[1:])
        if rest == "abbr" or (rest == "en" and len(surface) >= 5):
            return rest
        return "other"
    if (
        not has_latin(surface)
        or _NOT_A_GLOSS.match(surface)
        or _CITATION.search(surface)
        or (len(surface) == 1 and surface.isascii() and surface.isalpha())
        or " + " in surface
        or " & " in surface
    ):
        return "other"  # numbers, versions (v2.3), combinations (CNN + ViT)
    if is_unit(surface) or is_measurement(surface):
        return "other"  # 降伏応力（MPa）, （645 mm²）, （1-20 Hz）: a unit or a measurement, not a gloss
    if _COUNTED.match(surface):
        return "other"  # 77MWe, 16Gbit: two or more digits count units; an acronym abbreviates words
    if is_acronym(surface):
        return "abbr"
    versioned = _VERSIONED.match(surface)
    if versioned and is_acronym(versioned.group(1)) and not _YEAR.match(versioned.group(2)):
        return "abbr"
    if _EN_PHRASE.match(surface):
        return "en"
    return "other"


def is_citation(surface: str) -> bool:
    """True for a reference to a work (``Smith et al., 2010``, ``Lee 2019``): it credits, it never glosses."""
    return any(_CITATION.search(p.strip()) for p in surface.split(","))


def is_number(surface: str) -> bool:
    """A number in code-like notation (``1e-3``, ``0x1F``) that happens to contain letters."""
    return _NUMBER.match(surface) is not None


def is_acronym(surface: str) -> bool:
    """A one-token short form that is not an ordinary word, a file name, a version or a reference ID.

    ``SAE``, ``ViT``, ``GC-MS``; not ``base``, ``Template``, ``config.yaml``, ``n=128``, ``v3``.
    """
    return (
        _ACRONYM_SHAPE.match(surface) is not None
        and _VERSION_ONLY.match(surface) is None
        and _REFERENCE_ID.match(surface) is None
        and _FILE_NAME.match(surface) is None
        and not is_number(surface)
        and is_short_form(surface)
        and not _plain_word(surface)
    )


_WORD_PIECE_SPLIT_RE: Final = re.compile(r"[-‐'’]")
_WORD_PIECE_RE: Final = re.compile(r"[A-Z]?[a-z]{2,}")


def _plain_word(surface: str) -> bool:
    """An ordinary word (``base``, ``high``, ``Template``) rather than an acronym."""
    pieces = _WORD_PIECE_SPLIT_RE.split(surface)
    if len(pieces) > 1:  # fine-tuning, Cross-Validation, Low-Rank: words, not GC-MS
        if len(pieces[0]) == 1 and pieces[0].isalpha():
            pieces = pieces[1:]  # p-value, t-test, k-means: a letter names a variable of the word
        return all(_WORD_PIECE_RE.fullmatch(p) for p in pieces)
    letters = surface
    if not letters.isalpha():
        return False
    capitals = sum(c.isupper() for c in letters)
    if capitals == 0:
        return True
    if capitals > 1 or not surface[0].isupper():
        return False
    # one capital, first: a word set in title case, as labels and headings set words (``Template``,
    # ``Soup``).  An acronym read as a word is written so too (``Nato``, ``Opec``); four letters are that
    # only when the lexicon knows no such English word, or lists the capitals as an abbreviation (NATO)
    return len(surface) > 4 or (is_english_word(surface) and not english_words(surface.upper()))


# editorial words that open an aside, an example or a note rather than a gloss (例：X, 訳注：…, 詳細は…)
_JA_ASIDE: Final = re.compile(
    r"^(?:例えば|たとえば|例|注意|訳者注|訳注|注|参考|参照|備考|補足|詳細|詳しく)(?:[:：、は]|$)"
)


# a bracket that says what a word means rather than translating it: （集団の意味）, （…という意味）
_MEANING: Final = re.compile(r"(?:の|という|と言う|を)意味(?:する|します|です)?$|の意$")


def is_aside(text: str, start: int, end: int) -> bool:
    """True when a bracket's inside opens with an editorial word (an example or a note) or says what
    a word means (``（集団の意味）``): not a gloss."""
    inside = text[start:end]
    return (
        _JA_ASIDE.match(inside) is not None
        or _ASIDE.match(inside) is not None
        or _MEANING.search(inside.rstrip(WRAPPERS + "。")) is not None
    )


def _plausible_japanese(surface: str) -> bool:
    """Rule out obvious sentences and lists before tokenising."""
    if len(surface) > 40:
        return False
    return not any(ch in surface for ch in "。！？!?…")


# a label that says what language or form the gloss after it is in: （英: term）, （略称：ACR）
_LABEL: Final = r"(?:英|英語|英名|英文|英訳|英語名|英語表記|英表記|原語|略|略称|略語|略号)"
_LABEL_WORD: Final = re.compile(_LABEL + "|以下|以降|略して")  # split from its gloss by a separator
_LABELLED: Final = re.compile(
    _LABEL + r"\s*[:：]\s*(?=[A-Za-z0-9])|(?:略称|略語|略号|通称|略して)\s*(?=[A-Za-z0-9])"
)  # 英: X, 略称：ACR; a name for the short form may also run straight into it (略称SGD, 通称 RAG)
# a remark that names a short form or another name: （以下、ACR）, （以下「ACR」という）, （ACR と略す）
_HEREAFTER: Final = re.compile(r"(?:以下|以降|略して)\s*[、,，]?\s*")
_LATIN_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-‐/ .&+'’]*[A-Za-z0-9.+]|[A-Za-z]")
_NAMING: Final = re.compile(
    r"\s*(?:と|とも)\s*(?:略|呼|称|表記|記|いう|言う|いい|言い)[ぁ-ゖ]*(?:[ぁ-ゖ]|こと|事)*[。.]?"
)
# a remark that the term before the bracket is short for the name in it: （X の略）, （「X」の略称）,
# （X の頭文字をとったもの）, hedged or not (…の略と思われます)
_SHORT_FOR: Final = re.compile(
    r"\s*の\s*(?:略称|略語|略記|略|頭字語|頭文字)(?:を(?:と|取)った(?:もの)?)?(?:[ぁ-ゖ]|思)*[。.]?"
)
_QUOTES: Final = "「」『』“”\"'‘’*_`"


def without_labels(text: str, segs: list[Segment]) -> list[Segment]:
    """The glosses of a bracket with the labels and naming remarks around them taken off.

    ``（英: overfitting）``, ``（英語：X、略称：Y）``: a label says which language or form the gloss after
    it is in, and is no gloss itself.  ``（以下、ACR）``, ``（以下「ACR」という）``, ``（ACR と略す）``: the
    bracket names the term's short form (or another name) in a clause; the name is the gloss.
    ``（Virtual Machine の略）``, ``（仮想機械の略）``: the term before is short for the name given.
    Offsets stay exact; a segment with nothing of this is returned as it is.
    """
    if not any(s.kind == "ja" or s.kind == "other" for s in segs):
        return segs  # the common case: glosses only
    out: list[Segment] = []
    changed = False
    for k, s in enumerate(segs):
        if (s.kind != "ja" and s.kind != "other") or s.nested:
            out.append(s)
            continue
        if (
            _LABEL_WORD.fullmatch(s.text)
            and k + 1 < len(segs)
            and text[s.end : segs[k + 1].start].strip() in (":", "：", "、", ",", "，")
            and segs[k + 1].kind in ("en", "abbr")
        ):
            changed = (
                True  # 英: overfitting, 以下、ACR split at the separator: the label goes, the gloss stays
            )
            continue
        name = _named(text, s.start, s.end) if has_latin(s.text) else _short_for(text, s.start, s.end)
        if name is None:
            out.append(s)
            continue
        a, z = name
        out.append(Segment(text[a:z], a, z, classify(text[a:z])))
        changed = True
    return out if changed else segs


def _named(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the Latin name a labelled or naming segment gives, or None."""
    m = _LABELLED.match(text, start, end) or _HEREAFTER.match(text, start, end)
    a = m.end() if m is not None else start
    while a < end and text[a] in _QUOTES:
        a += 1
    name = _LATIN_NAME.match(text, a, end)
    if name is None:
        return None
    z = name.end()
    rest = z
    while rest < end and text[rest] in _QUOTES:
        rest += 1
    if rest == end:
        return (a, z) if m is not None else None  # a bare Latin word is a gloss already, not a remark
    predicate = _NAMING.match(text, rest, end) or _SHORT_FOR.match(text, rest, end)
    if predicate is None or predicate.end() != end:
        return None
    return a, z


def _short_for(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the Japanese name in ``（仮想専用網の略）``: the term before is short for it."""
    a = start
    while a < end and text[a] in _QUOTES:
        a += 1
    for m in _SHORT_FOR.finditer(text, a, end):
        if m.end() != end:
            continue
        z = m.start()
        while z > a and text[z - 1] in _QUOTES:
            z -= 1
        return (a, z) if z > a and has_japanese(text[a:z]) else None
    return None
