"""Build ``src/glossary/data/jmdict_en_words.txt.gz``: the English words JMdict translates Japanese words by.

For maintainers only (the library reads the file this writes).  It is derived from the table
``src/glossary/data/jmdict_en.bin`` as installed (see ``scripts/build_lexicon.py``): every English
content word of the glosses of a Japanese form (kana or kanji; forms written in Latin letters, JMdict's
abbreviations such as ``DNA``, are left out, since their glosses repeat the abbreviation), alphabetic and
of four letters or more, one per line, sorted.  ``glossary.extract.lexicon.is_english_word`` reads it: a
word in capitals before a bracket that is one of these words reads as the word, not as an acronym.
Rebuild it whenever the table is rebuilt; the same table gives the same bytes (gzip without a time
stamp).  Derived from JMdict, it keeps JMdict's licence (CC BY-SA, see
``src/glossary/data/JMDICT_LICENCE.txt``).

    python scripts/build_lexicon_words.py
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections.abc import Iterable
from pathlib import Path

from glossary.extract.lexicon import lines

_WORD = re.compile(r"[a-z]{4,}")
_LATIN_FORM = re.compile(r"[A-Za-z0-9]")


def words_of(rows: Iterable[bytes]) -> list[str]:
    """The sorted English words of the glosses of the table's Japanese forms."""
    found: set[str] = set()
    for line in rows:
        form, _, words = line.decode("utf-8").partition("\t")
        if not _LATIN_FORM.match(form):
            found.update(w for w in words.split(" ") if _WORD.fullmatch(w))
    return sorted(found)


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "src" / "glossary" / "data"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=root / "jmdict_en_words.txt.gz")
    args = parser.parse_args()
    words = words_of(lines())  # the installed table: an editable install reads src/glossary/data
    body = ("\n".join(words) + "\n").encode("utf-8")
    args.out.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    print(f"{len(words)} words -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
