"""The `das` console script: as small as can be, so that Ctrl-C, SIGTERM or SIGHUP while das is still
importing (typer, rich: up to a second) ends it quietly with exit 130 instead of a traceback.

SIGTERM and SIGHUP are handled like Ctrl-C for the whole run (das.errors.Hangup is a KeyboardInterrupt):
every command saves what was answered and exits 130. A signal that arrives before this module runs (in
Python's own start-up, `site` imports) is out of das's reach: Python prints its own traceback then.
"""

import signal
import sys


def _hangup(signum, _frame):
    from das.errors import Hangup

    raise Hangup(signum)


def main() -> None:
    """Console-script entry point: das.cli.main, with the interruptions of start-up caught."""
    try:
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                signal.signal(number, _hangup)
        from das.cli import main as run

        run()
    except KeyboardInterrupt:  # before das.cli could catch it (importing), or after it returned
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except (ValueError, OSError):
            pass
        try:
            sys.stderr.write("\ninterrupted\n")  # the same line das.cli writes once it runs
        except (OSError, ValueError):  # the terminal is gone (SIGHUP): no one to tell
            pass
        sys.exit(130)


if __name__ == "__main__":
    main()
