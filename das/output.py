"""Writing to stdout and stderr when they cannot be written: full (/dev/full, a full disk), closed
(`das explain >&-`) or a broken pipe (`das --help | head`). A broken pipe ends quietly with exit 0 (the
reader has what it wanted); any other failure is one line on stderr when stderr still works, and exit 1.
"""

from __future__ import annotations

import sys

# errno values of a failed write to stdout or stderr: full disk or quota, I/O error, closed or broken
_OUTPUT_ERRNOS = {"ENOSPC", "EDQUOT", "EIO", "EBADF", "EPIPE", "EFBIG", "EINVAL"}


class _ClosedStream:
    """Stands in for a standard stream the process was started without (`das explain >&-`): Python sets
    it to None; writing to it fails like writing to a closed file (one line, exit 1), never AttributeError."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, f"{self.name} is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import io

        raise io.UnsupportedOperation(f"{self.name} is closed")


_told = False  # das has written its one line about an interruption on stderr (or tried to)


def say_interrupted(line: str = "interrupted") -> None:
    """Write das's one line on stderr for an interrupted run (Ctrl-C, SIGTERM, SIGHUP), once per run:
    a second call writes nothing. A terminal that is gone (SIGHUP, EIO) is no one to tell: nothing raises."""
    global _told
    if _told:
        return
    _told = True
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def told() -> bool:
    """Whether say_interrupted has run (so the one line about an interruption is not written twice)."""
    return _told


def usable_streams() -> None:
    """A closed stdout or stderr (None in Python) becomes a _ClosedStream."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream("standard output")  # type: ignore[assignment]
    if sys.stderr is None:
        sys.stderr = _ClosedStream("standard error")  # type: ignore[assignment]


def output_failure(exc: BaseException, interrupted: bool = False) -> int:
    """The exit code for a failed write to stdout or stderr: a broken pipe (the reader is gone, as with
    `| head`) ends quietly with 0; a full disk, an I/O error or a closed stream is one line on stderr
    (when stderr can still be written) and exit 1. `interrupted`: a signal (Ctrl-C, SIGTERM, SIGHUP: a
    closed terminal fails every write with EIO) came first, so it is 130 and das's one "interrupted" line.
    Further writes are sent to /dev/null, so Python's own flush at exit reports nothing more."""
    import os

    def nowhere(stream) -> None:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass

    nowhere(sys.stdout)
    if interrupted:
        from das.errors import ExitCode

        say_interrupted("interrupted: every answer given so far is saved")
        return int(ExitCode.INTERRUPTED)
    if isinstance(exc, BrokenPipeError):
        nowhere(sys.stderr)
        return 0
    try:
        reason = getattr(exc, "strerror", None) or str(exc)
        sys.stderr.write(f"das: error: cannot write the output: {reason}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        nowhere(sys.stderr)  # stderr is gone too: the exit code alone says it
    return 1


def terminal_gone(exc: BaseException) -> bool:
    """Whether a failed write is a terminal that was closed (a hung-up terminal fails every write with
    EIO; a file on a failing disk is no terminal): the user's SIGHUP, exit 130 rather than 1."""
    import errno
    import os
    import stat

    if not isinstance(exc, OSError) or exc.errno != errno.EIO:
        return False
    for stream in (sys.stdout, sys.stderr):
        try:
            if stat.S_ISCHR(os.fstat(stream.fileno()).st_mode):
                return True
        except (OSError, ValueError, AttributeError):
            continue
    return False


def is_output_failure(exc: BaseException) -> bool:
    """Whether an OSError that escaped a command is a failed write to stdout or stderr."""
    import errno

    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError)
                                                and errno.errorcode.get(exc.errno or 0, "") in _OUTPUT_ERRNOS)


def quiet_event_loop_log() -> None:
    """prompt_toolkit runs its screens on asyncio, which logs a screen that fails while it is closed (a
    terminal closed under it, after SIGHUP: every write fails with EIO) as a traceback on stderr. das
    says one line instead (exit 130), so asyncio's log goes nowhere."""
    import logging

    logger = logging.getLogger("asyncio")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
