"""Word alignment: which Japanese words before a bracket translate the English (or acronym) inside it.

The term a bracket glosses reaches exactly as far as the words the gloss
translates (Lin et al., "Mining Parenthetical Translations from the Web by Word
Alignment", ACL 2008).  The noun compound that ends at the bracket
(:func:`glossary.extract.japanese.term_before`) is the starting point; this module
extends it leftwards over ``の``, ``な``, a short modifying clause
(``に基づく``, ``できる``, ``された``) or a space between words, one *unit*
(a run of touching term tokens) at a time, and only while each new unit
translates an English word, or accounts for an acronym letter, that the term
so far leaves uncovered.  It never shortens a term: a dictionary lacks too many
technical words for its silence to be evidence.

Evidence for a Japanese token, by source:
  * ``loanword``: UniDic's source word for katakana (``エンコーダー-encoder``);
  * ``lexicon``: JMdict's English words (:mod:`glossary.extract.lexicon`), for the
    token, its lemma and for runs of touching tokens (``正規`` + ``化``);
  * ``same``: a Latin word written on both sides (a Latin word before the Japanese one).

The same evidence says when a pair is *not* a translation: a Japanese term
whose every word is known and none of which translates any English word
(``キャッシュ（Round Robin）``, ``目次（Load Balancer）``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from glossary.extract.japanese import KATAKANA_WORD, is_term_token
from glossary.extract.lexicon import clear_memo as clear_lexicon_memo
from glossary.extract.lexicon import english_words as lexicon_words
from glossary.text.script import has_japanese
from glossary.text.tokenizer import Token, tokenize_in

LEFT_WINDOW = 48  # characters left of the compound that an extension may reach
MAX_UNITS = 4  # units an extension may add
MAX_LINK_TOKENS = 4  # tokens between two units (の, な, に基づく, を特定できる)

# English words that carry no content of their own in a term
EN_STOP: Final = frozenset(
    "a an the of to in on for by with and or as at from into via per is are be its their this that "
    "based using used".split()
)
# words that make a preposition with the "to" after them ("up to the limit"), no content of their own
_PREPOSITION_HEADS: Final = frozenset({"up", "according", "due", "prior"})
_EN_WORD_RE: Final = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")
_LATIN_RE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9\-]*$")
_JOINER_MARKS: Final = frozenset({"・", "･", "-"})
_KATAKANA_END: Final = re.compile(r"[\u30a1-\u30fa\u30fc]$")
_KATAKANA_START: Final = re.compile(r"[\u30a1-\u30fa\u30fc]")
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]")
_KANJI_RE: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SUFFIXES: Final = (
    "izations", "ization", "isation", "ational", "ations", "ation", "ities", "ity", "ness", "ments",
    "ment", "ables", "able", "ible", "ings", "ing", "ions", "ion", "ives", "ive", "ers", "er", "ed",
    "ies", "es", "al", "ly", "ic", "s", "e", "y",
)  # fmt: skip
_SUFFIXES_BY_LAST: Final[dict[str, tuple[str, ...]]] = {
    last: tuple(x for x in _SUFFIXES if x[-1] == last) for last in {x[-1] for x in _SUFFIXES}
}
# particles that may sit inside a modifier between two parts of one term
# (まで and から only before の: 上限までの系列, 外部からの入力)
_LINK_PARTICLES: Final = frozenset({"の", "に", "を", "へ", "のみ", "だけ", "まで", "から"})
# a formal noun that links a purpose to its head (検索のための索引: index for search)
_LINK_NOUNS: Final = frozenset({"ため"})
# か joins alternatives (全か無か: all or none); a link only where the English says "or" too
_OR_PARTICLE: Final = "か"
_OR_WORD: Final = re.compile(r"(?i)(?<![a-z])or(?![a-z])")
_PARTICIPLE_ENDS: Final = ("ed", "en", "ing")  # based, driven, computing: what a compound modifier's verb is
_CLAUSE_PARTICLES: Final = frozenset({"に", "を"})  # need a verb after them (に基づく, を特定できる)
_KANJI_DIGITS: Final = str.maketrans("0123456789", "〇一二三四五六七八九")  # after NFKC
# suffixes that add grammar, not content: a term may hold them untranslated (確率的, 正規化, 重さ)
_GRAMMATICAL_SUFFIXES: Final = frozenset({"的", "化", "さ", "性", "型", "用", "上", "系", "等", "後", "前"})


# per-word work of the aligner's inner loops, memoised: a document repeats its words, and every
# bracket compares each word of its gloss with each word of the evidence (bounded: cleared when full)
_CACHE_SIZE: Final = 50_000
_FORMS: Final[dict[str, tuple[str, str]]] = {}
_CONTENT_WORDS: Final[dict[str, tuple[str, ...]]] = {}
_TOKEN_WORDS: Final[dict[tuple[str, str | None], tuple[list[str], str]]] = {}
_RUN_WORDS: Final[dict[str, frozenset[str]]] = {}
_TOKEN_HOMOPHONES: Final[dict[tuple[str, str | None], list[str]]] = {}
_NO_WORDS: Final[frozenset[str]] = frozenset()


def clear_memos() -> None:
    """Forget the memoised per-word answers (and the lexicon's): a benchmark's cold start."""
    for memo in (_FORMS, _CONTENT_WORDS, _TOKEN_WORDS, _RUN_WORDS, _TOKEN_HOMOPHONES):
        memo.clear()
    clear_lexicon_memo()


def english_content_words(en: str) -> list[str]:
    """Lower-case content words of an English gloss, camelCase split (``PathKind`` gives path, kind)."""
    found = _CONTENT_WORDS.get(en)
    if found is None:
        words = [w.lower() for w in _EN_WORD_RE.findall(unicodedata.normalize("NFKC", en))]
        found = tuple(
            w
            for k, w in enumerate(words)
            if w not in EN_STOP
            and not w.isdigit()
            and not (w in _PREPOSITION_HEADS and words[k + 1 : k + 2] == ["to"])
        )
        if len(_CONTENT_WORDS) >= _CACHE_SIZE:
            _CONTENT_WORDS.clear()
        _CONTENT_WORDS[en] = found
    return list(found)


def stem(word: str) -> str:
    """A crude English stem: enough to match ``authorization`` with ``authority``.

    The first suffix of :data:`_SUFFIXES` that ends the word (leaving four letters) is cut; only the
    suffixes that end in the word's last letter are tried, in the same order.
    """
    for suffix in _SUFFIXES_BY_LAST.get(word[-1:], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _forms(word: str) -> tuple[str, str]:
    """``word`` without what is not a letter or digit, and the stem of that (see :func:`words_match`)."""
    found = _FORMS.get(word)
    if found is None:
        alnum = _NOT_ALNUM.sub("", word)
        found = (alnum, stem(alnum))
        if len(_FORMS) >= _CACHE_SIZE:
            _FORMS.clear()
        _FORMS[word] = found
    return found


def words_match(a: str, b: str) -> bool:
    """True when two lower-case English words are forms of one word, or one ends or starts the other.

    ``authorization`` / ``authority`` share a stem; ``extend`` / ``extension`` a
    five-letter prefix; ``layer`` ends ``sublayer`` (and ``sub-layer``).
    """
    if a == b:
        return True
    a, sa = _forms(a)
    b, sb = _forms(b)
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        return True
    # stems that agree on their first five letters (slices: a zip loop is a generic call when compiled)
    return sa == sb or (len(sa) >= 5 and len(sb) >= 5 and sa[:5] == sb[:5])


class Evidence:
    """English words a run of Japanese tokens may translate, with where each came from.

    A plain class, not a dataclass: compiled, a dataclass is built by the ``__init__`` that
    ``dataclasses`` generates at run time, interpreted Python, and one of these is made per unit.
    """

    words: dict[str, str]  # word -> source
    per_token: list[set[str]]  # the words of each content token
    known: bool  # every content token had a translation of its own
    precise: bool  # ... and every one was a loanword's source word or a Latin word
    tokens: int  # content tokens
    acronyms: list[str]  # acronyms inside the term (ROC 曲線), lower case
    # per content token (as per_token): homophones of a loanword's source word (:func:`_homophones`)
    alike: list[set[str]]
    # consonants (:func:`katakana_key`) of katakana that UniDic gives no source word for
    sounds: set[str]

    def __init__(self, per_token: list[set[str]] | None = None) -> None:
        self.words = {}
        self.per_token = [] if per_token is None else per_token
        self.known = True
        self.precise = True
        self.tokens = 0
        self.acronyms = []
        self.alike = []
        self.sounds = set()

    def __repr__(self) -> str:
        return (
            f"Evidence(words={self.words!r}, per_token={self.per_token!r}, known={self.known!r}, "
            f"precise={self.precise!r}, tokens={self.tokens!r}, acronyms={self.acronyms!r}, "
            f"alike={self.alike!r}, sounds={self.sounds!r})"
        )

    def add(self, words: frozenset[str] | list[str], source: str) -> None:
        for w in words:
            self.words.setdefault(w, source)


def _token_homophones(tok: Token, words: list[str]) -> list[str]:
    """:func:`_homophones` of a loanword token, memoised by surface and lemma like its words."""
    key = (tok.surface, tok.lemma)
    found = _TOKEN_HOMOPHONES.get(key)
    if found is None:
        found = _homophones(tok.surface, words)
        if len(_TOKEN_HOMOPHONES) >= _CACHE_SIZE:
            _TOKEN_HOMOPHONES.clear()
        _TOKEN_HOMOPHONES[key] = found
    return found


def _token_words(tok: Token) -> tuple[list[str], str]:
    """A token's English words and their source; an empty list when nothing is known.

    Memoised by surface and lemma (its gloss and base follow from them); callers only read the list.
    """
    key = (tok.surface, tok.lemma)
    found = _TOKEN_WORDS.get(key)
    if found is None:
        found = _read_token_words(tok.surface, tok.gloss, tok.base)
        if len(_TOKEN_WORDS) >= _CACHE_SIZE:
            _TOKEN_WORDS.clear()
        _TOKEN_WORDS[key] = found
    return found


def _read_token_words(surface: str, gloss: str | None, base: str) -> tuple[list[str], str]:
    if _LATIN_RE.match(surface):
        return english_content_words(surface) or [surface.lower()], "same"
    if gloss:
        return english_content_words(gloss.replace("-", " ")), "loanword"
    words = set(lexicon_words(surface))
    if base != surface:
        words |= lexicon_words(base)
    return sorted(words), "lexicon"


# how katakana hears English consonants: one kana row for l and r, b and v, s, th and z; c and q
# are k (s before e, i, y); an r that closes a syllable is not heard (port: ポート), nor gh
_SOUND_FOLDS: Final = (
    ("tion", "shon"), ("sion", "shon"), ("gh", ""), ("th", "s"), ("ph", "f"), ("sh", "s"), ("ch", "t"),
    ("ck", "k"), ("c", "k"), ("x", "ks"), ("q", "k"), ("wr", "r"), ("l", "r"), ("v", "b"), ("z", "s"),
)  # fmt: skip
_SOFT_C: Final = re.compile(r"c(?=[eiy])")
_SILENT_R: Final = re.compile(r"(?<=[aeiou])r(?![aeiou])")
_SOUND_DROPS: Final = str.maketrans("", "", "aeiouwyh")
# the consonant each katakana gives an English word (vowels, y, w and h are dropped on both sides)
_KANA_ROWS: Final = (
    ("k", "カキクケコ"), ("g", "ガギグゲゴ"), ("s", "サシスセソザズゼゾ"), ("j", "ジヂ"), ("t", "タチツテト"),
    ("d", "ダヅデド"), ("n", "ナニヌネノン"), ("f", "フ"), ("b", "バビブベボヴ"), ("p", "パピプペポ"),
    ("m", "マミムメモ"), ("r", "ラリルレロ"),
)  # fmt: skip
_KANA_CONSONANT: Final = {c: k for k, row in _KANA_ROWS for c in row}
MIN_SOUNDS: Final = 3  # consonants two spellings must share to be one word: fewer agree by chance


def _deduplicated(keys: str) -> str:
    return "".join(c for k, c in enumerate(keys) if k == 0 or keys[k - 1] != c)


def sound_key(word: str) -> str:
    """The consonants of a lower-case English word as a katakana rendering keeps them.

    Katakana writes l and r, b and v, s and th alike, drops an r that closes a
    syllable and spells vowels by the kana, not by the English letters: ``link``
    / ``rink`` give ``rnk``, ``cloud`` / ``crowd`` ``krd``, ``sink`` / ``think``
    ``snk``, ``port`` ``pt``.  Two words with one key can be one katakana word.
    """
    word = _SOFT_C.sub("s", word)
    word = _SILENT_R.sub("", word)
    for a, b in _SOUND_FOLDS:
        word = word.replace(a, b)
    return _deduplicated(word.translate(_SOUND_DROPS))


def katakana_key(surface: str) -> str:
    """The consonants of a katakana word as :func:`sound_key` gives an English one (トークナイザ: tkns)."""
    return _deduplicated("".join(_KANA_CONSONANT.get(c, "") for c in surface))


def _homophones(surface: str, words: list[str]) -> list[str]:
    """JMdict's words for a katakana ``surface`` that sound like UniDic's source ``words``.

    UniDic gives one source word for a katakana token, and for homophones it
    picks one by its own statistics (リンク in a compound as ``rink``, クラウド as
    ``crowd``).  The lexicon lists the others under the same katakana; the ones
    katakana cannot tell from the source word (:func:`sound_key`) are that
    loanword too: ``link`` for ``rink``, ``cloud`` for ``crowd``.  So is an English clipping of
    the source word listed under it (``app`` for アプリ, source ``application``): English clips
    the word as katakana does, and a clipping of three letters is too short for :func:`words_match`.
    """
    if not words or not KATAKANA_WORD.match(surface):
        return []
    keys = {sound_key(w) for w in words}
    alike = (
        w
        for w in lexicon_words(surface)
        if w not in words and len(w) >= 3 and (sound_key(w) in keys or any(x.startswith(w) for x in words))
    )
    return sorted(alike)


def _run_words(surface: str) -> frozenset[str]:
    """The lexicon's words for a run of touching tokens, digits read as kanji numerals (memoised)."""
    found = _RUN_WORDS.get(surface)
    if found is None:
        found = _NO_WORDS
        if has_japanese(surface):
            found = lexicon_words(unicodedata.normalize("NFKC", surface).translate(_KANJI_DIGITS))
        if len(_RUN_WORDS) >= _CACHE_SIZE:
            _RUN_WORDS.clear()
        _RUN_WORDS[surface] = found
    return found


def evidence(tokens: list[Token]) -> Evidence:
    """Everything the tokens of one unit may translate (tokens, their lemmas and runs of them).

    A run of touching tokens that the lexicon knows as one word (正規 + 化, 2 + 乗) lends its
    words to each of its tokens, and each token still gives at most one acronym letter: 2乗
    cannot give one letter as 二乗 and another as 乗, while 構文 + 木 (syntax tree) gives two.
    """
    ev = Evidence()
    counted: list[tuple[int, set[str]]] = []  # (token index, its words) of each content token
    senses: list[str] = []  # loanword tokens, whose other senses in JMdict are read last
    for k, tok in enumerate(tokens):
        if tok.pos2 == "数詞" or tok.surface in ("・", "･", "-"):
            continue
        if tok.pos1 == "接尾辞" or tok.surface in _GRAMMATICAL_SUFFIXES:
            ev.add(_token_words(tok)[0], "lexicon")
            continue
        words, source = _token_words(tok)
        surface = tok.surface
        if source == "same" and 2 <= len(surface) <= 6 and surface.isupper() and surface.isalpha():
            # an acronym inside the term (センサID, RF増幅段) gives each of its letters
            ev.tokens += len(surface)
            counted.extend((k, {c}) for c in surface.lower())
            ev.alike.extend(set() for _ in surface)
            ev.add(words, source)
            ev.acronyms.append(surface.lower())
            continue
        ev.tokens += 1
        counted.append((k, set(words)))
        alike: set[str] = set()
        if words:
            ev.add(words, source)
            ev.precise = ev.precise and source != "lexicon"
            if source == "loanword":
                # a homophone of the source word (link for rink) is that loanword too, word for word
                homophones = _token_homophones(tok, words)
                ev.add(homophones, "loanword")
                alike = set(homophones)
                senses.append(surface)
        else:
            ev.known = ev.precise = False
        ev.alike.append(alike)
    # a loanword's other senses in JMdict translate it too, though they do not sound like UniDic's
    # source word (キャッシュ: cache beside cash; ストーブ: heater); read after the tokens' own words, which
    # keep their source, and no acronym letter comes from them (a sense is not the term's own word)
    for surface in senses:
        ev.add(lexicon_words(surface), "lexicon")
    # runs of touching tokens: 正規 + 化, 重 + さ, 2 + 乗 (digits read as kanji numerals)
    runs: list[tuple[int, int, frozenset[str]]] = []
    n = len(tokens)
    for i in range(n):
        surface = tokens[i].surface
        for j in range(i + 1, min(n, i + 3)):
            gap = tokens[j].start - tokens[j - 1].end
            if gap and not (gap == 1 and tokens[j - 1].pos2 == "数詞"):
                break  # only a number's padding space (2 乗) may stand inside a run
            surface += tokens[j].surface
            found = _run_words(surface)
            if found:
                ev.add(found, "lexicon")
                runs.append((i, j, found))
    # a run's words are open to each of its tokens, which still give one letter each
    ev.per_token = [words.union(*(found for i, j, found in runs if i <= k <= j)) for k, words in counted]
    ev.sounds = _unknown_loanword_sounds(tokens)
    return ev


def _unknown_loanword_sounds(tokens: list[Token]) -> set[str]:
    """:func:`katakana_key` of each katakana run with a token UniDic knows no source word for.

    A loanword UniDic lacks (トークナイザ) or splits oddly (デシ + リアライズ) is still a
    transliteration: its consonants are the English word's (``tokenizer``, ``deserialize``).
    The whole run and each such token alone are read.
    """
    sounds: set[str] = set()
    k, n = 0, len(tokens)
    while k < n:
        j = k
        while (
            j < n
            and KATAKANA_WORD.match(tokens[j].surface)
            and (j == k or tokens[j - 1].end == tokens[j].start)
        ):
            j += 1
        if j == k:
            k += 1
            continue
        run = tokens[k:j]
        unknown = [t.surface for t in run if not t.gloss]
        if unknown:
            for surface in ["".join(t.surface for t in run), *unknown]:
                key = katakana_key(surface)
                if len(key) >= MIN_SOUNDS:
                    sounds.add(key)
        k = j
    return sounds


def aligned_words(ev: Evidence, english: list[str]) -> dict[str, str]:
    """The English words (keys) that the evidence translates, with the source of each."""
    hits: dict[str, str] = {}
    for en in english:
        for w, source in ev.words.items():
            if words_match(w, en):
                hits[en] = source
                break
        else:
            if ev.sounds and sound_key(en) in ev.sounds:
                hits[en] = "transliteration"  # トークナイザ (tokenizer): a loanword UniDic does not know
    for acronym in ev.acronyms:
        # ROC 曲線 (Receiver Operating Characteristic curve): the acronym spells consecutive words
        n = len(acronym)
        for i in range(len(english) - n + 1):
            run = english[i : i + n]
            if "".join(w[0] for w in run) == acronym and not any(w in hits for w in run):
                hits.update((w, "acronym") for w in run)
                break
    return hits


def letters_of(abbr: str) -> list[str]:
    """The letters an acronym abbreviates (``PINs`` gives P, I, N; ``CI/CD`` gives C, I, C, D)."""
    abbr = unicodedata.normalize("NFKC", abbr)
    if len(abbr) > 2 and abbr.endswith("s") and abbr[:-1].isupper():
        abbr = abbr[:-1]
    capitals = [c for c in abbr if c.isupper()]
    if len(capitals) >= 2 and any(c.islower() for c in abbr):
        return [c.lower() for c in capitals]  # PathKind, GraphQL: the capitals start the words
    return [c.lower() for c in abbr if c.isalpha()]


def account_letters(ev: Evidence, letters: list[str]) -> list[str]:
    """The letters that the words' initials account for, at most one per Japanese word.

    A maximum bipartite matching of words to letter positions: 個人 / 識別 / 番号
    against P-I-N, whatever the order (``必要な権限`` glosses Required Permission).
    """
    options = [{i for i, c in enumerate(letters) if any(w[:1] == c for w in words)} for words in ev.per_token]
    owner: dict[int, int] = {}

    def assign(t: int, seen: set[int]) -> bool:
        for i in options[t]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = t
                return True
        return False

    for t in range(len(options)):
        assign(t, set())
    return [letters[i] for i in sorted(owner)]


def spelled_run(per_token: list[set[str]], letters: list[str]) -> int | None:
    """Where the words, in order, spell consecutive letters of an acronym, one letter each.

    ``小型 / 分散型 / 台帳`` against S-D-L-T spell S-D-L from the first letter: 0.  Two words at least,
    and every word gives its letter: a word that gives none, or letters out of order, is no
    word-for-word rendering of the long form.  None when no run fits.
    """
    n = len(per_token)
    if n < 2:
        return None
    for first in range(len(letters) - n + 1):
        if all(any(w[:1] == letters[first + k] for w in words) for k, words in enumerate(per_token)):
            return first
    return None


@dataclass
class Reading:
    """How far the term reaches and why: the chosen left edge, and the alignment behind it."""

    start: int
    notes: list[str]
    coverage: float  # share of the English words (or acronym letters) the term accounts for
    contradicted: bool  # every word is known, and none translates the gloss
    cut_short: bool = False  # each word of the term is used up, the gloss has more, and the modifier
    # to the left that should carry it translates none of it: the real term starts further left


@dataclass
class _Unit:
    start: int
    end: int
    tokens: list[Token]
    # verbs of the modifying clause between this unit and the term (基づく in ルールに基づく翻訳)
    verbs: list[Token] = field(default_factory=list)
    # the function words between this unit and the term, left to right (に, 基づく)
    link: list[Token] = field(default_factory=list)


def _left_units(text: str, start: int, limit: int, alternatives: bool = False) -> list[_Unit]:
    """Units left of ``start`` that a modifier links to the term, nearest first.

    Between two units only a space (no line break), ``の`` / ``な`` or a short
    modifying clause may stand; anything else (punctuation, は / が / と / や,
    a line break) ends the phrase the term can belong to.  With ``alternatives`` (the
    English says "or") ``AかBか`` may stand too, and its alternatives make one unit: a
    coordination is one modifier, so its words are weighed together.
    """
    lo = max(limit, start - LEFT_WINDOW)
    if lo >= start:
        return []
    window = text[lo:start]
    tokens = tokenize_in(text, lo, start)
    units: list[_Unit] = []
    pending: list[Token] = []
    verb_seen = False  # a verb stands between this point and the term (個人を 特定できる 情報)
    i = len(tokens) - 1
    edge = len(window)  # left edge of what has been consumed (window offsets)
    while i >= 0 and len(units) < MAX_UNITS:
        # the link: function words between this unit and the next one to the left
        link: list[Token] = []
        gap_ok = True
        while i >= 0 and (not is_term_token(tokens[i]) or _conjugated(tokens, i)):
            tok = tokens[i]
            gap = window[tok.end : edge]
            if gap and (gap.strip() or "\n" in gap):
                gap_ok = False
                break
            link.append(tok)
            edge = tok.start
            i -= 1
        if not gap_ok or i < 0 or not _valid_link(link, verb_seen, alternatives):
            break
        joined = alternatives and bool(units) and [t.surface for t in link] == [_OR_PARTICLE]
        # a predicate takes a clause particle's argument: a verb, or a noun made adnominal by な (必要な)
        verb_seen = verb_seen or any(t.pos1 == "動詞" for t in link) or [t.surface for t in link] == ["な"]
        gap = window[tokens[i].end : edge]
        if gap.strip() or "\n" in gap or len(gap) > 2 or (gap and link and not _padded_latin(tokens[i], gap)):
            # a space may join two units only on its own (ログ ファイル), or set a half-width word off
            # from the particle after it (Python の): typography, as in Pythonの
            break
        if not link and not gap and units:
            break  # touching term tokens are part of the compound already
        run = [tokens[i]]
        i -= 1
        while i >= 0 and tokens[i].end == run[0].start:
            if is_term_token(tokens[i]) or _stem_of(tokens[i], run[0]):
                run.insert(0, tokens[i])
                i -= 1
            elif _hyphen_in_name(tokens, i, run[0]):
                run[:0] = tokens[i - 1 : i + 1]  # Diffie-Hellman: a hyphen between Latin words joins one name
                i -= 2
            else:
                break
        edge = run[0].start
        if pending:
            run += pending
            pending = []
        if all(t.pos2 == "数詞" for t in run):
            pending = run  # a number (第 3 世代) goes with the words on its left
            continue
        if joined:
            # 全か | 無か: the alternative on the left joins the unit on its right
            last = units[-1]
            units[-1] = _Unit(lo + run[0].start, last.end, run + last.tokens, last.verbs, last.link)
            continue
        verbs = [t for t in reversed(link) if t.pos1 == "動詞"]
        units.append(_Unit(lo + run[0].start, lo + run[-1].end, run, verbs, link[::-1]))
    return units


# what a postposition or a modifying clause between a modifier and its head says, by the link's verb
# (its lemma), formal noun or particle, with the English prepositions that say it after the head:
# 上限までの系列 is "sequence up to the limit", 重みを持つ層 "layer with weights"
_LINK_PREPOSITIONS: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    "持つ": (("with",), ("having",)),
    "有する": (("with",), ("having",)),
    "含む": (("with",), ("containing",), ("including",)),
    "伴う": (("with",),),
    "まで": (("up", "to"), ("until",), ("to",)),
    "から": (("from",),),
    "へ": (("to",), ("into",), ("towards",), ("toward",)),
    "因る": (("by",), ("via",), ("through",)),
    "依る": (("by",), ("via",), ("through",)),
    "基づく": (("based", "on"), ("based",)),
    "為": (("for",),),
    "於く": (("in",), ("at",), ("on",), ("within",)),
    "対する": (("for",), ("against",), ("to",), ("towards",), ("toward",)),
    "関する": (("on",), ("about",), ("regarding",), ("concerning",)),
    "用いる": (("using",), ("with",)),
    "使う": (("using",), ("with",)),
    "介する": (("via",), ("through",)),
    "通ずる": (("through",), ("via",)),
    "応ずる": (("according", "to"),),
    "沿う": (("along",),),
    "として": (("as",),),
    # a clause that says where the head stands in a whole, a span or a sequence (三層から成る外殻, 全域に
    # わたる調査, 観測に先立つ較正, 観測に続く較正, 観測に代わる推定): English says it with a preposition too
    "成る": (("consisting", "of"), ("composed", "of"), ("made", "of")),
    "渡る": (("across",), ("over",), ("spanning",), ("throughout",)),
    "先立つ": (("prior", "to"), ("before",), ("preceding",)),
    "続く": (("following",), ("after",)),
    "変わる": (("instead", "of"), ("replacing",)),  # 代わる: UniDic's lemma is 変わる
}
_RAW_WORD_RE: Final = re.compile(r"[a-z0-9]+")


