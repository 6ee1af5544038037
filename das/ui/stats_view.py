"""Rendering of progress statistics as rich tables with bar charts."""

from __future__ import annotations

from typing import Any

BAR_WIDTH = 12


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar: '████████░░░░' for 0.66; blank for no data."""
    if fraction is None:
        return " " * width
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def rows_table(title: str, rows: list) -> Any:
    from rich.table import Table

    from rich.box import SIMPLE

    table = Table(title=title, title_justify="left", title_style="bold", box=SIMPLE, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("answers", justify="right")
    table.add_column("accuracy", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("coverage", justify="right")
    table.add_column("", no_wrap=True)
    for r in rows:
        table.add_row(r.name, str(r.answers), _pct(r.accuracy), bar(r.accuracy), f"{r.seen}/{r.bank}", bar(r.coverage))
    return table


def stats_renderables(total_answers: int, topics: list, das: list, dea: list) -> list[Any]:
    from rich.text import Text

    if not total_answers:
        return [Text("No answers yet: start with 'das quiz' or 'das drill'.")]
    return [
        Text(f"{total_answers} answers recorded", style="bold"),
        rows_table("By topic", topics),
        rows_table("By DAS-C01 domain", das),
        rows_table("By DEA-C01 domain", dea),
    ]
