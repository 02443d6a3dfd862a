"""Where a Japanese term starts, and whether it matches an English gloss.

UniDic part of speech finds the noun compound that ends at a bracket: nouns,
prefixes, suffixes (法, 化, 的, 性) and katakana runs joined by ``・``; a
particle, verb, auxiliary or adnominal ends it (``小さな標本`` gives 標本,
``低ランクのアダプタ`` gives アダプタ).  Loanword lemmas such as
``エンコーダー-encoder`` let a katakana term be checked against English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

from glossary.extract.lexicon import english_words
from glossary.text.script import has_japanese, is_japanese_char
from glossary.text.tokenizer import Token, tokenize, tokenize_in

WINDOW = 16  # characters of left context given to the tagger first (doubled while the term reaches its edge)

# noun-like parts of speech that can sit inside a term
_TERM_POS1 = {"名詞", "接頭辞", "接尾辞"}
# nouns that never start a term: formal nouns and pronouns (こと, もの, ため, これ)
_BAD_START_POS2 = {"代名詞"}
_FORMAL_NOUNS = {"こと", "もの", "ため", "よう", "ほう", "ところ", "とき", "うち", "はず", "わけ", "の"}
_JOINERS = {"・", "･", "-", "‐", "－"}
KATAKANA_WORD: Final = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fd\u30fe\uff66-\uff9f]+$")
_KATAKANA_RE: Final = re.compile(r"[\u30a1-\u30fa\uff66-\uff9d]")
# whether the line break between two offsets is inside one paragraph (True), between blocks (False), or
# unknown to the layout (None)
SoftBreak = Callable[[int, int], "bool | None"]
_BLOCK_MARK: Final = re.compile(r"^\s*(?:#|[-*+・•]\s|\d+[.)]\s|>|\|)")
_LATIN_TOKEN: Final = re.compile(r"^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９.\-]*$")


def is_katakana_word(surface: str) -> bool:
    """``KATAKANA_WORD.match(surface)``, by code point (compiled, a loop of integer tests; the regex
    call cost more than the test, and every token of a term window is asked)."""
    if surface.endswith("\n"):
        surface = surface[:-1]  # "$" also matches before a final newline
    if not surface:
        return False
    for ch in surface:
        o = ord(ch)
        if not (0x30A1 <= o <= 0x30FA or 0x30FC <= o <= 0x30FE or 0xFF66 <= o <= 0xFF9F):
            return False
    return True


def is_term_token(tok: Token) -> bool:
    if is_katakana_word(tok.surface):
        return True  # UniDic may split an unknown loanword oddly (パッ + チング); katakana is a term
    if tok.pos1 in _TERM_POS1:
        if tok.pos2 == "数詞" and not tok.surface.isascii():
            return not is_enumerator(tok.surface)
        return tok.surface not in _FORMAL_NOUNS or tok.pos1 != "名詞"
    if tok.pos1 == "形状詞" and tok.pos2 == "一般":
        return True  # 形状詞 inside compounds: 確率的 is 接尾辞, but 線形 / 最適 are 形状詞
    if _is_nominal_verb(tok):
        return True
    return bool(_LATIN_TOKEN.match(tok.surface))


# Unicode names of the numerals and letters that number a list: ①, ⑴, ❶, ⒈, ㈠, Ⓐ, ⓐ
_ENUMERATOR_NAME: Final = re.compile(
    r"(?:DINGBAT )?(?:NEGATIVE |DOUBLE |SANS-SERIF )*(?:CIRCLED|PARENTHESIZED) "
    r"|(?:DIGIT|NUMBER) \w+ FULL STOP$"
)


def is_enumerator(surface: str) -> bool:
    """True for one character that numbers a list item (①, ⑴, ❶, ⒈, ㈠, Ⓐ): it counts, it names nothing.

    Told by the character's Unicode name, so every enclosed form is covered; a superscript (¹H)
    or a plain digit is not an enumerator.
    """
    return len(surface) == 1 and _ENUMERATOR_NAME.match(unicodedata.name(surface, "")) is not None


def _is_nominal_verb(tok: Token) -> bool:
    """A verb stem used as a noun inside a compound: 埋め込み in 位置埋め込み, 隠れ in 隠れ変数."""
    return (
        tok.pos1 == "動詞" and tok.pos2 == "一般" and tok.cform.startswith("連用形") and len(tok.surface) >= 2
    )


def term_tokens(
    tokens: list[Token], text: str | None = None, base: int = 0, soft: SoftBreak | None = None
) -> list[Token]:
    """The longest run of term tokens at the end of ``tokens``.

    Tokens must touch (no whitespace between); a joiner ``・`` is kept only
    between two term tokens; a verb stem counts only inside a compound that
    also has a noun.
    """
    run: list[Token] = []
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k]
        if (
            run
            and run[0].start > tok.end
            and not _wrapped(text, base + tok.end, base + run[0].start, tok, run[0], soft)
        ):
            break
        if tok.surface in _JOINERS:
            if not run:
                break
            run.insert(0, tok)
            continue
        adjective_stem = (
            tok.pos1 == "形容詞" and tok.cform.startswith("語幹") and run and run[0].pos1 == "接尾辞"
        )
        if not (
            is_term_token(tok)
            or adjective_stem
            or _split_kanji_word(tokens, k, run[0] if run else None)
            or _kanji_tagged_symbol(tokens, k)
        ):
            break  # 深さ: an adjective stem counts only before a nominalising suffix
        run.insert(0, tok)
    while run and (run[0].surface in _JOINERS or run[0].pos1 == "接尾辞"):
        symbol = _symbol_before(tokens, run)
        if symbol is not None and run[0].pos1 == "接尾辞":
            run.insert(0, symbol)  # p 値, 2 値分類: the suffix counts the letter or number before it
            break
        if run[0].pos1 == "接尾辞" and len(run) > 1 and _after_mark(tokens, run[0]):
            break  # "用水路…: after a quote no word stands for a suffix to attach to; it starts the term
        run.pop(0)  # a term never starts with a joiner or a bare suffix
    while run and (run[0].pos2 in _BAD_START_POS2):
        run.pop(0)
    if run and all(_is_nominal_verb(t) for t in run):
        # a lone verb stem is a noun (埋め込み) only where no particle governs it (モデルを埋め込み)
        i = tokens.index(run[0])
        if (
            i > 0
            and tokens[i - 1].pos1 in ("助詞", "助動詞", "副詞", "動詞", "形容詞")
            and (tokens[i - 1].end == run[0].start)
        ):
            return []
    return run


_KANJI_WORD: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _split_kanji_word(tokens: list[Token], k: int, right: Token | None) -> bool:
    """True when ``tokens[k]``, tagged other than a noun, is half of a kanji word UniDic split.

    UniDic segments a run of kanji by its own statistics and may cut a word it lacks in two, one
    half tagged an adverb or a symbol (口蓋 + 裂, 片持 + 梁): the compound would end there.  When
    the token and the term token touching it on either side (``right``: the compound's first token so
    far) make one word JMdict knows, the token is inside the compound.
    """
    tok = tokens[k]
    if not _KANJI_WORD.fullmatch(tok.surface):
        return False
    pairs = []
    if right is not None and right.start == tok.end and _KANJI_WORD.fullmatch(right.surface):
        pairs.append(tok.surface + right.surface)
    left = tokens[k - 1] if k else None
    if (
        left is not None
        and left.end == tok.start
        and is_term_token(left)
        and _KANJI_WORD.fullmatch(left.surface)
    ):
        pairs.append(left.surface + tok.surface)
    return any(english_words(p) for p in pairs)


def _kanji_tagged_symbol(tokens: list[Token], k: int) -> bool:
    """True when ``tokens[k]`` is one kanji UniDic tags a symbol, written touching a kanji noun before it.

    A kanji is a word, never punctuation; UniDic lists a few lone kanji only as marks (the abbreviation
    of a verb stem in a table), so in a compound it lacks (a noun + 引) the compound would end before it.
    Glued to the kanji noun on its left, the kanji is the compound's last part.
    """
    tok = tokens[k]
    if tok.pos1 != "記号" or len(tok.surface) != 1 or not _KANJI_WORD.fullmatch(tok.surface) or k == 0:
        return False
    left = tokens[k - 1]
    return left.end == tok.start and is_term_token(left) and _KANJI_WORD.fullmatch(left.surface) is not None


def _after_mark(tokens: list[Token], tok: Token) -> bool:
    """True when ``tok`` touches a punctuation mark or quote before it (UniDic reads a kanji there
    as a suffix by its context, but a suffix needs a word before it)."""
    k = tokens.index(tok)
    prev = tokens[k - 1] if k else None
    return (
        prev is not None
        and prev.end == tok.start
        and prev.pos1 in ("記号", "補助記号")
        and prev.surface not in _JOINERS
        and _KANJI_WORD.match(tok.surface) is not None
    )


_SYMBOL: Final = re.compile(r"[A-Za-z]|[0-9]{1,3}")


def _symbol_before(tokens: list[Token], run: list[Token]) -> Token | None:
    """The half-width letter or number set off by one space before ``run`` (``p 値``, ``2 値分類``).

    Japanese style guides pad half-width characters with spaces; the space is typography, so a suffix
    after it belongs to the symbol as it does in ``p値``.  A number with only its suffix (``2 倍``)
    is a quantity, not a term.
    """
    k = tokens.index(run[0])
    prev = tokens[k - 1] if k else None
    if prev is not None and prev.surface == " " and k >= 2:
        prev = tokens[k - 2]
    if prev is None or run[0].start - prev.end != 1 or not _SYMBOL.fullmatch(prev.surface):
        return None
    return None if prev.surface.isdigit() and len(run) == 1 else prev


def _wrapped(
    text: str | None, gap_start: int, gap_end: int, left: Token, right: Token, soft: SoftBreak | None = None
) -> bool:
    """True when only a line break (hard wrap) separates two Japanese tokens.

    ``gap_start`` / ``gap_end`` index ``text``, which holds the whole line.  ``soft`` says from the
    document's layout whether the break is inside one paragraph; when it cannot say, a long line of
    prose is taken for a wrapped one.
    """
    if text is None:
        return False
    gap = text[gap_start:gap_end]
    if "\n" not in gap or gap.strip() or gap.count("\n") != 1:
        return False
    if not (is_japanese_char(left.surface[-1]) and is_japanese_char(right.surface[0])):
        return False
    if soft is not None:
        said = soft(gap_start, gap_end)
        if said is not None:
            return said
    # a wrapped line is long prose, not a heading, list item or short title line
    line = text[text.rfind("\n", 0, gap_start) + 1 : gap_start]
    return len(line) >= 20 and not _BLOCK_MARK.match(line)


def term_before(text: str, end: int, limit: int, soft: SoftBreak | None = None) -> tuple[int, int] | None:
    """Offsets of the Japanese noun compound ending at ``end``.

    Only a short window ``text[max(limit, end - WINDOW):end]`` is tokenised;
    when the compound reaches the window's left edge the window is doubled,
    so the answer never depends on where the window happened to start.
    Returns None when no Japanese compound ends there.
    """
    width = WINDOW
    while True:
        start = max(limit, end - width)
        if start >= end:
            return None
        # offsets relative to the window: the same phrase hits the tokeniser cache anywhere in a corpus
        run = term_tokens(tokenize_in(text, start, end), text, start, soft)
        if run and run[0].start <= 1 and start > limit:
            width *= 2
            continue
        break
    if not run:
        return None
    a, b = start + run[0].start, start + run[-1].end
    if not has_japanese(text[a:b]):
        return None
    a = _fraction_start(text, a, limit)
    number = _padded_number_start(text, a, limit)
    counted = run[0].pos1 == "接尾辞" or run[0].pos3.startswith("助数詞")
    if number < a and not counted and _cell_head(text, number):
        number = a  # ``| 3 駅舎 |``: a number heading a table cell numbers the row, not the word after it
    if number < a and number - limit >= 2 and text[number - 1] == " " and is_japanese_char(text[number - 2]):
        # 最小 2 乗法 is 最小2乗法 set with spaces: the noun before the number is in the term too
        left = term_before(text, number - 1, limit, soft)
        if left is not None and left[1] == number - 1:
            return left[0], b
    return number, b


# a fraction before the noun it measures (4/5ルール, 1/2 精度): its numerator is part of the term
_FRACTION_HEAD: Final = re.compile(r"[0-9０-９]{1,3}[/／]$")


def _fraction_start(text: str, a: int, limit: int) -> int:
    """Where the term starts when it opens with the denominator of a fraction (``4/5ルール``)."""
    if a >= len(text) or not text[a].isdigit() or a - limit < 2 or text[a - 1] not in ("/", "／"):
        return a
    m = _FRACTION_HEAD.search(text, max(limit, a - 12), a)
    before = text[m.start() - 1] if m is not None and m.start() > limit else ""
    if m is None or (before.isascii() and before.isalnum()) or before.isdigit() or before in ("/", "／"):
        return a  # a path or a date (v1/2, 2024/5, 5/1/2)
    return m.start()


# a number set off by one space from the noun it counts or orders (2 乗, 3 次元, 第 3 世代)
_PADDED_NUMBER: Final = re.compile(r"(?:第 ?)?[0-9０-９]+(?:[.．][0-9０-９]+)? $")


# what may stand before a section number on its line: spaces, heading and list marks, emphasis
_LINE_HEAD: Final = re.compile(r"[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|>[ \t]*)?[*_]*")


def _padded_number_start(text: str, a: int, limit: int) -> int:
    """Where the term starts when a number is padded with a space before it.

    Japanese style guides set half-width numbers off with spaces; the space is
    typography, not a word boundary, so the number stays with the noun it
    counts (``2 乗誤差`` is one term, as ``2乗誤差`` is).
    """
    lo = max(limit, a - 16)
    if a - lo < 2 or text[a - 1] != " ":
        return a
    m = _PADDED_NUMBER.search(text, lo, a)
    if m is None:
        return a
    i = m.start()
    if i > limit and text[i - 1].isascii() and (text[i - 1].isalnum() or text[i - 1] in "._-"):
        return a  # part of a Latin word or version (v2, 1.2.3)
    if ("." in m.group() or "．" in m.group()) and _LINE_HEAD.fullmatch(text, text.rfind("\n", 0, i) + 1, i):
        return a  # ``### 3.2 観測モデル``: a section number heads the line, not the term
    return i


def _cell_head(text: str, i: int) -> bool:
    """True when only a table's cell mark and spaces stand before ``i`` on its line."""
    head = text[text.rfind("\n", 0, i) + 1 : i].rstrip(" \t")
    return head.endswith("|") and not head.endswith("\\|")