def _raw_words(en: str) -> list[str]:
    """Every word of ``en`` in order, stop words and prepositions kept: the phrase's shape."""
    return _RAW_WORD_RE.findall(unicodedata.normalize("NFKC", en).lower())


_AS: Final = "としての"


def _link_key(link: list[Token]) -> str | None:
    """What a link says (a key of :data:`_LINK_PREPOSITIONS`): its verb, else its formal noun or particle."""
    if "".join(t.surface for t in link) == _AS:
        return "として"
    for tok in link:
        if tok.pos1 == "動詞":
            return tok.lemma
    for tok in link:
        if tok.surface in _LINK_NOUNS:
            return tok.lemma
    particles = [t.surface for t in link if t.pos1 == "助詞" and t.surface != "の"]
    if len(particles) == 1 and link[-1].surface == "の":
        return particles[0]  # 上限までの, 外部からの: a postposition made adnominal by の
    return None


def prepositional_tail(en: str, english: list[str], hits: dict[str, str], link: list[Token]) -> list[str]:
    """The English words a modifier translates by the shape of the phrase alone, or [].

    Japanese puts a modifier before its head where English puts a prepositional phrase after it:
    ``教師なし事前学習による初期化`` is "initialization by unsupervised pretraining".  When the
    term so far translates every word before the preposition, none after it, and the link
    (による) says what the preposition (by) says, the modifier translates the words after it,
    whether or not a dictionary knows them.
    """
    key = _link_key(link)
    if key is None or key not in _LINK_PREPOSITIONS:
        return []
    raw = _raw_words(en)
    for prep in _LINK_PREPOSITIONS[key]:
        n = len(prep)
        for i in range(1, len(raw) - n):
            if tuple(raw[i : i + n]) != prep:
                continue
            head, rest = raw[:i], raw[i + n :]
            left = [w for w in english if w not in hits]
            if not all(w in hits for w in head if w in english) or not any(w in english for w in head):
                return []
            if not left or not all(w in rest or w in prep for w in left) or any(w in hits for w in rest):
                return []
            return left
    return []


