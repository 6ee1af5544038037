"""Loading speed of a large generated bank: under 1 s the first time, under 0.3 s when unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

URL = "https://docs.aws.amazon.com/athena/latest/ug/what-is.html"


def generate_bank(folder: Path, count: int = 10_000) -> None:
    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    note = {"id": "generated", "title": "Generated", "aliases": ["gen"], "summary": "A generated topic.",
            "exams": ["dea-c01"], "sections": [{"id": "basics", "title": "Basics",
                                                 "facts": [{"text": "A fact.", "source": URL}]}]}
    (folder / "notes" / "generated.yaml").write_text(yaml.safe_dump(note))
    questions = [
        {"id": f"gen-{i}", "type": "single", "difficulty": "medium", "das_domain": "analysis",
         "dea_domain": "operations",
         "stem": f"Scenario {i}: a company queries data in Amazon S3 with SQL and must keep costs low. "
                 "Which solution meets these requirements with the LEAST operational overhead?",
         "options": {k: f"Option {k} for scenario {i}, a plausible AWS service choice" for k in "abcd"},
         "answer": ["b"],
         "explanations": {k: f"Explanation of option {k}: why it meets or fails the requirements." for k in "abcd"},
         "read_next": "generated#basics", "source": URL}
        for i in range(count)
    ]
    (folder / "questions" / "generated.yaml").write_text(yaml.safe_dump({"topic": "generated", "questions": questions}, width=200))


TIMER = textwrap.dedent("""
    import sys, time
    start = time.perf_counter()
    from das.library import load_library
    library = load_library((sys.argv[1],))
    assert len(library.questions) > 10_000
    print(time.perf_counter() - start)
""")


def load_seconds(folder: Path, home: Path) -> float:
    env = dict(os.environ, DAS_HOME=str(home))
    out = subprocess.run([sys.executable, "-c", TIMER, str(folder)], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout)


def test_ten_thousand_questions_load_fast_and_cache_is_never_stale(tmp_path):
    generate_bank(tmp_path / "bank")
    first = min(load_seconds(tmp_path / "bank", tmp_path / f"home{n}") for n in range(2))  # cold each time
    assert first < 1.0, f"first load took {first:.2f} s"
    warm = min(load_seconds(tmp_path / "bank", tmp_path / "home0") for _ in range(3))
    assert warm < 0.3, f"unchanged load took {warm:.2f} s"
