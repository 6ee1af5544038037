#!/usr/bin/env python3
"""Soak test for #12: random SIGKILLs during quiz, exam and review, with 8 das processes at once on one
progress database; afterwards every acknowledged answer must be stored and `integrity_check` must be ok.

An answer is *acknowledged* when das showed something that comes after the commit: the verdict line of
quiz and review ("Correct." / "Wrong: ..."), whose question id the feedback's last line names
("[id · ...]"), or the next exam prompt after an exam answer. Every acknowledged id must be stored in
its session (as often as it was acknowledged), less any answer the script undid with u. The script
answers every prompt (options, Select TWO/THREE, Enter, grades 1-4, now and then u where undo is offered);
a session that shows no prompt for STUCK_SECONDS is ended and counted as stuck, apart from the random
SIGKILLs, and fails the soak. A kill can land
anywhere, including between the commit and the output, so a stored answer may exceed what was
acknowledged, never the reverse.

    python scripts/soak.py                      # 8 workers for 120 s
    python scripts/soak.py --workers 8 --seconds 600 --kill-rate 0.7

Prints the figures and exits 1 when any acknowledged answer is missing, the database fails its
integrity check, a damaged-WAL warning or a traceback appears, or a database was moved aside.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

VERDICT = re.compile(r"^(Correct\.|Wrong: you chose)", re.M)
QUESTION_ID = re.compile(r"^\[([^\s\]·]+) · ", re.M)  # the last line of a question's feedback
EXAM_PROMPT = re.compile(r"\[\d+:\d\d:\d\d left\] > ")
# every plain-mode prompt of quiz and review ends with its keys in parentheses: "Answer a-d (q to stop): ",
# "Grade 1-4 (q to stop, u to undo the last grade): ", "End of review: press Enter to finish (u to undo ...): "
PROMPT = re.compile(r"\((?:q to stop|u to undo)[^()\n]*\):? $")
OPTION = re.compile(r"^  ([a-z])\) ", re.M)
STUCK_SECONDS = 30  # a session that shows no new prompt for this long is stuck: the script ends it


@dataclass
class Figures:
    runs: dict = field(default_factory=lambda: {"quiz": 0, "exam": 0, "review": 0})
    kills: int = 0  # the planned random SIGKILLs
    stuck: int = 0  # sessions the script ended because no prompt came (each one a finding)
    undos: int = 0
    seconds: list = field(default_factory=list)
    acknowledged: int = 0
    stored: int = 0
    missing: list = field(default_factory=list)
    tracebacks: list = field(default_factory=list)
    wal_warnings: int = 0
    exit_codes: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)  # the error line of each exit other than 0 and -9, counted
    lock: threading.Lock = field(default_factory=threading.Lock)


def das(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "das", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def reply_for(tail: str, kind: str, state: dict, rng: random.Random) -> str | None:
    """What a person would type at the prompt that ends `tail`, or None when no prompt is showing. Answers
    every kind: options (one letter, or as many as "Select TWO/THREE" asks), Enter, grades 1-4, and now and
    then u where an undo is offered (recorded in state["actions"], so verify() does not expect that answer)."""
    if kind == "exam":
        prompts = list(EXAM_PROMPT.finditer(tail))
        if not prompts or prompts[-1].end() != len(tail):
            return None
        state["sent"] += 1
        if state["sent"] > 3 * state["questions"]:
            return "q"
        screen = tail[prompts[-2].end() if len(prompts) > 1 else 0:]
        return "a,b,c" if "Select THREE" in screen else "a,b" if "Select TWO" in screen else "a"
    line = tail.rsplit("\n", 1)[-1]
    if not PROMPT.search(line):
        return None
    state["sent"] += 1
    if state["sent"] > 200:  # a session that keeps asking is stuck in a loop: stop it
        return "q"
    if "u to undo" in line and state.get("last") and rng.random() < 0.1:
        state["actions"].append(("undo", len(tail), state["last"]))
        state["last"] = None
        return "u"
    if "Grade 1-4" in line:
        state["last"] = "card"
        return str(rng.randint(1, 4))
    if line.startswith("Answer ") or line.startswith("Select "):
        screen = tail[:len(tail) - len(line)]
        letters = OPTION.findall(screen[screen.rfind("\n\n"):] if "\n\n" in screen else screen) or list("abcd")
        letters = sorted(set(letters))
        count = 3 if line.startswith("Select THREE") else 2 if line.startswith("Select TWO") else 1
        state["last"] = "question"
        return ",".join(sorted(rng.sample(letters, min(count, len(letters)))))
    if "Did you recall" in line:
        return "y"
    return ""  # Enter: show the answer, go on, finish the review


def session(kind: str, tag: int, env: dict, kill_after: float | None,
            rng: random.Random) -> tuple[str, str, int, dict, str | None]:
    """Run one das session, answering every prompt, killed with SIGKILL after `kill_after` seconds. The last
    item says who ended it: "random" (the planned SIGKILL), "stuck" (no prompt for STUCK_SECONDS) or None."""
    state = {"sent": 0, "questions": 6, "actions": [], "last": None}
    if kind == "quiz":
        args = ["quiz", "--plain", "-n", "8", "--seed", str(tag)]
    elif kind == "review":
        args = ["review", "--plain", "--extra", "6", "--new", "2", "--limit", str(1000 + tag)]
    else:
        # --abandon: an exam an earlier kill left paused would refuse a new one (exit 2), and then no exam runs
        args = ["exam", "--plain", "--abandon", "--questions", "6", "--minutes", f"{100 + tag / 1000:.3f}"]
    proc = das(args, env)
    started, out, killed = time.monotonic(), "", None
    last_output = started
    fd = proc.stdout.fileno()
    while True:
        if kill_after is not None and time.monotonic() - started > kill_after and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed = "random"
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            out += chunk.decode("utf-8", "replace")
            last_output = time.monotonic()
            answer = reply_for(out, kind, state, rng)
            if answer is not None and proc.poll() is None:
                try:
                    proc.stdin.write((answer + "\n").encode())
                    proc.stdin.flush()
                except (BrokenPipeError, OSError):
                    pass
        elif proc.poll() is not None:
            break
        if killed is None and time.monotonic() - last_output > STUCK_SECONDS and proc.poll() is None:
            sys.stderr.write(f"soak: {kind} {tag} stuck for {STUCK_SECONDS} s; its last output: {out[-300:]!r}\n")
            proc.kill()
            killed = "stuck"
    proc.wait()
    err = proc.stderr.read().decode("utf-8", "replace")
    return out, err, proc.returncode, {"args": args, **state}, killed


def acknowledged(out: str, actions: list) -> tuple[list[str], int]:
    """The question ids whose answers das acknowledged (a verdict line, named by the feedback's id line),
    and how many verdicts in all (one may lack its id line when the kill came between the two), leaving out
    each answer the script undid with u (an undo may or may not have landed before a kill: not expected)."""
    events = [(m.start(), "verdict", None) for m in VERDICT.finditer(out)]
    events += [(m.start(), "id", m.group(1)) for m in QUESTION_ID.finditer(out)]
    events += [(at, "undo", what) for kind, at, what in actions if kind == "undo"]
    answers: list[list] = []  # [id or None] per acknowledged verdict
    for _, event, value in sorted(events, key=lambda e: e[0]):
        if event == "verdict":
            answers.append([None])
        elif event == "id" and answers and answers[-1][0] is None:
            answers[-1][0] = value
        elif event == "undo" and value == "question" and answers:
            answers.pop()
    ids = [a[0] for a in answers if a[0] is not None]
    return ids, len(answers)


def verify(db: Path, kind: str, tag: int, out: str, info: dict, figures: Figures) -> None:
    conn = sqlite3.connect(db, timeout=30)
    try:
        if kind == "exam":
            # the status line "answered N/6" is printed after the state with N answers was saved
            acked = max([int(n) for n in re.findall(r"answered (\d+)/\d+", out)] or [0])
            limit = float(info["args"][-1]) * 60
            rows = conn.execute("SELECT state FROM exams WHERE abs(time_limit - ?) < 0.001 ORDER BY id DESC",
                                (limit,)).fetchall() if acked else []
            answers = json.loads(rows[0][0])["answers"] if rows else {}
            stored = len(answers)
            missing = [f"exam {tag}: {acked} acknowledged, {stored} stored"] if stored < acked else []
        else:
            acked_ids, acked = acknowledged(out, info["actions"])
            key, value = ("$.seed", tag) if kind == "quiz" else ("$.limit", 1000 + tag)
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchone():
                rows = []  # killed before any das process created the schema
            else:
                rows = conn.execute(f"SELECT id FROM sessions WHERE kind = ? AND json_extract(settings, '{key}') = ?",
                                    (kind, value)).fetchall()
            ids = [r[0] for r in rows]
            stored_ids = [r[0] for r in conn.execute(
                f"SELECT question_id FROM answers WHERE session_id IN ({','.join('?' * len(ids))})", ids)] if ids else []
            stored = len(stored_ids)
            have = Counter(stored_ids)
            missing = [f"{kind} {tag}: {qid} acknowledged {n} times, stored {have[qid]}"
                       for qid, n in Counter(acked_ids).items() if have[qid] < n]
            if stored < acked:
                missing.append(f"{kind} {tag}: {acked} acknowledged, {stored} stored")
    finally:
        conn.close()
    with figures.lock:
        figures.acknowledged += acked
        figures.stored += stored
        figures.missing += missing


def worker(index: int, deadline: float, env: dict, db: Path, rng: random.Random, kill_rate: float,
           figures: Figures, exam_lock: threading.Lock, counter: list) -> None:
    while time.monotonic() < deadline:
        kind = rng.choice(["quiz", "quiz", "review", "exam"])
        # one exam at a time: starting an exam abandons the one in progress (the exam issue, #10, locks them)
        if kind == "exam" and not exam_lock.acquire(blocking=False):
            kind = "quiz"
        with figures.lock:
            counter[0] += 1
            tag = counter[0]  # unique per session: the quiz seed, the review --limit, the exam's time limit
        kill_after = rng.uniform(0.5, 8.0) if rng.random() < kill_rate else None
        began = time.monotonic()
        try:
            out, err, code, info, killed = session(kind, tag, env, kill_after, rng)
        finally:
            if kind == "exam":
                exam_lock.release()
        verify(db, kind, tag, out, info, figures)
        with figures.lock:
            figures.runs[kind] += 1
            figures.kills += killed == "random"
            figures.stuck += killed == "stuck"
            figures.undos += sum(1 for action in info["actions"] if action[0] == "undo")
            figures.seconds.append(time.monotonic() - began)
            figures.exit_codes[code] = figures.exit_codes.get(code, 0) + 1
            if code not in (0, -9) and err.strip():
                reason = f"{kind} exit {code}: " + re.sub(r"\d+", "N", err.strip().splitlines()[-1])[:160]
                figures.reasons[reason] = figures.reasons.get(reason, 0) + 1
            figures.wal_warnings += err.count("write-ahead log was damaged")
            if "Traceback" in err:
                figures.tracebacks.append(err[-2000:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--kill-rate", type=float, default=0.7, help="share of sessions killed with SIGKILL")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--home", help="DAS_HOME to use (default: a new temporary folder)")
    options = parser.parse_args()
    home = Path(options.home or tempfile.mkdtemp(prefix="das-soak-"))
    env = dict(os.environ, DAS_HOME=str(home), NO_COLOR="1", DAS_WIDTH="100")
    subprocess.run([sys.executable, "-m", "das", "content", "check"], env=env, capture_output=True)  # warm the cache
    db = home / "progress.sqlite3"
    figures, exam_lock, counter = Figures(), threading.Lock(), [0]
    deadline = time.monotonic() + options.seconds
    threads = [threading.Thread(target=worker, args=(i, deadline, env, db, random.Random(options.seed * 1000 + i),
                                                     options.kill_rate, figures, exam_lock, counter))
               for i in range(options.workers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    final = subprocess.run([sys.executable, "-m", "das", "stats", "--json"], env=env, capture_output=True, text=True)
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    total_answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    conn.close()
    moved = [p.name for p in home.iterdir() if "damaged" in p.name]
    print(f"soak: {options.workers} concurrent workers for {elapsed:.0f} s in {home}")
    print(f"  sessions: {sum(figures.runs.values())} ({figures.runs['quiz']} quiz, {figures.runs['review']} review, "
          f"{figures.runs['exam']} exam); random SIGKILLs: {figures.kills}; "
          f"ended by the script as stuck: {figures.stuck}; undos sent: {figures.undos}")
    seconds = sorted(figures.seconds) or [0]
    print(f"  session length: median {seconds[len(seconds) // 2]:.1f} s, longest {seconds[-1]:.1f} s")
    print(f"  exit codes: {dict(sorted(figures.exit_codes.items()))} (-9 = killed)")
    print(f"  answers acknowledged: {figures.acknowledged}; stored for those sessions: {figures.stored}; "
          f"missing: {len(figures.missing)}; answers in the database: {total_answers}")
    print(f"  integrity_check: {integrity}; damaged-WAL warnings: {figures.wal_warnings}; moved aside: {len(moved)}; "
          f"tracebacks: {len(figures.tracebacks)}; das stats afterwards: exit {final.returncode}")
    for reason, count in sorted(figures.reasons.items()):
        print(f"  {count} x {reason}")
    for line in figures.missing[:10]:
        print(f"  MISSING {line}")
    for tb in figures.tracebacks[:2]:
        print(tb)
    ok = (not figures.missing and not figures.stuck and integrity == "ok" and not figures.tracebacks and not moved
          and figures.wal_warnings == 0 and final.returncode == 0)
    print("soak: ok" if ok else "soak: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
