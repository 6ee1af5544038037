"""The traps a fresh tester found in export and import (issue #15): a broken GIFT question, partial credit,
HTML in GIFT text, duplicate GUIDs, task lists that are not questions, the stem/options/<details> layout,
contradicting stems, follow-up commands that forget --content-dir, and the small ones (stdout, help,
file names, --topic)."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

import yaml

from conftest import invoke, user_note

ESC = "\x1b"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted((folder / "questions").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for q in data["questions"]:
            out[q["id"]] = {**q, "topic": data["topic"]}
    return out


def gift_question(n: int) -> str:
    return (f"::Q{n}:: Which AWS service number {n} stores objects? {{\n"
            f"  =Amazon S3#Right.\n  ~Amazon EBS\n  ~Amazon EFS\n  ~Amazon FSx\n}}\n")


def test_a_broken_gift_question_is_reported_and_never_swallows_the_next_ones(tmp_path):
    text = "\n".join([gift_question(1), gift_question(2), gift_question(3),
                      "::Q4 broken:: Missing close brace {\n  =one\n  ~two\n  ~three\n  ~four\n",
                      *(gift_question(n) for n in range(5, 11)),
                      "::Q11:: Which THREE services stream? {\n  ~%50%Kinesis\n  ~%50%MSK\n  ~%-100%S3\n  ~%-100%EBS\n}\n",
                      "::Q12:: Which service \\= best? { ~%100%best ~%50%half ~%0%none ~%0%none two }\n",
                      "::Q13:: Which services hold a day\\=&lt;dd&gt; key? {\n  =S3 &amp; Glue\n  ~<b>EBS</b>\n"
                      "  ~EFS<br>FSx\n  ~None\n}\n"])
    source = write(tmp_path, "bank.gift", text)
    into = tmp_path / "bank"
    result = invoke("import", str(source), "--into", str(into))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"imported 11 questions (0 multiple response) into {into}"
    q4_line = text.split("\n").index("::Q4 broken:: Missing close brace {") + 1
    q11_line = text.split("\n").index("::Q11:: Which THREE services stream? {") + 1
    assert f"  bank.gift:{q4_line}: broken GIFT question: '{{' is never closed with '}}'" in lines
    assert f"  bank.gift:{q11_line}: the stem asks for THREE answers but 2 are marked" in lines
    assert any(line.startswith("skipped 2: ") for line in lines)
    q12_line = q11_line + 7
    assert lines[lines.index("imported with changes 1:") + 1] == (
        f"  bank.gift:{q12_line}: partial-credit weights dropped (50%): das scores all or nothing, "
        "the 100% option is the answer")
    questions = imported(into)
    for q in questions.values():  # no imported text holds unparsed GIFT syntax
        for text_ in [q["stem"], *q["options"].values(), *q.get("explanations", {}).values()]:
            assert not any(mark in text_ for mark in ("{", "}", "::", "\n=", "\n~")), text_
    partial = next(q for q in questions.values() if q["stem"].startswith("Which service = best?"))
    assert partial["type"] == "single" and partial["answer"] == ["a"] and partial["options"]["a"] == "best"
    html_q = next(q for q in questions.values() if "day=" in q["stem"])  # read as Moodle shows it
    assert html_q["stem"] == "Which services hold a day=<dd> key?"
    assert list(html_q["options"].values()) == ["S3 & Glue", "EBS", "EFS FSx", "None"]


def test_equal_gift_weights_make_a_multiple_response_question():
    from das.interop.gift import parse_gift

    found, skipped = parse_gift("::a:: Pick two columnar formats. (Select TWO.) {\n"
                                "~%50%Parquet ~%50%ORC ~%-100%CSV ~%-100%JSON }\n\n"
                                "::b:: Which is right? { ~%50%one ~%25%two ~%0%three ~%0%four }\n", "x.gift")
    assert found[0].answers == [0, 1] and found[0].notes == []
    assert [s.reason for s in skipped] == ["partial-credit weights (50%, 25%) make no all-or-nothing answer"]


def test_the_whole_builtin_bank_round_trips_through_gift_losslessly(tmp_path):
    gift = tmp_path / "all.gift"
    assert invoke("export", "gift", str(gift)).code == 0
    text = gift.read_text(encoding="utf-8")
    assert "day\\=&lt;dd&gt;" in text and "day=<dd>" not in text  # Moodle reads GIFT text as HTML
    into = tmp_path / "back"
    result = invoke("import", str(gift), "--into", str(into), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["skipped"] == [] and summary["adjusted"] == []
    from das.content.library import load_library
    from das.interop.text import question_id

    def fold(s: str) -> str:
        return " ".join(s.split())

    originals = load_library().questions
    back = imported(into)
    assert summary["questions"] == len(originals) == len(back)
    for o in originals.values():
        q = back[question_id(o.stem, list(o.options.values()))]
        assert q["topic"] == f"imported-{o.topic}" and q["type"] == o.type and q["answer"] == list(o.answer)
        assert q["stem"] == fold(o.stem)
        assert list(q["options"].values()) == [fold(v) for v in o.options.values()]
        assert q.get("explanations", {}) == {k: fold(v) for k, v in o.explanations.items()}


def test_every_note_guid_of_the_whole_builtin_export_is_unique_and_csv_goes_to_stdout():
    from das.content.library import load_library
    from das.interop.export import guid_for_card, guid_for_question, select

    chosen = select(load_library(), [])
    guids = [guid_for_question(q.id) for q in chosen.questions] + [guid_for_card(c.note_id, c.id) for c in chosen.cards]
    assert len(guids) == len(set(guids)) == len(chosen.questions) + len(chosen.cards)
    # card ids that repeat across notes (built-in: new-aws-customer-start-using in data-pipeline and s3)
    assert len({c.id for c in chosen.cards}) < len(chosen.cards)
    result = invoke("export", "csv", "-")
    assert result.code == 0 and result.err.startswith("wrote ") and "to stdout (Anki text-import file)" in result.err
    assert not Path("-").exists()
    body = [line for line in result.out.splitlines() if not line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(body)), delimiter="\t"))
    assert len(rows) == len(guids) and len({row[0] for row in rows}) == len(rows)
    assert not set(guids) & {row[0] for row in rows}  # CSV Basic notes never take an .apkg note's GUID


def test_stdout_exports_and_their_limits(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    gift = invoke("export", "gift", "-", "sqs")
    assert gift.code == 0 and gift.out.startswith("// das questions: sqs\n") and "::[html]" in gift.out
    anki = invoke("export", "anki", "-")
    assert anki.code == 2 and anki.out == ""
    assert anki.err == ("das: error: an Anki package is a binary file and cannot go to stdout ('-'): "
                        "give a FILE.apkg\n")
    both = invoke("export", "csv", "-", "--json")
    assert both.code == 2 and "--json and '-' both want stdout" in both.err
    assert list(work.iterdir()) == []  # no file named "-"


# A README with sponsor and roadmap task lists, a question in the stem / A. lines / <details> layout
# (a paragraph per option), one with the options as hard-broken lines, and one whose options das cannot
# read (a table).
MIXED = textwrap.dedent("""\
    # My exam notes

    ## Support this project

    - [x] [Sponsor on GitHub](https://github.com/sponsors/me)
    - [ ] [Buy me a coffee](https://example.com/coffee)

    ## Roadmap

    - [x] Add Kinesis questions
    - [x] Add Glue questions
    - [ ] Add Redshift questions
    - [ ] Add EMR questions

    ## Questions

    A company stores clickstream files in Amazon S3. Which AWS Glue feature infers their schema?

    A. Glue crawlers

    B. Glue DataBrew

    C. Glue Studio

    D. Glue workflows

    <details><summary>Answer</summary>

    Correct answer: A

    </details>

    Which TWO services can consume from an Amazon Kinesis data stream? (Select TWO.)
    A. AWS Lambda\\
    B. Amazon Data Firehose\\
    C. Amazon EBS\\
    D. Amazon Route 53

    <details><summary>Answer</summary>Correct answer: A, B</details>

    ### Which service runs Apache Spark without servers?

    | Option | Text |
    |---|---|
    | A | EMR Serverless |
    | B | EC2 |
    """)


def test_non_question_task_lists_are_skipped_and_a_stem_with_lettered_paragraphs_is_read(tmp_path):
    source = write(tmp_path, "README.md", MIXED)
    into = tmp_path / "bank"
    result = invoke("import", str(source), "--into", str(into), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["questions"] == 2 and summary["multiple_response"] == 1
    line = MIXED.split("\n").index
    assert summary["skipped"] == [
        {"file": "README.md", "line": line("## Support this project") + 1,
         "reason": "not a question: the list under 'Support this project' holds only links"},
        {"file": "README.md", "line": line("## Roadmap") + 1,
         "reason": "not a question: 'Roadmap' has no question mark or question wording"},
        {"file": "README.md", "line": line("### Which service runs Apache Spark without servers?") + 1,
         "reason": "looks like a question, but no answer options follow that das can read (a task list, or A./B. lines)"},
    ]
    questions = list(imported(into).values())
    glue = next(q for q in questions if "Glue feature" in q["stem"])
    assert glue["options"] == {"a": "Glue crawlers", "b": "Glue DataBrew", "c": "Glue Studio", "d": "Glue workflows"}
    assert glue["answer"] == ["a"] and glue["topic"] == "imported-glue"  # S3 is where the files are, not the subject
    kds = next(q for q in questions if q["type"] == "multiple")
    assert kds["answer"] == ["a", "b"] and kds["options"]["d"] == "Amazon Route 53"
    plain = invoke("import", str(source), "--into", str(tmp_path / "again"))
    assert "skipped 3: " in plain.out and "skipped 0" not in plain.out


def test_a_stem_that_contradicts_its_marks_is_skipped(tmp_path):
    source = write(tmp_path, "q.md", textwrap.dedent("""\
        ### Which THREE services store data durably? (Select TWO.)

        - [x] Amazon S3
        - [x] Amazon DynamoDB
        - [ ] Amazon ElastiCache with no replicas
        - [ ] Instance store

        ### Which service stores objects durably?

        - [x] Amazon S3
        - [ ] Instance store
        - [ ] Amazon ElastiCache with no replicas
        - [ ] A RAM disk
        """))
    result = invoke("import", str(source), "--into", str(tmp_path / "bank"), "--json")
    assert json.loads(result.out)["skipped"] == [
        {"file": "q.md", "line": 1, "reason": "the stem asks for TWO and THREE answers but 2 are marked"}]


def test_plain_csv_non_ascii_topic_and_escape_codes_in_file_names(tmp_path):
    plain = write(tmp_path, "plain.csv", "a,b,c\n1,2,3\n")
    result = invoke("import", str(plain), "--into", str(tmp_path / "x"))
    assert result.code == 2 and "plain.csv:1: not a das CSV export: no '#columns:' header" in result.err
    gift = write(tmp_path, "bank.gift", gift_question(1))
    topic = invoke("import", str(gift), "--into", str(tmp_path / "y"), "--topic", "ünïcode")
    assert topic.code == 2
    assert topic.err == ("das: error: --topic must be written in ASCII letters, digits and hyphens, got 'ünïcode'; "
                         "e.g. --topic unicode\n")
    sneaky = write(tmp_path, f"evil{ESC}[2J{ESC}]0;pwned\x07.gift", gift_question(2))
    into = tmp_path / "z"
    named = invoke("import", str(sneaky), "--into", str(into))
    assert named.code == 0, named.err
    assert ESC not in named.out and "\x07" not in named.out
    (q,) = imported(into).values()
    assert q["source"] == "file:evil.gift#L1"


def test_card_ids_are_required_in_user_content(tmp_path):
    folder = tmp_path / "mine"
    write(folder / "notes", "my-topic.yaml",
          user_note('{front: "Delivers streams to S3?", back: "Amazon Data Firehose"}', aliases="[]"))
    result = invoke("content", "check", "--content-dir", str(folder))
    assert result.code == 2
    assert "sections[0].facts[0].card.id" in result.out + result.err


def test_help_paragraphs_are_never_broken_mid_sentence():
    from das.cli import command

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    for path, cmd in walk(command(), "das"):
        for text in (cmd.help, cmd.short_help, *(getattr(p, "help", None) for p in cmd.params)):
            for paragraph in (text or "").split("\n\n"):
                assert "\n" not in paragraph, (path, paragraph)
    shown = invoke("export", "--help").out
    assert "type (front: stem and lettered options; back: answer, every option's" in " ".join(shown.split())


def test_follow_up_commands_repeat_the_content_dir_and_the_same_folder_twice_loads_once(tmp_path, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from das.store.progress import AnswerRecord, Progress

    source = write(tmp_path, "bank.gift", "\n".join(gift_question(n) for n in range(1, 6)))
    into = tmp_path / "my bank"
    assert invoke("import", str(source), "--into", str(into), "--topic", "my-bank").code == 0
    flag = f"--content-dir '{into}'"  # quoted: the path has a space

    args = ("quiz", "--content-dir", str(into), "my-bank", "-n", "1", "--seed", "1", "--plain")
    peek = invoke(*args, stdin="q\n")
    right = re.search(r"^  ([a-d])\) Amazon S3$", peek.out, re.M).group(1)
    quiz = invoke(*args, stdin=("a" if right != "a" else "b") + "\n")  # a wrong answer: a retry line follows
    assert quiz.code == 0, quiz.err
    assert f"read next: das explain my-bank source {flag}" in quiz.out
    assert f"retry: das quiz --missed {flag}" in quiz.out

    paused = invoke("exam", "--content-dir", str(into), "--content-dir-only", "--plain", stdin="q\n")
    assert f"Exam paused: resume with das exam --resume {flag} (the clock stops while paused)." in paused.out
    refused = invoke("exam", "--content-dir", str(into), "--plain")
    assert refused.code == 2 and f"continue it with 'das exam --resume {flag}'" in refused.err
    done = invoke("exam", "--resume", "--content-dir", str(into), "--plain", stdin="submit\ny\n")
    assert done.code == 0, done.err
    assert f"  my-bank: 0/5 -> das quiz my-bank {flag}" in done.out
    assert f"Walk through every question: das exam review 1 {flag}" in done.out
    reviewed = invoke("exam", "review", "1", "--content-dir", str(into))
    assert reviewed.code == 0, reviewed.err
    assert "Which AWS service number 1 stores objects?" in reviewed.out and "not in the content" not in reviewed.out
    without = invoke("exam", "review", "1")
    assert "Not in the content loaded now (5): 1, 2, 3, 4, 5: if the exam drew from an imported folder" in without.out

    store = Progress()  # answers from a month ago: their cards are due now
    session = store.start_session("quiz")
    for q in imported(into).values():
        store.record_answer(session, AnswerRecord(q["id"], q["topic"], "unknown", "unknown", ("a",), True, 5.0),
                            now=datetime.now(timezone.utc) - timedelta(days=30))
    store.close()
    review = invoke("review", "--plain", "--new", "0")
    assert review.code == 0, review.err
    assert "Nothing to review in the content loaded yet" in review.out
    assert "Also due: 5 questions whose content is not loaded now" in review.out
    assert "give that folder with --content-dir DIR" in review.out

    monkeypatch.setenv("DAS_CONTENT", str(into))  # the same folder twice (and spelled differently)
    twice = invoke("quiz", "--content-dir", f"{into}/../{into.name}", "my-bank", "-n", "1", "--plain", stdin="q\n")
    assert twice.code == 0, twice.err
    check = invoke("content", "check", "--content-dir", str(into))
    assert check.code == 0, check.err
