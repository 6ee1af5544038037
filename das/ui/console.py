"""One place that makes rich consoles, so width, colour and paging follow the same rules everywhere."""

from __future__ import annotations

import os
import sys
from typing import Any


def make_console(stderr: bool = False, width: int | None = None, record: bool = False) -> Any:
    """A rich Console; colour only on a terminal (NO_COLOR and piped output get plain text)."""
    from rich.console import Console

    env_width = os.environ.get("DAS_WIDTH")
    if width is None and env_width and env_width.isdigit():
        width = int(env_width)
    return Console(
        stderr=stderr,
        width=width,
        record=record,
        highlight=False,
        soft_wrap=not sys.stdout.isatty(),  # a pipe or file gets whole lines, a terminal wraps
        emoji=False,
        markup=False,
    )


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
