"""Faults of round 19 (issue #12, tester t12g): a signal at any moment after das's entry module starts ends
das with exit 130 and one "interrupted" line (or, once the output is complete, the command's own code),
never a traceback or death by the signal's default action; a closed terminal is 130; a blank DAS_HOME,
DAS_CONTENT or --content-dir is one line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import invoke

ROOT = Path(__file__).resolve().parents[1]

# Sends SIGNAL to itself at a controlled moment: when MODULE is first looked for by the import system
# (no sitecustomize: this script is the whole program), while it is half-loaded ("in:MODULE"), or at
# exit ("atexit"). Imports neither
# `signal` nor anything das imports, so the first import of each happens where das does it.
SIGNAL_AT = """
import os, sys, _signal
SIGNAL, MODULE, MARK = getattr(_signal, sys.argv[1]), sys.argv[2], sys.argv[3]
_signal.signal(_signal.SIGINT, _signal.default_int_handler)  # as in a terminal, even in the background
def fire():
    open(MARK, "w").close()
    os.kill(os.getpid(), SIGNAL)
class SignalOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == MODULE.removeprefix("in:"):
            sys.meta_path.remove(self)
            if not MODULE.startswith("in:"):
                fire()
                return None
            import importlib.machinery  # "in:M": while M is half-loaded (in sys.modules, not yet run)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run = spec.loader.exec_module
            def exec_module(module):
                fire()
                run(module)
            spec.loader.exec_module = exec_module
            return spec
        return None
if MODULE == "atexit":  # after das.cli.main's sys.exit: the output is complete, Python is shutting down
    import atexit
    atexit.register(fire)
else:
    sys.meta_path.insert(0, SignalOnImport())
