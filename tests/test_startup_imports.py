"""Fast paths stay fast: they do not import heavy modules they do not need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import io, json, sys, contextlib
from das.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    run(json.loads(sys.argv[1]))
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'rich', 'questionary', 'prompt_toolkit', 'fsrs', 'yaml', 'yaml_rs', 'typer', 'click', 'hashlib'})))
"""


def modules_after(args: list[str], home: Path, stdin: str = "") -> set[str]:
    env = dict(os.environ, DAS_HOME=str(home))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for _ in range(2):  # the second run uses the content caches, as every run after the first does
        out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], input=stdin, capture_output=True,
                             text=True, env=env, check=True)
    return {m.split(".")[0] for m in json.loads(out.stdout.strip().splitlines()[-1])}


@pytest.mark.parametrize(
    "args,stdin,forbidden",
    [
        (["calc", "wcu", "--items", "6", "--size", "4.5"], "",  # a plain calc needs no typer (das.commands.calc_run)
         {"rich", "questionary", "prompt_toolkit", "fsrs", "yaml", "yaml_rs", "typer", "click", "hashlib"}),
        (["explain", "firehose", "--no-pager"], "", {"rich", "questionary", "prompt_toolkit", "fsrs", "yaml", "yaml_rs"}),
        (["quiz", "--plain", "--count", "1", "--seed", "1"], "q\n", {"questionary", "prompt_toolkit", "rich"}),
    ],
)
def test_fast_paths_do_not_import_heavy_modules(tmp_path, args, stdin, forbidden):
    assert not modules_after(args, tmp_path, stdin) & forbidden
