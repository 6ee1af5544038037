"""The study loop (#11): the user's own clock, every miss comes back, progress survives edits, stats that
add up, one write transaction per card update, `das doctor`. Clock and time zone are controlled with
time-machine (a ZoneInfo destination also sets the process's local zone)."""

from __future__ import annotations

import json
import multiprocessing
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import invoke, user_note
from das.content.library import load_library
from das.practice.review_queue import flashcards
from das.store.migrations import old_flashcard_key
from das.store.progress import MIGRATIONS, AnswerRecord, Progress, database_path

URL = "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"


def db():
    return sqlite3.connect(database_path())


def new_flashcards_created():
    return db().execute("SELECT COUNT(*) FROM cards WHERE kind = 'flashcard'").fetchone()[0]


# --- the user's day ------------------------------------------------------------------------------

@pytest.mark.parametrize("zone,evening,after_local_midnight,after_utc_midnight_only", [
    # Los Angeles (UTC-8 in November): 23:30 local is 07:30 UTC the next day; 00:10 local is the same UTC day
    ("America/Los_Angeles", (2026, 11, 10, 23, 30), (2026, 11, 11, 0, 10), None),
    # Tokyo (UTC+9): 23:30 local is 14:30 UTC; 00:10 local is still the same UTC day
    ("Asia/Tokyo", (2026, 11, 10, 23, 30), (2026, 11, 11, 0, 10), None),
    # Los Angeles, the other way: 15:30 and 16:30 local straddle UTC midnight but are one local day
    ("America/Los_Angeles", (2026, 11, 10, 15, 30), None, (2026, 11, 10, 16, 30)),
])
def test_new_card_quota_resets_at_local_midnight(zone, evening, after_local_midnight, after_utc_midnight_only):
    tz = ZoneInfo(zone)
    with time_machine.travel(datetime(*evening, tzinfo=tz), tick=False):
        first = invoke("review", "--plain", "--new", "2", stdin="\n4\n\n4\n")
        assert first.code == 0, first.err
        assert "Card 2 of 2" in first.out and new_flashcards_created() == 2
        again = invoke("review", "--plain", "--new", "2", stdin="")
        assert again.code == 0 and "Nothing is due now" in again.out  # today's quota is spent
    if after_local_midnight:
        with time_machine.travel(datetime(*after_local_midnight, tzinfo=tz), tick=False):
            result = invoke("review", "--plain", "--new", "2", stdin="\n4\n\n4\n")
            assert "Card 1 of 2" in result.out and new_flashcards_created() == 4
    else:
        with time_machine.travel(datetime(*after_utc_midnight_only, tzinfo=tz), tick=False):
            result = invoke("review", "--plain", "--new", "2", stdin="")
            assert "Nothing is due now" in result.out and new_flashcards_created() == 2


def test_next_due_time_is_shown_in_local_time():
    tz = ZoneInfo("Asia/Tokyo")
    with time_machine.travel(datetime(2026, 11, 10, 9, 0, tzinfo=tz), tick=False):
        invoke("review", "--plain", "--new", "1", stdin="\n4\n")
        due = datetime.fromisoformat(db().execute("SELECT due FROM cards").fetchone()[0]).astimezone(tz)
        result = invoke("review", "--plain", "--new", "0", stdin="")
    assert f"Next: 1 card due from {due.strftime('%Y-%m-%d %H:%M')} JST." in result.out


def test_exam_date_cap_is_the_start_of_the_exam_day_east_of_utc_plus_9():
    tz = ZoneInfo("Pacific/Kiritimati")  # UTC+14: midnight on 15 December is 10:00 UTC on the 14th
    qid = sorted(load_library().questions)[0]
    start = datetime(2026, 11, 1, 9, 0, tzinfo=tz)
    with time_machine.travel(start, tick=False):
        assert invoke("review", "--plain", "--new", "0", "--exam-date", "2026-12-15", stdin="").code == 0
        shown = invoke("review", "--plain", "--new", "0", stdin="").out
    assert "Exam date 2026-12-15 (44 days away)" in shown
    store = Progress()
    session = store.start_session("quiz")
    for day in (0, 1, 4, 12, 30):
        when = start + timedelta(days=day)
        with time_machine.travel(when, tick=False):
            store.record_answer(session, AnswerRecord(qid, "athena", "analysis", "operations", ("a",), True, 2.0),
                                now=when.astimezone(timezone.utc))
    due = datetime.fromisoformat(store.conn.execute("SELECT due FROM cards").fetchone()[0])
    assert due == datetime(2026, 12, 14, 10, 0, tzinfo=timezone.utc)  # 00:00 on exam day in Kiritimati