def is_term(surface: str) -> bool:
    """True when the whole of ``surface`` is one noun compound."""
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    if not tokens:
        return False
    run = term_tokens(tokens)
    return bool(run) and run[0].start == tokens[0].start and has_japanese(surface)


def is_proper_noun(surface: str) -> bool:
    """True for one word that UniDic knows as a proper noun (a company, a place, a product)."""
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    return len(tokens) == 1 and tokens[0].pos2 == "固有名詞"


def is_count(surface: str) -> bool:
    """True for a number with its counter (``05時``, ``3回``, ``12月``): it counts or dates, names nothing."""
    if not surface[:1].isdigit():
        return False
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    return len(tokens) == 2 and tokens[0].pos2 == "数詞" and tokens[1].pos3 in ("助数詞", "助数詞可能")


# nouns that close a condition (…の場合, …のとき, …する際): when something holds, not what it is
_CONDITION_HEADS: Final = frozenset({"場合", "とき", "時", "際"})


def is_condition(surface: str) -> bool:
    """True for ``多層膜の場合`` / ``入力が空のとき``: a phrase that says when, after a particle or a verb.

    A compound that ends in 時 (``起動時``) is a term; a condition is a clause or a の-phrase.
    """
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    return (
        len(tokens) >= 2
        and tokens[-1].surface in _CONDITION_HEADS
        and tokens[-2].pos1 in ("助詞", "助動詞", "動詞", "形容詞")
    )


