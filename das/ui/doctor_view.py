"""The `das doctor` report as lines of text."""

from __future__ import annotations

from typing import Any

from das.content.terminal import clean_text as sanitize


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def doctor_lines(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The `das doctor` report from diagnose() as (text, style) lines: path, size, schema version, row counts, the
    files SQLite needs that cannot be used (with what to do), and the integrity verdict with up to 20 of its
    problems."""
    lines = [(f"Progress database: {report['path']}", "bold")]
    access = [(f"  {sanitize(str(problem))}", "red") for problem in report.get("access", [])]
    if access:
        access.insert(0, ("Files SQLite needs: CANNOT BE USED (every das command stops on them and changes "
                          "nothing until they are fixed)", "bold red"))
    if not report["exists"]:
        return lines + [("Not created yet: das creates it when a command first needs it.", "")] + access
    lines.append((f"Size: {_size(report['size_bytes'])}", ""))
    if "schema_version" in report:
        lines.append((f"Schema version: {report['schema_version']}", ""))
    if report.get("counts"):
        lines.append(("Rows: " + ", ".join(f"{name} {n:,}" for name, n in report["counts"].items()), ""))
    if report.get("cards_by_kind"):
        lines.append(("Cards: " + ", ".join(f"{kind} {n:,}" for kind, n in report["cards_by_kind"].items()), ""))
    if report.get("uninitialised"):
        lines.append(("Empty: das has not set it up yet (a first run that could not finish, e.g. on a full "
                      "disk); the next das command creates its tables.", ""))
    if report.get("wal"):
        lines.append((f"Write-ahead log: DAMAGED ({sanitize(str(report['wal']))}): SQLite keeps only the answers "
                      f"before the damage; a copy of the log was kept at {report.get('wal_copy', '?')}", "bold red"))
    lines += access
    if "not_checked" in report:
        lines.append((f"Integrity check: not run ({sanitize(str(report['not_checked']))})", "red"))
    elif report.get("integrity") == "ok":
        lines.append(("Integrity check: ok (every page and every row)", "green"))
    else:
        lines.append(("Integrity check: DAMAGED", "bold red"))
        lines += [(f"  {sanitize(str(problem))}", "red") for problem in report.get("integrity", [])[:20]]
        if report.get("moved_on_open"):
            lines.append(("The damage is in what every das command reads on opening it: the next one moves it "
                          "aside (as progress.sqlite3.damaged-...; your answers stay in that file) and starts a "
                          "new one. Restore a backup instead if you have one.", ""))
        else:
            lines.append(("Your answers stay in it as they are: a command that meets the damage stops with an "
                          "error and leaves the file alone (on a terminal it offers to move it aside). To move it "
                          "aside and start a new one, run DAS_MOVE_DAMAGED=1 das stats (or restore a backup).", ""))
    return lines


MISSING_TOPICS, MISSING_IDS = 10, 4  # what the --forget-missing listing shows at most: topics, ids per topic


def missing_lines(cards: list, content: str) -> list[tuple[str, str]]:
    """`das doctor --forget-missing`: how many cards would be forgotten, then per topic (at most
    MISSING_TOPICS, most cards first) how many of each kind and up to MISSING_IDS of their keys. `cards`:
    das.store.missing.MissingCard in topic order; `content`: what was loaded ('the built-in content and
    DIR')."""
    total = len(cards)
    lines = [(f"{_count(total, 'card')} whose question, flashcard or drill is not in the content loaded now "
              f"({sanitize(content)}):", "bold")]
    by_topic: dict[str, list] = {}
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card)
    ordered = sorted(by_topic.items(), key=lambda item: (-len(item[1]), item[0]))
    for topic, group in ordered[:MISSING_TOPICS]:
        kinds: dict[str, int] = {}
        for card in group:
            kinds[card.kind] = kinds.get(card.kind, 0) + 1
        counted = ", ".join(_count(n, kind) for kind, n in sorted(kinds.items()))
        keys = ", ".join(sanitize(card.key) for card in group[:MISSING_IDS])
        more = f", and {len(group) - MISSING_IDS:,} more" if len(group) > MISSING_IDS else ""
        lines.append((f"  {sanitize(topic) or '(no topic)'}: {counted} ({keys}{more})", ""))
    if len(ordered) > MISSING_TOPICS:
        rest = ordered[MISSING_TOPICS:]
        lines.append((f"  and {_count(len(rest), 'more topic')} with {_count(sum(len(g) for _t, g in rest), 'card')}",
                      ""))
    lines.append(("Forgetting them deletes their review schedules only: every answer stays in your history and "
                  "in das stats. If their content comes back, a card starts again when you next answer it.", "dim"))
    return lines


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
