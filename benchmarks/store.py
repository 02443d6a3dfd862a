#!/usr/bin/env python3
"""The SQLite store against the JSON file, at scale: build, update, open and look up.

    .venv/bin/python benchmarks/store.py                  # 10^6 definitions: about 15 minutes on 2 cores
    .venv/bin/python benchmarks/store.py --n 100000       # a quick look

Every step runs in a fresh process and reports its wall time, its CPU time
(user + system: the step's own cost on a machine other jobs share) and its peak
RSS (the models and the generated definitions included; the RSS before the
step is printed beside it).  Definitions are synthetic
(``benchmarks/synthetic.py``: about ten definitions per concept, fifty per
document, acronyms shared by many concepts): tagging 10^6 real brackets would
take the extractor most of an hour and measure the extractor, not the store.

1. build: ``GlossaryStore.build`` (``glossary extract ... -o terms.db``) against
   ``Glossary.from_definitions`` + ``save`` (``-o terms.json``), from ``--n``
   definitions;
2. ``glossary stats`` on the store and on the JSON file, before the
   updates (what they print must be the same); then the first writer's
   open of the same store as schema 1 wrote it (the migration to 2);
3. update: ``--update`` with ``--add`` new definitions in new documents, as
   one store transaction against the JSON path (load, rebuild, save); the
   store also takes a tenth and ten times fewer, and the same update is run
   on a store ten times smaller, to show what its time follows;
4. open and look up: ``glossary show TERM -g FILE`` as a user runs it
   (wall clock of the whole command, best of five), on the big store, on a
   one-entry store and on the JSON file; and ``glossary.open`` +
   ``lookup`` against ``glossary.load`` + ``lookup`` in Python.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import synthetic
from dataclasses import replace
step, path, n, extra = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

def new_defs(count, seed):
    # new concepts in new documents: the update adds, it replaces nothing
    return [replace(d, doc=f"new{seed}-" + d.doc) for d in synthetic.definitions(count, seed=seed)]

import glossary
from glossary.dictionary.glossary import Glossary
from glossary.store.sqlite import GlossaryStore
# the tagger and spaCy's lemmatizer load before the clock starts, in every step
glossary.find_definitions("確率的勾配降下法(Stochastic Gradient Descent、SGD)")
from glossary.dictionary.normalize import en_key
en_key("models")
out = {}
if step in ("build-store", "build-json"):
    t = time.perf_counter()
    defs = list(synthetic.definitions(n))
    out["generate_s"] = time.perf_counter() - t
    out["before_mb"] = rss()
    t, c = time.perf_counter(), cpu()
    if step == "build-store":
        with GlossaryStore(path) as store:
            g = store.build(defs)
    else:
        g = Glossary.from_definitions(defs)
        g.save(path)
    out["seconds"] = time.perf_counter() - t
    out["cpu_s"] = cpu() - c
    out["entries"] = len(g)
elif step in ("update-store", "update-json"):
    count, seed = (int(x) for x in extra.split(":"))
    defs = new_defs(count, seed)
    out["before_mb"] = rss()
    t, c = time.perf_counter(), cpu()
    if step == "update-store":
        with GlossaryStore(path) as store:
            report = store.update(defs)
        out["incremental"] = report.incremental
        out["region"] = report.region
        out["entries"] = report.entries_after
    else:  # what `glossary extract NEW --update terms.json` does after extracting
        g = Glossary.load(path)
        names = {d.doc for d in defs}
        g = Glossary.from_definitions([*(d for d in g.definitions if d.doc not in names), *defs],
                                      overrides=g.overrides)
        g.save(path)
        out["entries"] = len(g)
    out["seconds"] = time.perf_counter() - t
    out["cpu_s"] = cpu() - c
elif step == "migrate-store":  # the first writer's open of a schema-1 store
    out["before_mb"] = rss()
    t, c = time.perf_counter(), cpu()
    with GlossaryStore(path) as store:
        out["version"] = store.version
    out["seconds"] = time.perf_counter() - t
    out["cpu_s"] = cpu() - c
elif step in ("lookup-store", "lookup-json"):
    out["before_mb"] = rss()
    t, c = time.perf_counter(), cpu()
    if step == "lookup-store":
        with glossary.open(path, readonly=True) as store:
            out["open_s"] = time.perf_counter() - t
            hit = store.lookup(extra, suggest=False)
    else:
        g = glossary.load(path)
        out["open_s"] = time.perf_counter() - t
        hit = g.lookup(extra)
    out["seconds"] = time.perf_counter() - t
    out["cpu_s"] = cpu() - c
    out["found"] = len(hit.entries)
out["peak_mb"] = rss()
print(json.dumps(out))
"""

