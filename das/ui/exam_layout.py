"""What the full-screen exam draws, as (style, text) lines for a given width: the question with its
options wrapped (never cut), the review table, the navigator and the help line."""

from __future__ import annotations

import textwrap

from das.practice.exam import ExamState
from das.practice.scoring import Presented

HELP = ("a-f or Space choose · ↑↓ highlight · PgUp/PgDn scroll · n/→/Enter next · p/← previous · m flag · "
        "x clear · g or 1-9 go to · r review · s submit · q pause · ? help")
HELP_LONG = [
    "Choose: type an option's letter (a-f, either case) or move the highlight with Up/Down and press Space.",
    "On a 'Select TWO' question each letter toggles its option; choose as many as the question asks for.",
    "Move: n, Right or Enter for the next question; p or Left for the previous; g or a number, then Enter, "
    "to go to any question. m flags the question for review; x clears its answer.",
    "Read: a question taller than the screen scrolls. PgDn/PgUp (or Down/Up past the options) scroll; "
    "'more above' and 'more below' say there is more to read.",
    "Marks: ✓ answered, · unanswered, ◐ incomplete (a 'Select TWO' question with fewer options chosen; it "
    "scores wrong), ⚑ flagged. On a short terminal the navigator shows the row around the current question; "
    "flagged questions outside it are listed at its ends (⚑3,17◂ before it, ▸⚑40 after it).",
    "r opens the review screen (every question answered, unanswered or flagged); s submits after a y/n.",
    "q pauses: everything is saved and 'das exam --resume' continues with the time left.",
    "The clock keeps running while the exam is open; at 0:00:00 the exam is submitted automatically.",
    "Press any key to go back.",
]
MARK_ANSWERED, MARK_UNANSWERED, MARK_INCOMPLETE, MARK_FLAGGED = "✓", "·", "◐", "⚑"


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Paragraphs wrapped with a hanging indent; never longer than `width`."""
    out: list[str] = []
    lead = first
    for paragraph in text.strip().split("\n"):
        out += textwrap.wrap(paragraph, width=max(20, width), initial_indent=lead, subsequent_indent=rest,
                             break_on_hyphens=False) or [lead.rstrip()]
        lead = rest
    return out


def question_body(state: ExamState, p: Presented, cursor: int | None,
                  width: int) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """(style, line) pairs of the question screen, and each option's (first, end) line range. `cursor`:
    the highlighted option, None before the user moves it (nothing looks chosen before they act)."""
    index = state.current
    chosen = set(state.answers.get(index, []))
    heading = f"Question {index + 1} of {state.count}"
    if index in state.flagged:
        heading += f"   {MARK_FLAGGED} flagged"
    if index in state.incomplete():
        heading += f"   {MARK_INCOMPLETE} {len(chosen)} of {p.select_word} chosen"
    lines: list[tuple[str, str]] = [("bold", line) for line in wrap(heading, width)] + [("", "")]
    lines += [("", line) for line in wrap(p.question.stem, width)]  # the stem says "(Select TWO.)"
    lines.append(("", ""))
    ranges = []
    for n, (letter, _key, text) in enumerate(p.options()):
        box = ("[x]" if letter in chosen else "[ ]") if p.question.multiple else ("(•)" if letter in chosen else "( )")
        pointer = ">" if n == cursor else " "
        first = f"{pointer} {box} {letter}) "
        style = "reverse" if n == cursor else ("bold fg:ansicyan" if letter in chosen else "")
        start = len(lines)
        lines += [(style, line) for line in wrap(text, width, first, " " * len(first))]
        ranges.append((start, len(lines)))
    return lines, ranges


def review_body(state: ExamState, width: int) -> list[tuple[str, str]]:
    """The review screen: a table of every question with its answer and flag."""
    incomplete = state.incomplete()
    lines: list[tuple[str, str]] = [
        ("bold", line) for line in wrap(f"Review: {state.complete()} answered, {len(state.unanswered())} unanswered, "
                                        f"{len(incomplete)} incomplete, {len(state.flagged)} flagged", width)]
    lines.append(("", ""))
    cell = len(str(state.count)) + 12
    per_row = max(1, width // cell)
    cells = []
    for i in range(state.count):
        answer = ",".join(state.answers.get(i, [])) + (MARK_INCOMPLETE if i in incomplete else "") or "--"
        flag = MARK_FLAGGED if i in state.flagged else " "
        cells.append(f"{i + 1:>{len(str(state.count))}} {answer:<7}{flag}".ljust(cell))
    for start in range(0, len(cells), per_row):
        lines.append(("", "".join(cells[start:start + per_row]).rstrip()))
    lines.append(("", ""))
    if state.unanswered():
        lines += [("fg:ansiyellow", line) for line in
                  wrap("Unanswered: " + ", ".join(str(i + 1) for i in state.unanswered()), width, "", "  ")]
    if incomplete:
        lines += [("fg:ansiyellow", line) for line in
                  wrap(f"Incomplete ({MARK_INCOMPLETE}, fewer options chosen than asked): "
                       + ", ".join(str(i + 1) for i in incomplete), width, "", "  ")]
    if state.flagged:
        lines += [("fg:ansiyellow", line) for line in
                  wrap("Flagged: " + ", ".join(str(i + 1) for i in sorted(state.flagged)), width, "", "  ")]
    lines += [("", "")] + [("dim", line) for line in
                           wrap("Type a question number and Enter to go to it; Esc or r returns; s submits.", width)]
    return lines


def navigator(state: ExamState, width: int, max_rows: int | None = None) -> list[str]:
    """Every question as number + mark, the current one in brackets, wrapped to the width. With `max_rows`
    (a small terminal), only the rows around the current question are shown, so the question keeps the
    room it needs; flagged questions outside those rows are listed at the row's ends ("⚑3,17◂" before,
    "▸⚑40" after), so every flag can be found from the navigator without taking another row."""
    digits = len(str(state.count))
    cells = []
    incomplete = set(state.incomplete())
    for i in range(state.count):
        mark = MARK_INCOMPLETE if i in incomplete else MARK_ANSWERED if i in state.answers else MARK_UNANSWERED
        if i in state.flagged:
            mark += MARK_FLAGGED
        text = f"{i + 1:>{digits}}{mark:<2}"
        cells.append(f"[{text}]" if i == state.current else f" {text} ")
    per_row = max(1, width // (digits + 4))
    rows = ["".join(cells[s:s + per_row]).rstrip() for s in range(0, len(cells), per_row)]
    if max_rows is None or len(rows) <= max_rows:
        return rows
    for _ in range(len(cells)):  # fewer cells per row until the flag lists at the ends fit too
        rows = ["".join(cells[s:s + per_row]).rstrip() for s in range(0, len(cells), per_row)]
        here = state.current // per_row
        first = min(max(0, here - (max_rows - 1) // 2), len(rows) - max_rows)
        low, high = first * per_row, (first + max_rows) * per_row
        left = _flag_list([i for i in sorted(state.flagged) if i < low], width // 4)
        right = _flag_list([i for i in sorted(state.flagged) if i >= high], width // 4)
        left, right = (f"{left}◂ " if left else ""), (f" ▸{right}" if right else "")
        fits = max(1, (width - len(left) - len(right)) // (digits + 4))
        if fits >= per_row or per_row == 1:
            break
        per_row = fits
    shown = rows[first:first + max_rows]
    shown[0] = left + shown[0]
    if right:  # at the row's right end, where the questions after it would be
        shown[-1] = shown[-1].ljust(per_row * (digits + 4) + (len(left) if len(shown) == 1 else 0)) + right
    return shown


def _flag_list(indexes: list[int], room: int) -> str:
    """'⚑3,17,40' for 0-based `indexes`, shortened to '⚑3,17+2' when longer than `room`; '' when none."""
    if not indexes:
        return ""
    numbers = [str(i + 1) for i in indexes]
    for keep in range(len(numbers), 0, -1):
        text = MARK_FLAGGED + ",".join(numbers[:keep]) + (f"+{len(numbers) - keep}" if keep < len(numbers) else "")
        if len(text) <= room or keep == 1:
            return text
    return ""


def pack(parts: list[str], width: int, lead: str = "") -> list[str]:
    """Items joined with ' · ' into lines of at most `width`, never splitting an item (one longer than
    the width is wrapped on its own)."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else ""
        if lines and len(joined) <= width:
            lines[-1] = joined
        else:
            lines += wrap(part, width, lead, lead)
    return lines


def help_lines(width: int, letters: list[str] | None = None) -> list[str]:
    """The help line, wrapped between keys (never inside one); its choice keys are the current question's
    option letters ("a-d" on four options) when `letters` are given."""
    text = HELP if not letters else HELP.replace("a-f", f"{letters[0]}-{letters[-1]}", 1)
    return pack(text.split(" · "), width)


def header_lines(name: str, state: ExamState, clock: str, width: int) -> list[str]:
    """The status line (exam name, time left, answered, incomplete and flagged counts), packed into as
    many lines as the width needs: never cut, at 60 columns or less."""
    parts = [name, f"{clock} left", f"answered {state.complete()}/{state.count}"]
    if state.incomplete():
        parts.append(f"incomplete {len(state.incomplete())}")
    parts.append(f"flagged {len(state.flagged)}")
    return pack(parts, width, " ")


def pt_style(style: str) -> str:
    """A rich style name ('bold yellow') as a prompt_toolkit style."""
    out = []
    for word in style.split():
        out.append(word if word in ("bold", "dim", "reverse", "italic", "underline") else f"fg:ansi{word}")
    return " ".join(out)