def is_personal_name(surface: str, tokens: list[Token] | None = None) -> bool:
    """True when ``surface`` is a person's name (UniDic tags its last word and most words 人名).

    A name with its reading or romanisation is not a term definition (山田 太郎 (Taro Yamada)).
    ``tokens``: the surface's tokens when the caller has them (``tokenize_in`` of its span).
    """
    tokens = [t for t in (tokenize(surface) if tokens is None else tokens) if not t.surface.isspace()]
    names = sum(t.pos3 == "人名" for t in tokens)
    return bool(tokens) and tokens[-1].pos3 == "人名" and 2 * names >= len(tokens)


_CAPITALISED: Final = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def is_transliterated_name(ja: str, en: str) -> bool:
    """True for ``マシュー・プリンス`` / ``Matthew Prince``: a foreign person's name and its katakana.

    The katakana parts are joined by ``・`` one per English word, every English word is
    capitalised, and UniDic knows the first part as a given name (人名); the family
    name that follows is often unknown to it or a common noun (プリンス).
    """
    parts = ja.split("・")
    words = en.split()
    if len(parts) < 2 or len(parts) != len(words) or not all(KATAKANA_WORD.match(x) for x in parts):
        return False
    if not all(_CAPITALISED.fullmatch(w) for w in words):
        return False
    first = [t for t in tokenize(parts[0]) if not t.surface.isspace()]
    return len(first) == 1 and first[0].pos3 == "人名"


