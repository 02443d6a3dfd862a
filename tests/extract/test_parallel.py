"""Specification of ``glossary.extract.parallel.extract_many``: one process's results, in order, lazily."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import Definition, find_definitions
from glossary.extract import parallel
from glossary.extract.parallel import (
    _MAX_SLOTS_PER_JOB,
    MAX_CHUNK_DOCS,
    _chunks,
    _Slot,
    _starting_workers,
    extract_many,
    resolve_jobs,
)
from glossary.extract.records import pack, unpack

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.md"))

# documents written for these tests: definitions, rejections, code, nothing at all
DOCS: list[tuple[str, str]] = [
    ("sgd.md", "確率的勾配降下法(Stochastic Gradient Descent、SGD)で学習する。"),
    ("sae.md", "Sparse Autoencoder (SAE)(SAE、スパース・オートエンコーダ)を使う。"),
    ("empty.md", ""),
    ("code.md", "```python\ny = f(x)  # 損失(loss)\n```\n本文には定義がない。"),
    ("poc.md", "まず小さな実証(PoC)を行い、低ランクのサブネットワーク(subnetwork)を調べた。"),
    ("reject.md", "次元(特徴の数)は 2020 年(令和2年)に増えた(例えば 3 倍)。"),
    ("en.md", "いわゆるprompt-based adaptation(プロンプトベース適応)を試す。"),
]


def _serial(docs: list[tuple[str, str]], **kw: object) -> list[list[object]]:
    return [find_definitions(text, doc=name, **kw) for name, text in docs]


def _corpus() -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLES]
    return [(f"{i}-{name}", text) for i, (name, text) in enumerate(DOCS + docs)]


@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("chunk_chars", [1, 300, 1_000_000])
def test_same_as_one_process_in_order(jobs: int, chunk_chars: int) -> None:
    docs = _corpus()
    got = list(extract_many(docs, jobs=jobs, chunk_chars=chunk_chars))
    assert got == _serial(docs)
    assert sum(map(len, got)) > 10  # the corpus does hold definitions
    for (name, _), defs in zip(docs, got, strict=True):
        assert all(d.doc == name for d in defs)


@pytest.mark.parametrize(
    ("kw", "jobs"), [({"keep_low": True}, 2), ({"min_score": 0.9}, 2), ({"min_score": 0.0}, 1)]
)
def test_keyword_arguments_reach_the_workers(kw: dict[str, object], jobs: int) -> None:
    docs = DOCS * 3
    assert list(extract_many(docs, jobs=jobs, chunk_chars=50, **kw)) == _serial(docs, **kw)


def test_keep_low_finds_at_least_as_many() -> None:
    low = sum(map(len, extract_many(DOCS, jobs=2, chunk_chars=1, keep_low=True)))
    assert low >= sum(map(len, extract_many(DOCS, jobs=2, chunk_chars=1)))


@pytest.mark.parametrize("jobs", [1, 2])
def test_streams_a_long_iterable(jobs: int) -> None:
    pulled = []

    def many() -> Iterator[tuple[str, str]]:
        for i in range(10_000):  # finite, so an eager implementation fails instead of hanging
            pulled.append(i)
            yield f"d{i}", DOCS[i % len(DOCS)][1]

    first = list(itertools.islice(extract_many(many(), jobs=jobs, chunk_chars=1), 5))
    assert len(first) == 5
    assert first == _serial([(f"d{i}", DOCS[i % len(DOCS)][1]) for i in range(5)])
    assert len(pulled) <= 5 + _MAX_SLOTS_PER_JOB * jobs + 1  # only a bounded look-ahead was read


def test_chunks_respect_size_and_keep_order() -> None:
    docs = [(str(i), "あ" * (i % 7)) for i in range(100)]
    chunks = list(_chunks(docs, 10))
    assert [d for c in chunks for d in c] == docs
    assert all(sum(len(t) for _, t in c[:-1]) < 10 for c in chunks)


@pytest.mark.parametrize(
    ("jobs", "expected"), [(1, 1), (3, 3), (0, os.cpu_count() or 1), (None, os.cpu_count() or 1)]
)
def test_resolve_jobs(jobs: int | None, expected: int) -> None:
    assert resolve_jobs(jobs) == expected


@pytest.mark.parametrize(
    ("docs", "kw", "error", "message"),
    [
        ("just a string", {}, TypeError, "not a single string"),
        ([("a.md", b"bytes")], {}, TypeError, "decode bytes first"),
        (["text only"], {}, TypeError, "item 0 must be a (doc, text) tuple"),
        ([("a.md", "x"), ("b.md", "y", "z")], {}, TypeError, "item 1"),
        ([("a.md", "x")], {"jobs": -1}, ValueError, "jobs must be"),
        ([("a.md", "x")], {"jobs": 1.5}, ValueError, "jobs must be"),
        ([("a.md", "x")], {"chunk_chars": 0}, ValueError, "chunk_chars"),
        ([("a.md", "x")], {"doc": "n"}, TypeError, "doc= argument"),
    ],
)
def test_bad_input_is_named(
    docs: object, kw: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(extract_many(docs, **kw))  # type: ignore[arg-type]


def test_bad_item_in_a_pool_run_is_reported() -> None:
    with pytest.raises(TypeError, match="item 2"):
        list(extract_many([*DOCS[:2], ("x", 3)], jobs=2))  # type: ignore[list-item]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=5), st.text(max_size=40)), max_size=40),
    st.integers(min_value=1, max_value=60),
)
def test_chunks_property(docs: list[tuple[str, str]], size: int) -> None:
    chunks = list(_chunks(docs, size))
    assert [d for c in chunks for d in c] == docs
    assert all(c for c in chunks)
    for c in chunks[:-1]:  # every chunk but the last is full, by characters or by count
        assert sum(len(t) for _, t in c) >= size or len(c) == MAX_CHUNK_DOCS
        assert sum(len(t) for _, t in c[:-1]) < size


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="あア漢字AbC(（)）、, 　\n", max_size=60), max_size=6))
def test_serial_equals_find_definitions_on_arbitrary_text(texts: list[str]) -> None:
    docs = [(f"d{i}", t) for i, t in enumerate(texts)]
    assert list(extract_many(docs, jobs=1)) == _serial(docs)


def test_definitions_round_trip_through_pickle() -> None:
    # Dask and plain pickle: Definition.__reduce__, rebuilt by glossary.extract.records
    defs = [d for _, text in _corpus() for d in find_definitions(text, doc="x.md", keep_low=True)]
    assert len(defs) > 20
    blob = pickle.dumps(defs, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"glossary.extract.records" in blob
    back = pickle.loads(blob)
    assert back == defs
    # what a worker sends back: plain values, with the text the parent holds as offsets
    texts = [text for _, text in _corpus()]
    results = [find_definitions(text, doc="x.md", keep_low=True) for text in texts]
    packed = pickle.dumps(pack(results, texts), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"glossary" not in packed
    assert len(packed) < len(pickle.dumps(results)) / 2
    assert unpack(pickle.loads(packed), texts) == results
    assert [repr(d) for d in back] == [repr(d) for d in defs] and len(set(back) | set(defs)) == len(set(defs))
    assert [d.to_dict() for d in back] == [d.to_dict() for d in defs]
    with pytest.raises(AttributeError):  # still frozen
        back[0].score = 0.0  # type: ignore[misc]


def test_a_queued_chunk_no_worker_started_is_taken_back() -> None:
    waiting: Future[list[list[Definition]]] = Future()  # queued, never picked up by a worker
    slot = _Slot(DOCS[:2], waiting)
    assert slot.queued() and not slot.ready()
    slot.take_back({})
    assert waiting.cancelled() and slot.ready()
    assert list(slot.results()) == _serial(DOCS[:2])


def test_a_started_chunk_stays_with_its_worker() -> None:
    running: Future[list[list[tuple[Any, ...]]]] = Future()
    assert running.set_running_or_notify_cancel()
    slot = _Slot(DOCS[:1], running)
    slot.take_back({})
    assert slot.future is running and not running.cancelled()
    running.set_result(pack(_serial(DOCS[:1]), [text for _, text in DOCS[:1]]))
    assert list(slot.results()) == _serial(DOCS[:1])


# A worker killed at any moment: while extracting, halfway through writing its result (the pool's
# manager thread then waits forever for the rest of the message), or holding the queue's reader lock.
# Forked workers inherit this script's patched ``_extract_packed``; a subprocess, so a hang fails.
_KILL_SCRIPT = r"""
import multiprocessing, os, signal, sys
from multiprocessing.connection import Connection
from glossary import find_definitions
from glossary.extract import parallel