_POTENTIAL: Final = "出来る"  # the lemma of できる: "can be done"
_POTENTIAL_WORDS: Final = re.compile(r"(?:able|ible|ables|ibles)$|^(?:can|capable)$")


def _renders_potential(verbs: list[Token], words: dict[str, str]) -> bool:
    """False when a clause says what can be done (検証できる) and no English word says "can".

    A relative clause ending in できる is in the term only where the English renders the potential
    too (再利用できる部品, reusable component); elsewhere (変更できる設定値, setting value) it
    describes the term, and the English words it seemed to translate are the head's own.
    """
    if not any(v.lemma == _POTENTIAL for v in verbs):
        return True
    return any(_POTENTIAL_WORDS.search(w) for w in words)


def _clause_verb(unit: _Unit) -> Token | None:
    """The verb of the clause that links ``unit`` to the term, when it says something of its own.

    Not a light verb (する, いる, なる, ある, できる: UniDic's 非自立可能), which leaves the meaning to
    the noun before it (予測する), nor a verb of :data:`_LINK_PREPOSITIONS`, which says how the
    modifier relates to its head as a preposition does (重みを持つ層, weighted layer).
    """
    for verb in unit.verbs:
        if verb.pos2 == "一般" and verb.lemma not in _LINK_PREPOSITIONS:
            return verb
    return None


