"""Input and content faults of #12 (third tester): alias bombs built on large strings, bounded --item and
import files, output that cannot encode, control characters in content, and digits with underscores."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import invoke


def usage_error(result, fragment: str = "", code: int = 2) -> str:
    assert result.code == code, (result.code, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("das: error: ") and "Traceback" not in result.err, result.err
    assert fragment in lines[0], lines[0]
    return lines[0]


def das(*args: str, stdin: bytes = b"", env: dict | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run the installed entry point (das.cli.main) in a child process, as a user's shell would."""
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-c", "from das.cli import main; main()", *args], input=stdin,
                          capture_output=True, env=full, timeout=timeout)


# 3. Output that cannot encode: every main command prints under an ASCII locale.
MAIN_COMMANDS = [
    (["quiz", "--plain", "-n", "1"], b"a\n"),
    (["review", "--plain"], b"\n\n\n"),
    (["explain", "firehose", "--no-pager"], b""),
    (["exam", "--plain", "--questions", "1"], b"a\ns\ny\n"),
    (["calc", "wcu", "--items", "10", "--size", "3"], b""),
]


@pytest.mark.parametrize("env", [{"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
                                 {"PYTHONIOENCODING": "ascii"}], ids=["C-locale", "ascii"])
def test_every_main_command_prints_when_the_terminal_cannot_encode(env):
    for args, stdin in MAIN_COMMANDS:
        done = das(*args, stdin=stdin, env=env)
        err = done.stderr.decode("ascii", "replace")
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, (args, err)
        assert done.returncode in (0, 1), (args, done.returncode, err)
        assert done.stdout.strip(), args
    done = das("explain", "firehose", "--no-pager", env=env)
    assert done.returncode == 0 and b"?" in done.stdout  # what ASCII cannot show is replaced, not fatal


# 6. Numbers promise ASCII digits: no underscores.
@pytest.mark.parametrize("args", [["calc", "wcu", "--items", "1_000", "--size", "1"],
                                  ["calc", "wcu", "--items", "10", "--size", "1_0"],
                                  ["quiz", "--plain", "-n", "1_0"], ["drill", "--plain", "--seed", "1_2"]])
def test_numbers_with_underscores_are_refused(args):
    usage_error(invoke(*args))


# 2. Files a user names are read bounded: regular files only, at most a documented size.
@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "folder", "huge"])
def test_item_files_are_read_bounded(tmp_path, target):
    path = {"/dev/zero": "/dev/zero", "fifo": str(tmp_path / "fifo"), "folder": str(tmp_path),
            "huge": str(tmp_path / "huge.json")}[target]
    if target == "fifo":
        os.mkfifo(path)
    if target == "huge":
        with open(path, "wb") as handle:
            handle.truncate(5 * 1024 * 1024)  # sparse: larger than ITEM_FILE_BYTES without writing it
    usage_error(invoke("calc", "item-size", "--item", path), "--item:")


def test_item_on_stdin_is_read_bounded():
    line = usage_error(invoke("calc", "item-size", "--item", "-", stdin=b"{" * (4 * 1024 * 1024 + 1)))
    assert "4,194,304" in line


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "huge"])
def test_import_sources_are_read_bounded(tmp_path, target):
    path = {"/dev/zero": "/dev/zero", "fifo": str(tmp_path / "bank.md"), "huge": str(tmp_path / "huge.md")}[target]
    if target == "fifo":
        os.mkfifo(path)
    if target == "huge":
        with open(path, "wb") as handle:
            handle.truncate(17 * 1024 * 1024)
    usage_error(invoke("import", path, "--into", str(tmp_path / "out")), "cannot import")


# 4. Characters YAML forbids (NUL and other controls) are refused with file:line:column, not cut off.
def user_content(tmp_path, name: str, data: bytes):
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("data, line, column, char", [
    (b"id: x\x00y\n", 1, 6, "U+0000"),
    (b"id: my-topic\ntitle: Evil \x1b[2J title\n", 2, 13, "U+001B"),
    (b"id: my-topic\ntitle: ok\nsummary: \"bell \x07\"\n", 3, 16, "U+0007"),
    ("id: my-topic\ntitle: C1 \u009b2J\n".encode(), 2, 11, "U+009B"),
])
def test_control_characters_in_content_are_refused_with_line_and_column(tmp_path, data, line, column, char):
    folder = user_content(tmp_path, "notes/evil.yaml", data)
    checked = invoke("--content-dir", str(folder), "content", "check")
    assert checked.code == 2 and "Traceback" not in checked.err
    assert f"evil.yaml:{line}:{column}: file: holds the control character {char}" in checked.out + checked.err
    quiz = invoke("--content-dir", str(folder), "quiz", "--plain", "-n", "1", stdin="a\n")
    assert f"evil.yaml:{line}:{column}:" in usage_error(quiz)


# 1. Alias bombs built on a large string: the expanded size is measured before anything is built.
def alias_bomb(string_bytes: int, levels: int, inline_last: bool = False) -> str:
    """a0 is a string of `string_bytes`; a1..a<levels> each hold 9 references to the one before (9^levels
    replays); `type:` and `answer:` use the last (or `type:` holds the last level itself)."""
    lines = ["topic: evil", "a0: &a0 " + "A" * string_bytes]
    last = levels if not inline_last else levels - 1
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, last + 1)]
    lines += ["questions:", "  - id: evil-1"]
    if inline_last:
        lines += ["    type: [" + ", ".join([f"*a{last}"] * 9) + "]"]
    else:
        lines += [f"    type: *a{levels}", f"    answer: *a{levels}"]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_on_a_large_string_is_refused_with_its_line(tmp_path):
    folder = user_content(tmp_path, "questions/evil.yaml", alias_bomb(1024 * 1024, 5).encode())
    checked = invoke("--content-dir", str(folder), "content", "check")
    assert checked.code == 2 and len(checked.err) < 2000, (checked.code, len(checked.err))
    assert "evil.yaml:4: yaml: aliases expand this file's data beyond 32 MiB" in checked.err  # a2: 81 MB
    for args in (["quiz", "--plain", "-n", "1"], ["exam", "--plain", "--questions", "1"]):
        usage_error(invoke("--content-dir", str(folder), *args, stdin="a\n"), "evil.yaml:4: yaml: aliases expand")


def test_data_just_under_the_expansion_limit_is_quoted_briefly(tmp_path):
    folder = user_content(tmp_path, "questions/evil.yaml", alias_bomb(4000, 4, inline_last=True).encode())
    checked = invoke("--content-dir", str(folder), "content", "check")
    assert checked.code == 2 and len(checked.err) < 5000, (checked.code, len(checked.err))
    assert "questions[0].type: must be one of single, multiple, got a list of 9" in checked.err
