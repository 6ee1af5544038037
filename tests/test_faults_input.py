"""Clumsy input and hostile content (#12): one line and exit 2 for every bad value, nothing raw on the
terminal from content, bounded reading and arithmetic, and stdin that is not UTF-8 is just a wrong answer."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import textwrap

import pytest

from conftest import invoke

URL = "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what must never reach a terminal


def usage_error(result, fragment: str = "") -> str:
    assert result.code == 2, (result.code, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("das: error: ") and "Traceback" not in result.err, result.err
    assert fragment in lines[0], lines[0]
    return lines[0]


def invoke_bytes(*args: str, data: bytes):
    """Run das with stdin as bytes decoded the strict way (a UTF-8 locale with strict decoding)."""
    from das.cli import run

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


# --- numbers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, flag", [
    (["quiz", "-n", "0"], "--count"), (["quiz", "-n", "10001"], "--count"), (["quiz", "-n", "²"], "--count"),
    (["quiz", "-n", "٣"], "--count"), (["quiz", "--seed", "-1"], "--seed"), (["quiz", "--seed", "9" * 40], "--seed"),
    (["drill", "-n", "2147483648"], "--count"), (["drill", "-n", "1001"], "--count"),
    (["review", "--limit", "0"], "--limit"), (["review", "--extra", "10001"], "--extra"),
    (["review", "--new", "-1"], "--new"), (["exam", "--questions", "¹"], "--questions"),
    (["exam", "--minutes", "nan"], "--minutes"), (["exam", "--minutes", "inf"], "--minutes"),
    (["exam", "--minutes", "1441"], "--minutes"), (["exam", "--minutes", "1e3"], "--minutes"),
    (["exam", "review", "9223372036854775808"], "ID"), (["exam", "review", "0"], "ID"),
])
def test_numeric_flags_outside_their_range_are_usage_errors(args, flag):
    usage_error(invoke(*args, "--plain", stdin="q\n") if args[-2] not in ("review",) or args[0] != "exam"
                else invoke(*args), flag)


@pytest.mark.parametrize("args", [
    ["wcu", "--items", "1e5000", "--size", "1"], ["s3", "--reads", "1e400"], ["wcu", "--items", "1e99999999", "--size", "1"],
    ["wcu", "--items", "1e-400", "--size", "1"], ["wcu", "--items", "٣", "--size", "1"], ["shards", "--in-mb", "²"],
    ["rcu", "--operation", "query", "--sizes", "1,1e20", "--items", "1"], ["wcu", "--items", "1" * 60, "--size", "1"],
    ["firehose", "--in-mb", "1/0", "--buffer-size", "5", "--buffer-interval", "60"],
])
def test_calculator_numbers_are_bounded_before_any_arithmetic(args):
    usage_error(invoke("calc", *args))


def test_calculators_still_take_the_whole_documented_range():
    for args in (["wcu", "--items", "1e15", "--size", "400"], ["s3", "--reads", "0.000000001"],
                 ["wcu", "--items", "3/4", "--size", "1000e-3"]):
        result = invoke("calc", *args)
        assert result.code == 0, (args, result.err)


@pytest.mark.parametrize("line", ["²", "g ¹", "g ٣", "g 99999999999999999999999", "\uff41"])
def test_exam_input_takes_ascii_digits_only(line):
    result = invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain", stdin=f"{line}\nq\n")
    assert result.code == 0 and "Traceback" not in result.err
    assert "paused" in result.out


# --- stdin that is not UTF-8 ---------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["quiz", "--plain", "-n", "1", "--seed", "1"], ["drill", "--plain", "-n", "1"],
                                  ["exam", "--plain", "--questions", "2", "--minutes", "5"],
                                  ["review", "--plain", "--extra", "3"]])
def test_bytes_that_are_not_utf8_are_an_invalid_answer(args):
    if args[0] == "review":
        invoke("drill", "wcu", "--plain", "-n", "2", "--seed", "1", stdin="a\na\n")
    code, out, err = invoke_bytes(*args, data=b"\xff\xfe\x1b[2J\nq\n")
    assert code == 0, err
    assert "Traceback" not in err and err == ""
    assert "\x1b" not in out
    if args[0] != "review":
        assert "is not an option" in out or "not a command" in out or "type a letter" in out, out[-500:]


# --- paths, widths --------------------------------------------------------------------------------------

def test_a_content_dir_component_over_255_bytes_is_a_usage_error(tmp_path):
    long_dir = str(tmp_path / ("a" * 300))
    usage_error(invoke("--content-dir", long_dir, "content", "check"), "content folder")
    usage_error(invoke("quiz", "--content-dir", long_dir, "--plain", stdin="q\n"), "content folder")


def test_das_width_is_clamped_so_every_command_still_prints(monkeypatch):
    for width in ("0", "1", "5", "99999999999", "abc", "²"):
        monkeypatch.setenv("DAS_WIDTH", width)
        for args in (["explain", "firehose"], ["stats"], ["explain"], ["calc", "wcu", "--items", "6", "--size", "4.5"]):
            result = invoke(*args)
            assert result.code == 0 and result.out.strip(), (width, args, result.err)
        result = invoke("quiz", "s3", "--plain", "-n", "1", "--seed", "1", stdin="a\n")
        assert result.code == 0 and "Question 1" in result.out


# --- caches -------------------------------------------------------------------------------------------

def calc_fresh(*args: str):
    from das.content.rules import all_rules

    all_rules.cache_clear()  # parsed once per process: a new process would read the cache file
    return invoke("calc", *args)


def test_a_cache_with_valid_json_but_altered_values_is_rebuilt(das_home):
    expected = calc_fresh("wcu", "--items", "6", "--size", "4.5")
    assert expected.code == 0
    cache = das_home / "cache" / "rules.json"
    header, _, body = cache.read_text().partition("\n")
    stored = json.loads(body)
    for rule in stored["value"]:
        del rule["unit"]
    cache.write_text(header + "\n" + json.dumps(stored))  # valid JSON; the checksum no longer matches
    again = calc_fresh("wcu", "--items", "6", "--size", "4.5")
    assert again.code == 0 and again.out == expected.out and again.err == ""
    library = das_home / "cache" / "library.json"
    invoke("quiz", "--plain", "-n", "1", stdin="q\n")
    header, _, body = library.read_text().partition("\n")
    library.write_text(header + "\n" + body.replace('"questions"', '"kwestions"'))
    result = invoke("quiz", "--plain", "-n", "1", stdin="q\n")
    assert result.code == 0 and result.err == ""
    (das_home / "cache" / "rules.json").write_text(json.dumps({"key": None, "value": [{"id": 1}]}))  # an older layout
    assert calc_fresh("wcu", "--items", "6", "--size", "4.5").out == expected.out


# --- hostile content ----------------------------------------------------------------------------------

HOSTILE_NOTE = f"""\
id: evil-topic
title: "Evil \\x1b]0;pwned\\x07topic"
aliases: [evil]
summary: "A note \\x1b[2J\\x1b[Hthat clears the screen."
exams: [dea-c01]
related: [firehose]
sections:
  - id: basics
    title: "Basics \\x1b[5mblink\\x1b[0m"
    facts:
      - text: "Firehose \\x1b]8;;https://evil.example\\x1b\\\\delivers\\x1b]8;;\\x1b\\\\ streaming data \\x9b31m."
        source: {URL}
