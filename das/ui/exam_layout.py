"""What the full-screen exam draws, as (style, text) lines for a given width: the question with its
options wrapped (never cut), the review table, the navigator and the help line."""

from __future__ import annotations

import textwrap

from das.practice.exam import ExamState
from das.practice.scoring import Presented

HELP = ("a-f or Space choose · ↑↓ highlight · n/→/Enter next · p/← previous · m flag · x clear · "
        "g or 1-9 go to · r review · s submit · q pause · ? help")
HELP_LONG = [
    "Choose: type an option's letter (a-f, either case) or move the highlight with Up/Down and press Space.",
    "On a 'Select TWO' question each letter toggles its option; choose as many as the question asks for.",
    "Move: n, Right or Enter for the next question; p or Left for the previous; g or a number, then Enter,",
    "to go to any question. m flags the question for review; x clears its answer.",
    "r opens the review screen (every question answered, unanswered or flagged); s submits after a y/n.",
    "q pauses: everything is saved and 'das exam --resume' continues with the time left.",
    "The clock keeps running while the exam is open; at 0:00:00 the exam is submitted automatically.",
    "Press any key to go back.",
]
MARK_ANSWERED, MARK_UNANSWERED, MARK_FLAGGED = "✓", "·", "⚑"


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Paragraphs wrapped with a hanging indent; never longer than `width`."""
    out: list[str] = []
    lead = first
    for paragraph in text.strip().split("\n"):
        out += textwrap.wrap(paragraph, width=max(20, width), initial_indent=lead, subsequent_indent=rest,
                             break_on_hyphens=False) or [lead.rstrip()]
        lead = rest
    return out


def question_body(state: ExamState, p: Presented, cursor: int, width: int) -> tuple[list[tuple[str, str]], int]:
    """(style, line) pairs of the question screen and the line of the highlighted option."""
    index = state.current
    chosen = set(state.answers.get(index, []))
    heading = f"Question {index + 1} of {state.count}"
    if index in state.flagged:
        heading += f"   {MARK_FLAGGED} flagged"
    lines: list[tuple[str, str]] = [("bold", heading), ("", "")]
    lines += [("", line) for line in wrap(p.question.stem, width)]  # the stem says "(Select TWO.)"
    lines.append(("", ""))
    cursor_line = len(lines)
    for n, (letter, _key, text) in enumerate(p.options()):
        box = ("[x]" if letter in chosen else "[ ]") if p.question.multiple else ("(•)" if letter in chosen else "( )")
        pointer = ">" if n == cursor else " "
        first = f"{pointer} {box} {letter}) "
        if n == cursor:
            cursor_line = len(lines)
        style = "reverse" if n == cursor else ("bold fg:ansicyan" if letter in chosen else "")
        lines += [(style, line) for line in wrap(text, width, first, " " * len(first))]
    return lines, cursor_line


def review_body(state: ExamState, width: int) -> list[tuple[str, str]]:
    """The review screen: a table of every question with its answer and flag."""
    lines: list[tuple[str, str]] = [
        ("bold", f"Review: {len(state.answers)} answered, {len(state.unanswered())} unanswered, "
                 f"{len(state.flagged)} flagged"), ("", "")]
    cell = len(str(state.count)) + 12
    per_row = max(1, width // cell)
    cells = []
    for i in range(state.count):
        answer = ",".join(state.answers.get(i, [])) or "--"
        flag = MARK_FLAGGED if i in state.flagged else " "
        cells.append(f"{i + 1:>{len(str(state.count))}} {answer:<7}{flag}".ljust(cell))
    for start in range(0, len(cells), per_row):
        lines.append(("", "".join(cells[start:start + per_row]).rstrip()))
    lines.append(("", ""))
    if state.unanswered():
        lines += [("fg:ansiyellow", line) for line in
                  wrap("Unanswered: " + ", ".join(str(i + 1) for i in state.unanswered()), width, "", "  ")]
    if state.flagged:
        lines += [("fg:ansiyellow", line) for line in
                  wrap("Flagged: " + ", ".join(str(i + 1) for i in sorted(state.flagged)), width, "", "  ")]
    lines += [("", ""), ("dim", "Type a question number and Enter to go to it; Esc or r returns; s submits.")]
    return lines


def navigator(state: ExamState, width: int, max_rows: int | None = None) -> list[str]:
    """Every question as number + mark, the current one in brackets, wrapped to the width. With `max_rows`
    (a small terminal), only the rows around the current question are shown, so the question keeps the
    room it needs (the status line still counts every answer and flag)."""
    digits = len(str(state.count))
    cells = []
    for i in range(state.count):
        mark = MARK_ANSWERED if i in state.answers else MARK_UNANSWERED
        if i in state.flagged:
            mark += MARK_FLAGGED
        text = f"{i + 1:>{digits}}{mark:<2}"
        cells.append(f"[{text}]" if i == state.current else f" {text} ")
    per_row = max(1, width // (digits + 4))
    rows = ["".join(cells[s:s + per_row]).rstrip() for s in range(0, len(cells), per_row)]
    if max_rows is None or len(rows) <= max_rows:
        return rows
    here = state.current // per_row
    first = min(max(0, here - (max_rows - 1) // 2), len(rows) - max_rows)
    return rows[first:first + max_rows]
