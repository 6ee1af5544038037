"""Exam simulation logic and plain-mode runs through the real CLI."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from conftest import invoke
from das.content.library import load_library
from das.store.progress import database_path
from das.practice.exam import ExamState, domain_quotas, draw_questions, exam_profile, score_exam


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_quotas_follow_the_weights(library):
    das = exam_profile(library, "das-c01")
    assert domain_quotas(das, 65) == {"collection": 12, "storage": 14, "processing": 15, "analysis": 12, "security": 12}
    dea = exam_profile(library, "dea-c01")
    assert sum(domain_quotas(dea, 65).values()) == 65


@pytest.mark.parametrize("profile,attribute", [("das-c01", "das_domain"), ("dea-c01", "dea_domain")])
def test_drawn_exam_matches_domain_weights(library, profile, attribute):
    prof = exam_profile(library, profile)
    drawn = draw_questions(library, prof, 65, seed=3)
    assert len({q.id for q in drawn}) == 65
    assert Counter(getattr(q, attribute) for q in drawn) == Counter(domain_quotas(prof, 65))


def test_multiple_response_is_all_or_nothing(library):
    prof = exam_profile(library, "das-c01")
    multi = next(q for q in library.questions.values() if q.multiple)
    state = ExamState.new("das-c01", [multi], 600, seed=1)
    p = state.presented(library, 0)
    right = p.correct_letters()
    state.answer(0, right[:1])  # only one of the right options
    assert score_exam(library, state, prof).score == 0
    state.answer(0, right)
    assert score_exam(library, state, prof).score == 1


def test_profile_and_limits_are_checked(library):
    for args, fragment in ((["--profile", "das-c02"], "--profile"), (["--questions", "0"], "--questions"),
                           (["--minutes", "0"], "--minutes"), (["--questions", "5000"], "at most")):
        result = invoke("exam", *args, "--plain", stdin="q\n")
        assert result.code == 2 and fragment in result.err, result.err


def test_plain_exam_answer_change_flag_review_submit(library):
    result = invoke("exam", "--questions", "3", "--minutes", "10", "--seed", "4", "--plain",
                    stdin="n\nm\ng 1\nr\nsubmit\ny\n")
    assert result.code == 0, result.err
    assert "flagged 1" in result.out and "Review: 0 answered, 3 unanswered, 0 incomplete, 1 flagged" in result.out
    assert "DEA-C01 practice exam" in result.out  # the default exam
    assert "FAIL (estimated scaled score 100 of 1000; passing 720)" in result.out
    assert "das exam review 1" in result.out
    conn = sqlite3.connect(database_path())
    status, result_json = conn.execute("SELECT status, result FROM exams").fetchone()
    assert status == "submitted" and json.loads(result_json)["answered"] == 0


def test_right_answers_score_and_are_saved_as_answers(library):
    first = invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "8", "--plain", stdin="q\n")
    assert "Exam paused" in first.out
    state = json.loads(sqlite3.connect(database_path()).execute("SELECT state FROM exams").fetchone()[0])
    exam = ExamState.from_json(state)
    answers = "\n".join(",".join(exam.presented(library, i).correct_letters()) for i in range(2))
    result = invoke("exam", "--resume", "--plain", stdin=answers + "\nsubmit\ny\n")
    assert "PASS (estimated scaled score 1000 of 1000" in result.out, result.out[-2000:]
    rows = sqlite3.connect(database_path()).execute("SELECT question_id, correct FROM answers").fetchall()
    assert sorted(r[0] for r in rows) == sorted(exam.question_ids) and all(r[1] for r in rows)
    review = invoke("exam", "review")
    assert review.code == 0 and review.out.count("[right]") >= 2 and "2/2 correct" in review.out


def test_help_explains_the_estimated_scaled_score():
    out = " ".join(invoke("exam", "--help").out.split())
    assert "ESTIMATE" in out and "does not publish" in out


def test_word_commands_work_as_well_as_letters():
    result = invoke("exam", "--questions", "3", "--minutes", "10", "--seed", "4", "--plain",
                    stdin="answer a\ngo to 1\nchange b\nflag\nreview\nsubmit\nn\nq\n")
    assert "Review: 1 answered, 2 unanswered, 0 incomplete, 1 flagged" in result.out
    assert "Not submitted." in result.out and "Exam paused" in result.out
    state = json.loads(sqlite3.connect(database_path()).execute("SELECT state FROM exams").fetchone()[0])
    assert state["answers"] == {"0": ["b"]}
