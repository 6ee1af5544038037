"""`das stats`: what you have practised, how well, and how much of the bank you have covered."""

from __future__ import annotations

import json
import sys

import typer


def stats(
    as_json: bool = typer.Option(False, "--json", help="Print the statistics as JSON."),
) -> None:
    """Progress per topic and per exam domain: answers, accuracy and coverage of the question bank."""
    from das.commands.common import library
    from das.progress import Progress
    from das.schema import DAS_DOMAINS, DEA_DOMAINS
    from das.stats import breakdown

    lib = library()
    store = Progress()
    answers = store.answers()
    topics = breakdown(lib, answers, "topic")
    das = breakdown(lib, answers, "das_domain", list(DAS_DOMAINS))
    dea = breakdown(lib, answers, "dea_domain", list(DEA_DOMAINS))
    if as_json:
        data = {"answers": len(answers), "sessions": len(store.sessions()),
                "topics": [r.as_json() for r in topics], "das_c01_domains": [r.as_json() for r in das],
                "dea_c01_domains": [r.as_json() for r in dea]}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from das.ui.stats_view import stats_renderables
    from das.ui.note_view import show

    show(stats_renderables(len(answers), topics, das, dea), pager=False)