"""

HOSTILE_BANK = f"""\
topic: evil-topic
questions:
  - id: evil-topic-one
    type: single
    difficulty: easy
    das_domain: collection
    dea_domain: ingestion
    stem: "A company needs delivery \\x1b[2J. Which service meets the requirement with the LEAST effort?"
    options: {{a: "Firehose \\x1b]0;title\\x07", b: EC2, c: "EM\\u200bR", d: "Glue\\x08\\x08\\x08"}}
    answer: [a]
    explanations: {{a: "right \\x1b[5m", b: wrong, c: wrong, d: wrong}}
    read_next: evil-topic#basics
    source: {URL}
"""


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "hostile"
    for kind, name, text in (("notes", "evil-topic", HOSTILE_NOTE), ("questions", "evil-topic", HOSTILE_BANK)):
        path = folder / kind / f"{name}.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_content_check_warns_about_escape_sequences_with_file_line_and_field(hostile):
    for _ in range(2):  # cold, then from the cache: the same warnings
        result = invoke("content", "check", "--content-dir", str(hostile))
        assert result.code == 0, result.err
        warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == 9, result.err  # the zero-width space in option c too
        assert any(re.search(r"evil-topic\.yaml:2: title: contains terminal escape", w) for w in warnings)
        assert any(re.search(r"evil-topic\.yaml:9: questions\[0\]\.options\.a: ", w) for w in warnings)
        assert not RAW.search(result.err)


def test_no_escape_sequence_from_content_reaches_the_terminal_in_any_mode(hostile):
    runs = [
        invoke("--content-dir", str(hostile), "explain", "evil-topic"),
        invoke("--content-dir", str(hostile), "explain"),
        invoke("--content-dir", str(hostile), "explain", "--search", "streaming"),
        invoke("--content-dir", str(hostile), "explain", "evil-topic", "--json"),
        invoke("quiz", "evil-topic", "--content-dir", str(hostile), "--plain", stdin="a\n"),
        invoke("quiz", "evil-topic", "--content-dir", str(hostile), "--plain", stdin="b\n"),
        invoke("exam", "--content-dir", str(hostile), "--content-dir-only", "--plain", stdin="r\nsubmit\ny\n"),
    ]
    for result in runs:
        assert result.code == 0, result.err
        assert "Firehose" in result.out or "Evil" in result.out or "evil" in result.out
        assert not RAW.search(result.out.replace("\n", "")), repr(result.out[:300])
        assert "\u200b" not in result.out  # invisible characters are removed like controls
    from das.content.library import load_library

    library = load_library((str(hostile),))
    question = library.questions["evil-topic-one"]
    texts = [question.stem, *question.options.values(), *question.explanations.values()]
    assert all(not RAW.search(t) for t in texts)  # the interactive prompts get these same strings


# --- bounded reading ------------------------------------------------------------------------------------

def test_an_alias_bomb_as_a_field_value_is_refused_quickly_with_a_short_message(tmp_path):
    folder = tmp_path / "bomb"
    (folder / "notes").mkdir(parents=True)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    lines += ["id: bomb", "type: *h"]
    (folder / "notes" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    result = invoke("content", "check", "--content-dir", str(folder))
    assert result.code == 2
    problem = [line for line in result.err.splitlines() if "bomb.yaml" in line]
    assert len(problem) == 1 and len(problem[0]) < 300 and re.search(r"bomb\.yaml:\d+: ", problem[0])


def test_a_fifo_or_a_link_to_dev_zero_is_refused_not_read(tmp_path):
    folder = tmp_path / "odd"
    (folder / "questions").mkdir(parents=True)
    os.mkfifo(folder / "questions" / "fifo.yaml")
    (folder / "questions" / "zero.yaml").symlink_to("/dev/zero")
    (folder / "questions" / "gone.yaml").symlink_to(tmp_path / "missing")
    result = invoke("content", "check", "--content-dir", str(folder))
    assert result.code == 2 and "Traceback" not in result.err
    for name in ("fifo.yaml", "zero.yaml", "gone.yaml"):
        assert any(name in line for line in result.err.splitlines())


def test_a_file_that_is_null_or_a_scalar_names_file_line_and_field(tmp_path):
    folder = tmp_path / "c"
    (folder / "questions").mkdir(parents=True)
    cases = {"null": ("null\n", 1), "number": ("42\n", 1), "text": ("'just text'\n", 1), "empty": ("---\n", 2)}
    for name, (text, _line) in cases.items():
        (folder / "questions" / f"{name}.yaml").write_text(text)
    result = invoke("content", "check", "--content-dir", str(folder))
    assert result.code == 2
    for name, (_text, line) in cases.items():
        assert any(re.match(rf".*{name}\.yaml:{line}: file: ", p) for p in result.err.splitlines()), result.err