# --- invalid input changes nothing -----------------------------------------------------------------

def test_a_past_or_malformed_exam_date_exits_2_and_keeps_the_saved_date():
    saved = (datetime.now().astimezone().date() + timedelta(days=400)).isoformat()  # within the 3-year range
    assert invoke("review", "--plain", "--new", "0", "--exam-date", saved, stdin="").code == 0
    past = invoke("review", "--plain", "--new", "0", "--exam-date", "2020-01-01", stdin="")
    assert past.code == 2 and past.err.startswith("das: error: --exam-date 2020-01-01 has passed")
    bad = invoke("review", "--plain", "--new", "0", "--exam-date", "2027-02-30", stdin="")
    assert bad.code == 2 and bad.err == "das: error: --exam-date 2027-02-30 is not a calendar date\n"
    assert db().execute("SELECT value FROM settings WHERE name = 'exam_date'").fetchone()[0] == saved
    assert "2020-01-01" not in invoke("stats").out


# --- every miss comes back --------------------------------------------------------------------------

def test_drill_misses_come_back_in_review():
    from das.practice.drills import make_drills

    drill = make_drills("wcu", 1, 3)[0]
    wrong = next(letter for letter in drill.options if letter not in drill.answer)
    result = invoke("drill", "wcu", "--count", "1", "--seed", "3", "--plain", stdin=f"{wrong}\n")
    assert result.code == 0, result.err
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(hours=1), tick=False):
        review = invoke("review", "--plain", "--new", "0", stdin=f"{drill.answer[0]}\n")
    assert review.code == 0, review.err
    assert "Question 1 of 1" in review.out and drill.stem.split("\n")[0][:40] in review.out
    row = db().execute("SELECT kind, reviews FROM cards WHERE key = ?", (drill.id,)).fetchone()
    assert row == ("drill", 2)


# --- flashcards keep their history -----------------------------------------------------------------

NOTE = user_note('{id: delivery, front: "What delivers streaming data?", back: "Firehose"}')


def test_an_edited_flashcard_keeps_its_reviews(tmp_path):
    note = tmp_path / "notes" / "my-topic.yaml"
    note.parent.mkdir(parents=True)
    note.write_text(NOTE)
    first = invoke("review", "mine", "--content-dir", str(tmp_path), "--plain", "--new", "1", stdin="\n1\n")
    assert "What delivers streaming data?" in first.out
    note.write_text(NOTE.replace("What delivers streaming data?", "Which service delivers streaming data to S3?"))
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(hours=1), tick=False):
        second = invoke("review", "mine", "--content-dir", str(tmp_path), "--plain", "--new", "1", stdin="\n3\n")
    assert "Card 1 of 1" in second.out and "Which service delivers streaming data to S3?" in second.out
    assert db().execute("SELECT key, reviews FROM cards").fetchall() == [("card:my-topic:delivery", 2)]
    assert db().execute("SELECT COUNT(*) FROM answers WHERE question_id = 'card:my-topic:delivery'").fetchone()[0] == 2