def clause_tail(
    en: str, english: list[str], hits: dict[str, str], said: dict[str, str] | set[str]
) -> list[str]:
    """The English words a clause's object translates by the shape of the phrase alone, or [].

    English puts a participle phrase after its head where Japanese puts the clause before it:
    ``掃天を除く時間`` is "time excluding survey", ``掃天に依存する遅延`` "delay dependent on survey".
    When the term translates every word before the verb's English, and the words after it (past a
    preposition) are all that is left, they are the object's, whether or not a dictionary knows them.
    """
    raw = _raw_words(en)
    for i, w in enumerate(raw):
        if w not in said:
            continue
        head, after = raw[:i], raw[i + 1 :]
        if not any(x in english for x in head) or not all(x in hits for x in head if x in english):
            return []
        rest = {x for x in after if x in english}
        left = {x for x in english if x not in hits and x not in said}
        if not rest or rest != left:
            return []
        return [x for x in english if x in left]
    return []


def _contradicts(ev: Evidence) -> bool:
    """True when every word of a unit is a loanword or a Latin word whose own English is known."""
    return ev.precise and ev.known and ev.tokens > 0


_CASE_PARTICLES: Final = frozenset({"に", "を", "から", "へ"})


def _case_marked(unit: _Unit) -> bool:
    """True when ``unit`` is linked by a case particle alone: an argument of the verb to its right."""
    return len(unit.link) == 1 and unit.link[0].surface in _CASE_PARTICLES


