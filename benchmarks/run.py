#!/usr/bin/env python3
"""Speed, memory and scale of glossary, measured in one run.

    .venv/bin/python benchmarks/run.py                 # defaults: well under 10 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --dict-max 1000000   # adds 10^6 definitions: ~3 minutes more

Prints figures and writes them to ``benchmarks/results.json``:

1. throughput on synthetic corpora (``article``: blocks of the bundled
   texts with prose between them, at the seeds' 2.5 brackets per KB;
   ``seeds``: blocks of the real articles in ../shared/seeds only, when
   present; ``prose``: bracket-free prose with about one definition per 5 KB;
   ``dense``: blocks of our test samples only, at their 12.6 brackets per KB,
   with no target) of (a) ``glossary.find_definitions``,
   (b) fugashi tokenising the same documents, (c) a bare bracket scan
   (``re.finditer``), (d) parsing the documents' Markdown alone (they are
   named ``*.md``, so (a) parses them too: its share of (a) is printed); best
   of ``--rounds`` interleaved rounds, in MB per CPU-second of this process
   (wall-clock figures are in the JSON too: on a machine shared with other
   jobs they measure the neighbours as well);
   (a) runs cold: the tokenizer's cache and the aligner's word memos are
   cleared before every document, so the repeated blocks of a synthetic
   corpus cannot flatter it;
2. the windowed extractor against references that tokenise everything:
   the whole document tokenised once and the term before each bracket read
   from that, and ``glossary.extract.japanese.WINDOW`` set to a huge value;
3. peak memory while streaming a ``--big-mb`` corpus from disk, a document at
   a time, in a fresh process (with and without keeping the definitions and
   building the glossary at the end);
4. ``glossary.extract.parallel.extract_many`` with 1 and 2 processes on ``--par-mb``,
   best of seven interleaved rounds (wall clock, and the CPU seconds of parent
   and workers, which give the speed-up two idle cores would show; on Linux
   also the CPU time the hypervisor gave other guests during each round);
5. building, saving and loading a Glossary of 10^4 .. ``--dict-max`` synthetic
   definitions;
6. the time ``import glossary`` takes, and that it loads neither fugashi nor spaCy;
7. start-up as a user meets it (wall clock, best of 5, fresh processes): ``import glossary``,
   ``glossary extract`` of a one-line file and ``glossary show`` on a saved glossary, against the
   targets 0.1 / 0.4 / 0.3 s;
8. with the compiled core installed, the throughput of the pure-Python sources in ``src/`` too (a
   subprocess, same corpora, same interleaving with fugashi), so both cores are measured in one run.
"""

from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpora  # noqa: E402
import synthetic  # noqa: E402

BRACKET_RE = re.compile(r"[()（）\[\]［］]")
TARGETS: dict[str, float | None] = {"article": 3.0, "seeds": 3.0, "prose": 10.0, "dense": None}

Docs = list[tuple[str, str]]


def mb_of(docs: Docs) -> float:
    return sum(len(t.encode("utf-8")) for _, t in docs) / 1e6