packed = parallel._extract_packed
marks = sys.argv[1]
moment, victims = "", set()

def die_halfway_through_the_next_message():
    send = Connection._send
    def half(self, buf, write=os.write):
        if len(buf) > 8:
            write(self._handle, bytes(buf[:8]))
            os.kill(os.getpid(), signal.SIGKILL)
        return send(self, buf)
    Connection._send = half

def die_at_the_next_read():  # the worker holds the call queue's reader lock there
    recv = Connection._recv
    def dead(self, size, read=os.read):
        os.kill(os.getpid(), signal.SIGKILL)
    Connection._recv = dead

def dying(chunk, kw):
    if chunk[0][0] in victims:
        with open(os.path.join(marks, moment + chunk[0][0]), "w"):
            pass
        if moment == "working":
            os.kill(os.getpid(), signal.SIGKILL)
        elif moment == "sending":
            die_halfway_through_the_next_message()
        else:
            die_at_the_next_read()
    return packed(chunk, kw)

parallel._extract_packed = dying
definition = "確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。本文が続く。"
docs = [(f"d{i}", f"第{i}章。" + definition * 8) for i in range(10)]
expected = [find_definitions(text, doc=name) for name, text in docs]
fork = multiprocessing.get_context("fork")
for moment, names in (("working", "d0"), ("sending", "d0"), ("sending", "d0,d1"), ("reading", "d0")):
    victims = set(names.split(","))
    got = list(parallel.extract_many(docs, 3, chunk_chars=1, mp_context=fork))
    assert got == expected, moment
