#!/usr/bin/env python3
"""das speed and memory benchmark: every figure printed next to its budget; exit 1 when one is over.

Times are medians of real subprocess runs of the installed `das` with output to a pipe, interleaved with
`python -c pass` in the same run so that machine noise hits both alike, and reported as a ratio to it.
Memory is the peak resident set size (max RSS) of the das process itself.

    python scripts/bench.py                  # every case, 11 rounds
    python scripts/bench.py --rounds 21 --only stats
    python scripts/bench.py --list

Run it by hand on an otherwise idle machine; the test suite asserts no wall-clock time.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
URL = "https://docs.aws.amazon.com/athena/latest/ug/what-is.html"


@dataclass
class Case:
    """One figure: a das command, how to prepare its state, and its budget."""

    name: str
    argv: list[str]
    budget: float  # ratio to `python -c pass` (or to `baseline`), seconds, or MiB for memory cases
    stdin: str | None = None
    measure: str = "ratio"  # ratio | seconds | rss
    baseline: str = "python"  # ratio against: python (`python -c pass`) | empty-db (the same command, empty DAS_HOME)
    prepare: Callable[[Path], dict[str, str]] | None = None  # home -> extra environment
    cold: bool = False  # a fresh DAS_HOME (no caches) for every run
    env: dict[str, str] = field(default_factory=dict)


def das_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m das`."""
    script = Path(sys.executable).with_name("das")
    if script.exists():
        return [str(script)]
    found = shutil.which("das")
    return [found] if found else [sys.executable, "-m", "das"]


def launch(cmd: list[str], stdin: str | None, env: dict[str, str], output: int) -> subprocess.Popen:
    """One das process: stdin a pipe when there is input to send (else nothing), stdout and stderr to `output`."""
    return subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=output, stderr=output, env=env)


