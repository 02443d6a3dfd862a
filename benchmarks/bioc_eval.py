#!/usr/bin/env python3
"""Score glossary's English abbreviation engine on the BioC gold corpora.

    .venv/bin/python benchmarks/bioc_eval.py [CORPUS.xml ...] [--show-errors N] [--full]

Runs :func:`glossary.english.english_definitions` on every document (passages
joined by a space) and scores exact-match (short, long) sets with the shared
scorer's own ``load_bioc`` / ``score`` functions, so the figures are the
scorer's.  ``--full`` also runs the shared scorer itself (``glossary.find_definitions``
next to the peers).  Skips with a message when the corpora are absent.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path("/work/shared")
SCORER = SHARED / "eval" / "bioc_score.py"
DEFAULT = sorted(glob.glob(str(SHARED / "corpora" / "bioc" / "*.xml")))


def _load_scorer():
    spec = importlib.util.spec_from_file_location("bioc_score", SCORER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_english(text: str) -> set[tuple[str, str]]:
    from glossary.english import english_definitions

    out = set()
    for d in english_definitions(text):
        if d.abbr is not None and d.en is not None:
            out.add((d.abbr.text, d.en.text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", default=DEFAULT)
    ap.add_argument("--show-errors", type=int, default=0, metavar="N")
    ap.add_argument(
        "--full", action="store_true", help="also run the shared scorer (find_definitions + peers)"
    )
    a = ap.parse_args(argv)
    if not SCORER.exists() or not a.corpora:
        print(f"skipped: {SCORER} or the BioC corpora are not present")
        return 0
    scorer = _load_scorer()
    for path in a.corpora:
        docs = scorer.load_bioc(path)
        name = Path(path).name.replace("_bioc_gold.xml", "")
        t0 = time.perf_counter()
        exact, errors = scorer.score(docs, run_english, False)
        secs = time.perf_counter() - t0
        print(
            f"{name:10s} english        exact P={exact['P']:.3f} R={exact['R']:.3f} F1={exact['F1']:.3f}"
            f"  tp={exact['tp']} fp={exact['fp']} fn={exact['fn']}  ({secs:.1f} s)"
        )
        for kind, doc_id, (sf, lf) in errors[: a.show_errors]:
            print(f"   {kind} {doc_id}: {sf} = {lf}")
    if a.full:
        return subprocess.call([sys.executable, str(SCORER), *a.corpora])
    return 0


if __name__ == "__main__":
    sys.exit(main())
