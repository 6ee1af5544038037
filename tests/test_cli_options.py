"""Options that work the same everywhere: -h as --help, and --content-dir before or after the subcommand."""

from __future__ import annotations

import textwrap

import pytest

from conftest import invoke


@pytest.mark.parametrize("args", [(), ("quiz",), ("calc", "wcu"), ("exam", "review"), ("content", "check")])
def test_dash_h_is_help(args):
    short, long = invoke(*args, "-h"), invoke(*args, "--help")
    assert short.code == long.code == 0
    assert short.out == long.out and "Usage: das" in short.out


def user_folder(tmp_path):
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    (folder / "notes" / "mytopic.yaml").write_text(textwrap.dedent("""\
        id: mytopic
        title: My own topic
        aliases: [mine]
        summary: A topic from a user content folder.
        exams: [dea-c01]
        sections:
          - id: basics
            title: Basics
            facts:
              - text: A fact only this folder has.
                source: https://docs.aws.amazon.com/athena/latest/ug/what-is.html
        """))
    return folder


@pytest.mark.parametrize("before", [True, False])
def test_content_dir_before_or_after_the_subcommand(tmp_path, before):
    folder = str(user_folder(tmp_path))
    args = ("--content-dir", folder, "explain", "mytopic") if before else ("explain", "mytopic", "--content-dir", folder)
    result = invoke(*args, "--no-pager")
    assert result.code == 0, result.err
    assert "A fact only this folder has." in result.out


def test_content_dir_does_not_outlive_one_invocation(tmp_path):
    folder = str(user_folder(tmp_path))
    assert invoke("--content-dir", folder, "explain", "mytopic", "--no-pager").code == 0
    later = invoke("explain", "mytopic", "--no-pager")
    assert later.code == 2 and "mytopic" in later.err


@pytest.mark.parametrize("args", [("stats", "--content-dir", "{d}"), ("--content-dir", "{d}", "stats"),
                                  ("exam", "review", "--content-dir", "{d}"), ("exam", "--content-dir", "{d}", "review")])
def test_content_dir_is_accepted_by_every_command_that_reads_content(tmp_path, args):
    folder = str(tmp_path / "missing-folder")
    result = invoke(*[a.format(d=folder) for a in args])
    # the folder is read (and so refused as missing) whichever place the option is given
    assert result.code == 2 and "missing-folder" in result.err and "No such option" not in result.err
