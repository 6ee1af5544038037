"""`das stats`: what you have practised, how well, how much you will remember, and your trend."""

from __future__ import annotations

import json
import sys

import typer


def stats(
    as_json: bool = typer.Option(False, "--json", help="Print the statistics as JSON."),
) -> None:
    """Progress per exam domain and topic (answers, accuracy, coverage, FSRS retention), history, readiness."""
    from das.commands.common import library
    from das.store.progress import Progress
    from das.practice.review_queue import utc_now
    from das.content.schema import DAS_DOMAINS, DEA_DOMAINS
    from das.practice.stats import breakdown, history, readiness, recall_by_question, task_breakdown, weakest_topics

    lib = library()
    store = Progress()
    answers = store.answers()
    cards = store.cards()
    now = utc_now()
    recall = recall_by_question(lib, cards, now)
    topics = breakdown(lib, answers, "topic", recall=recall)
    das = breakdown(lib, answers, "das_domain", list(DAS_DOMAINS), recall)
    dea = breakdown(lib, answers, "dea_domain", list(DEA_DOMAINS), recall)
    tasks = task_breakdown(lib, answers, recall)
    past = history(answers, store.exams())
    weak = weakest_topics(topics)
    ready = readiness(lib, cards, store.exam_date(), now)
    data = {"answers": len(answers), "sessions": len(store.sessions()),
            "topics": [r.as_json() for r in topics], "das_c01_domains": [r.as_json() for r in das],
            "dea_c01_domains": [r.as_json() for r in dea], "dea_c01_tasks": [r.as_json() for r in tasks],
            "history": past, "weakest_topics": weak,
            "readiness": ready}
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from das.ui.blocks import output_width
    from das.ui.console import make_console
    from das.ui.stats_view import stats_renderables

    width = output_width()
    console = make_console(wrap=True, width=width)
    for item in stats_renderables(data, topics, das, dea, tasks, width):
        console.print(item)
