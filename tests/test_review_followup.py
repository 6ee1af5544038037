"""Review and stats, a third tester's faults (#11 follow-up): undo never erases another process's review,
--exam-date takes exactly YYYY-MM-DD within a range, one exam-day wording, true empty-review and
elsewhere messages, what --limit counts, doctor's advice matching what the other commands do, q on a
flashcard, and small wording."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pytest
import time_machine

from conftest import invoke
from das.store.progress import database_path

ROOT = Path(__file__).resolve().parent.parent
FIREHOSE = "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"
NOTE = f"""id: mytopic
title: My own topic
aliases: [mine]
summary: A topic from a user content folder.
exams: [dea-c01]
sections:
  - id: basics
    title: Basics
    facts:
      - text: Firehose delivers streaming data.
        source: {FIREHOSE}
"""
BANK = f"""topic: mytopic
questions:
  - id: my-only-question
    type: single
    difficulty: easy
    das_domain: collection
    dea_domain: ingestion
    dea_task: ["1.1"]
    stem: Which service delivers streaming data to Amazon S3 without code?
    options:
      a: Amazon Data Firehose
      b: AWS Glue crawlers
      c: Amazon Athena
      d: AWS Lake Formation
    answer: [a]
    explanations:
      a: Correct. Firehose delivers streams to S3 with configuration only.
      b: Crawlers catalogue data; they do not deliver streams.
      c: Athena queries data in S3; it does not deliver streams.
      d: Lake Formation governs a data lake; it does not deliver streams.
    read_next: mytopic#basics
    source: {FIREHOSE}
"""
KEY = "my-only-question"


def one_question_folder(tmp_path: Path) -> str:
    """A content folder whose topic `mytopic` has exactly one question, so `das quiz mytopic` asks it."""
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    (folder / "notes" / "mytopic.yaml").write_text(NOTE)
    (folder / "questions" / "mytopic.yaml").write_text(BANK)
    return str(folder)


def db():
    return sqlite3.connect(database_path())


def card_row():
    return db().execute("SELECT card, due, reviews FROM cards WHERE key = ?", (KEY,)).fetchone()


def spawn_plain(args: list[str], home: Path) -> pexpect.spawn:
    env = dict(os.environ, DAS_HOME=str(home), TERM="dumb", DAS_FSRS_FUZZ="0")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return pexpect.spawn(sys.executable, ["-m", "das", *args], env=env, encoding="utf-8",
                         dimensions=(40, 120), timeout=30, cwd=str(home.parent))


# --- 1. undo never overwrites another process's review --------------------------------------------------

def test_undo_never_erases_a_review_another_process_saved(das_home, tmp_path):
    folder = one_question_folder(tmp_path)
    quiz = ("quiz", "mytopic", "--content-dir", folder, "--plain", "--count", "1")
    assert invoke(*quiz, stdin="b\n").code == 0

    def make_due() -> None:
        db_conn = db()
        db_conn.execute("UPDATE cards SET due = '2000-01-01T00:00:00+00:00' WHERE key = ?", (KEY,))
        db_conn.commit()

    # A grades the question in review; B answers it with das quiz; A types u: refused, nothing changes
    make_due()
    a = spawn_plain(["review", "mytopic", "--content-dir", folder, "--plain", "--new", "0"], das_home)
    a.expect("Question 1 of 1")
    a.expect(r"\(q to stop\): ")
    a.sendline("b")
    a.expect(r"End of review: press Enter to finish \(u to undo the last grade\): ")
    assert invoke(*quiz, stdin="a\n").code == 0  # process B
    after_b = card_row()
    assert after_b[2] == 3
    a.sendline("u")
    a.expect("Not undone: this card was reviewed in another das session after your grade, so both reviews stay.")
    a.expect("End of review: press Enter to finish")
    a.sendline("")
    a.expect(pexpect.EOF)
    a.close()
    assert a.exitstatus == 0
    assert card_row() == after_b
    assert db().execute("SELECT COUNT(*) FROM answers WHERE question_id = ?", (KEY,)).fetchone()[0] == 3

    # B answers while A's question is on screen, before A's grade: A's undo gives back B's card, not the
    # card A was shown (which would erase B's review)
    make_due()
    a = spawn_plain(["review", "mytopic", "--content-dir", folder, "--plain", "--new", "0"], das_home)
    a.expect(r"\(q to stop\): ")
    assert invoke(*quiz, stdin="a\n").code == 0  # process B, while A shows the question
    after_b = card_row()
    assert after_b[2] == 4
    a.sendline("b")
    a.expect(r"End of review: press Enter to finish \(u to undo the last grade\): ")
    assert card_row()[2] == 5
    a.sendline("u")
    a.expect(r"Question 1 of 1")
    a.expect(r"\(q to stop\): ")
    a.sendline("q")
    a.expect(pexpect.EOF)
    a.close()
    assert a.exitstatus == 0
    assert card_row() == after_b
    assert db().execute("SELECT COUNT(*) FROM answers WHERE question_id = ?", (KEY,)).fetchone()[0] == 4