def run(cmd: list[str], stdin: str | None, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and exit code of one run."""
    began = time.perf_counter()
    proc = launch(cmd, stdin, env, subprocess.PIPE)
    proc.communicate(stdin.encode() if stdin is not None else None)
    return time.perf_counter() - began, proc.returncode


def run_rss(cmd: list[str], stdin: str | None, env: dict[str, str]) -> tuple[float, int]:
    """Peak RSS (MiB) and exit code of one run, from wait4's rusage of exactly that child."""
    proc = launch(cmd, stdin, env, subprocess.DEVNULL)
    if stdin is not None and proc.stdin is not None:
        try:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, proc.returncode  # Linux reports KiB


# ------------------------------------------------------------------------------------ state builders

def generated_bank(home: Path, count: int = 10_000) -> dict[str, str]:
    """A content folder with a generated bank of `count` questions, named by DAS_CONTENT."""
    folder = home.parent / f"bank-{count}"
    if not folder.exists():
        # In a child process: this one stays small, so the peak memory it hands to the das processes it
        # starts (Linux counts a forked parent's pages in the child's max RSS) stays negligible.
        subprocess.run([sys.executable, __file__, "--make-bank", str(folder), str(count)], check=True)
    return {"DAS_CONTENT": str(folder)}


def write_bank(folder: Path, count: int) -> Path:
    """Write the generated note and bank of `count` questions into `folder`; returns the bank file (the
    tests use the same bank)."""
    import yaml

    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    note = {"id": "generated", "title": "Generated", "aliases": ["gen"], "summary": "A generated topic.",
            "exams": ["dea-c01"], "sections": [{"id": "basics", "title": "Basics",
                                                 "facts": [{"text": "A fact.", "source": URL}]}]}
    (folder / "notes" / "generated.yaml").write_text(yaml.safe_dump(note))
    questions = [
        {"id": f"gen-{i}", "type": "single", "difficulty": "medium", "das_domain": "analysis",
         "dea_domain": "operations", "dea_task": ["3.2"],
         "stem": f"Scenario {i}: a company queries data in Amazon S3 with SQL and must keep costs low. "
                 "Which solution meets these requirements with the LEAST operational overhead?",
         "options": {k: f"Option {k} for scenario {i}, a plausible AWS service choice" for k in "abcd"},
         "answer": ["b"],
         "explanations": {k: f"Explanation of option {k}: why it meets or fails the requirements." for k in "abcd"},
         "read_next": "generated#basics", "source": URL}
        for i in range(count)
    ]
    bank = folder / "questions" / "generated.yaml"
    bank.write_text(yaml.safe_dump({"topic": "generated", "questions": questions}, width=200))
    return bank


def bank_rows(home: Path, *fields: str) -> list[list[str]]:
    """Let das create its progress database in `home` (its own schema, the current version: the caller then
    fills it with plain SQL), and return these fields of every built-in question, one list per question."""
    env = dict(os.environ, DAS_HOME=str(home))
    subprocess.run(das_command() + ["stats"], env=env, capture_output=True, check=False)
    shown = ", ".join(f"q.{name}" for name in fields)
    lines = subprocess.run(
        [sys.executable, "-c", "from das.content.library import load_library\n"
         f"for q in load_library().questions.values(): print({shown})"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    return [line.split() for line in lines if line.strip()]


def answered_history(answers: int) -> Callable[[Path], dict[str, str]]:
    """A progress database holding `answers` answers spread over the built-in bank and the last 28 days."""

    def prepare(home: Path) -> dict[str, str]:
        rows = bank_rows(home, "id", "topic", "das_domain", "dea_domain")
        db = home / "progress.sqlite3"
        rng = random.Random(7)
        from datetime import datetime, timedelta, timezone

        start = datetime.now(timezone.utc) - timedelta(days=28)

        def day(i: int) -> str:
            return (start + timedelta(days=i % 28)).strftime("%Y-%m-%dT10:%M:00.000+00:00")
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA synchronous = OFF")  # a throw-away database: one transaction, no fsync
        conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: das's running-total triggers fire per row
        with conn:
            sessions = max(1, answers // 20)
            conn.executemany(
                "INSERT INTO sessions (kind, started_at, ended_at, settings) VALUES ('quiz', ?, ?, '{}')",
                [(day(i),) * 2 for i in range(sessions)],
            )
            conn.executemany(
                "INSERT INTO answers (session_id, question_id, topic, das_domain, dea_domain, chosen, correct, "
                "seconds, answered_at) VALUES (?, ?, ?, ?, ?, 'a', ?, 30, ?)",
                ((1 + i // 20, *rows[i % len(rows)], rng.random() < 0.6,
                  day(i // 20)) for i in range(answers)),
            )
        conn.close()
        return {}

    return prepare


def card_template() -> str:
    """One real FSRS card as JSON (reviewed once, Good), for filling the cards table."""
    return subprocess.run(
        [sys.executable, "-c", "from datetime import datetime, timezone\n"
         "from das.practice.scheduling import reschedule\n"
         "print(reschedule(None, 'x', True, datetime(2026, 1, 1, tzinfo=timezone.utc), None)[0])"],
        capture_output=True, text=True, check=True).stdout.strip()


def due_cards(count: int) -> Callable[[Path], dict[str, str]]:
    """A progress database with `count` cards all due now: every bank question, the rest questions that
    are no longer in the bank (review must pass over them without building them)."""

    def prepare(home: Path) -> dict[str, str]:
        bank = bank_rows(home, "id", "topic")
        keys = bank + [[f"retired-{i}", "athena"] for i in range(count - len(bank))]
        random.Random(11).shuffle(keys)
        card = card_template()
        conn = sqlite3.connect(home / "progress.sqlite3")
        with conn:
            conn.executemany(
                "INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) "
                "VALUES (?, 'question', ?, ?, ?, 1, '2026-01-01T00:00:00.000+00:00')",
                ((key, topic, card, f"2026-01-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00")
                 for i, (key, topic) in enumerate(keys)))
        conn.close()
        return {}

    return prepare


CASES = [
    # memory first, while this process is at its smallest
    Case("calc wcu, peak memory (MiB)", ["calc", "wcu", "--items", "6", "--size", "4.5"], 60.0, measure="rss"),
    Case("quiz --plain, peak memory (MiB)", ["quiz", "--plain", "--count", "1", "--seed", "1"], 80.0,
         stdin="q\n", measure="rss"),
    Case("calc wcu", ["calc", "wcu", "--items", "6", "--size", "4.5"], 9.0),
    Case("explain firehose", ["explain", "firehose", "--no-pager"], 12.0),
    Case("quiz --plain, first question", ["quiz", "--plain", "--count", "1", "--seed", "1"], 20.0, stdin="q\n"),
    Case("10,000-question bank, cold load", ["content", "check"], 80.0, cold=True, prepare=generated_bank),
    Case("10,000-question bank, warm load", ["content", "check"], 30.0, prepare=generated_bank),
    Case("stats, 100,000 answers", ["stats"], 40.0, prepare=answered_history(100_000)),
    Case("quiz --plain, 1,000,000 answers vs empty", ["quiz", "--plain", "--count", "1", "--seed", "1"], 1.2,
         stdin="q\n", prepare=answered_history(1_000_000), baseline="empty-db"),
    Case("stats, 1,000,000 answers (s)", ["stats"], 1.0, measure="seconds", prepare=answered_history(1_000_000)),
    Case("stats, 100,000 cards (s)", ["stats"], 1.0, measure="seconds", prepare=due_cards(100_000)),
    Case("review, 100,000 due cards vs empty", ["review", "--plain", "--new", "0"], 1.3, stdin="q\n",
         prepare=due_cards(100_000), baseline="empty-db"),
    Case("review, 100,000 due cards (s)", ["review", "--plain", "--new", "0"], 0.5, stdin="q\n",
         measure="seconds", prepare=due_cards(100_000)),
]


def bench(case: Case, rounds: int, workdir: Path) -> tuple[float, str]:
    """The figure for one case and a human-readable detail."""
    das = das_command()
    home = workdir / case.name.replace(" ", "_").replace(",", "").replace("/", "")
    home.mkdir(parents=True, exist_ok=True)
    # PYTHONDONTWRITEBYTECODE would make every run compile das from source: an installed das has its bytecode
    base_env = {k: v for k, v in os.environ.items() if k not in ("DAS_CONTENT", "PYTHONDONTWRITEBYTECODE")}
    base_env.update(DAS_HOME=str(home), **case.env)
    if case.prepare:
        base_env.update(case.prepare(home))
    cmd = das + case.argv
    if case.measure == "rss":
        peaks = []
        for _ in range(max(3, rounds // 3)):
            peak, code = run_rss(cmd, case.stdin, base_env)
            if code not in (0, 130):
                raise SystemExit(f"{case.name}: das exited {code}")
            peaks.append(peak)
        value = statistics.median(peaks)
        return value, f"{value:6.1f} MiB"
    _, code = run(cmd, case.stdin, base_env)  # warm the file cache (and das's own caches)
    if code not in (0, 130):
        raise SystemExit(f"{case.name}: das exited {code}")
    base_times, case_times = [], []
    empty_env = dict(base_env, DAS_HOME=str(home / "empty"))
    if case.baseline == "empty-db":
        run(cmd, case.stdin, empty_env)
    for i in range(rounds):
        env = base_env
        if case.cold:
            env = dict(base_env, DAS_HOME=str(home / f"cold-{i}"))
        if case.baseline == "empty-db":
            base_times.append(run(cmd, case.stdin, empty_env)[0])
        else:
            base_times.append(run([sys.executable, "-c", "pass"], None, env)[0])
        case_times.append(run(cmd, case.stdin, env)[0])
    base, took = statistics.median(base_times), statistics.median(case_times)
    if case.measure == "seconds":
        return took, f"{took * 1000:7.1f} ms"
    against = "the same command, empty database" if case.baseline == "empty-db" else "`python -c pass`"
    return took / base, f"{took * 1000:7.1f} ms vs {base * 1000:5.1f} ms {against}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--only", help="run only cases whose name contains this text")
    parser.add_argument("--list", action="store_true", help="list the cases and their budgets")
    parser.add_argument("--make-bank", nargs=2, metavar=("DIR", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, got {args.rounds}")
    if args.only and not any(args.only in case.name for case in CASES):
        parser.error(f"--only {args.only!r} matches no case (see --list)")
    if args.make_bank:
        write_bank(Path(args.make_bank[0]), int(args.make_bank[1]))
        return 0
    if args.list:
        for case in CASES:
            unit = {"rss": "MiB", "seconds": "s"}.get(case.measure, "x")
            print(f"{case.name:44s} budget {case.budget:g}{unit}")
        return 0
    print(f"das: {' '.join(das_command())}; rounds: {args.rounds}")
    over = []
    with tempfile.TemporaryDirectory(prefix="das-bench-") as tmp:
        for case in CASES:
            if args.only and args.only not in case.name:
                continue
            value, detail = bench(case, args.rounds, Path(tmp))
            unit = {"rss": "MiB", "seconds": "s"}.get(case.measure, "x")
            verdict = "ok" if value <= case.budget else "OVER BUDGET"
            if value > case.budget:
                over.append(case.name)
            shown = f"{value:6.1f} MiB" if case.measure == "rss" else f"{value:6.2f}{unit}"
            print(f"{case.name:44s} {shown}  budget {case.budget:g}{unit:3s} {verdict:11s} ({detail})", flush=True)
    if over:
        print(f"over budget: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
