"""Review in a real pseudo-terminal (pexpect): u takes back the last grade wherever the user is next asked
for input (a flashcard's front, a question's options, the screen after a question's feedback) and at the
end of the session; the database keeps exactly the grades that stand."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pexpect

from das.content.library import load_library
from das.store.progress import AnswerRecord, Progress
from test_e2e_terminal import ENTER, answer_like_a_person, spawn


def key(child: pexpect.spawn, text: str) -> None:
    time.sleep(0.2)  # let the prompt finish drawing before the "person" types
    child.send(text)


def grade(child: pexpect.spawn, number: str) -> None:
    child.expect("How well did you recall it")
    key(child, number)  # grades at once, as in Anki (no Enter)


def rows(home):
    conn = sqlite3.connect(home / "progress.sqlite3")
    return (conn.execute("SELECT question_id, correct FROM answers ORDER BY id").fetchall(),
            dict(conn.execute("SELECT key, reviews FROM cards").fetchall()))


def test_flashcards_undo_at_the_next_card_and_after_the_last(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["review", "athena", "--new", "2"], das_home)
    child.expect("Card 1 of 2")
    child.expect("Press any key to show the answer")
    key(child, " ")
    grade(child, "3")
    child.expect("Card 2 of 2")
    child.expect(r"u undoes the last grade")
    key(child, "u")  # at the next card's front: back to card 1
    child.expect("Card 1 of 2")
    child.expect("Press any key")
    key(child, " ")
    grade(child, "4")
    child.expect("Card 2 of 2")
    child.expect("Press any key")
    key(child, " ")
    grade(child, "3")
    child.expect("End of review: press any key to finish, u to undo the last grade")
    key(child, "u")  # after the last card: back to card 2
    child.expect("Card 2 of 2")
    child.expect("Press any key")
    key(child, " ")
    grade(child, "1")
    child.expect("End of review")
    key(child, ENTER)
    child.expect("Flashcards: recalled 1 of 2.")
    child.expect(pexpect.EOF)
    answers, cards = rows(das_home)
    assert [correct for _key, correct in answers] == [1, 0] and list(cards.values()) == [1, 1]


def test_questions_undo_at_the_feedback_screen_and_the_next_question(das_home):
    questions = sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)[:2]
    store = Progress()
    session = store.start_session("quiz")
    month_ago = datetime.now(timezone.utc) - timedelta(days=30)
    for q in questions:
        store.record_answer(session, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, ("a",), False, 2.0),
                            now=month_ago)
    store.close()
    child = spawn(["review", "kinesis", "--new", "0"], das_home)
    child.expect("Question 1 of 2")
    answer_like_a_person(child)
    child.expect(r"u undoes this answer, q stops: no Enter needed")
    key(child, "u")  # at the feedback screen, at once: question 1 again
    child.expect("Question 1 of 2")
    answer_like_a_person(child)
    child.expect(r"u undoes this answer")
    key(child, ENTER)
    child.expect("Question 2 of 2")
    child.expect(r"u undoes the last grade")
    key(child, "u")  # at the next question's options: question 1 again
    child.expect("Question 1 of 2")
    answer_like_a_person(child)
    child.expect(r"u undoes this answer")
    key(child, ENTER)
    child.expect("Question 2 of 2")
    answer_like_a_person(child)
    child.expect(r"u undoes this answer")
    key(child, ENTER)  # the feedback screen offered u: no second prompt at the end
    child.expect(r"Score: \d/2")
    child.expect(pexpect.EOF)
    answers, cards = rows(das_home)
    assert len(answers) == 4 and [cards[q.id] for q in questions] == [2, 2]
