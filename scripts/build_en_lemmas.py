"""Build ``src/glossary/data/en_noun_lemmas.txt.gz``, the English noun tables of ``glossary.dictionary.normalize``.

For maintainers only: the library reads the file this script writes and never imports spaCy for it.  The
source is spaCy's English rule lemmatiser data in the ``spacy-lookups-data`` package (1.0.5 when the file
was last built), itself derived from WordNet 3.0::

    pip install spacy-lookups-data
    python scripts/build_en_lemmas.py

``glossary.dictionary.normalize.lemma_en`` reads every word as a noun, so only the noun part of three tables is kept:
the suffix rules in their order, the exceptions (``analyses`` -> ``analysis``; the first lemma of each) and
the index of known nouns.  Entries that are not a single alphabetic word are dropped, since the lemmatiser
is only asked about alphabetic words and its rules only make alphabetic ones; that leaves about 55,000
nouns, 200 KB gzipped, against the package's 98.5 MB.  The file has three lines after a comment: the rules
(``old:new`` separated by spaces), the exceptions (``word:lemma``) and the index (words), each sorted where
order does not matter, gzipped with a fixed timestamp so a rebuild gives the same bytes.
``tests/dictionary/test_normalize.py`` checks the result against spaCy's lemmatiser when the package is installed.
The WordNet licence travels with the data: ``src/glossary/data/WORDNET_LICENCE.txt``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "glossary" / "data" / "en_noun_lemmas.txt.gz"


def _table(name: str) -> dict[str, object]:
    path = files("spacy_lookups_data") / "data" / f"en_{name}.json.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        table: dict[str, object] = json.load(text)
    return table


def build(out: Path) -> tuple[int, int]:
    """Write the file; returns (exceptions, index words)."""
    rules = [(old, new) for old, new in _table("lemma_rules")["noun"]]  # type: ignore[attr-defined]
    exc = {
        word: lemmas[0]
        for word, lemmas in _table("lemma_exc")["noun"].items()  # type: ignore[attr-defined]
        if word.isalpha() and lemmas
    }
    index = sorted(w for w in _table("lemma_index")["noun"] if w.isalpha())  # type: ignore[attr-defined]
    for old, new in rules:
        if not (old + new).isalpha():
            raise SystemExit(f"unexpected rule {old!r} -> {new!r}: the file format needs letters only")
    for word, lemma in exc.items():
        if not lemma or any(c.isspace() or c == ":" for c in lemma):
            raise SystemExit(f"unexpected lemma {lemma!r} of {word!r}: the file format needs one word")
    lines = [
        f"# English noun lemmas from spacy-lookups-data {version('spacy-lookups-data')} (WordNet 3.0); "
        "built by scripts/build_en_lemmas.py",
        " ".join(f"{old}:{new}" for old, new in rules),
        " ".join(f"{w}:{exc[w]}" for w in sorted(exc)),
        " ".join(index),
    ]
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(exc), len(index)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    n_exc, n_index = build(args.out)
    print(f"{args.out}: {n_exc} exceptions, {n_index} nouns, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
