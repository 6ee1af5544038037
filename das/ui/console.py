"""One place that makes rich consoles, so width, colour and paging follow the same rules everywhere."""

from __future__ import annotations

import os
import sys
from typing import Any


def make_console(stderr: bool = False, width: int | None = None, record: bool = False, wrap: bool = False) -> Any:
    """A rich Console; colour only on a terminal (NO_COLOR and piped output get plain text).

    wrap=True wraps long lines even into a pipe (prose); otherwise a pipe gets whole lines.
    """
    from rich.console import Console

    from das.limits import clamp_width

    if width is None:
        if stderr:
            width = clamp_width(os.environ.get("DAS_WIDTH"))  # 20-1,000 columns; other text is ignored
        else:
            width = output_width()  # DAS_WIDTH, the terminal, or COLUMNS / 80 into a pipe
    return Console(
        stderr=stderr,
        width=width,
        record=record,
        highlight=False,
        soft_wrap=not (wrap or sys.stdout.isatty()),  # a pipe gets whole lines unless prose asks to wrap
        emoji=False,
        markup=False,
    )


def output_width() -> int:
    """The width every command writes to: DAS_WIDTH when set (clamped to 20-1,000); else on a terminal its
    width, and into a pipe or file COLUMNS when it is a number (clamped the same way), else 80."""
    import os
    import shutil

    from das.limits import clamp_width

    env = clamp_width(os.environ.get("DAS_WIDTH"))
    if env is not None:
        return env
    if not sys.stdout.isatty():
        columns = clamp_width(os.environ.get("COLUMNS"))
        return 80 if columns is None else columns
    columns = shutil.get_terminal_size((80, 24)).columns
    return min(max(columns, 20), 1_000)  # a pty may report 0 columns
