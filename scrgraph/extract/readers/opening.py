"""Open a document file safely: a regular file, within the size limit, read whole before any parsing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.extract.readers import limits

_KINDS = {stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFIFO: "a named pipe",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def check_file(path: Path) -> int:
    """The size of a regular file, or one sentence refusing what is missing, not a file, empty or too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScrgraphError(f"The file {path} does not exist.") from None
    except OSError as exc:
        raise ScrgraphError(f"{path} cannot be opened ({exc.strerror or type(exc).__name__}).") from None
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        what = _KINDS.get(kind, "not a regular file")
        raise ScrgraphError(f"{path} is {what}, not a document file; scrgraph reads only regular files.")
    if info.st_size == 0:
        raise ScrgraphError(f"{path} is empty.")
    if info.st_size > limits.MAX_DOCUMENT_BYTES:
        raise ScrgraphError(f"{path} is {info.st_size / 1024 / 1024:,.0f} MB, larger than the limit of "
                            f"{limits.MAX_DOCUMENT_BYTES // 1024 // 1024} MB for one document.")
    return info.st_size


def document_bytes(path: Path) -> bytes:
    """The bytes of a document file after :func:`check_file`; never more than the size limit.

    The file is opened without blocking and checked again once open, so a file swapped for a pipe
    or device between the check and the read is refused too.
    """
    check_file(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ScrgraphError(f"{path} cannot be opened ({exc.strerror or type(exc).__name__}).") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ScrgraphError(f"{path} is not a regular file; scrgraph reads only regular files.")
        data = handle.read(limits.MAX_DOCUMENT_BYTES + 1)
    if len(data) > limits.MAX_DOCUMENT_BYTES:
        raise ScrgraphError(f"{path} is larger than the limit of {limits.MAX_DOCUMENT_BYTES // 1024 // 1024} MB "
                            f"for one document.")
    if not data:
        raise ScrgraphError(f"{path} is empty.")
    return data
