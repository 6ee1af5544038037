"""Output built as (text, style) lines: plain text into pipes and screen readers, rich on a terminal.

Building the lines once and choosing the writer at the end keeps plain mode and rich mode saying
exactly the same thing, and keeps rich out of the fast paths.
"""

from __future__ import annotations

import sys
from typing import Any

TextLine = tuple[str, str]  # (text, rich style)


def write_lines(lines: list[TextLine], use_rich: bool | None = None, console: Any = None, soft_wrap: bool = False) -> None:
    """Rich when asked (default: when stdout is a terminal or a console is given), else plain. `soft_wrap`
    prints lines already wrapped by the caller as they are (the terminal, not rich, wraps what is too long)."""
    if use_rich is None:
        use_rich = console is not None or sys.stdout.isatty()
    if not use_rich:
        sys.stdout.write("".join(text + "\n" for text, _ in lines))
        sys.stdout.flush()
        return
    from rich.text import Text

    from das.ui.console import make_console

    console = console or make_console(wrap=True)
    for text, style in lines:
        if soft_wrap:
            console.print(Text(text, style=style), soft_wrap=True)
        else:
            console.print(Text(text, style=style))
