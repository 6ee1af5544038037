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
        width = clamp_width(os.environ.get("DAS_WIDTH"))  # 20-1,000 columns; other text is ignored
    return Console(
        stderr=stderr,
        width=width,
        record=record,
        highlight=False,
        soft_wrap=not (wrap or sys.stdout.isatty()),  # a pipe gets whole lines unless prose asks to wrap
        emoji=False,
        markup=False,
    )
