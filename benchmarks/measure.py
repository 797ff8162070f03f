"""Peak memory of the current process (and of its helpers), for benchmarks that measure in a spawned child."""

from __future__ import annotations

import os
import resource
import threading
import time


def peak_mb() -> float:
    """The process's peak resident memory in MB.

    Read from ``VmHWM`` in ``/proc/self/status`` on Linux: ``getrusage``'s ``ru_maxrss`` survives
    ``exec``, so a spawned child would report its parent's peak if that was higher (a child of a
    parent holding 1.5 GB reports 1.5 GB while using 15 MB). Elsewhere, ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                found += [int(child) for child in listed.read().split()]
    except OSError:
        pass
    return found


class TreePeak:
    """The peak of this process's resident memory plus its child processes' (the linker's helper
    that makes terms, say), sampled every ``interval`` seconds while the block runs; on systems
    without ``/proc`` it is :func:`peak_mb` alone.

    >>> with TreePeak() as tree:
    ...     pass
    >>> tree.peak_mb >= 0
    True
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            pids, seen = [os.getpid()], set()
            while pids:
                pid = pids.pop()
                if pid not in seen:
                    seen.add(pid)
                    pids += _children(pid)
            self.peak_mb = max(self.peak_mb, sum(_rss_kb(pid) for pid in seen) / 1024)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, peak_mb())


def cpu_seconds() -> float:
    """Processor seconds used so far by this process and by its child processes that have ended
    (the linker's helper, say)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
