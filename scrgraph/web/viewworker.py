"""Graph views drawn in processes of their own, from a copy of the store.

A view of a review not seen before is about 80 ms of Python; under the load of eight clients the
thread drawing views held Python's lock two thirds of the time, and every other page waited
behind it. Processes of their own (:data:`VIEW_PROCESSES`) have their own locks and use both
cores. They read, read-only, a copy of the store made
with :meth:`scrgraph.store.OxigraphStore.snapshot` (hard links: a few milliseconds at 10,000
reviews) when the first view is asked for and again after each write of the workbench, kept in
a folder of the store's own that is removed when the workbench stops (or, after a crash, when
the next one starts). Should a process stop or the copy fail, views are drawn in the server.
"""

from __future__ import annotations

import gc
import multiprocessing
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from scrgraph.graph import Graph
from scrgraph.web.viewpage import workbench_view

COPIES_PREFIX = ".workbench-views-"
# Two drawing processes, one per core of a small laptop: views are most of the workbench's work.
VIEW_PROCESSES = 2
_OPEN: dict[str, Graph] = {}  # in a drawing process: the copy it has open
# A drawing process keeps what its views read (scrgraph.html.around): 100,000 and more objects
# that each of Python's full garbage collections went through again (40 ms and more each, nine in
# 200 views: 4 ms a view on average, and a view in twenty waited 75 ms or more). Every this many
# views the process collects once and then freezes what is left (gc.freeze), so that later
# collections look only at what is new: 1,000 reviews, views 400-1,000: p95 76-84 -> 36-40 ms of
# processor time, mean 22-23 -> 20-22 ms. What is kept is free of reference cycles, so it is still
# freed when it is forgotten.
FREEZE_EVERY = 50
_DRAWN = [0]  # in a drawing process: views drawn so far
_SPENT = threading.local()  # in the server: helper processor time spent for each thread (helper_seconds)


class ViewWorker:
    """Draws ``graph.view(...)`` pages in helper processes, from a copy of ``graph``'s store."""

    def __init__(self, graph: Graph, write_lock: threading.Lock) -> None:
        self._graph = graph
        self._write_lock = write_lock  # held by the workbench while it writes: no copy is taken meanwhile
        self._lock = threading.Lock()
        self._copies: list[Path] = []  # made so far and not yet removed, the newest last
        self._made = 0
        self._drawing: dict[Path, int] = {}  # views being drawn from each copy
        self._fresh = False
        self._pool: ProcessPoolExecutor | None = None
        self._snapshot: Callable[[Path], None] | None = getattr(graph.store, "snapshot", None)
        store_path = getattr(graph.store, "path", None)
        # None for a store that cannot be copied (in memory, or a SPARQL server's): views drawn here.
        self._folder = None if self._snapshot is None or store_path is None else \
            Path(store_path) / f"{COPIES_PREFIX}{uuid.uuid4().hex[:12]}"
        if self._folder is not None:
            for leftover in self._folder.parent.glob(COPIES_PREFIX + "*"):  # from a workbench that was killed
                shutil.rmtree(leftover, ignore_errors=True)

    def page(self, **chosen: Any) -> tuple[bytes, str]:
        """The workbench's page of ``graph.view(**chosen)`` and its policy (see
        :func:`scrgraph.web.viewpage.workbench_view`), drawn in a helper process when it can be."""
        if self._folder is not None:
            try:
                page, policy, seconds = self._in_helper(_draw, chosen)
                _SPENT.seconds = helper_seconds() + seconds
                return page, policy
            except (BrokenProcessPool, OSError, RuntimeError):  # the copy or the helper failed: draw here
                pass
        return workbench_view(self._graph, **chosen)

    def prepare(self) -> None:
        """Copy the store and start a helper with the copy open, so that the first view does not wait."""
        if self._folder is not None:
            self._in_helper(_prepare)

    def _in_helper(self, task: Callable[..., Any], *args: Any) -> Any:
        """``task(copy, *args)`` run in a helper process on the current copy of the store."""
        copy, pool = self._current()
        try:
            return pool.submit(task, str(copy), *args).result()
        finally:
            self._done(copy)

    def stale(self) -> None:
        """The store is being written: the next view is drawn from a new copy. Called by the
        workbench while it holds its write lock, before it forgets what it read; it takes no lock
        of its own (a view waiting for the write lock to copy the store holds this one's)."""
        self._fresh = False

    def close(self) -> None:
        """Stop the helper processes and remove the copies."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)

    def _current(self) -> tuple[Path, ProcessPoolExecutor]:
        with self._lock:
            if not self._fresh:
                assert self._folder is not None
                self._made += 1
                copy = self._folder / str(self._made)
                assert self._snapshot is not None
                with self._write_lock:  # so that no write falls between the copy and calling it fresh
                    self._snapshot(copy)
                    self._fresh = True
                self._copies.append(copy)
            if self._pool is None:
                self._pool = ProcessPoolExecutor(VIEW_PROCESSES, mp_context=multiprocessing.get_context("spawn"))
            copy = self._copies[-1]
            self._drawing[copy] = self._drawing.get(copy, 0) + 1
            return copy, self._pool

    def _done(self, copy: Path) -> None:
        """One view of ``copy`` is done: remove the older copies no view is being drawn from."""
        with self._lock:
            self._drawing[copy] -= 1
            for old in self._copies[:-1]:
                if not self._drawing.get(old):
                    self._drawing.pop(old, None)
                    self._copies.remove(old)
                    shutil.rmtree(old, ignore_errors=True)


def helper_seconds() -> float:
    """The processor time helper processes have spent drawing views for the calling thread so far
    (the workbench weighs what it keeps by the processor time each page took)."""
    return getattr(_SPENT, "seconds", 0.0)


def _draw(copy: str, chosen: dict[str, Any]) -> tuple[bytes, str, float]:
    """In a helper process: the workbench's view page drawn from the copy ``copy``, its policy, and
    the processor time it took."""
    start = time.process_time()
    page, policy = workbench_view(_open(copy), **chosen)
    _DRAWN[0] += 1
    if _DRAWN[0] % FREEZE_EVERY == 0:
        gc.collect()
        gc.freeze()
    return page, policy, time.process_time() - start


def _prepare(copy: str) -> None:
    """In a helper process: open the copy ``copy`` ahead of the first view."""
    _open(copy)


def _open(copy: str) -> Graph:
    """In a helper process: the copy ``copy``, opened read-only once (the older copy closed first)."""
    from scrgraph.store import OxigraphStore

    graph = _OPEN.get(copy)
    if graph is None:
        for old in _OPEN.values():
            old.close()
        _OPEN.clear()
        gc.unfreeze()  # what was frozen of the older copy may be collected again
        graph = _OPEN[copy] = Graph(OxigraphStore.open_snapshot(Path(copy)), copy)
    return graph
