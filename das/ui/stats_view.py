"""Rendering of progress statistics: tables with bar charts, a day-by-day history chart, next steps."""

from __future__ import annotations

from typing import Any

BAR_WIDTH = 10


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar: '██████░░░░' for 0.6; dots for no data."""
    if fraction is None:
        return "·" * width
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def rows_table(title: str, rows: list, bar_width: int = BAR_WIDTH) -> Any:
    """A table of rows (name, answers, accuracy, coverage, retention); names fold, numbers never do."""
    from rich.box import SIMPLE
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold", box=SIMPLE, pad_edge=False)
    table.add_column("", overflow="fold", ratio=1)
    table.add_column("answers", justify="right", no_wrap=True)
    table.add_column("accuracy", no_wrap=True)
    table.add_column("coverage", no_wrap=True)
    table.add_column("retention", no_wrap=True)
    for r in rows:
        table.add_row(
            r.name, str(r.answers),
            f"{bar(r.accuracy, bar_width)} {_pct(r.accuracy):>4}",
            f"{bar(r.coverage, bar_width)} {r.seen}/{r.bank}",
            f"{bar(r.retention, bar_width)} {_pct(r.retention):>4}",
        )
    return table


def plural(count: int, word: str) -> str:
    """'1 answer', '2 answers'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def history_lines(past: dict) -> list[Any]:
    """A horizontal bar chart: one line per day (answers, with accuracy), then each exam's score."""
    from rich.text import Text

    out: list[Any] = [Text("History", style="bold")]
    days = past["days"][-14:]
    most = max((d["answers"] for d in days), default=0)
    for d in days:
        width = max(1, round(30 * d["answers"] / most)) if most else 0
        accuracy = d["correct"] / d["answers"] if d["answers"] else 0
        line = Text(f"  {d['date']} ")
        line.append("▇" * width, style="green" if accuracy >= 0.72 else "yellow" if accuracy >= 0.5 else "red")
        line.append(f" {plural(d['answers'], 'answer')}, {100 * accuracy:.0f}% right")
        out.append(line)
    for e in past["exams"][-10:]:
        line = Text(f"  {e['date']} exam {e['id']} ({e['profile'].upper()}): ")
        line.append("▇" * round(e["percent"] / 100 * 30), style="green" if e["passed"] else "red")
        line.append(f" {e['percent']:.0f}%, estimated {e['scaled_score_estimate']} "
                    f"({'pass' if e['passed'] else 'fail'})")
        out.append(line)
    return out


def stats_renderables(data: dict, topics: list, das: list, dea: list, tasks: list | None = None,
                      width: int = 100) -> list[Any]:
    """Everything `das stats` prints; below 100 columns the bars shrink so every number fits (80 columns)."""
    from rich.text import Text

    from das.practice.clock import days_away

    bars = BAR_WIDTH if width >= 100 else 5
    if not data["answers"]:
        return [Text("No answers yet: start with 'das quiz', 'das drill' or 'das exam'.")]
    out: list[Any] = [Text(f"{plural(data['answers'], 'answer')} in {plural(data['sessions'], 'session')}",
                           style="bold")]
    ready = data["readiness"]
    if ready and ready.get("passed"):
        out.append(Text(f"Exam date {ready['exam_date']} has passed; give a new one with das review --exam-date, "
                        "or forget it with das review --no-exam-date.",
                        style="bold magenta"))
    elif ready:
        out.append(Text(
            f"Readiness for {ready['exam_date']} ({days_away(ready['days_left'])}): about "
            f"{100 * ready['expected_recall']:.0f}% of the question bank expected to be recalled on exam day "
            f"({ready['answered']}/{ready['bank']} questions practised)", style="bold magenta"))
    out += [rows_table("By DEA-C01 domain", dea, bars),  # the default exam first, the retired one after it
            *([rows_table("By DEA-C01 task statement (exam guide v1.1)", tasks, bars)] if tasks else []),
            rows_table("By DAS-C01 domain", das, bars), rows_table("By topic", topics, bars)]
    out += history_lines(data["history"])
    if data["weakest_topics"]:
        out.append(Text("Weakest topics", style="bold"))
        for w in data["weakest_topics"]:
            how = "nothing answered yet" if w["accuracy"] is None else \
                f"{_pct(w['accuracy'])} right, {100 * w['coverage']:.0f}% covered"
            out.append(Text(f"  {w['topic']} ({how}): {w['command']}"))
    return out
