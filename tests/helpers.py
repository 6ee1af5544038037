"""Helpers shared by the fault tests: run das on a store, look at its files, damage it, and run das as a
user that obeys file permissions. Fixtures live in conftest.py (tmpfs, obeys_permissions)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import invoke


def answer_drills(count: int = 2, seed: int = 1):
    """Answer `count` WCU drills in plain mode (each with "a"): `count` answers saved."""
    return invoke("drill", "wcu", "--count", str(count), "--seed", str(seed), "--plain", stdin="a\n" * count)


def answers_stored(home: Path) -> int:
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        return conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    finally:
        conn.close()


def snapshot(home: Path) -> dict[str, str]:
    """Every file under DAS_HOME (but the rebuildable cache) with a digest of its bytes."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file() and "cache" not in p.parts}


def one_line(err: str) -> str:
    """The one `das: error: ...` line of `err` (asserting it is the only line and no traceback)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("das: error: "), err
    assert "Traceback" not in err
    return lines[0]


def fill(folder: Path) -> None:
    """Fill the file system holding `folder` to the last block (unbuffered, so closing cannot fail)."""
    for name, block in (("filler", 65536), ("filler2", 512)):
        with open(folder / name, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * block)
            except OSError:
                pass


def damage(home: Path, sql: str) -> None:
    """Run `sql` on the progress database behind das's back."""
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.execute(sql)
    conn.commit()
    conn.close()


KILLED_WRITER = """
import os, sys
from das.store.progress import AnswerRecord, Progress
store = Progress()
store.conn.execute("PRAGMA wal_autocheckpoint = 0")
session = store.start_session("quiz")
for i in range(6):
    store.record_answer(session, AnswerRecord(f"q{i}", "dynamodb", "storage", "store", ("b",), True, 1.0))
sys.stdout.write("6 acknowledged\\n"); sys.stdout.flush()
os._exit(9)  # killed: no close, no checkpoint; the WAL and its index stay behind
"""


def killed_writer(home: Path) -> bytes:
    """Six answers saved by a process killed before it closed the database: its -wal (returned) and -shm
    stay behind."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DAS_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER], env=env, capture_output=True, text=True, timeout=60)
    assert "6 acknowledged" in done.stdout
    return (home / "progress.sqlite3-wal").read_bytes()


NO_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]  # root that obeys permissions


def without_root_powers(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed `das ARGS` on DAS_HOME `home` as a user file permissions apply to (root without its
    power to ignore them); see the obeys_permissions fixture."""
    das = Path(sys.executable).with_name("das")
    env = dict(os.environ, DAS_HOME=str(home))
    command = NO_ROOT_POWERS + [str(das), *args] if os.geteuid() == 0 else [str(das), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60,
                          **({"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}))


def limit_growth(monkeypatch, extra_pages: int = 0):
    """From now on every sqlite3 connection may grow its database by at most `extra_pages` pages: a full
    disk as SQLite itself reports it (SQLITE_FULL). Returns a function that lifts the limit."""
    real_connect = sqlite3.connect

    def connect_with_little_room(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_with_little_room)
    return lambda: monkeypatch.setattr(sqlite3, "connect", real_connect)


def home_on(tmpfs: Path | None, monkeypatch, why: str = "cannot mount a tmpfs here") -> Path:
    """DAS_HOME on the small tmpfs of the `tmpfs` fixture (skipping with `why` where none can be mounted)."""
    import pytest

    if tmpfs is None:
        pytest.skip(why)
    home = tmpfs / "home"
    monkeypatch.setenv("DAS_HOME", str(home))
    return home


ROOT = Path(__file__).resolve().parent.parent


def spawn_das(home: Path, *args: str, timeout: float = 20):
    """`python -m das ARGS` in a pseudo-terminal (pexpect) on DAS_HOME `home`: a run another process can meet."""
    import pexpect

    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DAS_HOME=str(home), PYTHONPATH=str(ROOT))
    return pexpect.spawn(sys.executable, ["-m", "das", *args], env=env, encoding="utf-8", timeout=timeout,
                         cwd=str(home))


def generate_bank(folder: Path, count: int) -> Path:
    """A content folder with one note and a bank of `count` generated questions, the bank scripts/bench.py
    times (its write_bank); returns the bank file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("das_bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = sys.modules.get("das_bench") or importlib.util.module_from_spec(spec)
    if "das_bench" not in sys.modules:
        sys.modules["das_bench"] = bench  # its dataclasses look their module up there
        spec.loader.exec_module(bench)
    return bench.write_bank(folder, count)


def filled_database(home: Path) -> bytes:
    """Fill the database in `home` through the CLI (answers, cards, drills, sessions, a setting, a submitted exam 1
    and a paused exam 2), checkpoint it, and return its bytes (for restoring it between damages)."""
    assert invoke("drill", "wcu", "--count", "2", "--seed", "1", "--plain", stdin="a\na\n").code == 0
    assert invoke("quiz", "--plain", "-n", "2", "--seed", "1", stdin="a\nb\n").code == 0
    assert invoke("review", "--plain", "--exam-date", "2099-01-01", stdin="q\n").code in (0, 2)
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain",
                  stdin="a\na\nsubmit\ny\n").code == 0
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "2", "--plain", stdin="a\nq\n").code == 0
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return (home / "progress.sqlite3").read_bytes()
