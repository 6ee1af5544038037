"""`das quiz` and `das drill` in plain mode through the real CLI, with a real progress database."""

from __future__ import annotations

import re
import sqlite3

import pytest

from conftest import invoke
from das.content.library import load_library
from das.store.progress import database_path


def answers_in_db():
    conn = sqlite3.connect(database_path())
    conn.row_factory = sqlite3.Row
    return conn.execute("SELECT * FROM answers ORDER BY id").fetchall()


def shown_question_ids(out: str) -> list[str]:
    """Ids of the answered questions, read from the line shown with each answer's feedback."""
    return re.findall(r"^\[([a-z0-9-]+) · (?:easy|medium|hard) ·", out, flags=re.M)


def right_letters(out: str) -> str:
    """The display letters of the right options, read from the feedback of the first answered question."""
    block = out.split("read next:", 1)[0]
    return ",".join(re.findall(r"^  ([a-f])\) \[right\]", block, flags=re.M))


def test_plain_quiz_scores_saves_and_summarises():
    result = invoke("quiz", "dynamodb", "--count", "3", "--seed", "7", "--plain", stdin="a\na,b\nb\nc\n")
    assert result.code == 0, result.err
    ids = shown_question_ids(result.out)
    assert len(ids) == 3
    assert "read next: das explain" in result.out
    assert "Score:" in result.out and "By topic" in result.out and "By DAS-C01 domain" in result.out
    rows = answers_in_db()
    assert [r["question_id"] for r in rows] == ids
    assert all(r["topic"] == "dynamodb" for r in rows)
    score = int(re.search(r"Score: (\d+)/3", result.out).group(1))
    assert score == sum(r["correct"] for r in rows)


def test_answering_right_is_scored_right():
    peek = invoke("quiz", "s3", "--count", "1", "--seed", "11", "--plain", stdin="q\n")
    probe = invoke("quiz", "s3", "--count", "1", "--seed", "11", "--plain", stdin=valid_answer(peek.out) + "\n")
    letters = right_letters(probe.out)
    result = invoke("quiz", "s3", "--count", "1", "--seed", "11", "--plain", stdin=letters + "\n")
    assert "Correct." in result.out
    assert answers_in_db()[-1]["correct"] == 1


def test_invalid_answers_are_asked_again():
    result = invoke("quiz", "sqs", "--count", "1", "--seed", "2", "--plain", stdin="z\n\nq\n")
    assert "is not an option" in result.out
    assert "type a letter" in result.out


def valid_answer(out: str) -> str:
    """Any well-formed answer for the first question shown (one letter, or as many as it asks)."""
    word = re.search(r"Select (TWO|THREE), e\.g\.", out)  # the plain prompt; the stem says it once
    return {"TWO": "a,b", "THREE": "a,b,c"}[word.group(1)] if word else "a"


def test_q_and_end_of_input_stop_early_with_summary():
    peek = invoke("quiz", "glue", "--count", "5", "--seed", "1", "--plain", stdin="q\n")
    assert "Stopped early" in peek.out and len(answers_in_db()) == 0
    result = invoke("quiz", "glue", "--count", "5", "--seed", "1", "--plain", stdin=valid_answer(peek.out) + "\n")
    assert result.code == 0
    assert "Stopped early" in result.out and "Score: " in result.out
    assert len(answers_in_db()) == 1


def test_missed_asks_again_what_was_wrong():
    once = ["quiz", "athena", "--count", "1", "--seed", "5", "--plain"]
    first = invoke(*once, stdin=valid_answer(invoke(*once, stdin="q\n").out) + "\n")
    right = right_letters(first.out)
    wrong_answer = next(c for c in ("a", "b", "a,b", "a,c", "b,c") if c.count(",") == right.count(",") and c != right)
    invoke(*once, stdin=wrong_answer + "\n")  # the same question, now answered wrong
    wrong = {r["question_id"] for r in answers_in_db() if not r["correct"]}
    assert len(wrong) == 1
    retry = ["quiz", "--missed", "--count", "50", "--plain"]
    result = invoke(*retry, stdin=valid_answer(invoke(*retry, stdin="q\n").out) + "\n")
    assert shown_question_ids(result.out) == list(wrong)
    # answered right this time, it is no longer missed
    invoke(*once, stdin=right + "\n")
    assert "Nothing to retry" in invoke(*retry, stdin="q\n").out


def test_unseen_skips_answered_questions():
    invoke("quiz", "iot", "--count", "3", "--seed", "5", "--plain", stdin="a\na\na\n")
    seen = {r["question_id"] for r in answers_in_db()}
    peek = invoke("quiz", "iot", "--unseen", "--count", "50", "--seed", "9", "--plain", stdin="q\n")
    result = invoke("quiz", "iot", "--unseen", "--count", "50", "--seed", "9", "--plain",
                    stdin=valid_answer(peek.out) + "\nq\n")
    assert shown_question_ids(result.out)[0] not in seen


def test_topic_includes_subtopics_and_domain_filter():
    lib = load_library()
    args = ("quiz", "kinesis", "--domain", "security", "--count", "50", "--seed", "1", "--plain")
    peek = invoke(*args, stdin="q\n")
    result = invoke(*args, stdin=valid_answer(peek.out) + "\nq\n")
    qid = shown_question_ids(result.out)[0]
    assert lib.questions[qid].topic in {"kinesis-data-streams", "firehose", "managed-flink"}
    assert lib.questions[qid].das_domain == "security" or lib.questions[qid].dea_domain == "security"


@pytest.mark.parametrize(
    "args,fragment",
    [(["quiz", "firehoes"], "did you mean firehose"), (["quiz", "--domain", "fun"], "--domain"),
     (["quiz", "--count", "0"], "--count"), (["drill", "pizza"], "drill kind")],
)
def test_quiz_usage_errors(args, fragment):
    result = invoke(*args, "--plain", stdin="q\n")
    assert result.code == 2 and fragment in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_drill_plain_records_answers_and_explains_mistakes():
    result = invoke("drill", "wcu", "--count", "2", "--seed", "4", "--plain", stdin="a\nb\n")
    assert result.code == 0, result.err
    assert "Wrong:" in result.out and "is what you get by" in result.out
    assert "Right. (1)" in result.out
    rows = answers_in_db()
    assert len(rows) == 2 and all(r["question_id"].startswith("drill-wcu-") for r in rows)


def test_stats_reflect_saved_answers():
    invoke("quiz", "msk", "--count", "2", "--seed", "3", "--plain", stdin="a\na\n")
    import json

    data = json.loads(invoke("stats", "--json").out)
    msk = next(t for t in data["topics"] if t["name"] == "msk")
    assert msk["answers"] == 2 and msk["seen"] == 2 and msk["bank"] >= 15


@pytest.mark.parametrize("command", [("quiz", "--count", "3"), ("exam", "--questions", "3"), ("drill", "--count", "2")])
def test_nothing_hints_at_the_answer_before_it_is_given(command):
    """Before an answer, a question shows its stem and options only: no id, difficulty or domains."""
    result = invoke(*command, "--seed", "4", "--plain", stdin="q\n")
    assert result.code == 0, result.err
    lib = load_library()
    shown = [qid for qid in lib.questions if qid in result.out]
    assert shown == []
    for tell in ("(DAS-C01)", "(DEA-C01)", " · medium", " · hard", " · easy", "drill-"):
        assert tell not in result.out
