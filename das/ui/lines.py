"""Output built as (text, style) lines: plain text into pipes and screen readers, rich on a terminal.

Building the lines once and choosing the writer at the end keeps plain mode and rich mode saying
exactly the same thing, and keeps rich out of the fast paths.
"""

from __future__ import annotations

import sys
from typing import Any

TextLine = tuple[str, str]  # (text, rich style)


def wrapped(lines: list[TextLine]) -> list[TextLine]:
    """Plain lines wrapped to das.ui.blocks.output_width(), continuation lines keeping the indent; a word
    longer than the width (a URL) stays whole."""
    import textwrap

    from das.ui.console import output_width

    width = output_width()
    out: list[TextLine] = []
    for text, style in lines:
        if len(text) <= width:
            out.append((text, style))
            continue
        indent = text[:len(text) - len(text.lstrip(" "))]
        out += [(part, style) for part in textwrap.wrap(text, width=width, subsequent_indent=indent,
                                                          break_long_words=False, break_on_hyphens=False) or [text]]
    return out


def write_lines(lines: list[TextLine], use_rich: bool | None = None, console: Any = None, soft_wrap: bool = False,
                wrap: bool = False) -> None:
    """Rich when asked (default: when stdout is a terminal or a console is given), else plain, wrapped to
    das.ui.blocks.output_width() unless `wrap` is False (a URL is never split). `soft_wrap` prints lines
    already wrapped by the caller as they are (the terminal, not rich, wraps what is too long)."""
    if use_rich is None:
        use_rich = console is not None or sys.stdout.isatty()
    if not use_rich:
        if wrap:
            lines = wrapped(lines)
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


def show_prompt(text: str) -> None:
    """Write a line-mode prompt, wrapped to the output width less a few columns for the typed reply."""
    import textwrap

    from das.ui.console import output_width

    parts = textwrap.wrap(text, width=max(20, output_width() - 4)) or [text]
    tail = " " if text.endswith(" ") else ""
    sys.stdout.write("".join(part + "\n" for part in parts[:-1]) + parts[-1] + tail)
    sys.stdout.flush()
