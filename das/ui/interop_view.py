"""What `das export` and `das import` report."""

from __future__ import annotations

from das.ui.lines import TextLine

MAX_SKIPPED_LINES = 20
_FORMAT_NAMES = {"anki": "Anki package", "csv": "Anki text-import file", "gift": "Moodle GIFT file"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def export_lines(result: dict) -> list[TextLine]:
    """The one `das export` line: what was written (questions, flashcards, decks), where, and in which format."""
    parts = [_plural(result["questions"], "question")]
    if result.get("flashcards"):
        parts.append(_plural(result["flashcards"], "flashcard"))
    decks = f" in {_plural(result['decks'], 'deck')}" if "decks" in result else ""
    where = "stdout" if result["path"] == "-" else result["path"]
    return [(f"wrote {' and '.join(parts)}{decks} to {where} ({_FORMAT_NAMES[result['format']]})", "bold")]


def import_lines(summary: dict) -> list[TextLine]:
    """The summary: how many imported (and multiple response), per topic, how many skipped and why,
    and how to practise them."""
    from das.interop.text import one_line

    n, multiple, skipped = summary["questions"], summary["multiple_response"], summary["skipped"]
    lines: list[TextLine] = [(f"imported {_plural(n, 'question')} ({multiple} multiple response) into "
                          f"{one_line(summary['into'])}", "bold green")]
    for topic, count in summary["topics"].items():
        lines.append((f"  {topic}: {count}", ""))
    if skipped:
        reasons: dict[str, int] = {}
        for s in skipped:
            reasons[s["reason"]] = reasons.get(s["reason"], 0) + 1
        why = "; ".join(f"{count} {reason}" if count > 1 else reason for reason, count in reasons.items())
        lines.append((f"skipped {len(skipped)}: {why}", "yellow"))
        for s in skipped[:MAX_SKIPPED_LINES]:
            lines.append((f"  {s['file']}:{s['line']}: {s['reason']}", "dim"))
        if len(skipped) > MAX_SKIPPED_LINES:
            lines.append((f"  ... and {len(skipped) - MAX_SKIPPED_LINES} more (--json lists every one)", "dim"))
    else:
        lines.append(("skipped 0", ""))
    adjusted = summary.get("adjusted", [])
    if adjusted:
        lines.append((f"imported with changes {len(adjusted)}:", "yellow"))
        for s in adjusted[:MAX_SKIPPED_LINES]:
            lines.append((f"  {s['file']}:{s['line']}: {s['reason']}", "dim"))
        if len(adjusted) > MAX_SKIPPED_LINES:
            lines.append((f"  ... and {len(adjusted) - MAX_SKIPPED_LINES} more (--json lists every one)", "dim"))
    import shlex

    into = shlex.quote(summary["into"])
    lines.append((f"checked: das content check --content-dir {into} passes", ""))
    lines.append((f"practise: das quiz --content-dir {into} {next(iter(summary['topics']))}   "
                  f"exam: das exam --content-dir {into} --content-dir-only", "cyan"))
    return lines