def test_schema_2_flashcard_history_moves_to_the_card_id(das_home):
    library = load_library()
    card = next(iter(flashcards(library).values()))
    old = old_flashcard_key(card.note_id, card.section_id, card.front)
    das_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(database_path())
    for step in MIGRATIONS[:2]:
        conn.executescript(step)
    conn.execute("INSERT INTO sessions (kind, started_at) VALUES ('review', '2026-11-01T09:00:00+00:00')")
    for key in (old, "drill-wcu-1-2"):
        conn.execute("INSERT INTO answers (session_id, question_id, topic, chosen, correct, seconds, answered_at) "
                     "VALUES (1, ?, 'x', '', 1, 2.0, '2026-11-01T09:00:00.000+00:00')", (key,))
    conn.execute("INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) VALUES "
                 "(?, 'flashcard', ?, '{}', '2026-11-05T09:00:00+00:00', 3, '2026-11-01T09:00:00.000+00:00')",
                 (old, card.note_id))
    conn.execute("INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) VALUES "
                 "('drill-wcu-1-2', 'question', 'dynamodb', '{}', '2026-11-05T09:00:00+00:00', 1, '')")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = Progress()
    assert store.schema_version == len(MIGRATIONS) == 3
    assert [(r["key"], r["reviews"]) for r in store.cards()] == [(card.key, 3)]
    assert {r["question_id"] for r in store.answers()} == {card.key, "drill-wcu-1-2"}
    assert store.last_results() == {card.key: True, "drill-wcu-1-2": True}  # running totals filled once


# --- review order and control ----------------------------------------------------------------------

def test_review_takes_topics_and_grades_flashcards_again_hard_good_easy_with_undo():
    result = invoke("review", "kinesis", "--plain", "--new", "2", stdin="\n2\n\nu\n\n4\n\n3\n")
    assert result.code == 0, result.err
    assert re.search(r"1 Again \S+ · 2 Hard \S+ · 3 Good \S+ · 4 Easy \S+", result.out)
    fronts = re.findall(r"^Card \d of 2  \[([a-z-]+) · ", result.out, flags=re.M)
    assert len(fronts) == 4 and fronts[0] == fronts[2]  # u went back to the first card
    assert all(note in {"kinesis", "kinesis-data-streams", "firehose", "managed-flink", "kinesis-video-streams"}
               for note in fronts)
    rows = db().execute("SELECT a.correct, c.reviews FROM answers a JOIN cards c ON c.key = a.question_id "
                        "ORDER BY a.id").fetchall()
    assert rows == [(1, 1), (1, 1)]  # the undone Hard left no answer and no second review
    assert "Flashcards: recalled 2 of 2." in result.out
    assert invoke("review", "nonsense-topic", "--plain", stdin="").code == 2


def test_new_flashcards_interleave_topics():
    result = invoke("review", "--plain", "--new", "6", stdin="\n3\n" * 6)
    notes = re.findall(r"^Card \d of 6  \[([a-z0-9-]+) · ", result.out, flags=re.M)
    assert len(notes) == 6 and len(set(notes)) == 6 and notes != sorted(notes)


# --- stats that add up -----------------------------------------------------------------------------

def test_every_weakest_topic_suggestion_has_something_to_do():
    library = load_library()
    store = Progress()
    session = store.start_session("review")
    week_ago = datetime.now(timezone.utc) - timedelta(days=7)
    athena_cards = [c for c in flashcards(library).values() if c.note_id == "athena"][:3]
    for card in athena_cards:  # athena: only flashcard misses
        store.record_answer(session, AnswerRecord(card.key, "athena", None, None, (), False, 2.0),
                            kind="flashcard", now=week_ago)
    for i, q in enumerate(sorted(library.questions_for("s3"), key=lambda q: q.id)[:3]):
        store.record_answer(session, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, ("a",), i == 0, 2.0),
                            now=week_ago)
    store.start_session("quiz")  # an empty session is not a session
    store.close()
    data = json.loads(invoke("stats", "--json").out)
    assert data["sessions"] == 1 and data["answers"] == 6
    commands = [w["command"] for w in data["weakest_topics"]]
    assert "das review athena" in commands and "das quiz s3 --missed" in commands
    for command in commands:
        args = command.split()[1:] + ["--plain", "--new", "0"] * (command.split()[1] == "review")
        out = invoke(*args, stdin="q\n").out
        assert re.search(r"^(Question|Card) 1 of \d+", out, flags=re.M), (command, out)
    assert "6 answers in 1 session\n" in invoke("stats").out


# --- the store ---------------------------------------------------------------------------------------

T = datetime(2026, 11, 3, 12, 0, tzinfo=timezone.utc)


def _answer_at_once(barrier, qid):
    store = Progress()
    session = store.start_session("quiz")
    barrier.wait()
    store.record_answer(session, AnswerRecord(qid, "athena", "analysis", "operations", ("a",), True, 1.0), now=T)
    store.close()


