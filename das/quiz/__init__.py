"""Practice logic with no I/O: choosing questions, presenting options, scoring, summarising."""
