#!/usr/bin/env python3
"""Score glossary's English abbreviation engine on the BioC gold corpora.

    .venv/bin/python benchmarks/bioc_eval.py [CORPUS.xml ...] [--show-errors N] [--full] [--loo]

Runs :func:`glossary.extract.english.english_definitions` on every document (passages
joined by a space) and scores exact-match (short, long) sets with the shared
scorer's own ``load_bioc`` / ``score`` functions, so the figures are the
scorer's.  ``--full`` also runs the shared scorer itself (``glossary.find_definitions``
next to the peers).  ``--loo`` measures generalisation: for every tunable
constant in :data:`GRID`, the value that scores best on all corpora but one is
chosen and the held-out corpus is scored with it (leave one corpus out).
Skips with a message when the corpora are absent.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import math
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
    from glossary.extract.english import english_definitions

    out = set()
    for d in english_definitions(text):
        if d.abbr is not None and d.en is not None:
            out.add((d.abbr.text, d.en.text))
    return out


# tunable constants: (module, name) -> values tried by --loo (the current value is always added)
GRID: dict[tuple[str, str], list[float]] = {
    ("abbrev", "SKIP_CONTENT"): [0.6, 0.9, 1.2, 1.5, 1.8, 2.2],
    ("abbrev", "SKIP_TRAILING"): [0.6, 0.9, 1.2, 1.5, 1.8],
    ("abbrev", "SKIP_HEAD"): [0.2, 0.35, 0.5, 0.7, 1.0],
    ("abbrev", "INNER_COST"): [0.4, 0.5, 0.6, 0.8, 1.0],
    ("abbrev", "UNMATCHED_DIGIT"): [0.5, 0.75, 1.0, 1.5, 2.0],
    ("abbrev", "COMMA_COST"): [0.2, 0.4, 0.6, 0.8, 1.2, 1.6],
    ("abbrev", "SCALE"): [0.5, 0.65, 0.8, 1.0, 1.2, 1.5],
    ("abbrev", "PER_CHAR"): [0.2, 0.28, 0.35, 0.45, 0.55],
    ("abbrev", "MIN_SCORE"): [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4],
    ("abbrev", "SKIP_NUMERAL"): [0.15, 0.3, 0.6, 1.0, 1.5],
    ("abbrev", "HYPHEN_START"): [0.5, 1.0, 1.6, 2.2, 3.0, math.inf],
    ("abbrev", "ROTATE_COST"): [0.5, 1.0, 1.6, 2.2, 3.0, math.inf],
    ("abbrev", "ROTATE_AFTER_BRACKET"): [0.0, 0.3, 0.8, 1.6],
    ("abbrev", "MAX_COMPOUND_SHORT_LEN"): [12, 14, 16, 20],
    ("english", "SF_FIRST_MIN"): [0.1, 0.2, 0.3, 0.4, 0.5],
    ("english", "INSIDE_MIN"): [0.15, 0.3, 0.45, 0.6],
    ("english", "APPOSITION_MIN"): [0.5, 0.65, 0.75, 0.85, 0.95],
    ("english", "MAX_SF_FIRST_WORDS"): [6, 8, 10, 12, 16],
}
MIN_P = 0.95  # a value is eligible on the training corpora only if it keeps this precision on each


def _set(module: str, name: str, value: float) -> None:
    from glossary.extract import abbrev, english

    mod = abbrev if module == "abbrev" else english
    setattr(mod, name, value)
    if module == "abbrev" and hasattr(english, name):
        setattr(english, name, value)  # english imports some constants by value


def _counts(scorer, corpora: dict[str, list]) -> dict[str, tuple[int, int, int]]:
    out = {}
    for name, docs in corpora.items():
        exact, _ = scorer.score(docs, run_english, False)
        out[name] = (exact["tp"], exact["fp"], exact["fn"])
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _train_objective(counts: dict[str, tuple[int, int, int]], train: list[str]) -> float:
    """Mean F1 over the training corpora; values that break the precision floor on one rank last."""
    scores = [_prf(*counts[c]) for c in train]
    penalty = sum(1.0 for p, _, _ in scores if p < MIN_P)
    return sum(f for _, _, f in scores) / len(scores) - penalty


def leave_one_out(scorer, corpora: dict[str, list]) -> None:
    """Per constant: best value on the other corpora, scored on the held-out one."""
    from glossary.extract import abbrev, english

    names = list(corpora)
    print(
        f"{'constant':22s} {'now':>6s}  " + "  ".join(f"{n + ' held-out (F1 best/now)':>34s}" for n in names)
    )
    for (module, cname), values in GRID.items():
        mod = abbrev if module == "abbrev" else english
        current = getattr(mod, cname)
        grid = sorted({*values, current})
        table = {}
        for v in grid:
            _set(module, cname, v)
            table[v] = _counts(scorer, corpora)
        _set(module, cname, current)
        cells, picks = [], []
        for held in names:
            train = [n for n in names if n != held]
            pick = max(grid, key=lambda v: (_train_objective(table[v], train), v == current))
            picks.append(pick)
            p, _, f = _prf(*table[pick][held])
            _, _, f_now = _prf(*table[current][held])
            cells.append(f"v={pick:<5g} P={p:.3f} F1={f:.3f}/{f_now:.3f}")
        spread = max(picks) - min(picks)
        flag = "  <- folds disagree" if spread > 0.25 * max(abs(current), 1e-9) else ""
        print(f"{cname:22s} {current:6g}  " + "  ".join(f"{c:>34s}" for c in cells) + flag)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", default=DEFAULT)
    ap.add_argument("--show-errors", type=int, default=0, metavar="N")
    ap.add_argument(
        "--full", action="store_true", help="also run the shared scorer (find_definitions + peers)"
    )
    ap.add_argument("--loo", action="store_true", help="leave-one-corpus-out check of every tunable constant")
    a = ap.parse_args(argv)
    if not SCORER.exists() or not a.corpora:
        print(f"skipped: {SCORER} or the BioC corpora are not present")
        return 0
    scorer = _load_scorer()
    if a.loo:
        corpora = {Path(p).name.replace("_bioc_gold.xml", ""): scorer.load_bioc(p) for p in a.corpora}
        leave_one_out(scorer, corpora)
        return 0
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