# words that credit a person with a book: 著 (author), 編 (editor), 訳 (translator), 監修 (supervisor)
_CREDITS = frozenset({"著", "編", "訳", "監修", "監訳", "編著", "共著", "作"})


def is_name_credit(surface: str) -> bool:
    """True for a person's name with a bibliographic credit (山田太郎著, 鈴木一郎 訳).

    A credit names who wrote or translated what is cited; it is a citation, never a gloss.
    UniDic splits rare names into pieces, so at least half the words before the credit are 人名.
    """
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    if len(tokens) < 2 or tokens[-1].surface not in _CREDITS:
        return False
    names = sum(t.pos3 == "人名" for t in tokens[:-1])
    return names > 0 and 2 * names >= len(tokens) - 1


def is_clause(surface: str) -> bool:
    """True for a predicate with its object or complement (``式を評価すること``): an explanation.

    A verb with a case particle (を, が, に, で) says what something does; a gloss names it.
    Example lists (``Rustなど``) hold no verb and are not clauses.
    """
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    if tokens and tokens[-1].pos1 == "形容詞" and tokens[-1].cform.startswith("終止形") and len(tokens) >= 2:
        return True  # 低いほど良い: a phrase that ends in a predicate adjective says something, names nothing
    return any(t.pos1 == "動詞" for t in tokens) and any(
        t.pos2 == "格助詞" and t.surface in ("を", "が", "に", "で") for t in tokens
    )


