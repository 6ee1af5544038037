#!/usr/bin/env python3
"""Start-up benchmark: das commands against `python -c pass`, alternating, in the same run.

Each case runs the real installed `das` with stdout to a pipe, N times, interleaved with the baseline so
that machine noise hits both alike. The figure reported is the median wall time of the case divided by
the median of the baseline. `--check` exits 1 when a case is over its budget.

    python scripts/bench.py            # all cases, 15 rounds
    python scripts/bench.py --rounds 31 --check
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# name, das arguments, stdin text, budget as a multiple of `python -c pass`
CASES = [
    ("calc wcu", ["calc", "wcu", "--items", "6", "--size", "4.5"], None, 9.0),
    ("explain firehose", ["explain", "firehose", "--no-pager"], None, 12.0),
    ("quiz first question (plain)", ["quiz", "--plain", "--count", "1", "--seed", "1"], "q\n", 20.0),
]


def das_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m das`."""
    script = Path(sys.executable).with_name("das")
    if script.exists():
        return [str(script)]
    found = shutil.which("das")
    return [found] if found else [sys.executable, "-m", "das"]


def timed(cmd: list[str], stdin: str | None, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd,
        input=stdin.encode() if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    return time.perf_counter() - start


def available(cmd: list[str], env: dict[str, str]) -> bool:
    """A case whose command is not built yet (exit 2 with 'No such command') is skipped, not failed."""
    probe = subprocess.run(cmd, input=b"q\n", capture_output=True, env=env, check=False)
    return b"No such command" not in probe.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--check", action="store_true", help="exit 1 if a case is over its budget")
    parser.add_argument("--only", help="run only cases whose name contains this text")
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("DAS_HOME", tempfile.mkdtemp(prefix="das-bench-"))
    das = das_command()
    baseline = [sys.executable, "-c", "pass"]
    failed = False
    print(f"baseline: {' '.join(baseline)}; das: {' '.join(das)}; rounds: {args.rounds}")
    for name, argv, stdin, budget in CASES:
        if args.only and args.only not in name:
            continue
        cmd = das + argv
        if not available(cmd, env):
            print(f"{name:32s} skipped (command not available)")
            continue
        timed(cmd, stdin, env)  # warm the file cache and das's own content cache
        base_times, case_times = [], []
        for _ in range(args.rounds):
            base_times.append(timed(baseline, None, env))
            case_times.append(timed(cmd, stdin, env))
        base, case = statistics.median(base_times), statistics.median(case_times)
        ratio = case / base
        verdict = "ok" if ratio <= budget else "OVER BUDGET"
        failed |= ratio > budget
        print(
            f"{name:32s} {case * 1000:7.1f} ms vs {base * 1000:5.1f} ms baseline = {ratio:5.2f}x "
            f"(budget {budget:g}x) {verdict}"
        )
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