def test_two_processes_answering_one_question_at_once_give_two_reviews():
    from das.practice.scheduling import load_card, reschedule

    Progress().close()
    ctx = multiprocessing.get_context("fork")
    for qid in ("q-race-1", "q-race-2", "q-race-3"):
        barrier = ctx.Barrier(2)
        procs = [ctx.Process(target=_answer_at_once, args=(barrier, qid)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
        once, _ = reschedule(None, qid, True, T, None)
        twice, due = reschedule(once, qid, True, T, None)
        row = db().execute("SELECT card, due, reviews FROM cards WHERE key = ?", (qid,)).fetchone()
        stored, expected = load_card(row[0]), load_card(twice)
        assert (row[1], row[2]) == (due, 2)
        assert (stored.stability, stored.difficulty, stored.step, stored.state) == \
            (expected.stability, expected.difficulty, expected.step, expected.state)


def test_doctor_reports_path_size_schema_and_counts_and_finds_damage():
    assert "Not created yet" in invoke("doctor").out
    invoke("review", "--plain", "--new", "1", stdin="\n3\n")
    result = invoke("doctor")
    assert result.code == 0, result.err
    assert f"Progress database: {database_path()}" in result.out
    assert "Schema version: 3" in result.out and "answers 1," in result.out and "Integrity check: ok" in result.out
    report = json.loads(invoke("doctor", "--json").out)
    assert report["counts"]["cards"] == 1 and report["integrity"] == "ok"
    data = bytearray(database_path().read_bytes())
    conn = sqlite3.connect(database_path())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(database_path().read_bytes())
    page = 4096
    data[page * 2 + 8: page * 2 + 200] = b"\xff" * 192  # scribble over a b-tree page
    database_path().write_bytes(bytes(data))
    damaged = invoke("doctor")
    assert damaged.code == 1 and "Integrity check: DAMAGED" in damaged.out


# --- retention is FSRS's forgetting curve, with fractional elapsed days ------------------------------

def test_retention_right_after_failing_every_card_is_below_100_percent():
    from das.practice.scheduling import load_card, recall_probability
    from das.practice.stats import MIN_REVIEWS

    library = load_library()
    cards = [c for c in flashcards(library).values() if c.note_id == "athena"][:MIN_REVIEWS]
    failed_at = datetime(2026, 11, 10, 9, 0, tzinfo=timezone.utc)
    store = Progress()
    session = store.start_session("review")
    for card in cards[:-1]:
        store.record_answer(session, AnswerRecord(card.key, "athena", None, None, (), False, 2.0),
                            kind="flashcard", now=failed_at, rating=1)
    with time_machine.travel(failed_at + timedelta(hours=1), tick=False):
        too_few = json.loads(invoke("stats", "--json").out)
    assert next(t for t in too_few["topics"] if t["name"] == "athena")["retention"] is None  # 9 reviews: "-"
    store.record_answer(session, AnswerRecord(cards[-1].key, "athena", None, None, (), False, 2.0),
                        kind="flashcard", now=failed_at, rating=1)
    later = failed_at + timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        data = json.loads(invoke("stats", "--json").out)
        shown = invoke("stats").out
    athena = next(t for t in data["topics"] if t["name"] == "athena")
    stored = [load_card(row[0]) for row in store.conn.execute("SELECT card FROM cards WHERE topic = 'athena'")]
    expected = sum(recall_probability(c.stability, c.last_review, later) for c in stored) / len(stored)
    assert 0.5 < athena["retention"] < 0.99 and athena["retention"] == round(expected, 4)
    assert re.search(rf"athena .*{round(100 * expected)}%\s*$", shown, flags=re.M)
    assert f'"-" until the cards have {MIN_REVIEWS} reviews' in " ".join(invoke("stats", "--help").out.split())


# --- the interval shown on a grade is the interval stored ----------------------------------------------

def test_the_interval_shown_for_each_grade_is_the_one_stored_with_fuzz_on(monkeypatch):
    from das.practice.scheduling import interval_text, scheduler

    monkeypatch.setenv("DAS_FSRS_FUZZ", "1")  # fuzz on, as users have it
    scheduler.cache_clear()
    now = datetime(2026, 11, 10, 9, 0, tzinfo=timezone.utc)
    with time_machine.travel(now, tick=False):
        result = invoke("review", "--plain", "--new", "12", stdin="\n4\n" * 12 + "\n")
    assert result.code == 0, result.err
    shown = re.findall(r"4 Easy (\S+)$", result.out, flags=re.M)
    keys = [row[0] for row in db().execute("SELECT question_id FROM answers ORDER BY id")]
    assert len(shown) == len(keys) == 12
    stored = dict(db().execute("SELECT key, due FROM cards").fetchall())
    assert shown == [interval_text(datetime.fromisoformat(stored[key]) - now) for key in keys]
    assert len(set(shown)) > 1  # fuzz really drew different intervals
    scheduler.cache_clear()


# --- undo wherever the user is next asked, and at the end ------------------------------------------------

def _cards_and_answers():
    return (db().execute("SELECT key, card, due, reviews, created_at FROM cards ORDER BY key").fetchall(),
            db().execute("SELECT * FROM answers ORDER BY id").fetchall(),
            db().execute("SELECT * FROM question_tally ORDER BY 1").fetchall(),
            db().execute("SELECT * FROM session_tally ORDER BY 1").fetchall())


def test_undo_at_a_question_prompt_and_after_the_last_card_restores_everything_exactly():
    start = datetime(2026, 11, 10, 9, 0, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False):
        assert invoke("quiz", "kinesis", "--plain", "--count", "2", "--seed", "4", stdin="a\na\n").code == 0
    before = _cards_and_answers()
    with time_machine.travel(start + timedelta(days=30), tick=False):
        # answer question 1, then u at question 2's prompt: question 1 again; then stop
        result = invoke("review", "--plain", "--new", "0", stdin="b\nu\nq\n")
        assert result.code == 0, result.err
        assert "(q to stop, u to undo the last grade)" in result.out
        assert len(re.findall(r"^Question 1 of 2", result.out, flags=re.M)) == 2
        assert "Question 2 of 2" in result.out and "Nothing answered." in result.out
        assert _cards_and_answers() == before
        # the last grade of a session: u at the end takes it back; then finish with the rest unanswered
        result = invoke("review", "--plain", "--new", "0", stdin="b\nb\nu\nq\n")
        assert "End of review: press Enter to finish (u to undo the last grade)" in result.out
        assert len(re.findall(r"^Question 2 of 2", result.out, flags=re.M)) == 2
        assert re.search(r"^Score: [01]/1 ", result.out, flags=re.M)  # the session counts one answer
        cards, answers, _tally, sessions = _cards_and_answers()
        assert len(answers) == 3 and sum(n for _s, n in sessions) == 3
        redone = {row[0]: row for row in cards}
        second = next(key for key, *_rest in before[0] if key != answers[-1][2])
        assert redone[second] == next(row for row in before[0] if row[0] == second)  # question 2 as before
    # a flashcard's last grade, undone at the end and graded again
    with time_machine.travel(start + timedelta(days=31), tick=False):
        result = invoke("review", "athena", "--plain", "--new", "1", stdin="\n4\nu\n\n2\n\n")
    assert result.code == 0, result.err
    assert len(re.findall(r"^Card 1 of 1", result.out, flags=re.M)) == 2
    assert "Flashcards: recalled 1 of 1." in result.out
    row = db().execute("SELECT reviews, card FROM cards WHERE kind = 'flashcard'").fetchone()
    assert row[0] == 1 and json.loads(row[1])["state"] == 1  # Hard on a new card: still learning, not Easy


def test_an_answer_is_stamped_once_its_write_lock_is_held():
    import threading
    import time

    t0 = datetime(2026, 11, 10, 9, 0, tzinfo=timezone.utc)
    with time_machine.travel(t0, tick=False) as traveller:
        store = Progress()
        session = store.start_session("quiz")
        store.close()

        def answer():
            other = Progress()
            other.record_answer(session, AnswerRecord("q-late", "athena", "analysis", "operations", ("a",), True, 1.0))
            other.close()

        blocker = sqlite3.connect(database_path(), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another process is writing
        thread = threading.Thread(target=answer)
        thread.start()
        time.sleep(0.5)  # the answer is waiting for the write lock
        traveller.move_to(t0 + timedelta(minutes=5))
        blocker.execute("COMMIT")
        thread.join(20)
    stamped = db().execute("SELECT answered_at FROM answers").fetchone()[0]
    assert stamped == "2026-11-10T09:05:00.000+00:00"
    last_review = json.loads(db().execute("SELECT card FROM cards").fetchone()[0])["last_review"]
    assert last_review == "2026-11-10T09:05:00+00:00"


def test_schema_2_history_of_a_content_dir_flashcard_is_carried_over_when_its_folder_is_loaded(das_home, tmp_path):
    from das.practice.scheduling import reschedule

    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "my-topic.yaml").write_text(NOTE)
    old = old_flashcard_key("my-topic", "basics", "What delivers streaming data?")
    reviewed = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    card_json, due = reschedule(None, old, True, reviewed, None, 4)
    das_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(database_path())
    for step in MIGRATIONS[:2]:
        conn.executescript(step)
    conn.execute("INSERT INTO sessions (kind, started_at) VALUES ('review', '2026-11-01T09:00:00+00:00')")
    conn.execute("INSERT INTO answers (session_id, question_id, topic, chosen, correct, seconds, answered_at) "
                 "VALUES (1, ?, 'my-topic', '', 1, 2.0, '2026-11-01T09:00:00.000+00:00')", (old,))
    conn.execute("INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) VALUES "
                 "(?, 'flashcard', 'my-topic', ?, ?, 1, '2026-11-01T09:00:00.000+00:00')", (old, card_json, due))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    assert invoke("stats").code == 0  # upgraded to schema 3 without the folder: the card keeps its old key
    with time_machine.travel(datetime.fromisoformat(due) + timedelta(hours=1), tick=False):
        result = invoke("review", "mine", "--content-dir", str(folder), "--plain", "--new", "0", stdin="\n3\n")
        assert result.code == 0, result.err
        assert "Card 1 of 1" in result.out  # due, as its history says: not a new card
        again = invoke("review", "mine", "--content-dir", str(folder), "--plain", "--new", "0", stdin="")
    assert "Nothing is due now" in again.out
    assert db().execute("SELECT key, reviews FROM cards").fetchall() == [("card:my-topic:delivery", 2)]
    assert db().execute("SELECT question_id FROM answers").fetchall() == [("card:my-topic:delivery",)] * 2
    data = json.loads(invoke("stats", "--json", "--content-dir", str(folder)).out)
    assert next(t for t in data["topics"] if t["name"] == "my-topic")["answers"] == 2


# --- what review says when it has nothing to ask -----------------------------------------------------

def test_an_empty_review_says_what_is_true_for_its_scope():
    tz = ZoneInfo("America/Los_Angeles")
    with time_machine.travel(datetime(2026, 11, 10, 20, 0, tzinfo=tz), tick=False):
        fresh = invoke("review", "--plain", "--new", "0", stdin="")
        assert fresh.code == 0 and fresh.out.strip() == (
            "Nothing to review yet: answer some questions with 'das quiz' first, or introduce flashcards with --new N.")
        domain = invoke("review", "--domain", "security", "--plain", "--new", "0", stdin="")
        assert domain.code == 0
        assert domain.out.startswith("No cards to review in domain security yet: answer some questions with "
                                     "'das quiz --domain security' first, or introduce its ")
        assert invoke("review", "athena", "--plain", "--new", "1", stdin="\n4\n\n").code == 0
        spent = invoke("review", "s3", "--plain", "--new", "1", stdin="")
        assert spent.out.strip() == ("Nothing is due now in s3, and today's 1 new flashcard is done: "
                                     "more from 2026-11-11 00:00 PST (or raise --new).")
        later = invoke("review", "athena", "--plain", "--new", "1", stdin="")
        assert later.out.startswith("Nothing is due now in athena, and today's 1 new flashcard is done: more from "
                                    "2026-11-11 00:00 PST (or raise --new); then 1 card due from 2026-11-")
        no_new = invoke("review", "athena", "--plain", "--new", "0", stdin="")
        assert no_new.out.startswith("Nothing is due now. Next: 1 card due from 2026-11-")
