"""Extract definitions from many documents on several processes.

The tagger is the costly part and MeCab objects cannot be shared, so each
process builds its own on first use (:func:`glossary.text.tokenizer.tagger`).
With ``jobs`` N there are N - 1 worker processes and the calling process
works as the N-th.
Documents travel to the workers in chunks (a few hundred KB each) to pay the
inter-process cost per chunk, not per document, and only a bounded number of
chunks is in flight at a time: a generator that reads a 1 GB corpus file by
file is streamed, never loaded whole.  Results come back in input order and
are the same as :func:`glossary.find_definitions` in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, InvalidStateError, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from typing import Any

from glossary.extract import find_definitions
from glossary.extract.records import pack, unpack
from glossary.models import Definition

__all__ = ["CHUNK_CHARS", "default_context", "extract_many", "resolve_jobs"]

CHUNK_CHARS = 128_000  # characters per chunk: small enough for a short tail, large for cheap IPC
MAX_CHUNK_DOCS = 256  # documents per chunk, so tiny documents still batch sensibly
_IN_FLIGHT_PER_JOB = 3  # chunks queued per worker: keeps workers busy, memory bounded
_MAX_SLOTS_PER_JOB = 8  # finished results held behind a slow chunk before waiting for it
_POLL_SECONDS = 0.5  # how often a wait for a worker checks that the pool is still alive

Doc = tuple[str, str]


def resolve_jobs(jobs: int | None) -> int:
    """The number of processes to use: ``None`` or 0 means one per CPU."""
    if jobs is None or jobs == 0:
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise ValueError(f"jobs must be a positive integer, or 0 / None for one per CPU; got {jobs!r}")
    return jobs


def default_context() -> BaseContext:
    """``forkserver`` where the platform has it, else ``spawn``; never a plain ``fork``.

    A forked worker inherits the parent's whole heap (its garbage collector
    then touches, and so copies, every inherited page) and the state of the
    parent's threads' locks; a forkserver child starts from a small clean
    process.  Like every non-fork start method this needs the usual
    ``if __name__ == "__main__":`` guard in scripts.
    """
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def extract_many(
    docs: Iterable[Doc],
    jobs: int | None = 1,
    *,
    chunk_chars: int = CHUNK_CHARS,
    mp_context: BaseContext | None = None,
    on_error: Callable[[str, BaseException], None] | None = None,
    **kw: Any,
) -> Iterator[list[Definition]]:
    """For each ``(doc, text)`` pair, in order, the list :func:`find_definitions` gives.

    ``jobs`` processes share the work: this one and ``jobs - 1`` workers
    (1: this process alone, no pool; 0 or None: one per CPU).  ``kw`` goes to :func:`find_definitions`
    (``min_score``, ``keep_low``); ``doc`` names each definition's document.
    ``docs`` is consumed lazily: at most about ``3 * jobs`` chunks of
    ``chunk_chars`` characters are held at once.  ``mp_context`` picks the
    start method (default: :func:`default_context`).

    A worker process that dies (killed, out of memory) takes only its own
    chunks with it: they are extracted again in this process.  A document
    that then raises goes to ``on_error(doc, exception)`` and yields an empty
    list (without ``on_error`` the exception propagates).
    """
    n = resolve_jobs(jobs)
    if chunk_chars < 1:
        raise ValueError(f"chunk_chars must be >= 1, got {chunk_chars!r}")
    if "doc" in kw:
        raise TypeError("extract_many() takes document names from the (doc, text) pairs, not a doc= argument")
    if n == 1:
        return _serial(docs, kw)
    return _pooled(docs, n, chunk_chars, mp_context, kw, on_error)


def _serial(docs: Iterable[Doc], kw: dict[str, Any]) -> Iterator[list[Definition]]:
    for name, text in _checked(docs):
        yield find_definitions(text, doc=name, **kw)


def _pooled(
    docs: Iterable[Doc],
    jobs: int,
    chunk_chars: int,
    mp_context: BaseContext | None,
    kw: dict[str, Any],
    on_error: Callable[[str, BaseException], None] | None = None,
) -> Iterator[list[Definition]]:
    """``jobs - 1`` worker processes plus this one, results yielded in input order.

    This process works too: it takes a chunk itself whenever every worker
    already has ``_IN_FLIGHT_PER_JOB`` chunks queued, and at the end it takes
    back the queued chunks no worker has started.  So no core idles while the
    workers start up, pickling costs only the workers' share, and the tail is
    short (measured: 0.5-0.9 CPU-seconds less per 50 MB on 2 cores).
    """
    ctx = mp_context or default_context()
    previous_hook = threading.excepthook
    threading.excepthook = _quiet_manager_crash(previous_hook)
    try:
        yield from _pool_run(docs, jobs, chunk_chars, ctx, kw, on_error)
    finally:
        threading.excepthook = previous_hook


def _quiet_manager_crash(
    previous: Callable[[threading.ExceptHookArgs], Any],
) -> Callable[[threading.ExceptHookArgs], Any]:
    """A thread exception hook that drops the pool manager's InvalidStateError (a Python 3.11 bug).

    When a worker dies while a cancelled future is still queued, the manager
    thread crashes on that future; the run recovers (see :func:`_result`), so
    its traceback would only alarm the user.  Everything else goes to ``previous``.
    """

    def hook(args: threading.ExceptHookArgs) -> Any:
        if args.exc_type is InvalidStateError and type(args.thread).__name__ == "_ExecutorManagerThread":
            return None
        return previous(args)

    return hook


def _pool_run(
    docs: Iterable[Doc],
    jobs: int,
    chunk_chars: int,
    ctx: BaseContext,
    kw: dict[str, Any],
    on_error: Callable[[str, BaseException], None] | None,
) -> Iterator[list[Definition]]:
    slots: deque[_Slot] = deque()  # one per chunk, in input order
    limit = (jobs - 1) * _IN_FLIGHT_PER_JOB
    pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=ctx)
    try:
        broken = False  # a worker died: the pool takes no more work
        for chunk in _chunks(_checked(docs), chunk_chars):
            future = None
            if not broken and sum(1 for s in slots if s.queued()) < limit:
                with _starting_workers(ctx):
                    try:
                        future = pool.submit(_extract_packed, chunk, kw)
                        slots.append(_Slot(chunk, future))
                    except BrokenProcessPool:
                        broken = True
            if future is None:
                slots.append(_Slot(chunk, None, _extract_chunk(chunk, kw, on_error)))
            while slots and (slots[0].ready() or len(slots) > _MAX_SLOTS_PER_JOB * jobs):
                yield from slots.popleft().results(kw, on_error, pool)
        for slot in reversed(slots):  # newest first: the least likely to have started
            slot.take_back(kw, on_error)
        while slots:
            yield from slots.popleft().results(kw, on_error, pool)
    finally:
        # stopped early (the caller, a failing chunk, SIGTERM / Ctrl-C): the workers' chunks are
        # not wanted, so they stop now rather than after their chunks, as on a dead worker
        unfinished = any(slot.future is not None for slot in slots)
        for slot in slots:
            if slot.future is not None:
                slot.future.cancel()
        if unfinished or getattr(pool, "_broken", False) or _dead_worker(pool):
            _abandon(pool)
        _shut_down(pool)


_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PUT_BACK_TRIES = 8  # attempts to set a handler back while handlers of signals arriving meanwhile raise


@contextmanager
def _starting_workers(ctx: BaseContext) -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the pool may be starting a worker; they act just after.

    ``submit`` starts the workers.  Interrupted halfway through a start, this
    process no longer knows the new worker, so it cannot stop it: the worker
    goes on reading its start-up data while this process exits and removes
    the semaphores that data names, and the worker prints a traceback after
    the command has ended.  Held, the signal acts once the worker is known,
    and the shutdown stops it like the others.  The hold is a Python handler
    that notes the signal, not a signal mask: a mask holds only this thread
    (the pool's threads would take the signal), and a spawned worker would
    inherit it.  Not under ``fork``: a forked worker would inherit the noting
    handler and ignore ``terminate()`` (nor does it read start-up data).
    Handlers can be set only in the main thread; elsewhere (Dask, a
    notebook's worker thread) the signals are not this code's.

    Only a signal this process acts on is held.  An ignored one (a command
    started in the background or under ``nohup`` ignores Ctrl-C) stays
    ignored: a handler in its place would not pass to the worker started
    meanwhile, which would then stop on a Ctrl-C its parent ignores.  A
    handler set outside Python cannot be put back from here, so it is left
    alone too.  The handlers are put back even when the handler of a signal
    that arrives meanwhile raises (``signal.signal`` runs the pending
    handlers before it sets one): a noting handler left behind would swallow
    every later Ctrl-C or SIGTERM.
    """
    if ctx.get_start_method() == "fork" or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        signum: handler
        for signum in _HELD_SIGNALS
        if callable(handler := signal.getsignal(signum)) or handler == signal.SIG_DFL
    }
    arrived: list[signal.Signals] = []

    def note(signum: int, frame: object) -> None:
        arrived.append(signal.Signals(signum))

    try:
        for signum in previous:
            signal.signal(signum, note)
        yield
    finally:
        late = _put_back(previous)
        for held in dict.fromkeys(arrived):
            handler = previous[held]
            if callable(handler):
                handler(held, None)
            else:  # SIG_DFL
                signal.raise_signal(held)
        if late is not None:
            raise late


