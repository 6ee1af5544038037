"""Faults a fresh tester found for #12 (t12e): damaged values in any column, output that cannot be written,
user names in paths, signals, a full disk under export and import, a locked database, side files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import invoke
from helpers import fill, filled_database


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("das: error: "), err
    return lines[0]


# --- 1. a damaged value in any column of any table -------------------------------------------------------

WRONG = ["x", "", None, -1, 1e999, -1e999, 1.5, "2024-13-45T10:00", "9999-12-31T23:59:59", "null", "{}", 2 ** 62]
# (quiz reads what stats reads: the tallies and cards)
COMMANDS = [["stats", "--json"], ["review", "--plain"],
            ["exam", "--resume", "--plain"], ["doctor"]]


def test_a_wrong_value_in_any_column_is_one_line_and_doctor_reports_it(das_home, monkeypatch):
    # the content is not under test here: load it once (loading it per command is most of the time)
    import functools

    import das.content.library as content_library

    monkeypatch.setattr(content_library, "load_library", functools.lru_cache(content_library.load_library))
    base = filled_database(das_home)
    path = das_home / "progress.sqlite3"
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    columns = [(t, r[1]) for t in tables for r in conn.execute(f'PRAGMA table_info("{t}")')]
    conn.close()
    assert len(columns) > 40
    trial = 0
    for table, column in columns:
        for value in (WRONG[trial % len(WRONG)],):  # every column, the wrong values in turn
            trial += 1
            for side in das_home.glob("progress.sqlite3*"):
                side.unlink()
            path.write_bytes(base)
            conn = sqlite3.connect(path)
            try:
                conn.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
                conn.commit()
            except sqlite3.IntegrityError:  # NOT NULL, a duplicate key: SQLite itself refuses it
                conn.close()
                continue
            conn.close()
            refused = []
            for args in COMMANDS:
                result = invoke(*args, stdin="a\nq\n")  # a traceback fails the test here
                assert result.code in (0, 1, 2), (table, column, value, args, result.err)
                if args == ["doctor"]:
                    doctor = result
                elif result.code == 1:
                    line = one_line(result.err)
                    assert "is damaged" in line, (table, column, value, args, line)
                    refused.append(args)
            if refused:  # doctor reports what a command refuses
                assert doctor.code == 1 and "DAMAGED" in doctor.out, (table, column, value, refused)
            abandoned = invoke("exam", "--abandon", "--plain", "--questions", "1", "--seed", "3", stdin="q\n")
            assert abandoned.code in (0, 1), (table, column, value, abandoned.err)
            if abandoned.code == 1:
                assert "is damaged" in one_line(abandoned.err)


def test_an_infinite_time_limit_names_the_damage_and_abandon_is_the_way_out(das_home):
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "2", "--plain", stdin="a\nq\n").code == 0
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    conn.execute("UPDATE exams SET time_limit = 1e999")
    conn.commit()
    conn.close()
    resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert resumed.code == 1 and "time_limit" in one_line(resumed.err)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "time_limit" in doctor.out
    abandoned = invoke("exam", "--abandon", "--plain", "--questions", "1", "--seed", "3", stdin="q\n")
    assert abandoned.code == 0 and "Abandoned exam 1" in abandoned.err


# --- 2. output that cannot be written ---------------------------------------------------------------------

def das_shell(command: str, stdin: bytes = b"", timeout: float = 60):
    """A shell command line running the installed das (as the console script does), for redirections."""
    import os
    import subprocess
    import sys

    bindir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=f"{bindir}:{os.environ.get('PATH', '')}")
    return subprocess.run(["bash", "-c", command], input=stdin, capture_output=True, env=env, timeout=timeout)


@pytest.mark.parametrize("command", ["das stats --json > /dev/full", "das explain > /dev/full",
                                     "das --help > /dev/full", "das quiz --plain -n 1 > /dev/full",
                                     "das calc wcu --items 1 --size 1 >&-", "das explain >&-"])
def test_output_that_cannot_be_written_is_one_line_exit_1(command):
    done = das_shell(command, stdin=b"a\n")
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "cannot write the output" in one_line(err)


def test_a_broken_pipe_ends_quietly_with_0_in_every_command():
    for command in ("das --help", "das explain", "das stats"):
        done = das_shell(f"set -o pipefail; {command} | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}")
        assert done.stdout.decode().split() == ["0"] and done.stderr == b"", (command, done.stderr)


# --- 3. a path naming the home folder of a user who does not exist ------------------------------------------

@pytest.mark.parametrize("args, env, named", [
    (["stats"], {"DAS_HOME": "~nouser-f18/x"}, "DAS_HOME"),
    (["stats"], {"DAS_CONTENT": "~nouser-f18/x"}, "DAS_CONTENT"),
    (["--content-dir", "~nouser-f18/x", "stats"], {}, "--content-dir"),
    (["quiz", "--plain", "--content-dir", "~nouser-f18/x"], {}, "--content-dir"),
])
def test_a_missing_users_home_in_a_path_is_a_usage_error_naming_it(monkeypatch, args, env, named):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = invoke(*args, stdin="a\n")
    assert result.code == (1 if named == "DAS_HOME" else 2)  # as every other DAS_HOME that cannot be used
    assert one_line(result.err).startswith(f"das: error: {named} '~nouser-f18/x': there is no user")


# --- 4 and 10. Ctrl-C while starting; SIGTERM and SIGHUP like Ctrl-C ----------------------------------------

def _python(code: str, *args: str, env: dict | None = None, stdin=None):
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parents[1])
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=root, **(env or {})))


# the console script's own entry point, with a signal sent while it imports typer (its slowest import)
INTERRUPTED_IMPORT = """
import os, signal, sys
SIGNAL = getattr(signal, sys.argv[1])
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even when the test runs in the background
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            os.kill(os.getpid(), SIGNAL)
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["das", "stats"]
from das.entry import main
main()
"""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_while_das_is_starting_is_exit_130_without_a_traceback(name):
    child = _python(INTERRUPTED_IMPORT, name)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130 and b"Traceback" not in err, err
    assert err.decode().strip().splitlines() == ["interrupted"], err  # one line, as once das.cli runs


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("command", [["quiz", "--plain", "-n", "3"], ["drill", "wcu", "--plain", "-n", "3"]])
def test_sigterm_and_sighup_end_a_plain_session_like_ctrl_c(das_home, name, command):
    import os
    import signal
    import subprocess
    import time

    child = subprocess.Popen([os.sys.executable, "-m", "das", *command], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, DAS_HOME=str(das_home),
                                      PYTHONPATH=str(Path(__file__).resolve().parents[1])))
    # answer the first question as a person would: one letter, or as many as a "Select TWO" prompt asks
    shown = b""
    while b"q to stop" not in shown:
        chunk = os.read(child.stdout.fileno(), 65536)
        assert chunk, "das ended before asking anything"
        shown += chunk
    asks = {b"Select TWO": b"a,b", b"Select THREE": b"a,b,c"}
    child.stdin.write(next((answer for prompt, answer in asks.items() if prompt in shown), b"a") + b"\n")
    child.stdin.flush()
    deadline = time.monotonic() + 180  # a loaded CI machine builds the content cache slowly
    stored = 0
    while time.monotonic() < deadline:  # until the first answer is committed
        try:
            # read-only: never create the database file das is about to create itself
            conn = sqlite3.connect(f"file:{das_home / 'progress.sqlite3'}?mode=ro", uri=True)
            stored = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            stored = 0
        if stored:
            break
        time.sleep(0.05)
    assert stored, "the first answer was never stored"  # else the signal would test nothing
    child.send_signal(getattr(signal, name))
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert b"Traceback" not in err
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1
    conn.close()


# --- 5. export and import onto a full disk ----------------------------------------------------------------

BANK = "# My bank\n\n" + "".join(
    f"## Q{i}\n\nWhich service stores objects number {i} in a bucket?\n\n- [x] Amazon S3\n- [ ] Amazon EBS\n"
    f"- [ ] Amazon EFS\n- [ ] Amazon FSx\n\n" for i in range(400))


def test_export_and_import_onto_a_full_disk_are_exit_1_and_write_nothing(tmp_path, tmpfs):
    if tmpfs is None:
        pytest.skip("cannot mount a tmpfs here")
    source = tmp_path / "bank.md"
    source.write_text(BANK, encoding="utf-8")
    fill(tmpfs)
    for fmt, name in (("anki", "out.apkg"), ("csv", "out.csv"), ("gift", "out.gift")):
        result = invoke("export", fmt, str(tmpfs / name))
        assert result.code == 1, (fmt, result.err)
        assert "cannot write" in one_line(result.err)
    result = invoke("import", str(source), "--into", str(tmpfs / "a" / "mine"))
    assert result.code == 1, result.err
    assert "cannot write" in one_line(result.err)
    assert sorted(p.name for p in tmpfs.iterdir()) in (["filler"], ["filler", "filler2"])


# --- 6. a database locked by another process ---------------------------------------------------------------

def test_a_held_lock_is_announced_after_a_short_wait_and_the_answer_is_saved(das_home):
    import threading

    assert invoke("drill", "wcu", "--count", "1", "--seed", "1", "--plain", stdin="a\n").code == 0
    holder = sqlite3.connect(das_home / "progress.sqlite3", check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # what another das process saving an answer holds
    release = threading.Timer(3.5, holder.rollback)
    release.start()
    try:
        result = invoke("drill", "wcu", "--count", "1", "--seed", "2", "--plain", stdin="a\n")
    finally:
        release.join()
        holder.close()
    assert result.code == 0, result.err
    waiting = [line for line in result.err.splitlines() if "waiting for another das process" in line]
    assert len(waiting) == 1, result.err
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 2
    conn.close()


# --- 8 and 9. a side file that is a folder; a first run with no inode left -----------------------------------

@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_side_file_that_is_a_folder_is_named(das_home, suffix):
    assert invoke("drill", "wcu", "--count", "1", "--seed", "1", "--plain", stdin="a\n").code == 0
    (das_home / f"progress.sqlite3{suffix}").mkdir()
    result = invoke("stats")
    assert result.code == 1
    assert f"progress.sqlite3{suffix} is not a file" in one_line(result.err)


def test_a_first_run_with_no_inode_left_leaves_no_empty_database(tmp_path, monkeypatch, das_home):
    import shutil
    import subprocess

    mount = tmp_path / "inodes"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,nr_inodes=64", "tmpfs", str(mount)],
                          capture_output=True, timeout=10)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        home = mount / "home"
        home.mkdir()
        shutil.copytree(das_home / "cache", home / "cache")
        n = 0
        try:
            while True:
                (mount / f"f{n}").touch()
                n += 1
        except OSError:
            pass
        (mount / "f0").unlink()  # one inode left: for the database, none for its -wal
        monkeypatch.setenv("DAS_HOME", str(home))
        result = invoke("stats")
        assert result.code == 1 and "disk is full" in one_line(result.err)
        assert not (home / "progress.sqlite3").exists()
        (home / "progress.sqlite3").touch()  # as a failed first run of an older das left it
        doctor = invoke("doctor")
        assert doctor.code == 0 and "Empty: das has not set it up yet" in doctor.out, doctor.out + doctor.err
    finally:
        import gc

        gc.collect()
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=10)


# --- 7. a WAL cut mid-frame with no -shm beside it ---------------------------------------------------------

def test_a_wal_cut_mid_frame_without_its_index_is_kept_and_the_user_is_told(das_home):
    import os
    import subprocess
    import sys

    from helpers import KILLED_WRITER

    das_home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DAS_HOME=str(das_home))
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER], env=env, capture_output=True, text=True, timeout=60)
    assert "6 acknowledged" in done.stdout
    wal = das_home / "progress.sqlite3-wal"
    cut = wal.read_bytes()[:-1000]  # mid-frame
    wal.write_bytes(cut)
    (das_home / "progress.sqlite3-shm").unlink()
    result = invoke("stats", "--json")
    assert result.code == 0
    warning = [line for line in result.err.splitlines() if "write-ahead log was damaged" in line]
    assert len(warning) == 1 and "it was cut" in warning[0], result.err
    kept = [p for p in das_home.glob("progress.sqlite3-wal.damaged-*") if not p.name.endswith("-shm")]
    assert len(kept) == 1 and kept[0].read_bytes() == cut
