"""Small helpers shared by command modules."""

from __future__ import annotations

_extra_content_dirs: list[str] = []


def set_content_dirs(dirs: list[str]) -> None:
    """Remember --content-dir folders given on the root command."""
    _extra_content_dirs[:] = list(dirs)


def library(extra: list[str] | None = None, questions: bool = True):
    """The content library (built-in + DAS_CONTENT + --content-dir), validated; errors exit 2."""
    from das.content.library import load_library

    return load_library(tuple(_extra_content_dirs) + tuple(extra or ()), questions=questions)