# words that close an example list: 等 / など (etc.)
_EXAMPLE_ENDS: Final = frozenset({"等", "など"})


def ends_example_list(surface: str) -> bool:
    """True for ``Python等`` / ``MATLABなど``: the last word says the items before it are examples.

    The word stands on its own after another word (``平等`` is one word, not an example list).
    """
    if not surface.endswith(tuple(_EXAMPLE_ENDS)):
        return False
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    return len(tokens) >= 2 and tokens[-1].surface in _EXAMPLE_ENDS and tokens[-1].pos1 in ("接尾辞", "助詞")


_GLOSS_PARTICLES = {"の"}
_GLOSS_VERBS = {"よる", "おける", "基づく", "対する", "関する", "ある"}


def _passive_participle(tokens: list[Token], k: int) -> bool:
    """True when ``tokens[k]`` is part of ``された`` / ``される`` after a verbal noun (正規化された)."""
    tok = tokens[k]
    if tok.pos1 == "動詞":
        return tok.surface == "さ" and k > 0 and tokens[k - 1].pos1 in ("名詞", "接尾辞")
    if tok.pos1 != "助動詞" or k < 1 or tokens[k - 1].surface not in ("さ", "れ"):
        return False
    if tok.surface == "れ":
        return tokens[k - 1].surface == "さ"
    return tok.surface in ("た", "れる") and tok.cform.startswith("連体形")


