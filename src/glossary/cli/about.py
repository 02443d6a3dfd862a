"""What this install runs on, for ``glossary --version``: the core, the tagger and the lexicons.

A user comparing speeds or results needs to know whether the extractor is the
mypyc-compiled core or pure Python (and why: ``setup.py`` leaves a one-line note
in the package), which tagger and dictionary tokenise the Japanese, and which
word tables align and normalise terms.  Nothing here loads the tagger.
"""

from __future__ import annotations

from importlib import metadata
from importlib.resources import files

__all__ = ["core", "describe"]


def core() -> tuple[bool, str]:
    """(compiled, how it was built): whether the extractor's hot path runs as mypyc-compiled modules."""
    import glossary.extract.analyse

    compiled = not str(glossary.extract.analyse.__file__).endswith(".py")
    try:
        note = (files("glossary") / "_build.txt").read_text(encoding="utf-8").strip()
    except OSError:
        note = ""
    if compiled:
        return True, "compiled with mypyc"
    why = note.partition(": ")[2] if note.startswith("pure") else ""
    if not why:
        why = "running from the source tree (pip install -e . or PYTHONPATH=src)"
    return False, f"pure Python: {why}"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _source(name: str, pattern: str) -> str | None:
    """Where a shipped table came from, as its licence notice names it (``jamdict-data 1.5``)."""
    import re

    try:
        text = (files("glossary") / "data" / name).read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(pattern, text)
    return found.group() if found else None


def describe() -> str:
    """The ``--version`` text: version, core, tagger and lexicons, one per line."""
    from glossary import __version__
    from glossary.extract import lexicon

    _, how = core()
    if lexicon.available():
        jmdict = f"JMdict from {_source('JMDICT_LICENCE.txt', r'jamdict-data [0-9.]+') or 'jamdict-data'}"
    else:
        jmdict = "missing (data/jmdict_en.bin): the aligner has no dictionary evidence"
    lemmas = _source("WORDNET_LICENCE.txt", r"spacy-lookups-data [0-9.]+") or "missing"
    lines = [
        f"glossary {__version__}",
        f"core: {how}",
        f"tagger: fugashi {_version('fugashi')} (MeCab) with unidic-lite {_version('unidic-lite')}",
        f"lexicon: {jmdict}; English lemmas: WordNet 3.0 from {lemmas}",
    ]
    return "\n".join(lines)