print("same")
"""


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
def test_a_worker_killed_at_any_moment_costs_nothing(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-c", _KILL_SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and r.stdout.split() == ["same"], r.stderr
    # the first chunk always goes to a worker, which died there (later chunks may be taken back)
    assert {"workingd0", "sendingd0"} <= {p.name for p in tmp_path.iterdir()}


@pytest.fixture
def handlers() -> Iterator[None]:
    """SIGINT as an interactive Python has it whatever started this run, both handlers put back after.

    A command started in the background (``cmd &`` in a script, ``nohup``, ``setsid``) inherits
    Ctrl-C ignored, and Python then leaves SIGINT ignored instead of raising KeyboardInterrupt.
    """
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@pytest.mark.usefixtures("handlers")
def test_a_signal_during_a_worker_start_acts_once_the_worker_is_known() -> None:
    """SIGTERM halfway through starting a worker would leave a worker this process cannot stop."""
    seen: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    with _starting_workers(multiprocessing.get_context("spawn")):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(50):  # whichever thread the kernel gave it to, the handler runs here
            time.sleep(0.01)
        assert seen == []
    for _ in range(200):
        if seen:
            break
        time.sleep(0.01)
    assert seen == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) is not None and signal.getsignal(signal.SIGTERM) != signal.SIG_DFL
    # Ctrl-C held the same way still raises KeyboardInterrupt, after the block
    with pytest.raises(KeyboardInterrupt):
        with _starting_workers(multiprocessing.get_context("spawn")):
            signal.raise_signal(signal.SIGINT)
            time.sleep(0.05)
            seen.append(0)  # reached: the interrupt waited
    assert seen == [signal.SIGTERM, 0]
    # a forked worker would inherit the noting handler: under fork nothing is held
    with _starting_workers(multiprocessing.get_context("fork")):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(200):
            if len(seen) == 3:
                break
            time.sleep(0.01)
        assert seen == [signal.SIGTERM, 0, signal.SIGTERM]


_SHOW_SIGINT = "import signal; print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"


@pytest.mark.usefixtures("handlers")
def test_an_ignored_ctrl_c_stays_ignored_while_a_worker_starts() -> None:
    """Run in the background, the command ignores Ctrl-C: so do the workers it starts, and the hold."""
    seen: list[int] = []
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    with _starting_workers(multiprocessing.get_context("spawn")):
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        # what a worker started now inherits (a handler in its place would be reset to the default)
        child = subprocess.run(
            [sys.executable, "-c", _SHOW_SIGINT], capture_output=True, text=True, timeout=60
        )
        assert child.stdout.split() == ["True"], child.stderr
        signal.raise_signal(signal.SIGINT)  # ignored, now and after the block
        signal.raise_signal(signal.SIGTERM)  # held all the same
        assert seen == []
    assert seen == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN


class _SignalModule:
    """The signal module as parallel.py sees it, with a hook that runs before a handler is set."""

    def __init__(self, before: Any) -> None:
        self._before = before

    def __getattr__(self, name: str) -> Any:
        return getattr(signal, name)

    def signal(self, signum: int, handler: Any) -> Any:
        self._before(signum, handler)
        return signal.signal(signum, handler)


@pytest.mark.usefixtures("handlers")
def test_a_signal_while_the_handlers_are_put_back_leaves_none_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C just after its handler is back: ``signal.signal`` raises before it puts SIGTERM's back.

    The hook raises Ctrl-C at that moment (its handler runs at once, as the pending handler would);
    SIGTERM's noting handler must not stay behind (it would swallow every later SIGTERM).
    """

    def on_term(signum: int, frame: object) -> None:
        pass

    signal.signal(signal.SIGTERM, on_term)
    arrived: list[int] = []

    def ctrl_c_meanwhile(signum: int, handler: Any) -> None:
        if signum == signal.SIGTERM and handler is on_term and not arrived:
            arrived.append(signum)
            signal.raise_signal(signal.SIGINT)  # SIGINT's handler is back: KeyboardInterrupt here

    monkeypatch.setattr(parallel, "signal", _SignalModule(ctrl_c_meanwhile))
    with pytest.raises(KeyboardInterrupt):
        with _starting_workers(multiprocessing.get_context("spawn")):
            pass
    assert arrived == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) is on_term
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.usefixtures("handlers")
def test_a_signal_while_the_hold_begins_leaves_none_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM as the hold begins, its handler raising (the command's does): nothing is held after."""

    class Stop(Exception):
        pass

    def stop(signum: int, frame: object) -> None:
        raise Stop

    signal.signal(signal.SIGTERM, stop)
    body: list[str] = []

    def sigterm_meanwhile(signum: int, handler: Any) -> None:
        if signum == signal.SIGTERM and handler is not stop:  # SIGINT's noting handler is set already
            signal.raise_signal(signal.SIGTERM)  # its handler is still the old one: Stop here

    monkeypatch.setattr(parallel, "signal", _SignalModule(sigterm_meanwhile))
    with pytest.raises(Stop):
        with _starting_workers(multiprocessing.get_context("spawn")):
            body.append("ran")
    assert body == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) is stop