def _put_back(previous: dict[signal.Signals, Any]) -> BaseException | None:
    """Set each handler back; the first exception a handler raised meanwhile is returned, not raised.

    ``signal.signal`` first runs the handlers of signals that have arrived,
    and when one raises (a Ctrl-C just after its handler was put back) it
    sets nothing: so the setting is tried again.
    """
    late: BaseException | None = None
    for signum, handler in previous.items():
        for _ in range(_PUT_BACK_TRIES):
            try:
                signal.signal(signum, handler)
                break
            except BaseException as exc:  # a handler of a signal that arrived meanwhile
                late = late or exc
    return late


class _Slot:
    """One chunk's place in the output: a worker's future, or this process's own result."""

    __slots__ = ("chunk", "done", "future")

    def __init__(
        self,
        chunk: list[Doc],
        future: Future[list[list[tuple[Any, ...]]]] | None,
        done: list[list[Definition]] | None = None,
    ) -> None:
        # a worker's chunk stays until its results are read: for take_back, and for unpack,
        # which slices the surfaces and sentences out of the texts instead of receiving them
        self.chunk: list[Doc] | None = chunk if future is not None else None
        self.future = future
        self.done = done

    def ready(self) -> bool:
        """Results can be taken without waiting (this process's own, or a finished worker's)."""
        return self.future is None or self.future.done()

    def queued(self) -> bool:
        """Still with a worker (waiting or running)."""
        return not self.ready()

    def take_back(
        self, kw: dict[str, Any], on_error: Callable[[str, BaseException], None] | None = None
    ) -> None:
        """Extract the chunk here if no worker has started it (the future cancels)."""
        if self.future is not None and self.chunk is not None and self.future.cancel():
            self.done, self.future, self.chunk = _extract_chunk(self.chunk, kw, on_error), None, None

    def results(
        self,
        kw: dict[str, Any] | None = None,
        on_error: Callable[[str, BaseException], None] | None = None,
        pool: ProcessPoolExecutor | None = None,
    ) -> Iterator[list[Definition]]:
        if self.future is None:
            assert self.done is not None
            yield from self.done
            return
        assert self.chunk is not None
        try:
            packed = _result(self.future, pool)
        except BrokenProcessPool:
            # the worker died (killed, out of memory): this chunk is done again here
            yield from _extract_chunk(self.chunk, kw or {}, on_error)
            return
        except Exception:
            if on_error is None:
                raise
            yield from _extract_chunk(self.chunk, kw or {}, on_error)  # only the failing document is lost
            return
        yield from unpack(packed, [text for _, text in self.chunk])