def is_gloss(surface: str) -> bool:
    """True for a Japanese gloss inside a bracket: a term, or a short noun phrase.

    A bracket delimits its gloss, so ``人間のフィードバックによる強化学習`` or
    ``説明可能なAI`` may hold の / による / な; explanations and example lists
    (``特徴の数``-style asides still pass here, so callers pair glosses only with
    English or acronyms) never end in a noun or hold や / など / です.
    """
    if is_term(surface):
        return True
    if len(surface) > 20:
        return False
    tokens = [t for t in tokenize(surface) if not t.surface.isspace()]
    if len(tokens) < 3 or not is_term_token(tokens[-1]) or not is_term_token(tokens[0]):
        return False
    for tok in tokens:
        if is_term_token(tok) or tok.surface in _JOINERS:
            continue
        if tok.pos1 == "助詞" and tok.surface in _GLOSS_PARTICLES:
            continue
        if tok.pos1 == "助詞" and tok.surface == "に" and tok is not tokens[-2]:
            continue  # によるの「に」
        if tok.pos1 == "動詞" and tok.surface in _GLOSS_VERBS and tok.cform.startswith("連体形"):
            continue
        if tok.pos1 == "助動詞" and tok.surface == "な":
            continue
        if _passive_participle(tokens, tokens.index(tok)):
            continue  # 正規化されたベクトル: a participle modifies the noun as an adjective does
        return False
    return True


def loanword_glosses(surface: str) -> list[str]:
    """English source words of the loanwords in ``surface`` (lower case)."""
    return [g.lower() for t in tokenize(surface) if (g := t.gloss)]


_ALNUM_RUN_RE: Final = re.compile(r"[a-z0-9]+")
_NOT_ALNUM_RE: Final = re.compile(r"[^a-z0-9]")


def gloss_overlap(ja: str, en: str) -> float:
    """Share of the katakana loanwords in ``ja`` whose gloss occurs in ``en``.

    ``グラフベース推論`` / ``graph-based inference``: graph and base both
    occur, so 1.0.  Returns 0.0 when ``ja`` has no glossed loanword.
    """
    if not _KATAKANA_RE.search(ja):
        return 0.0  # loanwords are written in katakana: no need to tokenise
    glosses = loanword_glosses(ja)
    if not glosses:
        return 0.0
    words = _ALNUM_RUN_RE.findall(unicodedata.normalize("NFKC", en).lower())
    joined = "".join(words)
    hits = 0
    for g in glosses:
        g = _NOT_ALNUM_RE.sub("", g)
        if not g:
            continue
        if any(w.startswith(g[: max(3, len(g) - 2)]) for w in words) or (len(g) >= 4 and g in joined):
            hits += 1
    return hits / len(glosses)