def _verbal_noun(unit: _Unit) -> bool:
    """True when ``unit`` is the verb of its clause: a verbal noun before する (気温を記録する装置)."""
    return bool(unit.link) and unit.link[0].lemma == _LIGHT_VERB and unit.tokens[-1].pos3 == "サ変可能"


_LIGHT_VERB: Final = "為る"  # the lemma of する


def _adjectival(unit: _Unit) -> bool:
    """True when ``unit`` is a predicate made adnominal by な (観測に必要な機器: its argument before it)."""
    return [t.surface for t in unit.link] == ["な"] and unit.tokens[-1].pos1 in ("形状詞", "名詞")


def _said_by(verb: Token, english: list[str], hits: dict[str, str]) -> dict[str, str] | None:
    """The English words a clause's verb translates that the term does not.

    A relative clause is in the term where the English renders its verb (雑音を取り除くフィルタ, noise
    removal filter), or makes its object a participle that says it (層を成す構造, layered structure);
    where it renders the object alone (noise filter) the clause describes the term.  None when the
    lexicon knows no word for the verb: its silence says nothing.
    """
    senses = evidence([verb]).words
    if not senses:
        return None
    return {
        w: "verb"
        for w in english
        if w not in hits and any(words_match(v, w) or _verb_form(v, w) for v in senses)
    }


# what English adds to a verb to inflect it or make a noun or an adjective of it (receive: receiving,
# receiver; store: storage; carry: carrier)
_VERB_ENDINGS: Final = frozenset("s es d ed ing er ers r rs or ors ion ions al age ment able".split())


def _verb_form(verb: str, word: str) -> bool:
    """True when ``word`` is ``verb`` inflected or derived by a suffix (``receive`` / ``receiving``)."""
    bases = (verb, verb[:-1] if verb.endswith("e") else "", verb[:-1] + "i" if verb.endswith("y") else "")
    for base in bases:
        if len(base) >= 3 and word.startswith(base) and word[len(base) :] in _VERB_ENDINGS:
            return True
    return False


def _conjugated(tokens: list[Token], i: int) -> bool:
    """A verb's 連用形 that an auxiliary or て follows (用い + た, 介し + た): a verb, not a noun stem."""
    tok = tokens[i]
    if tok.pos1 != "動詞" or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.start == tok.end and (nxt.pos1 == "助動詞" or (nxt.pos1 == "助詞" and nxt.surface == "て"))


def _stem_of(tok: Token, suffix: Token) -> bool:
    """An adjective stem that a nominalising suffix makes a noun (長 + さ): one word, as in the term."""
    return tok.pos1 == "形容詞" and tok.cform.startswith("語幹") and suffix.pos1 == "接尾辞"


_NAME_HYPHENS: Final = ("-", "‐")


def _hyphen_in_name(tokens: list[Token], i: int, right: Token) -> bool:
    """True when ``tokens[i]`` is a hyphen touching a Latin word on both sides (``Foo-Bar``).

    Between two Latin words a hyphen joins one name (a compound of surnames, a hyphenated word), so the
    words on either side are one unit: the term cannot start between them.
    """
    if i < 1 or tokens[i].surface not in _NAME_HYPHENS:
        return False
    left = tokens[i - 1]
    return (
        left.end == tokens[i].start
        and _LATIN_RE.match(left.surface) is not None
        and _LATIN_RE.match(right.surface) is not None
    )


def _padded_latin(tok: Token, gap: str) -> bool:
    """A half-width word set off by one space from the Japanese after it (``Python の``)."""
    return gap == " " and tok.surface.isascii() and tok.surface[-1:].isalnum()


def _valid_link(link: list[Token], verb_seen: bool, alternatives: bool = False) -> bool:
    """Function words that can join a modifier to its head inside one term."""
    if len(link) > MAX_LINK_TOKENS:
        return False
    if not link or "".join(t.surface for t in reversed(link)) == _AS:
        return True  # 補助課題としての予測: として makes a noun a role, の the role a modifier
    for tok in link:
        if tok.pos1 == "助詞":
            if tok.surface not in _LINK_PARTICLES and not (alternatives and tok.surface == _OR_PARTICLE):
                return False
        elif tok.pos1 == "助動詞":
            if tok.surface not in ("な", "れ", "られ", "た", "れる", "られる", "ない", "し", "さ"):
                return False
        elif tok.pos1 not in ("動詞", "形容詞") and tok.surface not in _LINK_NOUNS:
            return False
    # link is right-to-left: a clause particle must be followed (to its right) by a verb
    order = list(reversed(link))
    for k, tok in enumerate(order):
        if tok.pos1 == "助詞" and tok.surface in _CLAUSE_PARTICLES:
            if not verb_seen and not any(t.pos1 == "動詞" for t in order[k + 1 :]):
                return False
    return True


def _unit_tokens(text: str, start: int, end: int) -> list[Token]:
    return [t for t in tokenize_in(text, start, end) if not t.surface.isspace()]


# what a document teaches: a modifier (暫定措置後) and the English words (interim) it stood beside
Refusal = tuple[int, str, tuple[str, ...]]  # where the modifier starts, its surface, the English left
MIN_AGREEING = 2  # brackets that must agree before a document's own pairing counts as evidence


def learn(refusals: list[Refusal]) -> dict[str, frozenset[str]]:
    """Word translations a document's own brackets agree on.

    Each refusal is a modifier that stood left of a term, linked to it, while
    English words of the gloss stayed unaligned.  A modifier that stands beside
    the same English word in ``MIN_AGREEING`` brackets translates it
    (``暫定措置後の上限（Interim Upper Limit）`` beside
    ``暫定措置後の下限（Interim Lower Limit）`` teaches 暫定措置後 = interim), as Lin et al. learn alignments
    from the parenthetical pairs themselves.  Counting is over the set of
    brackets, so the result does not depend on their order.
    """
    counts: dict[tuple[str, str], int] = {}
    for _, surface, words in set(refusals):  # one vote per bracket, whatever the order
        for w in set(words):
            counts[(surface, w)] = counts.get((surface, w), 0) + 1
    learned: dict[str, set[str]] = {}
    for (surface, w), n in counts.items():
        if n >= MIN_AGREEING:
            learned.setdefault(surface, set()).add(w)
    return {k: frozenset(v) for k, v in learned.items()}


