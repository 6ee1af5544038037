"""The `das` console script: as small as can be, so that Ctrl-C, SIGTERM or SIGHUP at any moment ends das
with exit 130 and one line on stderr, never a traceback and never death by the signal's default action.

SIGTERM and SIGHUP are handled like Ctrl-C for the whole run (das.errors.Hangup is a KeyboardInterrupt):
every command saves what was answered and exits 130. This module does nothing at import time but define
its functions (no import a signal could interrupt outside main's try), and the handler imports nothing
(a signal can arrive while the import system is half-way through a module). Once the command has
finished and its output is flushed, further signals are ignored, so that Python's shutdown (which
resets Python-level handlers to the default action) cannot be killed half-way. A signal that arrives
before this module runs (in Python's own start-up, `site` imports) is out of das's reach.
"""

_received = 0  # the first SIGINT/SIGTERM/SIGHUP das received (its number), 0 before any
_ending = False  # das is exiting: a signal now is noted and otherwise ignored
_hangup: type[KeyboardInterrupt] = KeyboardInterrupt  # das.errors.Hangup once imported (the handler imports nothing)


_raised = False  # a Hangup is on its way: a second SIGTERM/SIGHUP (a closed terminal sends more) waits
_SIGINT = 2  # replaced by _signal.SIGINT in main (the same number wherever Python runs)
_main_thread = 0  # the thread das runs in, and what re-sends a swallowed signal (set in main)
_resend = None


def _on_signal(signum, _frame):
    """SIGINT raises KeyboardInterrupt, SIGTERM and SIGHUP raise das.errors.Hangup (a KeyboardInterrupt),
    unless das is already exiting or a Hangup is already on its way."""
    global _received, _raised
    if not _received:
        _received = signum
    if _ending:
        return
    if signum == _SIGINT:
        raise KeyboardInterrupt
    if _raised:
        return
    _raised = True
    raise _hangup(signum)


def _unraisable(info) -> None:
    """sys.unraisablehook: a signal that arrived inside a weakref callback or a __del__ raised its
    KeyboardInterrupt where Python can only print and drop it ("Exception ignored in ..."): send it
    again to das's thread from another thread, so it is raised where das catches it; print nothing."""
    global _raised
    if isinstance(info.exc_value, KeyboardInterrupt):
        _raised = False
        if not _ending and _resend is not None:
            _resend(getattr(info.exc_value, "signum", _SIGINT))
        return
    if _default_unraisable is not None:
        _default_unraisable(info)


_default_unraisable = None  # sys.unraisablehook as it was (set in main)


def received() -> int:
    """The first interrupting signal this run received (SIGINT, SIGTERM or SIGHUP), or 0 when none has:
    after one, a failed write to a closed terminal still ends das with 130, not 1."""
    return _received


def _ignore_signals(signal) -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                signal.signal(number, signal.SIG_IGN)
            except (ValueError, OSError):
                pass


def main() -> None:
    """Console-script entry point: das.cli.main, with every interruption of start-up and shutdown caught."""
    global _ending, _hangup, _SIGINT, _main_thread, _resend, _default_unraisable
    try:
        # the built-in half of `signal` (no Python code to load): the handlers are in place at once
        import _signal  # type: ignore[import-not-found]

        _SIGINT = _signal.SIGINT
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(_signal, name, None)
            # a signal das was started with ignored (`nohup das ...`) stays ignored, as the user asked
            if number is not None and _signal.getsignal(number) != _signal.SIG_IGN:
                _signal.signal(number, _on_signal)
        if _signal.getsignal(_SIGINT) is _signal.default_int_handler:  # not when started with it ignored
            _signal.signal(_SIGINT, _on_signal)
        from das.errors import Hangup

        _hangup = Hangup
        import _thread
        import sys

        _main_thread = _thread.get_ident()

        def resend(signum: int) -> None:
            _thread.start_new_thread(_signal.pthread_kill, (_main_thread, signum))

        _resend, _default_unraisable = resend, sys.unraisablehook
        sys.unraisablehook = _unraisable
        from das.cli import main as run

        run()
    except SystemExit:  # das.cli.main's sys.exit(code): the output is complete and flushed
        _ending = True  # first, before anything a signal could interrupt
        import signal

        _ignore_signals(signal)  # Python's shutdown resets handlers to the default action (kill)
        raise
    except KeyboardInterrupt:  # before das.cli could catch it (importing), or after it returned
        _ending = True
        import signal
        import sys

        _ignore_signals(signal)
        told = getattr(sys.modules.get("das.output"), "told", None)
        if told is None or not told():
            try:
                sys.stderr.write("\ninterrupted\n")  # the same line das.cli writes once it runs
                sys.stderr.flush()
            except (OSError, ValueError, AttributeError):  # the terminal is gone (SIGHUP): no one to tell
                pass
        sys.exit(130)


if __name__ == "__main__":
    main()