sys.argv = ["das", *sys.argv[4:]]
from das.entry import main
main()
"""


def _signalled_run(tmp_path: Path, name: str, module: str, *args: str):
    mark = tmp_path / "fired"
    env = dict(os.environ, DAS_HOME=str(tmp_path / "das-home"), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SIGNAL_AT, name, module, str(mark), *args], capture_output=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert mark.exists(), f"the signal was never sent: {module} was not imported"  # else this tests nothing
    return done


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("module", [
    "signal",  # das's first import of `signal` (was at das/entry.py's module level, outside its try)
    "in:__future__",  # while __future__ is half-loaded (the handler imported das.errors: ImportError)
    "das.store.progress",  # inside the stats command's callback, where typer turned it into a quiet 130
])
def test_a_signal_at_any_moment_is_exit_130_and_one_line(tmp_path, das_home, name, module):
    done = _signalled_run(tmp_path, name, module, "stats")
    err = done.stderr.decode()
    assert done.returncode == 130 and "Traceback" not in err and "Exception ignored" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted"), err


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_after_the_output_is_complete_leaves_the_commands_own_code(tmp_path, das_home, name):
    done = _signalled_run(tmp_path, name, "atexit", "calc", "wcu", "--items", "3", "--size", "2")
    # was: killed by the signal's default action (143, 129) or "Exception ignored ... Traceback"
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert b"3" in done.stdout


def test_ctrl_c_in_the_plain_exam_is_one_interrupted_line_naming_resume(das_home):
    """Ctrl-C in the plain exam: it saves and pauses, exits 130 and says so in one line (it said nothing
    on stderr)."""
    env = dict(os.environ, DAS_HOME=str(das_home), PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-m", "das", "exam", "--plain", "--questions", "2"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             preexec_fn=lambda: __import__("signal").signal(2, __import__("signal").SIG_DFL))
    shown = b""
    while b"> " not in shown:
        chunk = os.read(child.stdout.fileno(), 65536)
        assert chunk, "das ended before asking anything"
        shown += chunk
    child.send_signal(2)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130 and b"Traceback" not in err, err
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted") and "das exam --resume" in lines[0], err


def test_closing_the_terminal_under_a_quiz_is_130_with_the_answer_saved(tmp_path, das_home):
    import pexpect

    home, err_file = das_home, tmp_path / "stderr"
    env = dict(os.environ, DAS_HOME=str(home), TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
               PYTHONPATH=str(ROOT))
    child = pexpect.spawn("/bin/sh", ["-c", f'exec "$0" -m das quiz kinesis -n 3 --seed 5 2>"{err_file}"',
                                      sys.executable], env=env, encoding="utf-8", dimensions=(40, 120), timeout=60)
    index = child.expect([r"or arrows pick, Enter answers", r"or Space mark, Enter answers"])
    time.sleep(0.3)  # let the prompt finish drawing before the "person" starts typing
    child.send("\x1b[B\r" if index == 0 else ("ab\r" if "Select TWO" in child.before else "abc\r"))
    child.expect(r"Press Enter for the next question")
    deadline, stored = time.monotonic() + 60, 0
    while not stored and time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(f"file:{home / 'progress.sqlite3'}?mode=ro", uri=True)
            stored = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            time.sleep(0.05)
    assert stored == 1
    child.ptyproc.fileobj.close()  # the terminal window closes: the kernel hangs the terminal up (SIGHUP, EIO)
    deadline, status = time.monotonic() + 60, None
    while status is None and time.monotonic() < deadline:
        pid, raw = os.waitpid(child.pid, os.WNOHANG)
        status = os.waitstatus_to_exitcode(raw) if pid else None
        time.sleep(0.02)
    child.ptyproc.closed = child.closed = True  # reaped here: nothing for pexpect to close or kill
    err = err_file.read_text()
    assert status == 130, (status, err)  # was 1: "cannot write the output: Input/output error"
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) == 1 and lines[0].startswith("interrupted"), err
    conn = sqlite3.connect(home / "progress.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1
    conn.close()


@pytest.mark.parametrize("value", [" ", "  ", "\t"])
def test_a_blank_das_home_is_exit_1_and_creates_nothing(tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAS_HOME", value)
    result = invoke("stats")
    assert result.code == 1 and result.err.strip().splitlines() == [f"das: error: DAS_HOME {value!r} is blank: give a folder's path"]
    assert not (tmp_path / value).exists()  # no folder named " "


@pytest.mark.parametrize("args,env", [
    (["--content-dir", "", "stats"], {}),  # was: the current folder loaded as content
    (["stats", "--content-dir", " "], {}),
    (["stats"], {"DAS_CONTENT": " "}),
])
def test_a_blank_content_folder_is_a_usage_error(das_home, monkeypatch, args, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = invoke(*args)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "is blank" in result.err, result.err


@pytest.mark.parametrize("name", ["SIGHUP", "SIGTERM"])
@pytest.mark.parametrize("command", [["quiz", "--plain", "-n", "2"], ["exam", "--plain", "--questions", "2"]])
def test_a_signal_das_was_started_with_ignored_stays_ignored_like_nohup(das_home, name, command):
    """`nohup das ...` starts das with SIGHUP ignored: das must not take it back (nor an ignored SIGTERM)."""
    import signal

    number = getattr(signal, name)
    child = subprocess.Popen([sys.executable, "-m", "das", *command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=dict(os.environ, DAS_HOME=str(das_home), PYTHONPATH=str(ROOT)),
                             preexec_fn=lambda: signal.signal(number, signal.SIG_IGN))
    shown = b""
    while b"q to stop" not in shown and b"(q pauses" not in shown and b"> " not in shown:  # the first prompt
        chunk = os.read(child.stdout.fileno(), 65536)
        assert chunk, "das ended before asking anything"
        shown += chunk
    child.send_signal(number)  # ignored, as nohup asked
    out, err = child.communicate(b"q\n", timeout=60)
    assert child.returncode == 0, err
    assert b"interrupted" not in err and b"Traceback" not in err
