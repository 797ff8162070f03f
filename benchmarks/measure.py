"""Peak memory of the current process, for benchmarks that measure in a spawned child."""

from __future__ import annotations

import resource


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