def read_for_english(
    text: str,
    start: int,
    end: int,
    limit: int,
    en: str,
    learned: dict[str, frozenset[str]] | None = None,
    refusals: list[Refusal] | None = None,
) -> Reading:
    """Extend ``text[start:end]`` leftwards over units that translate words of ``en`` it leaves over.

    ``learned`` adds the document's own word pairs (:func:`learn`); a modifier
    that translates nothing is appended to ``refusals``, with the English left over.
    """
    english = english_content_words(en)
    term = _unit_tokens(text, start, end)
    base = evidence(term)
    hits = aligned_words(base, english)
    notes = [f"align {w} <- {s}" for w, s in hits.items()]
    known = base.known and bool(base.words)
    # every word of the term is used up: as many English words aligned as it has words, and none of its
    # known words left translating nothing (定常値 against final value: 値 alone gives "value")
    saturated = 0 < base.tokens <= len(hits) and not any(
        any(len(w) > 1 for w in words) and not any(words_match(w, h) for w in words for h in hits)
        for words in base.per_token
    )
    refused = False
    if english and hits and len(hits) < len(english):
        bound = _bound_kanji(text, start, limit, english, hits)
        if bound is not None:
            start, new = bound
            hits.update(new)
            notes.append(f"extended over {text[start]}: " + ", ".join(f"{w} <- {x}" for w, x in new.items()))
    if english and len(hits) < len(english):
        # words a modifier was given by the phrase's shape alone (:func:`prepositional_tail`): a
        # modifier further left may still translate them
        by_shape: set[str] = set()
        clause_words: set[str] = set()  # the English of a predicate before the term (依存する, 必要な)
        for k, unit in enumerate(_left_units(text, start, limit, _OR_WORD.search(en) is not None)):
            ev = evidence(unit.tokens)
            new = {w: s for w, s in aligned_words(ev, english).items() if w not in hits or w in by_shape}
            surface = text[unit.start : unit.end]
            if not new and learned and surface in learned:
                new = {w: "document" for w in english if w not in hits and w in learned[surface]}
            if new and not _renders_potential(unit.verbs, new):
                break  # 手元で検証できる署名鍵 (signing key): a clause the gloss leaves out, no refusal
            if not new and _verbal_noun(unit) and ev.known and ev.words:
                break  # 気温を記録する装置 (temperature device): a known verb left out, no refusal
            verb = _clause_verb(unit)
            said = None if verb is None else _said_by(verb, english, hits)
            if verb is not None and said is not None:
                # a verb the English leaves out: the clause joins where its object is rendered (雑音を取り除く
                # フィルタ, noise filter: the surface is all the gloss translates, the verb stands between),
                # and where nothing of it is, the words left over are refused as any modifier's are
                if said and not new.keys() - said.keys():
                    tail = clause_tail(en, english, hits, said) if k == 0 and not _contradicts(ev) else []
                    if tail:
                        # 掃天を除く時間 (time excluding survey): the words after the verb are its object's
                        new = {**said, **{w: "clause" for w in tail}}
                        by_shape = set(tail)
                    elif len(hits) + len(said) >= len(english):
                        # 信号を受け取る関数 (receiving function): the verb, not its object, is rendered
                        hits.update(said)
                        start = unit.start - unit.tokens[0].start + verb.start
                        notes.append(
                            f"extended over {verb.surface}: " + ", ".join(f"{w} <- verb" for w in said)
                        )
                        break
                    else:
                        new = {}
                else:
                    new.update(said)
            elif k == 1 and not new and clause_words and _case_marked(unit) and not _contradicts(ev):
                # 掃天に依存する遅延 (delay dependent on survey): the predicate's argument, after it
                new = {w: "clause" for w in clause_tail(en, english, hits, clause_words)}
                by_shape = set(new)
            if k == 0 and new and (_verbal_noun(unit) or _adjectival(unit)):
                clause_words = set(new)
            if not new and k == 0 and saturated:
                # every word of the term is used up: the adjective left over is the modifier's
                new = _adjective_of_phrase(english, hits, unit)
            if not new and k == 0:
                new = {w: "preposition" for w in prepositional_tail(en, english, hits, unit.link)}
                by_shape = set(new)
            else:
                by_shape -= set(new)
            if not new and by_shape:
                break  # the modifier the shape gave those words is all of it
            if not new:
                refused = True
                if refusals is not None and hits:
                    # only beside a term that translates part of the gloss: a gloss none of whose words
                    # the term translates may name something else (a product, a scope) the whole time
                    refusals.append((unit.start, surface, tuple(w for w in english if w not in hits)))
                break
            hits.update(new)
            start = unit.start
            known = known and ev.known
            notes.append(f"extended over {surface}: " + ", ".join(f"{w} <- {src}" for w, src in new.items()))
            if len(hits) == len(english) and not by_shape:
                break
    coverage = len(hits) / len(english) if english else 0.0
    # a dictionary misses technical senses, so only a loanword's own source word, or a short everyday
    # word against a phrase, is evidence that the pair is not a translation; two kanji nouns are a
    # Sino-Japanese compound (定常 + 偏差), whose words take the technical senses it misses, while a
    # loanword beside a noun (復旧 + モデル) still says what it is
    short = base.tokens == 1 or (base.tokens == 2 and not _kanji_compound(term))
    contradicted = (
        not hits
        and bool(english)
        and base.tokens > 0
        and (base.precise or (known and len(english) >= 2 and short))
    )
    cut_short = refused and saturated and len(english) >= 2
    return Reading(start, notes, coverage, contradicted, cut_short)


def _kanji_compound(tokens: list[Token]) -> bool:
    """True when the words of a term (its suffixes aside) are all nouns written in kanji.

    A lone kanji UniDic tags a symbol is a noun's part here: a kanji is never punctuation.
    """
    return all(
        t.pos1 in ("名詞", "記号") and _KANJI_RE.fullmatch(t.surface) is not None
        for t in tokens
        if t.pos1 != "接尾辞"
    )


def _bound_kanji(
    text: str, start: int, limit: int, english: list[str], hits: dict[str, str]
) -> tuple[int, dict[str, str]] | None:
    """A lone kanji touching the term on its left that translates the English words before the
    term's own: where the term starts with it, and those words; or None.

    UniDic tags some one-kanji prefixes by another sense of the character (偶 of 偶系列 as the
    adverb たま): the compound then seems to end there, and the term loses the prefix the English
    renders first (even series).  Written with no space before the noun it is bound to it, as a
    prefix is; the lexicon's words for it, in the order English puts a modifier, say it belongs.
    """
    lo = max(limit, start - 4)
    tokens = tokenize_in(text, lo, start) if lo < start else []
    if not tokens:
        return None
    tok = tokens[-1]
    if lo + tok.end != start or len(tok.surface) != 1 or not _KANJI_RE.match(tok.surface):
        return None
    if is_term_token(tok):
        return None  # a prefix or a noun: inside the compound already
    first = min(english.index(w) for w in hits)
    new = {w: s for w, s in aligned_words(evidence([tok]), english[:first]).items() if w not in hits}
    return (lo + tok.start, new) if new else None


