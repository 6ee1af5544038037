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


def usable_streams() -> None:
    """A closed stdout or stderr (None in Python) becomes a _ClosedStream."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream("standard output")  # type: ignore[assignment]
    if sys.stderr is None:
        sys.stderr = _ClosedStream("standard error")  # type: ignore[assignment]


def output_failure(exc: BaseException) -> int:
    """The exit code for a failed write to stdout or stderr: a broken pipe (the reader is gone, as with
    `| head`) ends quietly with 0; a full disk, an I/O error or a closed stream is one line on stderr
    (when stderr can still be written) and exit 1. Further writes are sent to /dev/null, so Python's own
    flush at exit reports nothing more."""
    import os

    def nowhere(stream) -> None:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass

    nowhere(sys.stdout)
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


def is_output_failure(exc: BaseException) -> bool:
    """Whether an OSError that escaped a command is a failed write to stdout or stderr."""
    import errno

    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError)
                                                and errno.errorcode.get(exc.errno or 0, "") in _OUTPUT_ERRNOS)
