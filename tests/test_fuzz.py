"""Property-based fuzzing (#12): random argument vectors for every command and random bytes to the plain
modes never give a traceback, only the documented exit codes, and an error is one line on stderr.

Bounded to a few seconds in the suite (max_examples); `scripts/soak.py` is the long run."""

from __future__ import annotations

import contextlib
import io
import os
import sys

import click
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import invoke

DOCUMENTED = {0, 1, 2, 130}
# a longer run: DAS_FUZZ_SCALE=20 python -m pytest tests/test_fuzz.py (random, not derandomized)
SCALE = int(os.environ.get("DAS_FUZZ_SCALE", "1"))


def command_paths() -> dict[tuple[str, ...], list[str]]:
    """Every leaf command, with its option names: built from the real app, so a new command is fuzzed too."""
    import typer.main

    from das.cli import app

    found: dict[tuple[str, ...], list[str]] = {}

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, path + (name,))
        options = [opt for param in command.params if isinstance(param, click.Option) for opt in param.opts]
        found[path] = options

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = command_paths()
# values a clumsy or hostile user might type: numbers of every shape and script, paths, escapes
VALUES = st.one_of(
    st.sampled_from(["0", "-1", "1", "2", "65", "1e5000", "1e-400", "9223372036854775808", "²", "٣", "nan", "inf",
                     "-", "--", "", " ", "a,c", "1/0", "1_0", "0x10", "/", "/proc/self/mem", "/dev/zero", "x" * 300,
                     "das-c01", "dea-c01", "kinesis", "firehose", "wcu", "second", "query", "\x1b[2J", "é"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
)


@st.composite
def argv(draw):
    path = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[path]
    tokens = list(path)
    for _ in range(draw(st.integers(0, 5))):
        if options and draw(st.booleans()):
            tokens.append(draw(st.sampled_from(options)))
        tokens.append(draw(VALUES))
    return tokens


def check(code: int, err: str) -> None:
    assert code in DOCUMENTED, (code, err)
    assert "Traceback" not in err
    if code in (1, 2):
        errors = [line for line in err.splitlines() if line.startswith("das: error: ")]
        assert len(errors) == 1, err


@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=list(HealthCheck), derandomize=SCALE == 1)
@given(args=argv(), stdin=st.text(max_size=30))
def test_random_argument_vectors_never_give_a_traceback(tmp_path_factory, args, stdin):
    folder = tmp_path_factory.mktemp("fuzz-cwd")
    old = os.getcwd()
    os.chdir(folder)  # export and import write where they are told: keep it in a scratch folder
    try:
        if "--plain" not in args and args[:1] in (["quiz"], ["drill"], ["review"], ["exam"]):
            args = args + ["--plain"]
        result = invoke(*args, stdin=stdin + "\nq\nq\n")
    finally:
        os.chdir(old)
    check(result.code, result.err)


def run_bytes(args: list[str], data: bytes) -> tuple[int, str]:
    from das.cli import run

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(args)
    finally:
        sys.stdin = old
    return code, err.getvalue()


PLAIN_MODES = [["quiz", "--plain", "-n", "3", "--seed", "1"], ["drill", "--plain", "-n", "3", "--seed", "1"],
               ["review", "--plain", "--extra", "3"], ["exam", "--plain", "--questions", "3", "--minutes", "5"]]


@settings(max_examples=30 * SCALE, deadline=None, suppress_health_check=list(HealthCheck), derandomize=SCALE == 1)
@given(mode=st.sampled_from(PLAIN_MODES), data=st.binary(max_size=200),
       lines=st.lists(st.sampled_from([b"a", b"b", b"a,c", b"g 2", b"r", b"m", b"x", b"n", b"p", b"submit", b"y",
                                       b"\xff", b"\xc3", b"\x1b[2J", b"\xe2\x80\xae", b"99999999999999999999"]),
                      max_size=8))
def test_random_bytes_to_the_plain_modes_never_give_a_traceback(mode, data, lines):
    code, err = run_bytes(mode, b"\n".join(lines) + b"\n" + data)
    check(code, err)


def test_the_fuzzer_covers_every_command():
    names = {" ".join(path) for path in COMMANDS}
    for expected in ("quiz", "drill", "review", "exam", "exam review", "stats", "explain", "content check",
                     "calc wcu", "calc s3", "export anki", "import"):
        assert expected in names