def untranslated_lead(text: str, start: int, end: int, en: str) -> int:
    """Where the term starts once leading words that translate nothing of ``en`` are left out.

    ``設定フィルタエディタ（Filter Editor）`` gives フィルタエディタ: the words after 設定 are
    loanwords whose source words are every content word of the gloss, and 表示 is a known word that
    translates none of them, so it is a modifier the gloss leaves untranslated.  Only that much
    evidence shortens a term: a lexicon's silence never does.
    """
    english = english_content_words(en)
    tokens = _unit_tokens(text, start, end)
    if not english or len(tokens) < 2:
        return start
    listed = _last_listed(tokens, english)
    if listed is not None:
        return start + listed
    best = start
    for k in range(1, len(tokens)):
        lead, rest = tokens[:k], tokens[k:]
        head = rest[0]
        if head.pos1 == "接尾辞" or head.surface in _JOINER_MARKS or any(t.pos2 == "数詞" for t in lead):
            break
        if _KATAKANA_END.search(lead[-1].surface) and _KATAKANA_START.match(head.surface):
            continue  # inside one katakana run UniDic may split a loanword (アウト + カム): no boundary
        if lead[-1].pos1 == "接頭辞":
            continue  # a prefix is bound to the word after it (再 + 計算 is re-computation): no boundary
        ev = evidence(rest)
        if not (ev.precise and ev.known) or len(aligned_words(ev, english)) < len(english):
            break
        lead_ev = evidence(lead)
        if not lead_ev.known or lead_ev.tokens == 0 or aligned_words(lead_ev, english):
            break
        best = start + rest[0].start  # token offsets are relative to the span
    return best


def leaves_out(text: str, start: int, end: int, en: str) -> bool:
    """True when a word of ``text[start:end]`` that the lexicon knows translates nothing of ``en``.

    ``データ収集`` for "collection": データ is data, which the English does not say.  A word the
    lexicon lacks is never left out: its silence says nothing.
    """
    english = english_content_words(en)
    ev = evidence(_unit_tokens(text, start, end))
    return any(words and not any(words_match(w, e) for w in words for e in english) for words in ev.per_token)


# endings of English adjectives (abelian, periodic, finite-dimensional, continuous, idempotent, stable)
_ADJECTIVE_ENDS: Final = (
    "ic", "al", "ian", "ous", "ive", "able", "ible", "ful", "less", "ary", "ent", "ant", "ar", "ile",
)  # fmt: skip


def adjective_before(
    text: str, start: int, end: int, limit: int, gloss: str, english_only: bool
) -> tuple[int, int] | None:
    """Where the term starts and ends when the gloss translates only the adjectival noun before な.

    ``有限な集合（finite）``: in ``X な N`` the copula な makes X an adjective of the noun N; when N
    translates none of the gloss and X translates all of it, the gloss is X's (``有限``), as a gloss of
    the phrase would name the noun too (``有限な体（finite field）`` stays whole).  With no evidence
    either way (``可換な群（abelian）``), one English word with an adjective's ending is X's when the noun
    is known to the lexicon and translates none of it.  Returns X's span, or None.  ``english_only``:
    the gloss is English, not an acronym.
    """
    if start - 1 <= limit or text[start - 1] != _COPULA:
        return None  # most terms: no な before them, nothing tokenised
    english = english_content_words(gloss)
    if not english:
        return None
    head = evidence(_unit_tokens(text, start, end))
    if aligned_words(head, english):
        return None
    units = _left_units(text, start, limit)
    if not units:
        return None
    unit = units[0]
    if not _copula_linked(unit):
        return None
    hits = aligned_words(evidence(unit.tokens), english)
    if len(hits) == len(english):
        return unit.start, unit.end
    if hits or not english_only or not head.known or head.tokens == 0:
        return None
    word = gloss.strip()
    if len(english) == 1 and word.isalpha() and word.islower() and word.endswith(_ADJECTIVE_ENDS):
        return unit.start, unit.end
    return None


_COPULA: Final = "な"


def _copula_linked(unit: _Unit) -> bool:
    """True when ``unit`` is linked to the term by the copula な alone (有限な集合), not the attributive
    連体詞 of 大きな."""
    return len(unit.link) == 1 and unit.link[0].surface == _COPULA and unit.link[0].pos1 == "助動詞"


def _adjective_of_phrase(english: list[str], hits: dict[str, str], unit: _Unit) -> dict[str, str]:
    """``可換な群（abelian group）``: the English adjective before the words the term translates is the
    adjectival noun linked to it by な, in the same order, when the lexicon has no sense that says so.

    One word left over, first in the gloss, with an adjective's ending; the unit is linked by the
    copula な alone, and the caller has checked that each word of the term translates a word of the
    gloss (in 古典的な畳込みニューラルネットワーク（convolutional neural network） an unaligned word of the
    term may be the adjective's).  Empty otherwise.
    """
    if not _copula_linked(unit):
        return {}
    left = [w for w in english if w not in hits]
    if len(left) != 1 or english[0] != left[0] or not left[0].isalpha():
        return {}
    return {left[0]: "adjective"} if left[0].endswith(_ADJECTIVE_ENDS) else {}


def unspelled_lead(text: str, start: int, end: int, abbr: str) -> int:
    """Where a term glossed by an acronym starts once leading words giving none of its letters are left out.

    Two kinds of modifier: a number with what it counts (``4ドア通勤車（CT）``: a property of this
    one, when the acronym holds no number), and an adjective in -的 (``伝統的製法（PM）``), when every
    translation of its words starts with a letter the acronym lacks; the rest must account for as many
    letters as the whole.  A known word's translations are the evidence: a word the lexicon lacks never
    shortens a term, and nouns are left alone (their lexicon senses miss too many technical ones).
    """
    letters = letters_of(abbr)
    tokens = _unit_tokens(text, start, end)
    if len(letters) < 2 or len(tokens) < 2:
        return start
    spelled = len(account_letters(evidence(tokens), letters))
    best = start
    for k in range(1, len(tokens)):
        lead, rest = tokens[:k], tokens[k:]
        head = rest[0]
        if head.pos1 == "接尾辞" or head.surface in _JOINER_MARKS or lead[-1].pos1 == "接頭辞":
            continue  # no boundary inside a word (伝統 + 的, 再 + 加熱)
        if _KATAKANA_END.search(lead[-1].surface) and _KATAKANA_START.match(head.surface):
            continue  # inside one katakana run UniDic may split a loanword
        counted = lead[0].pos2 == "数詞" and lead[0].surface.isdigit()
        if counted and any(c.isdigit() for c in abbr):
            break  # the acronym holds a number (3D): the number may be in it
        if not counted and not lead[-1].surface.endswith("的"):
            break  # only a count (4ドア) or an adjective in -的 (伝統的) reads as a mere modifier
        words = lead[1:] if counted else lead
        translations: frozenset[str] | list[str] = []
        if words:
            lead_ev = evidence(words)
            if not lead_ev.known or lead_ev.tokens == 0:
                break  # a word the lexicon lacks: its silence is no evidence
            # a loanword's source word (ドア: door) is precise; otherwise the entry of the whole
            # (天文学的: astronomical) before its parts' (的 alone has a dozen senses)
            entry = lexicon_words("".join(t.surface for t in words))
            translations = list(lead_ev.words) if lead_ev.precise or not entry else entry
        if any(w[:1] in letters for w in translations):
            break  # the lead may give a letter
        if len(account_letters(evidence(rest), letters)) < max(1, spelled):
            break
        best = start + head.start  # token offsets are relative to the span
    return best