def _result(future: Future[Any], pool: ProcessPoolExecutor | None) -> Any:
    """``future.result()``, but a worker that died while the future waited raises BrokenProcessPool.

    The pool's manager thread does not always notice a dead worker: on Python
    3.11 it dies (InvalidStateError) when a worker dies while a cancelled
    future is still queued, and a worker killed while it was writing a result
    leaves half a message in the result pipe, on which the manager thread then
    waits forever.  Either way the futures never finish, so this waits in
    slices and checks the broken flag and the workers themselves.
    """
    while True:
        try:
            return future.result(timeout=_POLL_SECONDS)
        except FutureTimeout:
            reason = getattr(pool, "_broken", False) or _dead_worker(pool)
            if reason:
                _abandon(pool)
                raise BrokenProcessPool(str(reason)) from None


def _dead_worker(pool: ProcessPoolExecutor | None) -> str:
    """Why the pool is broken if a worker has ended ('' while all live): workers only end at shutdown."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        code = process.exitcode
        if code is not None:
            return f"a worker process (pid {process.pid}) ended with exit code {code}"
    return ""


def _abandon(pool: ProcessPoolExecutor | None) -> None:
    """Clean up a broken pool as its manager thread would have, had it not died or hung."""
    _stop(*_parts(pool))


def _parts(pool: ProcessPoolExecutor | None) -> tuple[list[Any], Any, Any]:
    """The pool's worker processes, call queue and result queue (``shutdown()`` forgets them)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    return processes, getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)


