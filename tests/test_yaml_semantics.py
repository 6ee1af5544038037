"""One YAML path with one set of semantics for every content file, built-in or user, and bounded reading."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from das.content.yamlfile import MAX_FILE_BYTES, load_yaml
from das.errors import ContentError
from tests.conftest import invoke

TRICKY = textwrap.dedent("""\
    answer: yes
    switch: on
    other: no
    octal: 017
    exp: 1e3
    clock: 12:30
    when: 2024-04-08
""")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra", ["", "tagged: !!str 5\n", "tagged: !<tag:yaml.org,2002:str> 5\n"])
def test_the_same_values_whether_or_not_the_file_has_a_tag(tmp_path, extra):
    data = load_yaml(write(tmp_path, "t.yaml", TRICKY + extra))
    assert {k: data[k] for k in ("answer", "switch", "other", "octal", "exp", "clock", "when")} == {
        "answer": "yes", "switch": "on", "other": "no", "octal": 17, "exp": 1000.0, "clock": "12:30",
        "when": "2024-04-08",
    }


@pytest.mark.parametrize("extra", ["", "tagged: !!str 5\n"])
def test_a_duplicate_key_is_an_error_with_its_line_whatever_else_the_file_holds(tmp_path, extra):
    path = write(tmp_path, "t.yaml", TRICKY + extra + "answer: no\n")
    with pytest.raises(ContentError) as err:
        load_yaml(path)
    assert "duplicate" in err.value.problem and err.value.line == TRICKY.count("\n") + extra.count("\n") + 1


@pytest.mark.parametrize("tag", ["!custom", "!!python/object:os.system", "!!binary"])
def test_a_tag_outside_the_core_schema_is_refused_with_its_line(tmp_path, tag):
    path = write(tmp_path, "t.yaml", f"a: 1\nb: {tag} x\n")
    with pytest.raises(ContentError) as err:
        load_yaml(path)
    assert err.value.line == 2 and "not allowed" in err.value.problem


def test_an_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path):
    lines = ['a0: &a0 ["xxxxxxxxxx", "xxxxxxxxxx"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]")
    lines.append("type: *a29")
    with pytest.raises(ContentError) as err:
        load_yaml(write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))
    assert len(str(err.value)) < 300


def test_only_regular_files_of_bounded_size_are_read(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ContentError, match="not a regular file"):
        load_yaml(fifo)  # returns at once: never blocks waiting for a writer
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ContentError, match="not a regular file"):
        load_yaml(link)
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ContentError, match="at most"):
        load_yaml(big)


NOTE = textwrap.dedent("""\
    id: mynote
    title: My note
    aliases: [mine]
    summary: A user note with yes/no table cells.
    exams: [dea-c01]
    sections:
      - id: basics
        title: Basics
        facts:
          - text: A fact.
            source: https://docs.aws.amazon.com/athena/latest/ug/what-is.html
        tables:
          - title: Features
            source: https://docs.aws.amazon.com/athena/latest/ug/what-is.html
            columns: [Feature, Supported]
            rows:
              - [Encryption, yes]
              - [Replay, no]
              - [Switch, on]
""")


@pytest.mark.parametrize("tagged", [False, True])
def test_a_user_note_gets_one_verdict_with_or_without_an_explicit_tag(tmp_path, tagged):
    folder = tmp_path / "user"
    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    text = NOTE.replace("- text: A fact.", "- text: !!str A fact.") if tagged else NOTE
    assert ("!!str" in text) is tagged
    write(folder / "notes", "mynote.yaml", text)
    result = invoke("content", "check", "--content-dir", str(folder))
    assert result.code == 0, result.err
    assert "no problems" in result.out


# --- the C-speed pre-checks give the regexes' answers (#12: a 10,000-question bank's cold load) ---------

from hypothesis import given, strategies as st  # noqa: E402

_TRICKY = st.text(alphabet="&a- \t\n\r[]{},:\u2028\u00a0\x1c\x85\x7f\x00\x9f\u00e9\ufffe\uffff\u00c2", max_size=40)


@given(_TRICKY)
def test_the_anchor_pre_check_agrees_with_the_anchor_regex(text):
    from das.content.yamlfile import _ANCHOR, _has_anchor

    assert _has_anchor(text) == (_ANCHOR.search(text) is not None)


@given(_TRICKY)
def test_the_forbidden_byte_pre_check_never_hides_a_forbidden_character(text):
    from das.content.yamlfile import _FORBIDDEN, _may_hold_forbidden

    if _FORBIDDEN.search(text):
        assert _may_hold_forbidden(text.encode("utf-8", "surrogatepass"))


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40) | _TRICKY)
def test_the_ascii_unsafe_check_agrees_with_the_category_rule(text):
    import unicodedata

    from das.content.terminal import REMOVED_CATEGORIES, is_unsafe

    rest = text.replace("\r", "").replace("\t", "").replace("\n", "")
    removed = [ch for ch in rest if unicodedata.category(ch) in REMOVED_CATEGORIES]
    # a ZWJ between two emoji is kept (das.content.terminal); the ASCII fast path never meets one
    assert is_unsafe(text) == bool(removed) or (set(removed) == {"\u200d"} and not text.isascii())
