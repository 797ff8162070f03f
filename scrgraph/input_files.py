"""Read an input file safely: a regular file, within a size limit, whole, before anything parses it.

Every command that reads a file the user names (documents, review records, trackers) reads it
through :func:`read_regular`, so a folder, named pipe, device (``/dev/zero``) or socket is refused by
its type in one sentence instead of blocking or reading forever, and a file larger than its limit is
refused before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from scrgraph.errors import ScrgraphError

_KINDS = {stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFIFO: "a named pipe",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def check_regular(path: Path, max_bytes: int, what: str) -> int:
    """The size of a regular file, or one sentence refusing what is missing, not a file, empty or too large.

    ``what`` names the kind of file in the sentences ("document", "review record", "tracker").
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScrgraphError(f"The file {path} does not exist.") from None
    except OSError as exc:
        raise ScrgraphError(f"{path} cannot be opened ({exc.strerror or type(exc).__name__}).") from None
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        raise ScrgraphError(f"{path} is {_KINDS.get(kind, 'not a regular file')}, not a {what} file; "
                            f"scrgraph reads only regular files.")
    if info.st_size == 0:
        raise ScrgraphError(f"{path} is empty.")
    if info.st_size > max_bytes:
        raise ScrgraphError(f"{path} is {_megabytes(info.st_size)}, larger than the limit of {_megabytes(max_bytes)} "
                            f"for one {what}.")
    return info.st_size


def read_regular(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of a regular file after :func:`check_regular`; never more than ``max_bytes``.

    The file is opened without blocking and checked again once open, so a file swapped for a pipe
    or device between the check and the read is refused too.
    """
    path = Path(path)
    check_regular(path, max_bytes, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ScrgraphError(f"{path} cannot be opened ({exc.strerror or type(exc).__name__}).") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ScrgraphError(f"{path} is not a regular file; scrgraph reads only regular files.")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ScrgraphError(f"{path} is larger than the limit of {_megabytes(max_bytes)} for one {what}.")
    if not data:
        raise ScrgraphError(f"{path} is empty.")
    return data
