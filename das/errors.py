"""The errors a user can cause, and the exit codes das promises.

Tracebacks are for bugs only: anything a user can get wrong (a flag, a value, a content file, a damaged
progress database) is a DasError, printed as one line on stderr.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # something outside the user's input went wrong (e.g. unreadable progress database)
    USAGE = 2  # bad flags, out-of-range values, broken content files
    INTERRUPTED = 130  # Ctrl-C, SIGTERM, SIGHUP


class DasError(Exception):
    """A problem the user can fix; `message` says what is wrong and what is allowed."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(DasError):
    """A flag or value outside what the command accepts."""


class ContentError(DasError):
    """A notes, questions or rules file that is malformed or fails the schema.

    The message names the file, the line and the field.
    """

    def __init__(self, path: str, line: int | None, field: str, problem: str, column: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        where += f":{column}" if line and column else ""
        super().__init__(f"{where}: {field}: {problem}")
        self.path = str(path)
        self.line = line
        self.column = column
        self.field = field
        self.problem = problem


class StateError(DasError):
    """The user's progress store cannot be used as it is (damaged, locked, unwritable)."""

    exit_code = ExitCode.FAILURE


class DamagedRecord(Exception):
    """A value read back from the progress database that is not what das saved there (a spaced-repetition
    card or a drill that does not parse): damage SQLite's checks cannot see. The CLI reports it as a damaged
    database (one line, exit 1, with the offer to move it aside)."""


class Hangup(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived (a kill, a closed terminal): handled like Ctrl-C in every command (what
    was answered is saved, one line when the terminal is still there, exit 130); the exam also saves its
    clock at once. Raised by the handlers das.entry installs for the whole run."""

    received = 0  # the first signal a Hangup was raised for in this run (any handler's), 0 before

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        if not Hangup.received:
            Hangup.received = signum


# errno names of a write that failed for lack of room or a faulty disk: not the user's input (exit 1)
_DISK_ERRNOS = {"ENOSPC", "EDQUOT", "EIO", "EFBIG", "EROFS"}


def write_error(message: str, exc: OSError) -> DasError:
    """The one-line error for a file das could not write: `message` and the system's reason. A full disk,
    a quota, an I/O error or a read-only file system is a StateError (exit 1); anything else (no such
    folder, permission denied) is a UsageError (exit 2): the path the user gave cannot be written."""
    import errno

    kind = StateError if errno.errorcode.get(exc.errno or 0, "") in _DISK_ERRNOS else UsageError
    return kind(f"{message}: {exc.strerror or exc}; nothing was written")