SHOW = r"""
import resource, sys
from glossary.cli.commands import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, code, file=sys.stderr)
"""


ENV = dict(os.environ)


def child(step: str, path: Path, n: int = 0, extra: str = "") -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(HERE), step, str(path), str(n), extra],
        capture_output=True,
        text=True,
        env=ENV,
    )
    if proc.returncode:
        raise SystemExit(f"{step} failed:\n{proc.stderr}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def show(path: Path, term: str, runs: int) -> tuple[float, float, float]:
    """``glossary show TERM -g PATH`` as a user runs it (a whole process): best wall clock, best CPU
    seconds (user + system: what the command costs, whatever else the machine runs), and peak RSS."""
    wall, cpu, peak, _ = command(["show", term, "-g", str(path)], runs)
    return wall, cpu, peak


def command(args: list[str], runs: int) -> tuple[float, float, float, str]:
    """``glossary ARGS`` in a whole process, ``runs`` times: best wall clock, best CPU seconds, peak RSS
    and what it printed."""
    best, best_cpu, peak, out = float("inf"), float("inf"), 0.0, ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", SHOW, *args], capture_output=True, text=True, env=ENV)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode or not proc.stdout:
            raise SystemExit(f"glossary {' '.join(args)} failed:\n{proc.stderr}")
        best = min(best, wall)
        best_cpu = min(best_cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        peak, out = float(proc.stderr.split()[-2]), proc.stdout
    return best, best_cpu, peak, out


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def line(what: str, r: dict[str, Any]) -> str:
    extra = "".join(f", {k} {v}" for k, v in r.items() if k in ("entries", "incremental", "region", "found"))
    mem = f"peak {r['peak_mb']:7.0f} MB (before {r['before_mb']:.0f})"
    return f"  {what:<46} {r['seconds']:8.2f} s  cpu {r['cpu_s']:8.2f} s  {mem}{extra}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="definitions in the glossary (default 10^6)")
    ap.add_argument("--add", type=int, default=10_000, help="new definitions in the update (default 10^4)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each show command (best is kept)")
    ap.add_argument("--dir", help="where the files go (default: a temporary folder)")
    args = ap.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="glossary-store-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # as an installed package runs: compiled bytecode cached (here, outside the source tree)
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    db, js, small = work / "terms.db", work / "terms.json", work / "small.db"
    for p in (db, js, small, work / "one.db"):
        for f in p.parent.glob(p.name + "*"):
            f.unlink()
    results: dict[str, Any] = {"n": args.n, "add": args.add, "cpus": os.cpu_count()}
    print(f"glossary store benchmark: {args.n:,} definitions, update {args.add:,} (files in {work})")

    print("build")
    results["build_store"] = r = child("build-store", db, args.n)
    print(line(f"store  ({size_mb(db):.0f} MB)", r) + f"; generating the definitions {r['generate_s']:.1f} s")
    results["build_json"] = r = child("build-json", js, args.n)
    print(line(f"JSON   ({size_mb(js):.0f} MB)", r))
    results["sizes_mb"] = {"store": size_mb(db), "json": size_mb(js)}

    print("stats (the same glossary: the printed figures must agree)")
    printed = {}
    for label, path, runs in (
        ("glossary stats -g terms.db", db, args.runs),
        ("glossary stats -g terms.json", js, 1),
    ):
        wall, cpu, peak, printed[label] = command(["stats", "-g", str(path)], runs)
        results[label] = {"seconds": wall, "cpu_s": cpu, "peak_mb": peak}
        print(f"  {label:<46} {wall:8.2f} s  cpu {cpu:8.2f} s  peak {peak:7.0f} MB")
    if len(set(printed.values())) != 1:
        raise SystemExit("glossary stats printed different figures for the store and the JSON file")

    print("migration (the same store as schema 1 wrote it, without key_groups)")
    v1 = work / "v1.db"
    shutil.copyfile(db, v1)
    with closing(sqlite3.connect(v1)) as conn:
        conn.execute("DROP TABLE key_groups")
        conn.execute("PRAGMA user_version = 1")
    results["migrate_store"] = r = child("migrate-store", v1)
    print(line(f"open for writing: schema 1 -> {r['version']}", r))
    for f in work.glob("v1.db*"):
        f.unlink()

    print("update (new documents)")
    results["update_store_small_first"] = r = child("update-store", db, 0, f"{max(1, args.add // 10)}:101")
    print(line(f"store, {max(1, args.add // 10):,} new definitions", r))
    results["update_store"] = r = child("update-store", db, 0, f"{args.add}:102")
    print(line(f"store, {args.add:,} new definitions", r))
    results["update_json"] = r = child("update-json", js, 0, f"{args.add}:102")
    print(line(f"JSON, {args.add:,} new definitions", r))
    child("build-store", small, max(1, args.n // 10))
    results["update_small_store"] = r = child("update-store", small, 0, f"{args.add}:102")
    print(line(f"store of {args.n // 10:,}, {args.add:,} new definitions", r))

    print("open and look up")
    import synthetic

    first = next(iter(synthetic.definitions(args.n)))  # the generator makes its concepts first
    term, acronym = (
        first.parts[0].text,
        first.parts[-1].text,
    )  # a Japanese term and an acronym the store holds
    only = next(iter(synthetic.definitions(1)))
    one = work / "one.db"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import glossary, sys; sys.path.insert(0, sys.argv[2]); import synthetic; "
            "glossary.Glossary.from_definitions(list(synthetic.definitions(1))).save(sys.argv[1])",
            str(one),
            str(HERE),
        ],
        check=True,
    )
    show(one, only.parts[0].text, 1)  # the first run compiles and caches the bytecode
    for label, path, q, runs in (
        ("glossary show TERM -g terms.db", db, term, args.runs),
        ("glossary show ACRONYM -g terms.db", db, acronym, args.runs),
        ("glossary show TERM -g one.db (one entry)", one, only.parts[0].text, args.runs),
        ("glossary show TERM -g terms.json", js, term, 1),
    ):
        wall, cpu, peak = show(path, q, runs)
        results[label] = {"seconds": wall, "cpu_s": cpu, "peak_mb": peak}
        print(f"  {label:<46} {wall:8.2f} s  cpu {cpu:8.2f} s  peak {peak:7.0f} MB")
    for label, code in (
        ("python -c pass (interpreter start)", "pass"),
        ("import glossary.cli.commands", "import glossary.cli.commands"),
    ):
        best, best_cpu = float("inf"), float("inf")
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
            best = min(best, time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best_cpu = min(best_cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        results[label] = {"seconds": best, "cpu_s": best_cpu}
        print(f"  {label:<46} {best:8.2f} s  cpu {best_cpu:8.2f} s")
    for step, path in (("lookup-store", db), ("lookup-json", js)):
        results[step] = r = child(step, path, 0, term)
        print(
            line(f"python: {'glossary.open' if 'store' in step else 'glossary.load'} + lookup", r)
            + f"; opening {r['open_s']:.2f} s"
        )
    out = HERE / "results_store.json"
    out.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
