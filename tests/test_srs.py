"""Spaced repetition: due dates agree with the fsrs package itself; the exam date caps intervals and
orders the queue; schema 1 databases are upgraded with their history replayed."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

from das.content.library import load_library
from das.store.progress import MIGRATIONS, AnswerRecord, Progress, database_path
from das.practice.review_queue import build_queue, flashcards
from das.practice.scheduling import card_id_for, load_card
from das.store.study import ReviewData


def queue_for(library, store, now, exam_date, **limits):
    data = ReviewData(store)
    return build_queue(library, data, now, exam_date, **limits)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
HISTORY = [(0, True), (1, True), (4, False), (5, True), (12, True), (40, True)]  # (day, right?)


def answer(store, session, qid, correct, when, topic="dynamodb"):
    store.record_answer(session, AnswerRecord(qid, topic, "storage", "store", ("a",), correct, 3.0), now=when)


def test_due_dates_match_the_fsrs_package_for_a_scripted_history():
    store = Progress()
    session = store.start_session("quiz")
    reference = Scheduler(enable_fuzzing=False)
    card = Card(card_id=card_id_for("ddb-q"), due=T0)
    for day, right in HISTORY:
        when = T0 + timedelta(days=day)
        answer(store, session, "ddb-q", right, when)
        card, _ = reference.review_card(card, Rating.Good if right else Rating.Again, review_datetime=when)
        stored = load_card(store.conn.execute("SELECT card FROM cards WHERE key = 'ddb-q'").fetchone()[0])
        assert stored.due == card.due
        assert stored.stability == card.stability and stored.card_id == card_id_for("ddb-q")


def test_exam_date_caps_every_interval():
    store = Progress()
    from datetime import date

    from das.store.exam_date import set_exam_date

    set_exam_date(store, date(2026, 11, 20), T0)
    session = store.start_session("quiz")
    for day, right in HISTORY[:5]:
        answer(store, session, "ddb-q", right, T0 + timedelta(days=day))
    due = datetime.fromisoformat(store.conn.execute("SELECT due FROM cards").fetchone()[0])
    assert due <= datetime(2026, 11, 20, tzinfo=timezone.utc)


def test_queue_orders_most_overdue_first_and_least_recallable_on_exam_day_with_a_date():
    library = load_library()
    ids = sorted(library.questions)[:3]
    store = Progress()
    session = store.start_session("quiz")
    # a: answered right twice long ago (stable); b: wrong recently; c: right once, overdue longest
    answer(store, session, ids[0], True, T0)
    answer(store, session, ids[0], True, T0 + timedelta(days=1))
    answer(store, session, ids[1], False, T0 + timedelta(days=20))
    answer(store, session, ids[2], True, T0 - timedelta(days=30))
    now = T0 + timedelta(days=60)
    queue = queue_for(library, store, now, None, limit=10, extra=0, new_limit=0)
    dues = [store.conn.execute("SELECT due FROM cards WHERE key = ?", (i.key,)).fetchone()[0] for i in queue.items]
    assert dues == sorted(dues)  # most overdue first
    exam = date(2027, 3, 1)
    by_exam = queue_for(library, store, now, exam, limit=10, extra=0, new_limit=0)
    from das.practice.scheduling import exam_moment, recall_probability

    stored = [load_card(store.conn.execute("SELECT card FROM cards WHERE key = ?", (i.key,)).fetchone()[0])
              for i in by_exam.items]
    recall = [recall_probability(card.stability, card.last_review, exam_moment(exam)) for card in stored]
    assert recall == sorted(recall)


def test_new_flashcards_come_from_notes_and_are_limited():
    library = load_library()
    cards = flashcards(library)
    assert len(cards) >= 100
    queue = queue_for(library, Progress(), T0, None, limit=20, extra=0, new_limit=4)
    assert [i.reason for i in queue.items] == ["new"] * 4
    assert len({i.flashcard.note_id for i in queue.items}) == 4  # one topic after another, not one topic first


def test_schema_1_database_is_upgraded_and_history_replayed(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(database_path())
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO sessions (kind, started_at) VALUES ('quiz', '2026-11-01T09:00:00+00:00')")
    conn.execute("INSERT INTO answers (session_id, question_id, topic, chosen, correct, seconds, answered_at) "
                 "VALUES (1, 'ddb-old', 'dynamodb', 'a', 1, 2.0, '2026-11-01T09:00:00.000+00:00')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = Progress()
    assert store.schema_version == len(MIGRATIONS)
    assert [r["key"] for r in store.cards()] == ["ddb-old"]
    assert len(store.answers()) == 1
