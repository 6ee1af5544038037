"""#12, the whole kind of invisible characters: every control, format, separator, surrogate, private-use and
unassigned character (by Unicode category, not a list) is removed from content before it is shown, and
`das content check` names file:line:field for each string that held one; ordinary text stays as it was."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from conftest import FIREHOSE_URL, invoke
from das.content.terminal import clean_text, is_unsafe

ZWJ = "\u200d"
REMOVED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}  # what the brief asks, independent of das
REMOVED = sorted(REMOVED_CATEGORIES)


def leftovers(text: str) -> list[str]:
    """The characters of a removed category in `text` (a newline is layout; a ZWJ between two emoji is one
    picture and kept: see das.content.terminal)."""
    found = []
    for i, ch in enumerate(text):
        if ch == "\n" or unicodedata.category(ch) not in REMOVED_CATEGORIES:
            continue
        if ch == ZWJ and 0 < i < len(text) - 1 and unicodedata.category(text[i + 1]) == "So" and (
                unicodedata.category(text[i - 1]) == "So" or text[i - 1] == "\ufe0f"
                or "\U0001f3fb" <= text[i - 1] <= "\U0001f3ff"):
            continue
        found.append(f"U+{ord(ch):04X}")
    return found


bad_chars = st.characters(categories=REMOVED)
ordinary = st.characters(categories=["L", "M", "N", "P", "S"]) | st.sampled_from(" \n")


@given(st.lists(bad_chars | ordinary, max_size=40).map("".join))
def test_no_character_of_a_removed_category_survives_cleaning(text):
    cleaned = clean_text(text)
    assert leftovers(cleaned) == [], (text, cleaned)
    assert not is_unsafe(cleaned)
    assert clean_text(cleaned) == cleaned
    assert is_unsafe(text) == (cleaned != text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")) or \
        "\x1b" in text or "\x9b" in text or "\x9d" in text  # escape sequences take printable characters along


@given(st.lists(bad_chars, min_size=1, max_size=5).map("".join))
def test_every_removed_character_is_reported_unsafe(text):
    assert is_unsafe("a" + text + "b") or set(text) <= {"\n", "\r", "\t"}  # layout, not hidden


@given(st.lists(ordinary | st.just("\u00a0"), max_size=40).map("".join))
def test_ordinary_text_letters_marks_emoji_cjk_and_layout_stays_as_it_was(text):
    assert clean_text(text) == text and not is_unsafe(text)


def test_emoji_sequences_keep_their_joiner_and_a_joiner_elsewhere_goes():
    for picture in ("\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f\u200d\U0001f525",
                    "\U0001f469\U0001f3fd\u200d\U0001f4bb", "Ü\u0308 日本語 \U0001f600 ①"):
        assert clean_text(picture) == picture and not is_unsafe(picture)
    assert clean_text("Fire\u200dhose") == "Firehose" and is_unsafe("Fire\u200dhose")
    assert clean_text("\U0001f600\u200dx") == "\U0001f600x"
    assert clean_text("one\u2028two\u2029three") == "one two three"  # a separator is not a joiner


# One sample (or more) of every removed category, written raw in the file where YAML allows it and as a
# YAML escape where it does not (a raw U+2028 is a line break to some YAML readers; a surrogate cannot be
# written in UTF-8).
SAMPLES = {
    "Cc": ["\\x07", "\\x85", "\\x9b"],
    "Cf": ["\u061c", "\U000e0001", "\U000e0041", "\u206a", "\ufff9", "\u180e", "\U0001d173", "\U0001bca0",
           "\\u200b", "\\ufeff", "\u00ad"],
    "Zl": ["\\u2028"],
    "Zp": ["\\u2029"],
    "Co": ["\ue000", "\U000f0000"],
    "Cn": ["\u2065", "\\U0010fffe"],
}
CASES = [(cat, s) for cat, samples in SAMPLES.items() for s in samples]


def make_folder(root):
    (root / "notes").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "notes" / "hidden.yaml").write_text(
        "id: hidden\ntitle: \"Hidden\u061ctopic\"\naliases: [hidden]\nsummary: \"Some\\u2028summary\U000e0068i\"\n"
        f"exams: [dea-c01]\nsections:\n  - id: basics\n    title: Basics\n    facts:\n"
        f"      - text: \"Fire\ufff9hose delivers\\u2029data.\"\n        source: {FIREHOSE_URL}\n", encoding="utf-8")
    lines = ["topic: hidden", "questions:"]
    for i, (_cat, sample) in enumerate(CASES):
        lines += [f"  - id: hidden-{i}", "    type: single", "    difficulty: easy", "    das_domain: collection",
                  "    dea_domain: ingestion",
                  f'    stem: "Which service{sample}{i} meets the requirement with the LEAST effort?"',
                  f'    options: {{a: "Fire{sample}hose", b: EC2, c: EMR, d: Glue}}', "    answer: [a]",
                  f'    explanations: {{a: "right{sample}", b: wrong, c: wrong, d: wrong}}',
                  "    read_next: hidden#basics", f"    source: {FIREHOSE_URL}"]
    (root / "questions" / "hidden.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_content_check_names_file_line_and_field_for_every_category(tmp_path):
    folder = make_folder(tmp_path / "hidden")
    for _ in range(2):  # cold, then from the cache
        result = invoke("content", "check", "--content-dir", str(folder))
        assert result.code == 0, result.err
        warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
        for i, (cat, sample) in enumerate(CASES):
            line = 8 + 11 * i  # topic, questions:, then 11 lines a question; the stem is the 6th
            for field, at in (("stem", line), ("options.a", line + 1), ("explanations.a", line + 3)):
                pattern = rf"hidden\.yaml:{at}: questions\[{i}\]\.{re.escape(field)}: contains terminal escape"
                assert any(re.search(pattern, w) for w in warnings), (cat, sample, field, result.err[:2000])
        for at, field in ((2, "title"), (4, "summary"), (10, r"sections\[0\]\.facts\[0\]\.text")):
            assert any(re.search(rf"notes/hidden\.yaml:{at}: {field}: ", w) for w in warnings), (field, result.err)
        assert leftovers(result.err) == []


def test_quiz_explain_and_exam_show_none_of_them(tmp_path):
    folder = make_folder(tmp_path / "hidden")
    answers = "a\n" * len(CASES)
    runs = [
        invoke("quiz", "hidden", "--content-dir", str(folder), "--plain", "-n", str(len(CASES)), stdin=answers),
        invoke("--content-dir", str(folder), "explain", "hidden"),
        invoke("--content-dir", str(folder), "explain"),
        invoke("--content-dir", str(folder), "explain", "--search", "delivers"),
        invoke("exam", "--content-dir", str(folder), "--content-dir-only", "--plain", "--questions", "5",
               stdin="a\n" * 5 + "submit\ny\n"),
    ]
    for result in runs:
        assert result.code == 0, result.err
        assert "Firehose" in result.out or "Hidden" in result.out, result.out[:500]
        assert leftovers(result.out) == [], (leftovers(result.out), result.out[:500])
        assert leftovers(result.err) == []
    quiz = runs[0].out
    assert quiz.count("Firehose") >= len(CASES) and "Which service0 meets" in quiz