def _last_listed(tokens: list[Token], english: list[str]) -> int | None:
    """Where the last of names listed with ``・`` starts, when the gloss translates it alone.

    ``主成分分析・因子分析（factor analysis）``: ・ between two compounds lists them; when the words
    after the last ・ translate every word of the gloss, the words before it add nothing the gloss
    says: they name another thing (or repeat the head, 分析), and the gloss names only the last.  A
    name joined by ・ (スパース・コーディング, sparse coding) has words on both sides that the gloss
    needs; between two katakana words ・ splits one loanword phrase (データ・ベース, database), whose
    halves each match the one English word.  None otherwise.
    """
    k = _listing_joiner(tokens)
    if k is None:
        return None
    lead, rest = evidence(tokens[:k]), evidence(tokens[k + 1 :])
    if lead.tokens == 0 or len(aligned_words(rest, english)) < len(english):
        return None
    return tokens[k + 1].start


def _listing_joiner(tokens: list[Token]) -> int | None:
    """The index of the last ``・`` that may list names: between two words not both katakana."""
    k = max((i for i, t in enumerate(tokens) if t.surface in _JOINER_MARKS), default=0)
    if k == 0 or k + 1 >= len(tokens):
        return None
    if KATAKANA_WORD.match(tokens[k - 1].surface) and KATAKANA_WORD.match(tokens[k + 1].surface):
        return None
    return k


def last_listed(text: str, start: int, end: int, en: str | None, abbr: str | None) -> int:
    """Where the term starts when it lists names with ``・`` and the gloss names the last alone.

    ``主成分分析・因子分析（Factor Analysis、FA）``: the words after the last ・ translate every word
    of the English (:func:`_last_listed`), or, with an acronym alone, account for every letter.
    """
    tokens = _unit_tokens(text, start, end)
    if en is not None:
        english = english_content_words(en)
        found = _last_listed(tokens, english) if english else None
        return start if found is None else start + found
    k = _listing_joiner(tokens)
    letters = letters_of(abbr) if abbr else []
    if k is None or len(letters) < 2 or evidence(tokens[:k]).tokens == 0:
        return start
    if len(account_letters(evidence(tokens[k + 1 :]), letters)) < len(letters):
        return start
    return start + tokens[k + 1].start


def read_for_acronym(text: str, start: int, end: int, limit: int, abbr: str) -> Reading:
    """Extend ``text[start:end]`` leftwards while units account for acronym letters it leaves over.

    The extension is taken only when it accounts for every letter, or when three
    words or more, the modifiers among them, spell consecutive letters in the
    acronym's order (:func:`spelled_run`): a few letters can match by chance, all
    of them, or a run of them in order, rarely do.
    """
    letters = letters_of(abbr)
    base = evidence(_unit_tokens(text, start, end))
    word = unicodedata.normalize("NFKC", abbr).lower()
    camel = sum(c.isupper() for c in abbr) >= 2 and any(c.islower() for c in abbr)
    # a CamelCase name (TimeZone) is several words: its capitals are matched like letters below
    if not camel and any(words_match(w, word) for w in base.words):
        # ノイズ（Noise）: a capitalised word, not an acronym, and the loanword translates it
        return Reading(start, [f"align {word} <- {base.words.get(word, 'loanword')}"], 1.0, False)
    left = list(letters)
    for c in account_letters(base, letters):
        left.remove(c)
    known = base.known and bool(base.words)
    covered = len(letters) - len(left)
    saturated = 0 < base.tokens <= covered
    notes: list[str] = []
    cut_short = False
    if left and covered:
        new_start = start
        added: list[str] = []
        units = _left_units(text, start, limit)
        cut_short = saturated and bool(units)
        # the letters are matched again with each unit added: the term's words may take other
        # letters once a modifier takes the one only it can give (誤差: error or measurement)
        words = list(base.per_token)
        in_order = list(base.per_token)  # the same words as they stand in the text, left to right
        best = covered
        spelled: tuple[int, int, int] | None = None  # (start, letters, units) of a reading spelled in order
        for unit in units:
            unit_words = evidence(unit.tokens).per_token
            trial = Evidence(per_token=words + unit_words)
            got = len(account_letters(trial, letters))
            if unit.verbs and got < len(letters):
                # a clause's verb translates the participle of a compound modifier (rule-based:
                # ルールに基づく), whose initial the acronym takes too: only its participle senses,
                # and only where the words, the verb among them, spell every letter in order
                spelled_all = unit_words + [
                    {w for w in senses if w.endswith(_PARTICIPLE_ENDS)}
                    for senses in evidence(unit.verbs).per_token
                ]
                if (
                    len(spelled_all) + len(in_order) == len(letters)
                    and spelled_run(spelled_all + in_order, letters) == 0
                ):
                    unit_words = spelled_all
                    trial = Evidence(per_token=words + unit_words)
                    got = len(letters)
            if got <= best:
                break
            words, best = trial.per_token, got
            in_order = unit_words + in_order
            new_start = unit.start
            added.append(text[unit.start : unit.end])
            if best == len(letters):
                break
            if len(in_order) >= 3 and spelled_run(in_order, letters) is not None:
                spelled = (new_start, best, len(added))
        if best == len(letters):
            start = new_start
            covered = len(letters)
            cut_short = False
            notes.append("extended over " + ", ".join(added) + " (every letter accounted for)")
        elif spelled is not None:
            # three words or more that spell consecutive letters in order, the modifiers included
            # (患者 / 中心 / 治験 against P-C-C-T): a word-for-word rendering of the long form
            start, covered, reach = spelled
            cut_short = False
            notes.append(
                "extended over " + ", ".join(added[:reach]) + " (its words spell the letters in order)"
            )
        elif not added and spelled_run(base.per_token, letters) is not None:
            # the term's words spell a run of the letters in order and no modifier gives another:
            # the term renders those words of the long form and leaves the rest untranslated
            cut_short = False
    coverage = covered / len(letters) if letters else 0.0
    # a loanword's source words give few of the letters (キャッシュ（DNS）), or a short everyday
    # word none of three or more (目次（TCP）)
    contradicted = base.tokens > 0 and (
        (base.precise and coverage < 0.5)
        or (known and covered == 0 and len(letters) >= 3 and base.tokens <= 2)
    )
    if contradicted and any(base.alike):
        # the contradiction rests on UniDic's source words; a homophone it did not pick (リンク as
        # rink, not link) may give the letters.  Only then: a letter is easy to find by chance, so a
        # homophone never adds to a reading the source words already allow (レベル as rebel)
        alike = Evidence(per_token=[w | a for w, a in zip(base.per_token, base.alike, strict=True)])
        got = len(account_letters(alike, letters))
        if 2 * got >= len(letters) and got > covered:
            coverage, contradicted = got / len(letters), False
            notes.append("a homophone of a loanword's source word gives letters of the acronym")
    return Reading(start, notes, coverage, contradicted, cut_short)


def letter_words(surface: str, abbr: str) -> list[set[str]] | None:
    """For each letter of ``abbr``, the English words of ``surface`` that can give it.

    None unless the words of ``surface`` are one per letter and account for every
    letter: only a term that spells its acronym says which words the letters
    stand for.
    """
    letters = letters_of(abbr)
    ev = evidence(_unit_tokens(surface, 0, len(surface)))
    if not letters or ev.tokens != len(letters) or len(account_letters(ev, letters)) < len(letters):
        return None  # a word the letters do not stand for: a narrower or another concept
    words: set[str] = set(ev.words)
    for w in ev.per_token:
        words |= w
    return [{w for w in words if w[:1] == c} for c in letters]


def spell_alike(a: str, b: str, abbr: str) -> bool:
    """True when two Japanese terms spell ``abbr`` with the same English words, letter by letter.

    マルチページアプリ and マルチページアプリケーション both give M-P-A as multi,
    page, application: one concept.  Two meanings of one acronym differ at some
    letter (pull request / press release).
    """
    wa = letter_words(a, abbr)
    wb = letter_words(b, abbr)
    if wa is None or wb is None:
        return False
    return all(any(words_match(x, y) for x in sa for y in sb) for sa, sb in zip(wa, wb, strict=True))