def _stop(processes: list[Any], call_queue: Any, result_queue: Any) -> None:
    """Stop the workers, and keep the pool's threads from waiting for them forever.

    The queue that fed them is not flushed at exit: its feeding thread may be
    stuck writing into a pipe nobody reads, and joining it would hang the
    process after its work is done.  This process's end of the result pipe is
    closed: once the workers are gone the pipe has no writer left, so a
    manager thread waiting for the rest of a dead worker's half-written result
    reads end-of-file, marks the pool broken and ends, and ``shutdown()`` and
    the interpreter's exit do not wait for it forever.
    """
    for process in processes:
        process.terminate()
    if call_queue is not None:
        call_queue.cancel_join_thread()
    if result_queue is not None:
        result_queue._writer.close()


def _shut_down(pool: ProcessPoolExecutor) -> None:
    """``pool.shutdown(wait=True)``, but a worker that dies meanwhile cannot hang it.

    A worker killed as it takes the next call item dies holding the call
    queue's read lock: the other workers then never read the end-of-work
    sentinels, and the manager thread waits in ``join()`` for them forever.
    So the wait is in slices, and a worker that ended other than cleanly
    (exit code 0) stops the rest.
    """
    thread = getattr(pool, "_executor_manager_thread", None)
    parts = _parts(pool)
    pool.shutdown(wait=False)
    while thread is not None and thread.is_alive():
        thread.join(_POLL_SECONDS)
        if thread.is_alive() and any(process.exitcode not in (None, 0) for process in parts[0]):
            _stop(*parts)
    if parts[2] is not None:
        parts[2].close()


def _extract_chunk(
    chunk: list[Doc], kw: dict[str, Any], on_error: Callable[[str, BaseException], None] | None = None
) -> list[list[Definition]]:
    """One result list per document of the chunk; with ``on_error``, a failing document gives []."""
    if on_error is None:
        return [find_definitions(text, doc=name, **kw) for name, text in chunk]
    out: list[list[Definition]] = []
    for name, text in chunk:
        try:
            out.append(find_definitions(text, doc=name, **kw))
        except Exception as exc:  # a bug in the extractor: only this document is lost
            on_error(name, exc)
            out.append([])
    return out


def _extract_packed(chunk: list[Doc], kw: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    """A worker's :func:`_extract_chunk`, packed as plain tuples: pickling them runs in C."""
    return pack(_extract_chunk(chunk, kw), [text for _, text in chunk])


def _chunks(docs: Iterable[Doc], chunk_chars: int) -> Iterator[list[Doc]]:
    chunk: list[Doc] = []
    size = 0
    for item in docs:
        chunk.append(item)
        size += len(item[1])
        if size >= chunk_chars or len(chunk) >= MAX_CHUNK_DOCS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _checked(docs: Iterable[Doc]) -> Iterator[Doc]:
    """Validate each item as it streams past; errors name the item's position."""
    if isinstance(docs, (str, bytes)):
        raise TypeError("extract_many() needs an iterable of (doc, text) pairs, not a single string")
    for i, item in enumerate(docs):
        if not (isinstance(item, tuple) and len(item) == 2):
            raise TypeError(
                f"extract_many(): item {i} must be a (doc, text) tuple, got {type(item).__name__}"
            )
        name, text = item
        if not isinstance(name, str) or not isinstance(text, str):
            raise TypeError(
                f"extract_many(): item {i} must hold two str (doc name, text), got "
                f"({type(name).__name__}, {type(text).__name__}); decode bytes first"
            )
        yield name, text
