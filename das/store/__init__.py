"""The SQLite progress store: answers, sessions, FSRS cards, settings and exams."""
