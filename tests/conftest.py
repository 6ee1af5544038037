"""Shared test helpers: every test gets its own DAS_HOME, and `invoke` runs the real CLI in-process."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import subprocess
from dataclasses import dataclass

import pytest
from hypothesis import settings

# No test asserts a wall-clock time: Hypothesis's default 200 ms deadline per example would (a busy machine
# fails it). Speed is measured by scripts/bench.py instead.
settings.register_profile("das", deadline=None)
settings.load_profile("das")


def _as_in_a_terminal() -> None:
    """The tests play a user at a terminal, where SIGHUP and SIGTERM start at their default action. Under
    `nohup` (or a CI runner that ignores them) every das the tests start would inherit them ignored, which
    das honours (`nohup das ...`), and every closed-terminal test would test nothing: restore the defaults
    for this test process and so for everything it starts."""
    import signal

    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)


_as_in_a_terminal()


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory):
    """The content cache as a user has it after their first command, built once per test session."""
    import shutil

    home = tmp_path_factory.mktemp("warm-home")
    old = os.environ.get("DAS_HOME")
    os.environ["DAS_HOME"] = str(home)
    try:
        from das.content.library import load_library
        from das.content.rules import all_rules

        all_rules.cache_clear()
        all_rules()
        load_library()
        load_library(questions=False)
    finally:
        if old is None:
            os.environ.pop("DAS_HOME", None)
        else:
            os.environ["DAS_HOME"] = old
    yield home / "cache"
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def das_home(tmp_path, monkeypatch, warm_cache):
    """No test ever touches the real user's progress or caches; each starts with a warm content cache
    (a copy, so a test may damage or delete it)."""
    import shutil

    home = tmp_path / "das-home"
    shutil.copytree(warm_cache, home / "cache")
    monkeypatch.setenv("DAS_HOME", str(home))
    monkeypatch.delenv("DAS_CONTENT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


FIREHOSE_URL = "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"


def user_note(card: str, aliases: str = "[mine]", note_id: str = "my-topic") -> str:
    """The YAML of a small user note `note_id` (one section `basics`, one Firehose fact) whose fact
    carries `card` (a flow mapping such as '{id: x, front: "F?", back: "B"}'; '' for none)."""
    card_line = f"\n        card: {card}" if card else ""
    return (f"id: {note_id}\ntitle: My topic\naliases: {aliases}\nsummary: A user's own note.\n"
            f"exams: [dea-c01]\nsections:\n  - id: basics\n    title: Basics\n    facts:\n"
            f"      - text: Firehose delivers streaming data.\n        source: {FIREHOSE_URL}{card_line}\n")


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def invoke(*args: str, stdin: str | bytes | None = None) -> Outcome:
    """Run `das ARGS` through the same entry point as the console script, capturing its output. `stdin` is
    text (sent as UTF-8) or raw bytes, read through a real text stream with a byte buffer, as a pipe is."""
    from das.cli import run

    out, err = io.StringIO(), io.StringIO()
    old_stdin = None
    if stdin is not None:
        import sys

        raw = stdin if isinstance(stdin, bytes) else stdin.encode("utf-8", "surrogatepass")
        old_stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        if old_stdin is not None:
            import sys

            sys.stdin = old_stdin
    return Outcome(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return invoke


def pytest_configure(config):
    os.environ.setdefault("DAS_WIDTH", "100")


@pytest.fixture(autouse=True)
def no_fuzz(monkeypatch):
    """FSRS interval fuzzing off, so due dates are reproducible."""
    monkeypatch.setenv("DAS_FSRS_FUZZ", "0")
    from das.practice.scheduling import scheduler

    scheduler.cache_clear()


@pytest.fixture
def tmpfs(tmp_path):
    """A 1 MiB tmpfs (a real full disk) where this machine lets the tests mount one, else None."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                              capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        gc.collect()  # close any connection left by an in-process run before unmounting
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=10)


@pytest.fixture
def obeys_permissions(tmp_path):
    """Skip unless helpers.without_root_powers runs das as a user that file permissions apply to (a normal
    user, or root without its power to ignore them)."""
    from helpers import NO_ROOT_POWERS

    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o000)
    if os.geteuid() == 0:
        try:
            done = subprocess.run(NO_ROOT_POWERS + ["cat", str(probe)], capture_output=True, timeout=10)
        except OSError:
            pytest.skip("no setpriv to drop root's power to ignore permissions")
        if done.returncode == 0:
            pytest.skip("cannot drop root's power to ignore permissions here")
