"""How much each source of alignment evidence is worth, measured honestly.

    python benchmarks/alignment_eval.py      # needs ../shared (ja-wide, seeds, ja-dev), a pure install

1. Leave-one-repository-out cross-validation on ja-wide of the two weights the
   aligner fits (what a term cut short and a contradicted pair lose from their
   score): for each of the 12 repositories, the weights are chosen on the other
   11 and the held-out one is scored with them; the folds' true positives,
   false positives and misses are summed into one F1.  That figure, not the
   in-sample one, estimates the score on documents nobody tuned to.
2. Ablations on every shared set: no JMdict lexicon, no word pairs learned
   from the document, no context rules (reference IDs, versions, asides,
   inline code, headings' acronym labels, personal names), no markup parsing
   (every document read as plain text with the regular-expression masks),
   and no alignment at all.

Settings are switched by patching module attributes, so the pure-Python
package is required (a mypyc-compiled core inlines its constants).
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import glossary
from glossary.extract import align, analyse, segments

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WIDE = SHARED / "corpora" / "ja-wide"
DEV = SHARED / "corpora" / "ja-dev"
GRID = {"CUT_SHORT": (0.0, 0.2, 0.3, 0.45), "CONTRADICTED": (0.0, 0.2, 0.3, 0.4)}


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def patched(changes: dict[tuple[Any, str], Any]) -> Iterator[None]:
    """Module attributes set for the duration, with the aligner's memos forgotten on entry and exit.

    The aligner memoises each word's English evidence across documents: without the clearing, a
    setting that changes the evidence (no lexicon) would read the words memoised under the setting
    run before it, and the one after it the ablated ones.
    """
    old = {key: getattr(key[0], key[1]) for key in changes}
    align.clear_memos()
    try:
        for (module, name), value in changes.items():
            setattr(module, name, value)
        yield
    finally:
        for (module, name), value in old.items():
            setattr(module, name, value)
        align.clear_memos()


def _never(*_: object) -> bool:
    return False


_NO_MATCH = re.compile(r"(?!)")
ABLATIONS: dict[str, dict[tuple[Any, str], Any]] = {
    "full": {},
    "no lexicon": {(align, "lexicon_words"): lambda _form: frozenset()},
    "no learned pairs": {(analyse, "learn"): lambda _refusals: {}},
    "no context rules": {
        (analyse, "is_aside"): _never,
        (analyse, "_in_code"): _never,
        (analyse, "_in_heading"): _never,
        (analyse, "is_personal_name"): _never,
        (segments, "_REFERENCE_ID"): _NO_MATCH,
        (segments, "_NOT_A_GLOSS"): re.compile(
            "|".join(
                f"(?:{p.pattern})"
                for p in (segments._VERSION_ONLY, segments._FILE_NAME, segments._ASIDE, segments._QUANTITY)
            )
        ),
    },
    "no markup parsing": {},
    "no alignment": {
        (analyse, "CUT_SHORT"): 0.0,
        (analyse, "CONTRADICTED"): 0.0,
        (align, "MAX_UNITS"): 0,
        (analyse, "learn"): lambda _refusals: {},
    },
}


def _texts(pattern: str, folder: Path) -> dict[str, str]:
    """Documents named as files are (``va01.md``): the suffix says how each is parsed."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern))}


def _as_plain_text(texts: dict[str, str]) -> dict[str, str]:
    """The same documents under names without a suffix: read as plain text."""
    return {Path(name).stem: text for name, text in texts.items()}


def _score(scorer: Any, gold: dict[str, Any], texts: dict[str, str], docs: set[str]) -> dict[str, int]:
    g = glossary.build({name: text for name, text in texts.items() if Path(name).stem in docs})
    pred = json.loads(g.to_json())
    sub = dict(gold, concepts=[c for c in gold["concepts"] if set(c.get("docs", [])) & docs])
    res = scorer.score(sub, pred)["all"]
    return {k: res[k] for k in ("tp", "fp", "fn")}


def _f1(c: dict[str, int]) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _sum(counts: list[dict[str, int]]) -> dict[str, int]:
    return {k: sum(c[k] for c in counts) for k in ("tp", "fp", "fn")}


def cross_validate(scorer: Any) -> None:
    manifest = json.loads((WIDE / "manifest.json").read_text(encoding="utf-8"))
    gold = json.loads((WIDE / "gold.json").read_text(encoding="utf-8"))
    texts = _texts("*.md", WIDE / "docs")
    repos: dict[str, set[str]] = {}
    for d in manifest["documents"]:
        repos.setdefault(d["repo"], set()).add(d["id"])
    combos = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    # per setting, per repository: counts of that repository's documents alone
    table: list[dict[str, dict[str, int]]] = []
    for combo in combos:
        with patched({(analyse, k): v for k, v in combo.items()}):
            table.append({repo: _score(scorer, gold, texts, docs) for repo, docs in repos.items()})
    held: list[dict[str, int]] = []
    print(f"leave-one-repository-out over {len(repos)} repositories, grid {GRID}")
    for repo in repos:
        train = [_f1(_sum([row[r] for r in repos if r != repo]))[2] for row in table]
        # ties go to the larger penalties: the data cannot tell them apart, the rule's reason can
        best = max(range(len(combos)), key=lambda i: (train[i], i))
        held.append(table[best][repo])
        p, r, f = _f1(table[best][repo])
        print(f"  {repo:40s} chose {combos[best]}  held-out P {p:.3f} R {r:.3f} F1 {f:.3f}")
    p, r, f = _f1(_sum(held))
    print(f"cross-validated (folds summed): P {p:.3f} R {r:.3f} F1 {f:.3f}")
    current = {k: getattr(analyse, k) for k in GRID}
    i = combos.index(current)
    p, r, f = _f1(_sum(list(table[i].values())))
    print(f"in-sample, shipped weights {current}: P {p:.3f} R {r:.3f} F1 {f:.3f} (per-repository builds)")


def ablate(scorer: Any) -> None:
    sets: list[tuple[str, dict[str, str], Path]] = [
        ("ja-wide", _texts("*.md", WIDE / "docs"), WIDE / "gold.json"),
        ("seeds", _texts("*.txt", SHARED / "seeds"), SHARED / "eval" / "seeds-gold.json"),
        (
            "ja-dev",
            _texts("d*.md", SHARED / "corpora" / "ja-dev"),
            SHARED / "corpora" / "ja-dev" / "gold.json",
        ),
    ]
    print("\nablation (F1 on each whole set, one glossary per set)")
    print(f"  {'setting':18s}" + "".join(f"{name:>22s}" for name, _, _ in sets))
    for label, changes in ABLATIONS.items():
        cells = []
        with patched(changes):
            for _, texts, gold_path in sets:
                if label == "no markup parsing":
                    texts = _as_plain_text(texts)
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                pred = json.loads(glossary.build(texts).to_json())
                res = scorer.score(gold, pred)["all"]
                p, r, f = _f1({k: res[k] for k in ("tp", "fp", "fn")})
                cells.append(f"P{p:.2f} R{r:.2f} F1 {f:.3f}")
        print(f"  {label:18s}" + "".join(f"{c:>22s}" for c in cells))


def main() -> int:
    if not (SHARED / "eval" / "score.py").exists():
        print(f"no shared evaluation data at {SHARED}; nothing to measure", file=sys.stderr)
        return 0
    if not analyse.__file__ or not analyse.__file__.endswith(".py"):
        print("the compiled core is installed: run this with the pure-Python package", file=sys.stderr)
        return 2
    scorer = _scorer()
    cross_validate(scorer)
    ablate(scorer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
