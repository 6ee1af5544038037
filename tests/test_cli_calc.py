"""`das calc` through the real CLI: answers, JSON keys, and one-line errors with exit code 2."""

import json

import pytest

from conftest import invoke


def test_wcu_answer_line_and_steps():
    result = invoke("calc", "wcu", "--items", "6", "--size", "4.5")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "30 WCU"
    assert "4.5 KB rounds up to 5 KB" in result.out
    assert "Exam traps" in result.out


def test_wcu_per_minute_json_is_exact():
    result = invoke("calc", "wcu", "--items", "124", "--size", "15", "--per", "minute", "--json")
    data = json.loads(result.out)
    assert data["wcu"] == 31
    assert isinstance(data["steps"], list) and data["steps"]


def test_rcu_json_states_consistency():
    data = json.loads(invoke("calc", "rcu", "--items", "15", "--size", "4", "--json").out)
    assert data["rcu"] == 8 and data["consistency"] == "eventual"


def test_shards_json_keys():
    data = json.loads(invoke("calc", "shards", "--in-mb", "4.5", "--records", "4600", "--json").out)
    assert data["shards"] == 5
    assert data["limiting_factor"] in {"write-bandwidth", "write-records", "read-bandwidth"}


def test_firehose_json_keys():
    data = json.loads(
        invoke("calc", "firehose", "--in-mb", "1", "--buffer-size", "5", "--buffer-interval", "300", "--json").out
    )
    for key in ("flush_after_sec", "trigger", "objects_per_hour", "objects_per_day", "avg_object_size_mb", "steps"):
        assert key in data
    assert data["trigger"] == "size"


def test_firehose_text_has_a_timeline():
    out = invoke("calc", "firehose", "--in-mb", "1", "--buffer-size", "5", "--buffer-interval", "300").out
    assert "Timeline" in out and "|" in out


def test_s3_both_directions():
    assert json.loads(invoke("calc", "s3", "--writes", "5000", "--json").out)["prefixes"] == 2
    reverse = json.loads(invoke("calc", "s3", "--prefixes", "10", "--json").out)
    assert reverse["reads_per_sec"] == 55000


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["calc", "wcu", "--items", "6", "--size", "401"], "at most 400"),
        (["calc", "wcu", "--items", "abc", "--size", "1"], "must be a number"),
        (["calc", "wcu", "--items", "-1", "--size", "1"], "at least 0"),
        (["calc", "wcu", "--items", "1"], "--size"),
        (["calc", "wcu", "--items", "1", "--size", "1", "--per", "hour"], "--per"),
        (["calc", "rcu", "--items", "1", "--size", "1", "--consistency", "strongish"], "--consistency"),
        (["calc", "shards", "--in-mb", "1", "--consumers", "21", "--efo"], "at most 20"),
        (["calc", "shards", "--records", "10"], "--in-mb"),
        (["calc", "shards", "--in-mb", "1", "--consumers", "1.5"], "whole number"),
        (["calc", "firehose", "--in-mb", "0", "--buffer-size", "5", "--buffer-interval", "60"], "greater than 0"),
        (["calc", "firehose", "--in-mb", "1", "--buffer-size", "200", "--buffer-interval", "60"], "1 and 128"),
        (["calc", "firehose", "--in-mb", "1", "--buffer-size", "5", "--buffer-interval", "1000"], "0 and 900"),
        (["calc", "firehose", "--in-mb", "nan", "--buffer-size", "5", "--buffer-interval", "60"], "must be a number"),
        (["calc", "s3"], "--reads"),
        (["calc", "s3", "--prefixes", "0"], "at least 1"),
        (["calc", "wcu", "--bogus"], "--bogus"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, fragment):
    result = invoke(*args)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("das: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.err


def test_help_lists_every_command_with_a_description():
    from das.cli import app
    import typer

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():
        assert sub.help or sub.short_help, f"das {name} has no help"
    out = invoke("--help").out
    for name in command.commands:
        assert name in out


def test_every_calc_subcommand_has_help():
    for name in ("wcu", "rcu", "shards", "firehose", "s3"):
        result = invoke("calc", name, "--help")
        assert result.code == 0 and "--json" in result.out


def _rendered(result, width=80, height=24):
    import io

    from rich.console import Console

    from das.ui.calc_view import print_result

    out = io.StringIO()
    console = Console(file=out, width=width, height=height, force_terminal=True, color_system=None)
    print_result(result, console=console)
    return out.getvalue().splitlines()


def test_on_an_80x24_terminal_steps_wrap_and_the_answer_is_repeated_at_the_end():
    from fractions import Fraction

    from das.calc.kinesis import required_shards

    lines = _rendered(required_shards(records=Fraction(20000), record_size_kb=Fraction("0.1"), consumers=5))
    assert all(len(line) <= 80 or line.strip().startswith("https://") for line in lines)  # a URL stays whole
    assert lines[0] == "49 shards (limited by read bandwidth)"
    assert lines[-1] == "Answer: 49 shards (limited by read bandwidth)"
    assert any(line.startswith("     ") for line in lines)  # a wrapped step continues under its own text


def test_an_answer_that_fits_the_screen_is_not_repeated():
    from das.calc.s3 import prefix_capacity

    lines = _rendered(prefix_capacity(1), width=200, height=60)
    assert not any(line.startswith("Answer:") for line in lines)


def test_piped_output_keeps_whole_lines():
    out = invoke("calc", "shards", "--records", "20000", "--record-size", "0.1", "--consumers", "5").out
    assert "Answer:" not in out
    assert any(len(line) > 100 for line in out.splitlines())


@pytest.mark.parametrize("args", [
    ["wcu", "--items", "6", "--size", "4.5"],
    ["wcu", "--size", "4.5", "--items", "6", "--per", "minute", "--transactional", "--gsi", "2", "--json"],
    ["wcu", "--items", "", "--size", "1"],
    ["wcu", "--items", "x", "--size", "1"],
    ["wcu", "--items", "1e5000", "--size", "1"],
    ["wcu", "--items", "6", "--items", "7", "--size", "1"],
    ["wcu", "--items=6", "--size", "1"],
    ["wcu", "--items", "-6", "--size", "1"],
    ["wcu", "--items"],
    ["wcu", "--size", "1", "--json", "--json"],
    ["rcu", "--items", "10", "--size", "6", "--consistency", "eventual"],
    ["item-size", "--item", "-", "--dynamodb-json"],
    ["shards", "--records", "3000", "--record-size", "2", "--consumers", "3"],
    ["shards", "--records", "3000", "--size", "2"],
    ["s3", "--reads", "1e400"],
    ["firehose", "--json"],
    ["firehose", "--in-mb", "3", "--json"],
])
def test_a_calc_run_without_typer_says_exactly_what_typer_would(tmp_path, args):
    """das.cli runs a plainly well-formed `das calc` without importing typer; a root option before it sends
    the same command line through typer: both must print the same and exit the same."""
    stdin = '{"a": {"S": "xyz"}, "n": {"N": "12"}}' if "--item" in args else None
    fast = invoke("calc", *args, stdin=stdin)
    typed = invoke("--content-dir", str(tmp_path), "calc", *args, stdin=stdin)
    assert (fast.code, fast.out, fast.err) == (typed.code, typed.out, typed.err)
