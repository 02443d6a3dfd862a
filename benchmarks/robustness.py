#!/usr/bin/env python3
"""Time of hostile inputs against their size: is every case linear?

    .venv/bin/python benchmarks/robustness.py            # sizes 1x, 2x, 4x of each case
    .venv/bin/python benchmarks/robustness.py --scale 4  # four times larger inputs

For each hostile family (the robustness table in README) the input is built
at three sizes; the best of ``--rounds`` runs of ``glossary.find_definitions``
(and of ``glossary.io.decode_bytes`` for the encodings) is printed with the
ratio of the largest to the smallest time.  Linear work gives a ratio near
4 for 4x the input; quadratic work would give 16.  The tests assert only that
these inputs complete (tests/test_robustness.py); the times live here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from glossary import find_definitions
from glossary.io import decode_bytes
from glossary.tokenizer import _tokenize_cached

DEF = "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。"


def families(scale: float) -> dict[str, Callable[[int], object]]:
    def k(n: int) -> int:
        return int(n * scale)

    return {
        "no newline, prose (chars)": lambda m: "本文の文章が続く。" * k(150_000 * m) + DEF,
        "unmatched '(' ": lambda m: "(" * k(250_000 * m) + DEF,
        "stray ')' ": lambda m: ")" * k(250_000 * m) + DEF,
        "'(' then ')' nested": lambda m: "(" * k(50_000 * m) + "語" + ")" * k(50_000 * m) + DEF,
        "mixed openers '([（［'": lambda m: "([（［" * k(60_000 * m) + DEF,
        "definitions back to back": lambda m: DEF * k(2_000 * m),
        "chained brackets '(A)(B)(C)...'": lambda m: "語" + "(SGD)" * k(20_000 * m),
        "control characters": lambda m: ("\x01\x02確率\x7f" * k(50_000 * m)) + DEF,
        "emoji / ZWJ": lambda m: "😀👨\u200d👩\u200d👧" * k(50_000 * m) + DEF,
        "combining marks": lambda m: "e\u0301\u0308" * k(100_000 * m) + DEF,
        "NFKC-changing '㍿ﬁｶﾞ'": lambda m: "㍿ﬁｶﾞ" * k(100_000 * m) + DEF,
    }


def decodes(scale: float) -> dict[str, Callable[[int], bytes]]:
    text = "本文の文章が続く。" * int(100_000 * scale)
    return {
        "decode UTF-8": lambda m: (text * m).encode("utf-8"),
        "decode Shift_JIS (detected)": lambda m: (text * m).encode("cp932"),
        "decode EUC-JP (detected)": lambda m: (text * m).encode("euc_jp"),
    }


def best(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        _tokenize_cached.cache_clear()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="input size factor (default 1)")
    p.add_argument("--rounds", type=int, default=3, help="best of this many runs (default 3)")
    args = p.parse_args()
    print(f"{'case':34} {'size 1x':>10} {'1x s':>8} {'2x s':>8} {'4x s':>8} {'4x/1x':>6}")
    rows: list[tuple[str, Callable[[int], object], Callable[[object], object]]] = []
    for name, make in families(args.scale).items():
        rows.append((name, make, lambda x: find_definitions(x)))  # type: ignore[arg-type]
    for name, make_b in decodes(args.scale).items():
        rows.append((name, make_b, lambda x: decode_bytes(x)))  # type: ignore[arg-type]
    for name, make, run in rows:
        inputs = {m: make(m) for m in (1, 2, 4)}
        times = {m: best(lambda x=inputs[m], f=run: f(x), args.rounds) for m in (1, 2, 4)}
        size = len(inputs[1])  # type: ignore[arg-type]
        ratio = times[4] / times[1] if times[1] > 0 else float("nan")
        cols = f"{times[1]:8.3f} {times[2]:8.3f} {times[4]:8.3f} {ratio:6.1f}"
        print(f"{name:34} {size:>10,} {cols}", flush=True)


if __name__ == "__main__":
    main()
