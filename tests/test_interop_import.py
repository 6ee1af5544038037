"""`das import`: markdown banks in the common public layouts (with their traps), GIFT and das CSV round
trips, stable ids, untrusted text, and a folder that das content check, quiz and exam use at once."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import invoke

ESC = "\x1b"

# A heading per question and a task list whose checked boxes are the answers, in a README that also has a
# table of contents repeating every stem, images, promotion, a six-option question with two checked and a
# broken question (nothing checked) in the middle.
HEADINGS_BANK = textwrap.dedent(f"""\
    # AWS Data Analytics Practice Questions

    [![Stars](https://img.shields.io/badge/stars-100-blue.svg)](https://example.com)

    ## Table of Contents

    - [A company ingests clickstream data with Amazon Kinesis Data Streams. Which change spreads the writes?](#q1)
    - [A team stores logs in Amazon S3. What is broken?](#q2)
    - [Which TWO actions lower Amazon Athena query cost? (Choose two.)](#q3)

    ![architecture](images/arch.png)

    ## Get the full course!

    Our premium course has 500 more questions. **Sign up today** and get 50% off.

    - Lifetime access
    - [Certificate](https://example.com/cert)

    ### A company ingests clickstream data with Amazon Kinesis Data Streams. Which change spreads the writes?

    - [ ] Increase the retention period.
    - [x] Use a random partition key so records spread {ESC}[31macross{ESC}[0m shards.
    - [ ] Enable server-side encryption.
    - [ ] Switch consumers to enhanced fan-out.

    **[⬆ Back to Top](#table-of-contents)**

    ### A team stores logs in Amazon S3. What is broken?

    - [ ] Nothing.
    - [ ] Everything.
    - [ ] Something.
    - [ ] Anything.

    **[⬆ Back to Top](#table-of-contents)**

    ### Which TWO actions lower Amazon Athena query cost? (Choose two.)

    ![chart](images/cost.png)

    - [ ] Use JSON instead of Parquet.
    - [x] Partition the data by date.
    - [ ] Turn off the result cache.
    - [X] Convert the data to a columnar format such as Parquet.
    - [ ] Run queries from a larger workgroup.
    - [ ] Add more columns to SELECT *.

    **[⬆ Back to Top](#table-of-contents)**
    """)

# Numbered questions, lettered options, answers (and explanation bullets when present) in <details>.
DETAILS_BANK = textwrap.dedent("""\
    # Practice exam 1

    1. A company runs Apache Spark jobs on Amazon EMR. Which storage keeps data after the cluster terminates?
        - [ ] A. HDFS on core nodes
        - [ ] B. Instance store volumes
        - [ ] C. EMRFS backed by Amazon S3
        - [ ] D. The primary node's root volume

        <details markdown=1><summary markdown='span'>Answer</summary>

        Correct answer: C

        - A. HDFS lives on the cluster's instances and is lost when it terminates.
        - B. Instance store is ephemeral.
        - C. EMRFS stores data in S3, which outlives the cluster.
        - D. The root volume is deleted with the instance.
        </details>

    2. A broken question: its answer names an option that does not exist.
        - [ ] A. one
        - [ ] B. two
        - [ ] C. three
        - [ ] D. four

        <details><summary>Answer</summary>Correct answer: G</details>

    3. Which AWS Glue features help with schema changes? (Select two.)
        - [ ] A. Crawlers that update the Data Catalog
        - [ ] B. Glue DataBrew recipes
        - [ ] C. Schema Registry compatibility modes
        - [ ] D. Job bookmarks
        - [ ] E. Glue Elastic Views

        <details markdown=1><summary markdown='span'>Answer</summary>

        Correct answer: A, C

        - A. Crawlers detect new columns.
        - C. The Schema Registry enforces compatibility.
        </details>

    4. Which service delivers streaming data to Amazon Redshift with no code?
        - [ ] A. Amazon Data Firehose
        - [ ] B. Amazon SQS
        - [ ] C. AWS Batch
        - [ ] D. Amazon SNS

        <details><summary>Answer</summary>
        Correct answer: A
        </details>
    """)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def bank(folder: Path) -> dict[str, dict]:
    """Every imported question by id, with its topic."""
    out = {}
    for path in sorted((folder / "questions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data["questions"]:
            out[q["id"]] = {**q, "topic": data["topic"]}
    return out


def by_stem(questions: dict[str, dict], start: str) -> dict:
    return next(q for q in questions.values() if q["stem"].startswith(start))


def test_headings_layout_skips_contents_images_promotion_and_reports_the_broken_question(tmp_path):
    source = write(tmp_path, "README.md", HEADINGS_BANK)
    into = tmp_path / "bank"
    result = invoke("import", str(source), "--into", str(into))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"imported 2 questions (1 multiple response) into {into}"
    assert "skipped 1: no answer: no checked box and no answer letters in a <details> block" in lines
    assert "  README.md:29: no answer: no checked box and no answer letters in a <details> block" in lines
    questions = bank(into)
    assert len(questions) == 2  # the table of contents repeating every stem added nothing
    kds = by_stem(questions, "A company ingests")
    assert kds["topic"] == "imported-kinesis-data-streams" and kds["type"] == "single"
    assert kds["answer"] == ["b"] and "explanations" not in kds
    assert kds["options"]["b"] == "Use a random partition key so records spread across shards."  # escapes removed
    assert kds["source"] == "file:README.md#L20" and kds["read_next"] == "imported-kinesis-data-streams#source"
    athena = by_stem(questions, "Which TWO actions")
    assert athena["stem"] == "Which TWO actions lower Amazon Athena query cost? (Select TWO.)"
    assert athena["type"] == "multiple" and athena["answer"] == ["b", "d"] and len(athena["options"]) == 6
    assert athena["topic"] == "imported-athena"
    assert "das_domain" not in athena and "difficulty" not in athena
    assert ESC not in (into / "questions" / "imported-kinesis-data-streams.yaml").read_text(encoding="utf-8")


def test_details_layout_reads_answers_and_per_option_explanations(tmp_path):
    source = write(tmp_path, "exam1.md", DETAILS_BANK)
    into = tmp_path / "bank"
    result = invoke("import", str(source), "--into", str(into), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["questions"] == 3 and summary["multiple_response"] == 1
    assert summary["skipped"] == [{"file": "exam1.md", "line": 19, "reason": "answer letter G is not one of the 4 options"}]
    questions = bank(into)
    emr = by_stem(questions, "A company runs Apache Spark")
    assert emr["answer"] == ["c"] and emr["topic"] == "imported-emr"
    assert emr["options"]["a"] == "HDFS on core nodes"  # the letter label is not part of the option
    assert emr["explanations"] == {"a": "HDFS lives on the cluster's instances and is lost when it terminates.",
                                   "b": "Instance store is ephemeral.",
                                   "c": "EMRFS stores data in S3, which outlives the cluster.",
                                   "d": "The root volume is deleted with the instance."}
    glue = by_stem(questions, "Which AWS Glue features")
    assert glue["stem"].endswith("schema changes? (Select TWO.)") and glue["answer"] == ["a", "c"]
    assert glue["explanations"] == {"a": "Crawlers detect new columns.", "c": "The Schema Registry enforces compatibility."}
    assert "explanations" not in by_stem(questions, "Which service delivers")


def test_imported_folder_passes_content_check_and_works_with_quiz_and_das_content(tmp_path, monkeypatch):
    into = tmp_path / "bank"
    invoke("import", str(write(tmp_path, "exam1.md", DETAILS_BANK)), "--into", str(into))
    check = invoke("content", "check", "--content-dir", str(into))
    assert check.code == 0, check.err
    quiz = invoke("quiz", "--content-dir", str(into), "imported-redshift", "--plain", stdin="a\n")
    assert quiz.code == 0, quiz.err
    assert "(the source gives no explanation)" in quiz.out
    assert "source: file:exam1.md#L42" in quiz.out
    assert "read next: das explain imported-redshift source" in quiz.out
    monkeypatch.setenv("DAS_CONTENT", str(into))
    explain = invoke("explain", "imported-emr", "--no-pager")
    assert explain.code == 0 and "1 question imported with das import from exam1.md" in explain.out
    review = invoke("review", "--plain", stdin="q\n")
    assert review.code == 0, review.err


def test_exam_can_draw_from_the_imported_questions_alone(tmp_path):
    into = tmp_path / "bank"
    invoke("import", str(write(tmp_path, "README.md", HEADINGS_BANK)), str(write(tmp_path, "exam1.md", DETAILS_BANK)),
           "--into", str(into))
    result = invoke("exam", "--content-dir", str(into), "--content-dir-only", "--seed", "3", "--plain",
                    stdin="submit\ny\n")
    assert result.code == 0, result.err
    assert "Correct: 0/5 (0%), answered 0/5" in result.out
    assert "Unknown (imported questions)" in result.out and "Data Ingestion and Transformation" not in result.out
    from das.store.progress import Progress

    store = Progress()
    assert store.latest_exam("submitted")["time_limit"] == 10 * 60  # DEA-C01, the default: 130 min x 5 / 65
    store.close()
    assert "das quiz --domain unknown" not in result.out
    nothing = invoke("exam", "--content-dir-only", "--plain", stdin="q\n")
    assert nothing.code == 2 and "hold no questions" in nothing.err


def test_gift_round_trip_keeps_every_question(tmp_path):
    gift = tmp_path / "firehose.gift"
    assert invoke("export", "gift", str(gift), "firehose").code == 0
    into = tmp_path / "back"
    result = invoke("import", str(gift), "--into", str(into), "--json")
    assert result.code == 0, result.err
    from das.content.library import load_library

    originals = load_library().questions_for("firehose")
    imported = bank(into)
    assert json.loads(result.out)["questions"] == len(originals) == len(imported)
    assert json.loads(result.out)["skipped"] == []
    by_options = {tuple(q["options"].values()): q for q in imported.values()}
    for original in originals:
        q = by_options[tuple(original.options.values())]
        assert q["topic"] == f"imported-{original.topic}"
        assert q["answer"] == list(original.answer) and q["type"] == original.type
        assert q["stem"] == " ".join(original.stem.split())
        assert q["explanations"] == {k: " ".join(v.split()) for k, v in original.explanations.items()}


def test_csv_round_trip_keeps_questions_and_skips_flashcards(tmp_path):
    path = tmp_path / "sqs.txt"
    assert invoke("export", "csv", str(path), "sqs").code == 0
    into = tmp_path / "back"
    result = invoke("import", str(path), "--into", str(into), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    from das.content.library import load_library

    lib = load_library()
    originals = lib.questions_for("sqs")
    assert summary["questions"] == len(originals) and summary["topics"] == {"imported-sqs": len(originals)}
    assert summary["skipped"] and {s["reason"] for s in summary["skipped"]} == {"a flashcard, not an exam question"}
    imported = {tuple(q["options"].values()): q for q in bank(into).values()}
    for original in originals:
        q = imported[tuple(original.options.values())]
        assert q["answer"] == list(original.answer)
        assert q["explanations"] == {k: " ".join(v.split()) for k, v in original.explanations.items()}


def test_ids_survive_punctuation_and_case_edits_and_force_replaces_only_what_import_wrote(tmp_path):
    source = write(tmp_path, "exam1.md", DETAILS_BANK)
    into = tmp_path / "bank"
    invoke("import", str(source), "--into", str(into))
    before = set(bank(into))
    again = invoke("import", str(source), "--into", str(into))
    assert again.code == 2 and again.out == ""
    assert again.err == f"das: error: --into '{into}' is not empty (6 files); add --force to replace a previous import there\n"
    edited = DETAILS_BANK.replace("Which storage keeps data", "which STORAGE keeps data,").replace(
        "EMRFS backed by Amazon S3", "EMRFS, backed by Amazon S3!")
    write(tmp_path, "exam1.md", edited)
    (into / "mine.txt").write_text("my own notes", encoding="utf-8")
    forced = invoke("import", str(source), "--into", str(into), "--force")
    assert forced.code == 0, forced.err
    assert set(bank(into)) == before
    assert (into / "mine.txt").read_text(encoding="utf-8") == "my own notes"
    (into / "questions" / "imported-emr.yaml").write_text("topic: imported-emr\n", encoding="utf-8")
    refused = invoke("import", str(source), "--into", str(into), "--force")
    assert refused.code == 2 and "was not written by das import; not replacing it" in refused.err


def test_topic_option_and_its_errors(tmp_path):
    source = write(tmp_path, "exam1.md", DETAILS_BANK)
    result = invoke("import", str(source), "--into", str(tmp_path / "a"), "--topic", "My Bank", "--json")
    assert json.loads(result.out)["topics"] == {"my-bank": 3}
    clash = invoke("import", str(source), "--into", str(tmp_path / "b"), "--topic", "firehose")
    assert clash.code == 2
    assert clash.err == ("das: error: --topic 'firehose' is a topic das already has; imported questions need their "
                         "own, e.g. --topic imported-firehose\n")
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("args, message", [
    (["missing.md"], "no file"),
    (["exam1.md", "--format", "docx"], "--format must be one of auto, markdown, gift, csv"),
    (["empty.md"], "no question could be imported from empty.md: 0 skipped"),
    (["broken.gift"], "no question could be imported from broken.gift: 2 skipped (first: broken.gift:1: a true/false question"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "exam1.md", DETAILS_BANK)
    write(tmp_path, "empty.md", "# Nothing here\n\nJust text.\n")
    write(tmp_path, "broken.gift", "::tf::Is S3 a database? {F}\n\n::essay::Explain S3. {}\n")
    result = invoke("import", *args, "--into", str(tmp_path / "out"))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("das: error: ") and message in result.err and result.err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_gift_reader_handles_escapes_weights_feedback_and_other_types():
    from das.interop.gift import parse_gift

    text = textwrap.dedent("""\
        // a comment
        $CATEGORY: course/kinesis-data-streams

        ::Q1:: Which \\{shard\\} limit \\= 1 MB/s? {
          =Write per shard#Right\\: 1 MB/s in.
          ~Read per shard#2 MB/s out.
          ~Per stream
          ~Per account#No such limit.
        }

        ::Q2:: Pick two columnar formats. {
          ~%50%Parquet ~%50%ORC ~%-100%CSV ~%-100%JSON
        }

        ::Q3:: Match them. { =S3 -> storage =SQS -> queue }
        """)
    found, skipped = parse_gift(text, "x.gift")
    assert [s.reason for s in skipped] == ["a matching question: not multiple choice"]
    first, second = found
    assert first.stem == "Which {shard} limit = 1 MB/s?" and first.answers == [0]
    assert first.explanations == {0: "Right: 1 MB/s in.", 1: "2 MB/s out.", 3: "No such limit."}
    assert first.topic_hint == "kinesis-data-streams" and first.line == 4
    assert second.options == ["Parquet", "ORC", "CSV", "JSON"] and second.answers == [0, 1]


def test_escape_sequences_and_controls_are_removed():
    from das.interop.text import clean_text

    dirty = f"a{ESC}[1;31mb{ESC}]0;title\x07c{ESC}]8;;http://x{ESC}\\d\x00e\u202ef\x9b2Jg\th"
    assert clean_text(dirty) == "abcdef" + "g h"


def test_topic_guess_prefers_the_longest_most_named_and_most_specific_service():
    from das.content.library import load_library
    from das.interop.importer import guess_topic, service_names

    names = service_names(load_library(questions=False).notes)
    assert guess_topic("Records go to Amazon Kinesis Data Streams, then to S3.", names) == "kinesis-data-streams"
    # S3 is where nearly every question's data lands: its mentions count half, so Glue wins 2 to 1.5
    assert guess_topic("Use AWS Glue to crawl S3; Glue jobs then write to Amazon S3 and S3 again.", names) == "glue"
    assert guess_topic("Which S3 storage class suits archives that are read once a year?", names) == "s3"
    # a location is not a mention of S3 as the subject
    assert guess_topic("How should AWS Glue catalog s3://sales/raw/ and s3://sales/curated/ and "
                       "arn:aws:s3:::sales?", names) == "glue"
    assert guess_topic("Which statement about distributed systems is true?", names) is None


def test_builtin_content_stays_strict():
    from das.content.question_schema import check_bank

    question = {"id": "x-one", "type": "single", "stem": "Which?", "options": {"a": "1", "b": "2", "c": "3", "d": "4"},
                "answer": ["a"], "read_next": "s3#basics", "source": "file:bank.md#L3"}
    _data, problems = check_bank({"topic": "x", "questions": [question]}, "x.yaml", "x")
    fields = {p.field for p in problems}
    assert {"questions[0].das_domain", "questions[0].dea_domain", "questions[0].difficulty",
            "questions[0].explanations", "questions[0].source"} <= fields
    _data, hand_written = check_bank({"topic": "x", "questions": [question]}, "x.yaml", "x", user=True)
    assert {p.field for p in hand_written} == fields  # a user's own bank is checked as strictly
    _data, builtin_imported = check_bank({"topic": "x", "imported": True, "questions": [question]}, "x.yaml", "x")
    assert "imported" in {p.field for p in builtin_imported}  # the built-in content never holds imports
    _data, user_problems = check_bank({"topic": "x", "imported": True, "questions": [question]}, "x.yaml", "x", user=True)
    assert user_problems == []
    bad = dict(question, explanations={"z": "no such option"})
    _data, bad_problems = check_bank({"topic": "x", "imported": True, "questions": [bad]}, "x.yaml", "x", user=True)
    assert [p.message for p in bad_problems] == ["may only explain the question's options"]
    assert re.match(r"^imp-[0-9a-f]{12}$", __import__("das.interop.text", fromlist=["x"]).question_id("Which?", ["1"]))
