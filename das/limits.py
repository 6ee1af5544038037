"""The documented range of every numeric flag and setting (README, "Ranges"), in one place.

A value outside its range is a usage error (exit 2) naming the range; numbers are read with ASCII digits
only. The bounds keep every run finite: no flag can ask for billions of drills or a number with
millions of digits.
"""

from __future__ import annotations

MAX_SEED = 2**63 - 1
QUIZ_COUNT = (1, 10_000)
DRILL_COUNT = (1, 1_000)  # drills are generated up front
REVIEW_LIMIT = (1, 10_000)
REVIEW_EXTRA = (0, 10_000)
REVIEW_NEW = (0, 1_000)
EXAM_QUESTIONS = (1, 10_000)  # and at most the questions in the bank
EXAM_MINUTES = (0, 1_440)  # a day; more than 0
EXAM_ID = (1, 2**63 - 1)  # SQLite's INTEGER range
SEED = (0, MAX_SEED)
EXAM_DATE_YEARS = 3  # --exam-date: from today to the same date this many years ahead, in the user's zone

# Calculator numbers: 0, or from CALC_MIN to CALC_MAX, written with at most CALC_DIGITS digits and an
# exponent of at most CALC_EXPONENT either way (1e5000 is refused before any arithmetic is done).
CALC_MAX = 10**15
CALC_MIN_TEXT = "0.000000001"
CALC_DIGITS = 40
CALC_EXPONENT = 30

# Files a user names are read only when they are regular files, and at most this many bytes (das.files).
# A DynamoDB item is at most 400 KB; its JSON text (type descriptors, escapes) may be several times that.
ITEM_FILE_BYTES = 4 * 1024 * 1024  # calc item-size --item (a file or stdin)
IMPORT_FILE_BYTES = 16 * 1024 * 1024  # das import sources, as content files (das.content.yamlfile)

# DAS_WIDTH: values outside are clamped into this range; text that is not a number is ignored.
WIDTH = (20, 1_000)


def clamp_width(text: str | None) -> int | None:
    """DAS_WIDTH as a usable width: ASCII digits only, clamped to WIDTH; None when unset or not a number."""
    if not text or not text.isascii() or not text.strip().isdigit():
        return None
    value = text.strip()
    if len(value) > 6:
        return WIDTH[1]
    return min(max(int(value), WIDTH[0]), WIDTH[1])
