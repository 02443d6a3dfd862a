#!/usr/bin/env python3
"""Time and memory of hostile inputs against their size: is every case linear, is memory bounded?

    .venv/bin/python benchmarks/robustness.py                  # every case at 1x, 2x, 4x, 8x
    .venv/bin/python benchmarks/robustness.py --cases long     # the cases whose name holds "long"
    .venv/bin/python benchmarks/robustness.py --scale 4        # four times larger inputs

Each case (the robustness table in README) is built at 1x, 2x, 4x and 8x its
size and run in a fresh process per size: the CPU time of the step (best of
``--rounds``; CPU seconds, not wall-clock, because this VM's neighbours take
up to half of a wall-clock second) and the process's peak memory above what it held before the
input was built, in MB and in bytes per input character.  Linear work gives
an 8x / 1x time ratio near 8 (quadratic: 64); bounded memory gives flat bytes
per character.  The documents cases go through ``glossary.find_definitions``,
the file cases through ``glossary.io.read_document`` (binary files are
refused from their first 64 KB, so their time and memory stay flat whatever
their size).  The tests assert only that these inputs complete
(tests/test_robustness.py, tests/cli/test_cli_safety.py); the figures live here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

DEF = "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。"
DENSE = "本文ではサブネットワーク(subnetwork)と小さな実証(PoC)を扱い、"
SIZES = (1, 2, 4, 8)


def text_cases(scale: float) -> dict[str, Callable[[int], str]]:
    def k(n: int) -> int:
        return max(1, int(n * scale))

    return {
        "long line, dense definitions": lambda m: DENSE * k(2_500 * m),
        "definitions back to back": lambda m: DEF * k(1_000 * m),
        "long line, prose": lambda m: "本文の文章が続く。" * k(150_000 * m) + DEF,
        "unmatched '('": lambda m: "(" * k(1_000_000 * m) + DEF,
        "stray ')'": lambda m: ")" * k(1_000_000 * m) + DEF,
        "mixed openers '([（［'": lambda m: "([（［" * k(250_000 * m) + DEF,
        "'(' then ')' nested": lambda m: "(" * k(50_000 * m) + "語" + ")" * k(50_000 * m) + DEF,
        "chained '(A)(B)(C)...'": lambda m: "語" + "(SGD)" * k(20_000 * m),
        "control characters": lambda m: ("\x01\x02確率\x7f" * k(50_000 * m)) + DEF,
        "emoji / ZWJ": lambda m: "😀👨\u200d👩\u200d👧" * k(50_000 * m) + DEF,
        "combining marks": lambda m: "e\u0301\u0308" * k(100_000 * m) + DEF,
        "NFKC-changing '㍿ﬁｶﾞ'": lambda m: "㍿ﬁｶﾞ" * k(100_000 * m) + DEF,
    }


def file_cases(scale: float) -> dict[str, Callable[[int], bytes]]:
    def k(n: int) -> int:
        return max(1, int(n * scale))

    prose = "本文の文章が続く。"
    return {
        "file: binary with NUL bytes": lambda m: bytes(range(256)) * k(40_000 * m),
        "file: binary without NUL": lambda m: bytes(range(1, 32)) * k(330_000 * m),
        "file: decode UTF-8": lambda m: (prose * k(100_000 * m)).encode("utf-8"),
        "file: decode Shift_JIS (detected)": lambda m: (prose * k(100_000 * m)).encode("cp932"),
        "file: decode EUC-JP (detected)": lambda m: (prose * k(100_000 * m)).encode("euc_jp"),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def child(case: str, size: int, scale: float, rounds: int, path: str | None) -> dict[str, float]:
    """One case at one size, in this (fresh) process: seconds, input characters, memory.

    A file case reads ``path``, written by the parent, so building it costs this process nothing.
    """
    from glossary import find_definitions
    from glossary.io import ReadError, read_document
    from glossary.text.tokenizer import _tokenize_cached

    find_definitions(DEF + DENSE)  # the tagger and the lexicon load before the baseline
    texts = text_cases(scale)
    data = ""
    if path is None:
        data = texts[case](size)
        chars = len(data)
        base = _peak_mb()

        def step() -> None:
            find_definitions(data)

    else:
        chars = os.path.getsize(path)
        base = _peak_mb()

        def step() -> None:
            try:
                read_document(path)
            except ReadError:
                pass

    best = float("inf")
    for _ in range(rounds):
        _tokenize_cached.cache_clear()
        started = time.process_time()
        step()
        best = min(best, time.process_time() - started)
    return {"seconds": best, "chars": chars, "extra_mb": max(0.0, _peak_mb() - base)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="input size factor (default 1)")
    p.add_argument("--rounds", type=int, default=2, help="best of this many runs (default 2)")
    p.add_argument("--cases", default="", help="only the cases whose name contains this")
    p.add_argument("--child", nargs="+", metavar="CASE SIZE [PATH]", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        path = args.child[2] if len(args.child) > 2 else None
        result = child(args.child[0], int(args.child[1]), args.scale, args.rounds, path)
        print(json.dumps(result))
        return
    files = file_cases(args.scale)
    names = [n for n in [*text_cases(args.scale), *file_cases(args.scale)] if args.cases in n]
    head = " ".join(f"{f'{m}x cpu s':>9}" for m in SIZES)
    print(f"{'case':34} {'chars 1x':>11} {head} {'8x/1x':>6} {'MB 1x':>7} {'MB 8x':>7} {'B/char 8x':>9}")
    for name in names:
        rows = {}
        for m in SIZES:
            extra = []
            if name in files:
                with tempfile.NamedTemporaryFile(delete=False, suffix=".txt") as fh:
                    fh.write(files[name](m))
                extra = [fh.name]
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", name, str(m), *extra, "--scale", str(args.scale),
                     "--rounds", str(args.rounds)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
            finally:
                for f in extra:
                    os.unlink(f)
            rows[m] = json.loads(out.stdout.strip().splitlines()[-1])
        times = " ".join(f"{rows[m]['seconds']:9.3f}" for m in SIZES)
        ratio = rows[8]["seconds"] / rows[1]["seconds"] if rows[1]["seconds"] > 0 else float("nan")
        per_char = rows[8]["extra_mb"] * 1024 * 1024 / rows[8]["chars"]
        print(
            f"{name:34} {rows[1]['chars']:>11,.0f} {times} {ratio:6.1f} "
            f"{rows[1]['extra_mb']:7.1f} {rows[8]['extra_mb']:7.1f} {per_char:9.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
