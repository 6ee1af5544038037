"""The root `das` command: registers the command groups and turns errors into one line and an exit code."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from das.errors import DasError, ExitCode

if TYPE_CHECKING:
    import typer

# Every command: name -> (module, attribute, a typer group?). Only the command being run is imported and
# built (each costs imports and click parameters); help, completion and unknown names get them all.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "calc": ("das.commands.calc", "app", True),
    "explain": ("das.commands.explain", "explain", False),
    "quiz": ("das.commands.quiz", "quiz", False),
    "drill": ("das.commands.drill", "drill", False),
    "review": ("das.commands.review", "review", False),
    "exam": ("das.commands.exam", "app", True),
    "stats": ("das.commands.stats", "stats", False),
    "doctor": ("das.commands.doctor", "doctor", False),
    "content": ("das.commands.content", "app", True),
    "export": ("das.commands.export", "app", True),
    "import": ("das.commands.importer", "import_banks", False),
}
HELP = ("das: a terminal tutor and calculator for AWS Certified Data Engineer - Associate (DEA-C01), the "
        "default exam, and its predecessor, AWS Certified Data Analytics - Specialty (DAS-C01, retired April "
        "2024; das exam --profile das-c01).")


def build_app(only: str | None = None) -> typer.Typer:
    """The root typer app with every command, or with the command `only` alone (what one run needs)."""
    import importlib

    import typer

    app = typer.Typer(name="das", help=HELP, no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]})
    from das.commands.root import root

    app.callback()(root)
    for name, (module, attribute, group) in COMMANDS.items():
        if only is None or name == only:
            target = getattr(importlib.import_module(module), attribute)
            if group:
                app.add_typer(target, name=name)
            else:
                app.command(name)(target)
    return app


def __getattr__(name: str):
    if name == "app":  # `from das.cli import app`: the whole tree, for tests and tools
        return build_app()
    raise AttributeError(name)


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"das: error: {message}\n")
    return code


def _offer_to_move_aside(exc: Exception) -> None:
    """On a terminal, offer to move a damaged progress database aside (never without a yes)."""
    from das.errors import StateError

    if not isinstance(exc, StateError) or type(exc).__name__ != "DamagedStore":
        return
    try:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            return
        sys.stderr.write("Move it aside and start a new one? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in {"y", "yes"}:
            return
        from das.store.progress import move_aside

        sys.stderr.write(f"Moved to {move_aside(exc.path)}; das starts a new one next time.\n")  # type: ignore[attr-defined]
    except (OSError, ValueError, UnicodeDecodeError) as problem:
        sys.stderr.write(f"das: error: could not move it aside: {problem}\n")


def reflow_help(text: str | None) -> str | None:
    """A help text with the hard line breaks of its source docstring removed: paragraphs (split at blank
    lines) become one line each, so the terminal wraps them at its width instead of mid-sentence."""
    if not text:
        return text
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) if not p.startswith("\b") else p for p in paragraphs)


def _reflow_all(command) -> None:
    command.help = reflow_help(command.help)
    command.short_help = reflow_help(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = reflow_help(param.help)
    for sub in getattr(command, "commands", {}).values():
        _reflow_all(sub)


def invoked(argv: list[str] | None) -> str | None:
    """The command a command line runs (after the root's --content-dir options), or None when it needs the
    whole tree: no command, root help or --version, or a name that is no command (click's error lists them)."""
    args = list(sys.argv[1:] if argv is None else argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--content-dir":
            i += 2
        elif arg.startswith("--content-dir="):
            i += 1
        else:
            return arg if arg in COMMANDS else None
    return None


def command(argv: list[str] | None = None):
    """The click command tree of `das` (only the command `argv` runs, when it names one), with every help
    text reflowed (see reflow_help)."""
    import typer.main

    root_command = typer.main.get_command(build_app(invoked(argv) if argv is not None else None))
    _reflow_all(root_command)
    return root_command


def _fast(args: list[str]) -> bool:
    """Run a command line that needs no typer (a plainly well-formed `das calc ID ...`) and return True, or
    return False having done nothing."""
    if len(args) >= 2 and args[0] == "calc":
        from das.commands.calc_run import fast_calc

        return fast_calc(args[1:])
    return False


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every user mistake becomes one line on stderr."""
    args = sys.argv[1:] if argv is None else argv
    from das.errors import Hangup

    Hangup.received = 0  # this run's own (tests run many in one process)
    try:
        if _fast(list(args)):
            return int(ExitCode.OK)
        result = command(args)(args=argv, prog_name="das", standalone_mode=False)
    except DasError as exc:
        code = _fail(exc.message, int(exc.exit_code))
        _offer_to_move_aside(exc)
        return code
    except KeyboardInterrupt:  # Ctrl-C; SIGTERM and SIGHUP too (das.entry)
        return _interrupted()
    except BrokenPipeError:
        raise  # main(): quietly 0, with output sent nowhere after it
    except SystemExit as exc:
        # click's and rich's own exit(1) on a broken pipe: das ends quietly with 0 on it, as everywhere
        if type(sys.stdout).__name__ == "PacifyFlushWrapper" or isinstance(exc.__context__, BrokenPipeError):
            raise BrokenPipeError("the reader of the output is gone") from None
        raise
    except Exception as exc:
        typer = sys.modules.get("typer")  # imported by then unless the fast path ran
        if typer is not None and isinstance(exc, typer.Abort):
            return _interrupted()
        if typer is not None and isinstance(exc, typer.TyperException):  # click usage errors: unknown flag, ...
            if type(exc).__name__ == "NoArgsIsHelpError":
                sys.stdout.write(exc.format_message() + "\n")  # type: ignore[attr-defined]
                return int(ExitCode.OK)
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            message = " ".join(message.split())
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            return _fail(message + hint, int(getattr(exc, "exit_code", ExitCode.USAGE)))
        # a SQLite failure while reading or writing: classified, one line, exit 1
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(exc, UnicodeDecodeError) and _raised_in_store(exc):
            from das.store.faults import DamagedDatabase

            exc = DamagedDatabase("a damaged page (SQLite's report of it is not readable text)")
        from das.errors import DamagedRecord

        if not isinstance(exc, DamagedRecord) and (sqlite3 is None or not isinstance(exc, sqlite3.DatabaseError)):
            raise
        from das.store.faults import failure

        error = failure(exc)
        code = _fail(error.message, int(error.exit_code))
        _offer_to_move_aside(error)
        return code
    if result == ExitCode.INTERRUPTED:
        # typer turns a KeyboardInterrupt (Ctrl-C, SIGTERM, SIGHUP) raised inside a command into a quiet
        # exit 130; das's own interrupted commands have said so already (das.output.say_interrupted)
        return _interrupted()
    return result if isinstance(result, int) else int(ExitCode.OK)


def _interrupted() -> int:
    """Ctrl-C (or SIGTERM/SIGHUP, see das.entry): say so once, if the terminal is still there; exit 130."""
    from das.output import say_interrupted

    say_interrupted("\ninterrupted")
    return int(ExitCode.INTERRUPTED)


def _signalled() -> bool:
    """Whether Ctrl-C, SIGTERM or SIGHUP has arrived in this run (das.entry's handlers, when das.entry
    started this process, or the exam's own)."""
    from das.errors import Hangup

    entry = sys.modules.get("das.entry")  # never imported from here: das.entry imports das.cli
    return bool((entry is not None and entry.received()) or Hangup.received)


def _raised_in_store(exc: BaseException) -> bool:
    """Whether an exception came from das's progress store (where SQLite reports damaged pages)."""
    tb = exc.__traceback__
    while tb is not None:
        if "/das/store/" in tb.tb_frame.f_code.co_filename.replace("\\", "/"):
            return True
        tb = tb.tb_next
    return False


def tolerant_streams() -> None:
    """Make stdout and stderr replace what their encoding cannot show (a C locale, PYTHONIOENCODING=ascii)
    with '?' (and a lone surrogate under UTF-8), so every command prints instead of raising UnicodeEncodeError half-way through its output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a closed or detached stream: nothing to print to anyway
            pass


def main() -> None:
    """Run das with this process's arguments and exit with its code (das.entry.main wraps it)."""
    from das.output import is_output_failure, output_failure, terminal_gone, usable_streams

    usable_streams()
    tolerant_streams()
    try:
        code = run()
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError as exc:
        if not is_output_failure(exc):
            raise
        # a closed terminal is a hangup even when its SIGHUP was not handled yet (or was taken by the
        # exam screen's event loop, which ended on the terminal's end of input first)
        code = output_failure(exc, interrupted=_signalled() or terminal_gone(exc))
    sys.exit(code)
