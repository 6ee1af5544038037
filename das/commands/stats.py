"""`das stats`: what you have practised, how well, how much you will remember, and your trend."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer


def stats(
    as_json: bool = typer.Option(False, "--json", help="Print the same statistics as JSON."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/), e.g. one made by das import."),
) -> None:
    """Progress per exam domain, DEA-C01 task statement and topic, history and readiness.

    answers: every answer given (quiz, drill, exam, review; flashcards count under their topic).
    accuracy: the share of those answers that were right. coverage: bank questions answered at least
    once. retention: FSRS's predicted chance that you recall the topic's cards now, averaged over its
    cards; shown as "-" until the cards have 10 reviews between them. Topic, domain and task retention
    count the same cards: questions, drills and flashcards (a flashcard counts for the domains and
    task most of its topic's questions are in, a drill for its own domains and its topic's main task). Weakest topics: first the topics you
    answer right less than 75% of the time, lowest first; then those with the least of their bank known
    (accuracy x coverage; not started: 0; bigger banks first); a topic whose whole bank you have
    answered at 75% or better is never listed. Each names a command that has something to do. Days are your local days (time zone of the system or TZ).
    """
    from das.commands.common import library
    from das.store.progress import Progress
    from das.store.study import build_stats

    lib = library(content_dir)
    store = Progress()
    data, rows = build_stats(lib, store)
    store.close()
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from das.ui.blocks import output_width
    from das.ui.console import make_console
    from das.ui.stats_view import stats_renderables

    width = output_width()
    console = make_console(wrap=True, width=width)
    for item in stats_renderables(data, *rows, width=width):
        console.print(item)
