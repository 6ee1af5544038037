"""Starting, resuming and abandoning exams: the default time, the paused exam, the drawn questions."""

from __future__ import annotations

import math
from typing import Any

from das.content.library import Library
from das.errors import UsageError
from das.practice.exam import ExamState, draw_questions, exam_profile
from das.store import exams
from das.store.progress import Progress

MAX_MINUTES = 24 * 60


def start_exam(library: Library, store: Progress, profile_id: str, questions: int | None,
               minutes: float | None, seed: int | None, user_only: bool = False) -> tuple[int, ExamState, dict[str, Any]]:
    """Draw a new exam and save it: (exam id, state, profile). Raises UsageError for a bad profile,
    count or time limit (minutes in (0, 1440]).

    user_only: draw only from the user content folders' questions (e.g. an imported bank); by default
    as many as the profile asks or the folders hold, with the profile's time per question."""
    profile = exam_profile(library, profile_id.lower())
    only = None
    count = questions if questions is not None else profile["questions"]
    if user_only:
        only = set(library.user_questions)
        if not only:
            raise UsageError("--content-dir-only: the content folders (--content-dir, DAS_CONTENT) hold no questions")
        if questions is None:
            count = min(profile["questions"], len(only))
    limit_minutes = minutes if minutes is not None else scaled_minutes(profile, count)
    if not limit_minutes > 0:
        raise UsageError(f"--minutes must be greater than 0, got {limit_minutes}")
    if limit_minutes > MAX_MINUTES:
        raise UsageError(f"--minutes must be at most {MAX_MINUTES}, got {limit_minutes}")
    drawn = draw_questions(library, profile, count, seed, only)
    state = ExamState.new(profile["id"], drawn, limit_minutes * 60, seed)
    exam_id = exams.create_exam(store, profile["id"], state.to_json(), state.time_limit)
    return exam_id, state, profile


def scaled_minutes(profile: dict[str, Any], count: int) -> int:
    """The profile's time per question times `count`, rounded up to whole minutes
    (DEA-C01: 130 min for 65 questions, so 6 questions get 12; DAS-C01: 180 min, so ceil(180 x 6 / 65) = 17)."""
    if count < 1:
        return profile["minutes"]
    return math.ceil(profile["minutes"] * count / profile["questions"])


def paused_exam(store: Progress) -> Any:
    """The newest exam that is in progress and open in no process (a paused one), or None."""
    return exams.paused_exam(store)


def running_exam(store: Progress) -> Any:
    """The newest exam that is in progress and open in another das process, or None."""
    return exams.running_exam(store)


def abandon_exam(store: Progress, exam_id: int) -> None:
    """Abandon a paused exam because the user said so."""
    exams.abandon_exam(store, exam_id)


def resume_exam(library: Library, store: Progress) -> tuple[int, ExamState, dict[str, Any]]:
    """The paused exam with its saved answers and time: (exam id, state, profile).
    Raises UsageError when there is none, or when its questions left the bank; ExamBusy (exit 1)
    when the only exam in progress is open in another das process."""
    row = exams.paused_exam(store)
    if row is None:
        running = exams.running_exam(store)
        if running is not None:
            raise exams.ExamBusy(f"exam {running['id']} is open in another das process; finish or pause it there")
        latest = store.conn.execute("SELECT id, status FROM exams ORDER BY id DESC LIMIT 1").fetchone()
        if latest is not None and latest["status"] == "submitted":
            raise UsageError(f"there is no paused exam to resume: the latest, exam {latest['id']}, was submitted; "
                             f"see it with 'das exam review {latest['id']}' or start a new one with 'das exam'")
        if latest is not None and latest["status"] == "abandoned":
            raise UsageError(f"there is no paused exam to resume: the latest, exam {latest['id']}, was abandoned; "
                             "start a new one with 'das exam'")
        raise UsageError("there is no interrupted exam to resume; start one with 'das exam'")
    from das.flows.exam_rows import load_state

    state = load_state(store, row, library)  # a damaged saved state is a clear message, not a traceback
    missing = [q for q in state.question_ids if q not in library.questions]
    if missing:
        raise UsageError(f"the interrupted exam uses questions no longer in the bank ({missing[0]}); start a new exam")
    return row["id"], state, exam_profile(library, state.profile)
