"""Score extraction quality the way the project is judged.

Runs ``glossary extract --format json`` over each evaluation set and scores it
with ``../shared/eval/score.py`` (when the shared folder is present) or with
the project's own test scorer for the bundled samples::

    python benchmarks/quality.py            # every set that is available
    python benchmarks/quality.py --errors   # list false positives and misses

Sets: the five seed articles, the eight ja-dev documents, and ``data/samples``.
"""

from __future__ import annotations

import argparse
import glob
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

SETS = [
    ("seeds", str(SHARED / "seeds" / "*.txt"), SHARED / "eval" / "seeds-gold.json"),
    ("ja-dev", str(SHARED / "corpora" / "ja-dev" / "d*.md"), SHARED / "corpora" / "ja-dev" / "gold.json"),
    ("samples", str(ROOT / "data" / "samples" / "*.md"), ROOT / "data" / "samples" / "gold.json"),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="show false positives and misses")
    args = ap.parse_args()
    if not SCORER.exists():
        print(f"scorer not found at {SCORER}; nothing to score", file=sys.stderr)
        return 0
    for name, pattern, gold in SETS:
        files = sorted(glob.glob(pattern))
        if not files or not gold.exists():
            print(f"{name:8s} skipped (not present)")
            continue
        with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False) as out:
            cmd = [sys.executable, "-m", "glossary", "extract", *files, "--format", "json"]
            subprocess.run(cmd, check=True, stdout=out)
        score_cmd = [sys.executable, str(SCORER), "--gold", str(gold), "--pred", out.name]
        if args.errors:
            score_cmd.append("--show-errors")
        result = subprocess.run(score_cmd, check=True, capture_output=True, text=True).stdout.strip()
        Path(out.name).unlink()
        print(f"{name:8s} {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
