"""Practice logic without I/O: question selection, scoring, exam state, FSRS scheduling, review queues, drills, stats."""
