"""Bounded reading of files a user names (content files, --item, import sources): only regular files, at
most a documented number of bytes, so a FIFO never blocks and /dev/zero never fills memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(Exception):
    """A file das will not read; `reason` completes "<path> ..." ("is not a regular file", "is 5,000,000
    bytes; at most 4,194,304 are read", "cannot be read (Permission denied)", "does not exist")."""

    def __init__(self, reason: str, missing: bool = False, folder: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing
        self.folder = folder


def read_bounded(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `limit` of them. Opens without
    blocking (O_NONBLOCK), so a FIFO is refused rather than waited on. Raises Refused (never OSError)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise Refused("does not exist", missing=True) from None
    except IsADirectoryError:
        raise Refused("is a folder", folder=True) from None
    except OSError as exc:
        raise Refused(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Refused("is a folder", folder=True)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("is not a regular file (a FIFO, device or socket is not read)")
        if info.st_size > limit:
            raise Refused(f"is {info.st_size:,} bytes; at most {limit:,} are read")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Refused(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise Refused(f"is larger than {limit:,} bytes")
    return data


def is_regular(path: Path | str) -> bool:
    """Whether `path` is a regular file (symlinks followed); False when it is missing or unreadable."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