def best_time(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


# ---------------------------------------------------------------------------
# 1. throughput


def throughput(kind: str, docs: Docs, rounds: int) -> dict[str, Any]:
    import fugashi

    import glossary
    from glossary.extract.align import clear_memos
    from glossary.text.tokenizer import _tokenize_cached

    tg = fugashi.Tagger()  # stock settings: what a user of fugashi alone would run
    glossary.find_definitions("確率的勾配降下法(Stochastic Gradient Descent、SGD)")  # warm up
    found = [0]

    def extract() -> None:
        n = 0
        for name, text in docs:
            _tokenize_cached.cache_clear()
            clear_memos()
            n += len(glossary.find_definitions(text, doc=name))
        found[0] = n

    def tokenise() -> None:
        for _, text in docs:
            for word in tg(text):
                word.surface  # noqa: B018  (touch each token, as any consumer would)

    def scan() -> None:
        for _, text in docs:
            for _m in BRACKET_RE.finditer(text):
                pass

    from glossary.text.formats import markup_for, parse

    def markup() -> None:
        for name, text in docs:
            parse(text, markup_for(name))

    keys = ("a_extract", "b_fugashi", "c_bracket_scan", "d_markup_parse")
    cpu: dict[str, list[float]] = {k: [] for k in keys}
    wall: dict[str, list[float]] = {k: [] for k in keys}
    for _ in range(rounds):  # interleaved, so a busy neighbour slows all three alike
        for key, fn in zip(keys, (extract, tokenise, scan, markup), strict=True):
            t, c = time.perf_counter(), time.process_time()
            fn()
            cpu[key].append(time.process_time() - c)
            wall[key].append(time.perf_counter() - t)
    mb = mb_of(docs)
    # CPU time of this (single-threaded) process: robust when other jobs share the cores
    rate = {k: mb / min(v) for k, v in cpu.items()}
    rate_wall = {k: mb / min(v) for k, v in wall.items()}
    brackets = sum(text.count("(") + text.count("（") for _, text in docs)
    out = {
        "corpus_mb": round(mb, 2),
        "documents": len(docs),
        "brackets_per_kb": round(brackets / (mb * 1000), 2),
        "definitions_per_kb": round(found[0] / (mb * 1000), 3),
        "mb_per_s": {k: round(v, 2) for k, v in rate.items()},
        "ratio_a_over_b": round(rate["a_extract"] / rate["b_fugashi"], 2),
        # the documents are named *.md: the share of (a) spent parsing their Markdown
        "markup_parse_share": round(rate["a_extract"] / rate["d_markup_parse"], 3),
        "mb_per_s_wall_clock": {k: round(v, 2) for k, v in rate_wall.items()},
        "ratio_a_over_b_wall_clock": round(rate_wall["a_extract"] / rate_wall["b_fugashi"], 2),
        "target_a_over_b": TARGETS[kind],
    }
    target = TARGETS[kind]
    out["meets_target"] = None if target is None else out["ratio_a_over_b"] >= target
    return out


def throughput_pure(kind: str, mb: float, rounds: int, use_seeds: bool) -> dict[str, Any]:
    """:func:`throughput` of the pure-Python sources in ``src/``, in a fresh process (same corpus)."""
    code = (
        "import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import corpora, run; "
        "assert not run.compiled_core(); src = corpora.load_sources(use_seeds=sys.argv[6] == '1'); "
        "docs = corpora.make(sys.argv[3], src, int(float(sys.argv[4]) * 1e6)); "
        "print(json.dumps(run.throughput(sys.argv[3], docs, int(sys.argv[5]))))"
    )
    args = [str(HERE.parent / "src"), str(HERE), kind, str(mb), str(rounds), "1" if use_seeds else "0"]
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


# ---------------------------------------------------------------------------
# 2. references that tokenise everything


def digest(found: list[list[Any]]) -> str:
    """A fingerprint of every definition found (compiled and pure-Python runs must agree)."""
    import hashlib

    return hashlib.sha256(repr(found).encode("utf-8", "surrogatepass")).hexdigest()


def compiled_core() -> bool:
    """True when the extractor runs as mypyc-compiled modules (``GLOSSARY_COMPILE=1`` install)."""
    import glossary.extract.analyse

    return not str(glossary.extract.analyse.__file__).endswith(".py")


def check_reference_pure(kind: str, mb: float, seed: int, use_seeds: bool) -> dict[str, Any]:
    """:func:`check_reference` on the pure-Python sources in ``src/``, in a fresh process.

    The references swap ``glossary.extract.analyse.term_before`` for a whole-document
    version; compiled modules call it directly, so the swap needs the source.
    """
    code = (
        "import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import corpora, run; "
        "src = corpora.load_sources(use_seeds=sys.argv[6] == '1'); "
        "docs = corpora.make(sys.argv[3], src, int(float(sys.argv[4]) * 1e6), seed=int(sys.argv[5])); "
        "assert not run.compiled_core(); print(json.dumps(run.check_reference(docs)))"
    )
    args = [str(HERE.parent / "src"), str(HERE), kind, str(mb), str(seed), "1" if use_seeds else "0"]
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def check_reference(docs: Docs) -> dict[str, Any]:
    """Compare the windowed extractor with two references that tokenise everything."""
    import glossary
    import glossary.extract.analyse as ex
    import glossary.extract.japanese as jp
    from glossary.text.script import has_japanese
    from glossary.text.tokenizer import _tokenize_cached, tokenize

    windowed = [glossary.find_definitions(t, doc=n) for n, t in docs]
    result: dict[str, Any] = {
        "documents": len(docs),
        "definitions": sum(map(len, windowed)),
        "digest": digest(windowed),
    }

    # (i) the whole document tokenised once; the term before a bracket is read from those tokens
    state: dict[str, Any] = {"text": None}

    def term_before_full(text: str, end: int, limit: int) -> tuple[int, int] | None:
        if state["text"] is not text:
            toks = tokenize(text)
            _tokenize_cached.cache_clear()  # keep whole documents out of the window cache
            state.update(text=text, toks=toks, starts=[t.start for t in toks], ends=[t.end for t in toks])
        lo = bisect.bisect_left(state["starts"], limit)
        hi = bisect.bisect_right(state["ends"], end)
        run = jp.term_tokens(state["toks"][lo:hi], text) if lo < hi else []
        if not run:
            return None
        a, b = run[0].start, run[-1].end
        return (a, b) if has_japanese(text[a:b]) else None

    saved = getattr(ex, "term_before", None)
    if saved is None:
        result["full_document"] = "unavailable: glossary.extract.analyse no longer calls term_before"
    else:
        ex.term_before = term_before_full
        try:
            full = [glossary.find_definitions(t, doc=n) for n, t in docs]
        finally:
            ex.term_before = saved
            _tokenize_cached.cache_clear()
        result["full_document"] = _diff(windowed, full)

    # (ii) the window made larger than any left context
    saved_window = jp.WINDOW
    jp.WINDOW = 10**9
    try:
        huge = [glossary.find_definitions(t, doc=n) for n, t in docs]
    finally:
        jp.WINDOW = saved_window
        _tokenize_cached.cache_clear()
    result["huge_window"] = _diff(windowed, huge)
    return result


def _diff(got: list[list[Any]], ref: list[list[Any]]) -> dict[str, Any]:
    bad = [i for i, (a, b) in enumerate(zip(got, ref, strict=True)) if a != b]
    out: dict[str, Any] = {"identical": not bad, "documents_differing": len(bad)}
    if bad:
        a, b = got[bad[0]], ref[bad[0]]
        only_a = [str(d) for d in a if d not in b][:3]
        only_b = [str(d) for d in b if d not in a][:3]
        out["example"] = {"windowed_only": only_a, "reference_only": only_b}
    return out


# ---------------------------------------------------------------------------
# 3. streaming memory (child process)

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import glossary
folder, keep = Path(sys.argv[1]), sys.argv[2] == "keep"

def status(field):
    # current (VmRSS) or peak (VmHWM) resident set in MB; ru_maxrss where /proc is missing
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def reset_peak():
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: restart VmHWM from the current RSS
        return True
    except OSError:
        return False

glossary.find_definitions("確率的勾配降下法(Stochastic Gradient Descent、SGD)")
base = status("VmRSS")
reset = reset_peak()
kept, n, size = [], 0, 0
t = time.perf_counter()
for path in sorted(folder.iterdir()):
    text = path.read_text(encoding="utf-8")
    size += len(text.encode("utf-8"))
    defs = glossary.find_definitions(text, doc=path.name)
    n += len(defs)
    if keep:
        kept.extend(defs)
secs = time.perf_counter() - t
out = {"mb": size / 1e6, "definitions": n, "seconds": secs, "baseline_rss_mb": base,
       "peak_rss_mb_extracting": status("VmHWM"), "peak_was_reset": reset}
if keep:
    from glossary.dictionary.glossary import Glossary
    t = time.perf_counter()
    g = Glossary.from_definitions(kept)
    out["glossary_seconds"] = time.perf_counter() - t
    out["entries"] = len(g)
    out["peak_rss_mb_with_glossary"] = status("VmHWM")
print(json.dumps(out))
"""


def streaming(src: corpora.Sources, big_mb: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="glossary-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        for name, text in corpora.prose_docs(src, int(big_mb * 1e6), seed=11):
            (folder / name).write_text(text, encoding="utf-8")
        written = time.perf_counter() - t
        runs = {}
        for mode in ("discard", "keep"):
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, str(folder), mode], capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                raise SystemExit(f"streaming child ({mode}) failed:\n{proc.stderr}")
            runs[mode] = json.loads(proc.stdout)
    d, k = runs["discard"], runs["keep"]
    return {
        "corpus_mb": round(d["mb"], 1),
        "corpus": "prose (one definition per ~5 KB), one file per document",
        "write_seconds": round(written, 1),
        "extract_mb_per_s": round(d["mb"] / d["seconds"], 2),
        "definitions": d["definitions"],
        "baseline_rss_mb": round(d["baseline_rss_mb"], 1),
        "peak_measured_from_baseline": d["peak_was_reset"],
        "peak_rss_mb_streaming": round(d["peak_rss_mb_extracting"], 1),
        "peak_rss_mb_keeping_definitions": round(k["peak_rss_mb_extracting"], 1),
        "peak_rss_mb_with_glossary": round(k["peak_rss_mb_with_glossary"], 1),
        "glossary_entries": k["entries"],
        "glossary_build_seconds": round(k["glossary_seconds"], 1),
    }


# ---------------------------------------------------------------------------
# 4. processes


def parallel(docs: Docs, jobs: Sequence[int], rounds: int = 7) -> dict[str, Any]:
    from glossary.extract.parallel import extract_many
    from glossary.text.tokenizer import _tokenize_cached

    mb = mb_of(docs)
    out: dict[str, Any] = {"corpus_mb": round(mb, 1), "cpus": os.cpu_count()}
    reference: list[list[Any]] | None = None
    identical = True
    # spawned workers are this process's children, so their CPU time shows in RUSAGE_CHILDREN
    ctx = multiprocessing.get_context("spawn")
    walls: dict[int, list[float]] = {n: [] for n in jobs}
    cpus: dict[int, list[float]] = {n: [] for n in jobs}
    loads: list[float] = []
    steal: dict[int, list[float]] = {n: [] for n in jobs}
    halves: list[float] = []
    for _ in range(rounds):  # interleaved; the best round of each counts
        for n in jobs:
            _tokenize_cached.cache_clear()  # workers start cold too
            if hasattr(os, "getloadavg"):
                loads.append(os.getloadavg()[0])
            t, cpu, kids, stolen = time.perf_counter(), time.process_time(), _children_cpu(), _steal()
            found = list(extract_many(docs, jobs=n, mp_context=ctx))
            walls[n].append(time.perf_counter() - t)
            cpus[n].append(time.process_time() - cpu + _children_cpu() - kids)
            # only the first result is kept, so every round starts with the same heap
            reference = found if reference is None else reference
            identical = identical and found == reference
            del found
            if stolen is not None:
                steal[n].append(round((_steal() or 0.0) - stolen, 2))
        if "fork" in multiprocessing.get_all_start_methods():
            _tokenize_cached.cache_clear()
            halves.append(_independent_parts(docs, jobs[-1]))
    for n in jobs:
        secs = min(walls[n])
        out[f"jobs_{n}"] = {
            "seconds": round(secs, 2),
            "mb_per_s": round(mb / secs, 2),
            "cpu_seconds": round(min(cpus[n]), 2),
        }
    out["load_average_before_runs"] = [round(x, 1) for x in loads]
    out["walls"] = {f"jobs_{n}": [round(w, 2) for w in walls[n]] for n in jobs}
    if any(steal.values()):  # a VM's neighbours: CPU seconds taken from this machine's cores
        out["steal_seconds"] = {f"jobs_{n}": steal[n] for n in jobs}
    first, last = out[f"jobs_{jobs[0]}"], out[f"jobs_{jobs[-1]}"]
    out["identical"] = identical
    out["speedup"] = round(first["seconds"] / last["seconds"], 2)
    # what the same CPU work gives when every worker has a core to itself
    out["speedup_if_cores_idle"] = round(jobs[-1] * first["cpu_seconds"] / last["cpu_seconds"], 2)
    if halves:
        # the machine's own limit: the same split with no pool, no inter-process traffic, no start-up
        out["independent_parts"] = {"walls": [round(w, 2) for w in halves], "seconds": round(min(halves), 2)}
        out["machine_ceiling"] = round(first["seconds"] / min(halves), 2)
    return out


def _independent_parts(docs: Docs, n: int) -> float:
    """Wall seconds for ``n`` forked processes to extract ``docs[i::n]`` each, started together.

    Forked after the corpus is built, each part costs nothing to hand over; the
    clock starts when all are ready, so neither start-up nor traffic counts.
    """
    ctx = multiprocessing.get_context("fork")
    ready, go, done = ctx.Barrier(n + 1), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_extract_part, args=(docs, i, n, ready, go, done)) for i in range(n)]
    for p in procs:
        p.start()
    ready.wait()
    t = time.perf_counter()
    go.set()
    for _ in procs:
        done.get()
    wall = time.perf_counter() - t
    for p in procs:
        p.join()
    return wall


def _extract_part(docs: Docs, i: int, n: int, ready: Any, go: Any, done: Any) -> None:
    import gc

    import glossary

    gc.freeze()  # the inherited heap stays shared: no collection walks (and so copies) its pages
    ready.wait()
    go.wait()
    kept = [
        glossary.find_definitions(text, doc=name) for name, text in docs[i::n]
    ]  # kept, as extract_many's are
    done.put(len(kept))


def _steal() -> float | None:
    """CPU seconds the hypervisor ran other guests on this machine's cores (Linux), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    return int(fields[8]) / (os.sysconf("SC_CLK_TCK") or 100)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


# ---------------------------------------------------------------------------
# 5. dictionary cost


def dictionary(sizes: Sequence[int]) -> dict[str, Any]:
    """Build, save and load a Glossary of each size, each step in a fresh process.

    Separate processes give each size, and loading apart from building, its
    own peak RSS (``ru_maxrss`` never goes down within a process), and keep
    one size's garbage out of the next one's times.  The build's peak
    includes the models and the synthetic definitions, whose RSS before the
    build is reported apart.
    """
    build_child = (
        "import json, resource, sys, time\n"
        "sys.path.insert(0, sys.argv[3])\n"
        "import synthetic\n"
        "from glossary.dictionary.glossary import Glossary\n"
        "from glossary.dictionary.normalize import key\n"
        "key('warm', 'en'), key('準備', 'ja')  # load spaCy and UniDic outside the timing\n"
        "n, path = int(sys.argv[1]), sys.argv[2]\n"
        "defs = list(synthetic.definitions(n))\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "t = time.perf_counter(); g = Glossary.from_definitions(defs); build = time.perf_counter() - t\n"
        "t = time.perf_counter(); g.save(path); save = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "out = {'entries': len(g), 'build': build, 'save': save, 'before': before, 'peak': peak}\n"
        "print(json.dumps(out))\n"
    )
    load_child = (
        "import json, resource, sys, time\n"
        "from glossary.dictionary.glossary import Glossary\n"
        "t = time.perf_counter(); g = Glossary.load(sys.argv[1]); load = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'entries': len(g), 'load': load, 'peak': peak}))\n"
    )

    def child(code: str, *args: str) -> dict[str, Any]:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
        return dict(json.loads(proc.stdout))

    rows = []
    with tempfile.TemporaryDirectory(prefix="glossary-dict-") as tmp:
        path = Path(tmp) / "glossary.json"
        for n in sizes:
            b = child(build_child, str(n), str(path), str(Path(synthetic.__file__).parent))
            if "error" in b:
                return {"unavailable": f"building {n:,} definitions failed: {b['error']}", "rows": rows}
            ld = child(load_child, str(path))
            if "error" in ld:
                return {"unavailable": f"loading {n:,} definitions failed: {ld['error']}", "rows": rows}
            row = {
                "definitions": n,
                "entries": b["entries"],
                "build_s": round(b["build"], 2),
                "save_s": round(b["save"], 2),
                "load_s": round(ld["load"], 2),
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "rss_mb_before_build": round(b["before"]),
                "peak_rss_mb_build_save": round(b["peak"]),
                "peak_rss_mb_load": round(ld["peak"]),
                "round_trip_equal": ld["entries"] == b["entries"],
            }
            rows.append(row)
            print(
                f"  {n:>9,} definitions: {row['entries']:>7,} entries  build {row['build_s']:7.2f} s  "
                f"save {row['save_s']:7.2f} s  load {row['load_s']:7.2f} s  ({row['file_mb']} MB)\n"
                f"  {'':>9}  peak RSS: build + save {row['peak_rss_mb_build_save']:,} MB "
                f"({row['rss_mb_before_build']:,} MB before it: models and definitions), "
                f"load {row['peak_rss_mb_load']:,} MB",
                flush=True,
            )
    out: dict[str, Any] = {"rows": rows}
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        scale = b["definitions"] / a["definitions"]
        out["growth"] = {
            "definitions_x": scale,
            "build_x": round(b["build_s"] / max(a["build_s"], 1e-9), 1),
            "save_x": round(b["save_s"] / max(a["save_s"], 1e-9), 1),
            "load_x": round(b["load_s"] / max(a["load_s"], 1e-9), 1),
        }
        if len(rows) > 2:  # the last step alone: where a super-linear step would show
            c = rows[-2]
            out["growth_last_step"] = {
                "definitions_x": b["definitions"] / c["definitions"],
                "build_x": round(b["build_s"] / max(c["build_s"], 1e-9), 1),
                "save_x": round(b["save_s"] / max(c["save_s"], 1e-9), 1),
                "load_x": round(b["load_s"] / max(c["load_s"], 1e-9), 1),
                "peak_rss_load_x": round(b["peak_rss_mb_load"] / max(c["peak_rss_mb_load"], 1), 1),
            }
            last = out["growth_last_step"]
            print(
                f"  growth for the last {last['definitions_x']:.0f}x definitions: build {last['build_x']}x, "
                f"save {last['save_x']}x, load {last['load_x']}x "
                f"(peak RSS of loading {last['peak_rss_load_x']}x)",
                flush=True,
            )
    return out


# ---------------------------------------------------------------------------
# 6. import time


def import_time(repeats: int = 5) -> dict[str, Any]:
    code = (
        "import sys, time; t = time.perf_counter(); import glossary; d = time.perf_counter() - t; "
        "print(d, any(m.split('.')[0] in ('fugashi', 'spacy') for m in sys.modules))"
    )
    best, heavy = float("inf"), False
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        secs, loaded = out.split()
        best = min(best, float(secs))
        heavy = heavy or loaded == "True"
    return {"seconds": round(best, 3), "loads_fugashi_or_spacy": heavy}


# ---------------------------------------------------------------------------
# 7. start-up

STARTUP_TARGETS = {"import glossary": 0.1, "glossary extract one-line.txt": 0.4, "glossary show SAE": 0.3}


def startup(repeats: int = 5) -> dict[str, Any]:
    """Wall-clock seconds of each command in :data:`STARTUP_TARGETS`, best of ``repeats`` fresh processes."""
    script = shutil.which("glossary", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-m", "glossary"]
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one-line.txt"
        line = "確率的勾配降下法(Stochastic Gradient Descent、SGD)でモデルを学習する。\n"
        one.write_text(line, encoding="utf-8")
        saved = Path(tmp) / "terms.json"
        samples = HERE.parent / "data" / "samples"
        subprocess.run([*cmd, "extract", str(samples), "-o", str(saved), "-q"], check=True)
        runs = {
            "import glossary": [sys.executable, "-c", "import glossary"],
            "glossary extract one-line.txt": [*cmd, "extract", str(one), "-q"],
            "glossary show SAE": [*cmd, "show", "SAE", "-g", str(saved)],
        }
        for name, argv in runs.items():
            best = float("inf")
            for _ in range(repeats):
                t = time.perf_counter()
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
                best = min(best, time.perf_counter() - t)
            target = STARTUP_TARGETS[name]
            out[name] = {"seconds": round(best, 3), "target": target, "meets_target": best <= target}
    return out


# ---------------------------------------------------------------------------


def lexicon_load() -> dict[str, Any]:
    """The aligner's JMdict table: load time, size and memory, in a fresh process."""
    code = (
        "import resource, json\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "from glossary.extract import lexicon\n"
        "seconds, forms = lexicon.load_stats()\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'seconds': seconds, 'forms': forms, 'rss_mb': (after - before) / 1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=4.0, help="size of each throughput corpus (default 4)")
    p.add_argument("--rounds", type=int, default=3, help="rounds of the throughput runs; the best counts")
    p.add_argument(
        "--ref-mb", type=float, default=2.0, help="size of each corpus checked against the references"
    )
    p.add_argument("--big-mb", type=float, default=1000.0, help="size of the streamed corpus (default 1000)")
    p.add_argument(
        "--par-mb", type=float, default=50.0, help="size of the 1-vs-2-process corpus (default 50)"
    )
    p.add_argument(
        "--dict-max", type=int, default=100_000, help="largest synthetic glossary: 10^5 (default) or 10^6"
    )
    p.add_argument("--no-seeds", action="store_true", help="use only data/samples, not ../shared/seeds")
    p.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to skip: throughput,reference,streaming,parallel,dictionary",
    )
    p.add_argument("-o", "--output", default=str(HERE / "results.json"))
    args = p.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.perf_counter()

    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "args": vars(args),
    }
    results["compiled"] = compiled_core()
    print(
        "core: "
        + (
            "compiled with mypyc"
            if results["compiled"]
            else "pure Python (an editable install or no C compiler; pip install . compiles it, see README)"
        )
    )
    results["import"] = import_time()
    imp = results["import"]
    print(
        f"import glossary: {imp['seconds'] * 1000:.0f} ms "
        f"(fugashi/spaCy loaded: {imp['loads_fugashi_or_spacy']})"
    )

    results["startup"] = startup()
    print("start-up (wall clock, best of 5):")
    for name, r in results["startup"].items():
        verdict = "meets" if r["meets_target"] else "MISSES"
        print(f"  {name:32s} {r['seconds']:.3f} s (target <= {r['target']} s: {verdict})")

    results["lexicon"] = lexicon_load()
    lex = results["lexicon"]
    print(
        f"JMdict lexicon (loaded on first use): {lex['seconds']:.2f} s, {lex['forms']:,} forms, "
        f"+{lex['rss_mb']:.0f} MB RSS"
    )

    src = corpora.load_sources(use_seeds=not args.no_seeds)
    results["sources"] = [os.path.relpath(f, HERE.parent) for f in src.files]
    print(
        f"sources: {len(src.files)} files, {len(src.blocks)} blocks, {len(src.prose)} prose sentences, "
        f"{len(src.definers)} definition sentences"
    )

    if "throughput" not in skip:
        results["throughput"] = {}
        kinds = ("article", "seeds", "prose", "dense") if src.seed_blocks else ("article", "prose", "dense")
        for kind in kinds:
            docs = corpora.make(kind, src, int(args.mb * 1e6))
            r = throughput(kind, docs, args.rounds)
            results["throughput"][kind] = r
            m = r["mb_per_s"]
            print(
                f"{kind:8s} {r['corpus_mb']:6.2f} MB, {r['brackets_per_kb']} brackets/KB, "
                f"{r['definitions_per_kb']} definitions/KB"
            )
            print(
                f"  (a) find_definitions {m['a_extract']:8.2f} MB/s (per CPU second)\n"
                f"  (b) fugashi          {m['b_fugashi']:8.2f} MB/s\n"
                f"  (c) bracket scan     {m['c_bracket_scan']:8.2f} MB/s\n"
                f"  (d) markup parse     {m['d_markup_parse']:8.2f} MB/s "
                f"({r['markup_parse_share']:.0%} of (a): the documents are read as Markdown)"
            )
            if r["meets_target"] is None:
                verdict = "no target: our test samples, 5x the seeds' bracket density"
            else:
                verdict = f"target >= {r['target_a_over_b']:.0f}: " + (
                    "meets" if r["meets_target"] else "MISSES"
                )
            print(
                f"  a/b = {r['ratio_a_over_b']:.2f} ({verdict}); "
                f"c/a = {m['c_bracket_scan'] / m['a_extract']:.0f}; "
                f"wall-clock a/b = {r['ratio_a_over_b_wall_clock']:.2f}",
                flush=True,
            )
            if results["compiled"] and kind in ("article", "prose"):
                pure = throughput_pure(kind, args.mb, args.rounds, not args.no_seeds)
                r["pure_python"] = pure
                pm = pure["mb_per_s"]
                print(
                    f"  pure Python (src/, a subprocess): (a) {pm['a_extract']:.2f} MB/s, "
                    f"(b) {pm['b_fugashi']:.2f} MB/s, a/b = {pure['ratio_a_over_b']:.2f}; "
                    f"compiled / pure = {m['a_extract'] / pm['a_extract']:.2f}x",
                    flush=True,
                )

    if "reference" not in skip:
        results["reference"] = {}
        for kind in ("article", "prose"):
            if results["compiled"]:
                r = check_reference_pure(kind, args.ref_mb, 5, not args.no_seeds)
                import glossary

                docs = corpora.make(kind, src, int(args.ref_mb * 1e6), seed=5)
                same = digest([glossary.find_definitions(t, doc=n) for n, t in docs]) == r["digest"]
                r["compiled_equals_pure"] = same
                print(
                    f"reference {kind}: compiled core gives the same definitions as pure Python: {_yes(same)}"
                )
            else:
                r = check_reference(corpora.make(kind, src, int(args.ref_mb * 1e6), seed=5))
            results["reference"][kind] = r
            print(
                f"reference {kind}: {r['definitions']} definitions in {r['documents']} documents; "
                f"identical to whole-document tokenisation: {_same(r['full_document'])}, "
                f"to a huge window: {_same(r['huge_window'])}",
                flush=True,
            )

    if "streaming" not in skip:
        r = streaming(src, args.big_mb)
        results["streaming"] = r
        print(
            f"streaming {r['corpus_mb']} MB from disk at {r['extract_mb_per_s']} MB/s:\n"
            f"  peak RSS {r['peak_rss_mb_streaming']} MB "
            f"(after import and a first call: {r['baseline_rss_mb']} MB)\n"
            f"  keeping all {r['definitions']:,} definitions: {r['peak_rss_mb_keeping_definitions']} MB; "
            f"with the glossary ({r['glossary_entries']:,} entries, "
            f"built in {r['glossary_build_seconds']} s): {r['peak_rss_mb_with_glossary']} MB",
            flush=True,
        )

    if "parallel" not in skip:
        docs = corpora.make("article", src, int(args.par_mb * 1e6), seed=9)
        r = parallel(docs, [1, 2])
        results["parallel"] = r
        print(
            f"processes on {r['corpus_mb']} MB (article): "
            f"1 job {r['jobs_1']['seconds']} s ({r['jobs_1']['mb_per_s']} MB/s), "
            f"2 jobs {r['jobs_2']['seconds']} s ({r['jobs_2']['mb_per_s']} MB/s): "
            f"speed-up {r['speedup']}x, identical results: {r['identical']}\n"
            f"  CPU seconds: 1 job {r['jobs_1']['cpu_seconds']}, 2 jobs {r['jobs_2']['cpu_seconds']} "
            f"(parent + workers): {r['speedup_if_cores_idle']}x on two idle cores; 1-minute load "
            f"average before the runs {r['load_average_before_runs']}\n"
            f"  wall seconds per round: 1 job {r['walls']['jobs_1']}, 2 jobs {r['walls']['jobs_2']}"
            + (
                f"; CPU seconds other guests took per round: 1 job {r['steal_seconds']['jobs_1']}, "
                f"2 jobs {r['steal_seconds']['jobs_2']}"
                if "steal_seconds" in r
                else ""
            )
            + (
                f"\n  the machine's limit: 2 forked processes on the two halves, no traffic: "
                f"{r['independent_parts']['walls']} s, {r['machine_ceiling']}x"
                if "machine_ceiling" in r
                else ""
            ),
            flush=True,
        )
        del docs

    if "dictionary" not in skip:
        sizes = [n for n in (10**4, 10**5, 10**6, 10**7) if n <= args.dict_max]
        print("dictionary cost (synthetic definitions, ~10 per concept):", flush=True)
        results["dictionary"] = dictionary(sizes)
        g = results["dictionary"].get("growth")
        if g:
            print(
                f"  growth for {g['definitions_x']:.0f}x definitions: build {g['build_x']}x, "
                f"save {g['save_x']}x, load {g['load_x']}x"
            )

    results["rusage_max_rss_mb_benchmark"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    Path(args.output).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"total {results['total_seconds']} s; figures written to {args.output}")
    return 0


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def _same(r: Any) -> str:
    if isinstance(r, str):
        return r
    return "yes" if r["identical"] else f"NO ({r['documents_differing']} documents differ)"


if __name__ == "__main__":
    sys.exit(main())
