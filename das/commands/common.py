"""Small helpers shared by command modules."""

from __future__ import annotations

from typing import Any


def root_content_dirs() -> list[str]:
    """The --content-dir folders given before the subcommand (`das --content-dir D quiz`).

    The root callback keeps them in the root typer context's `obj`; this reads the context of the
    command being run, so no module-level state outlives one invocation.
    """
    try:  # typer 0.28 vendors click; later releases use click itself
        from typer._click.globals import get_current_context  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - depends on the typer release
        from click import get_current_context
    ctx = get_current_context(silent=True)
    if ctx is None:
        return []
    obj = ctx.find_root().obj
    return list(obj.get("content_dirs", [])) if isinstance(obj, dict) else []


def given_content_dirs(extra: list[str] | None = None) -> list[str]:
    """The --content-dir folders given on this command line (before and after the subcommand), in order
    and each once: what a printed follow-up command must repeat (das.paths.with_content_dirs)."""
    dirs: list[str] = []
    for folder in root_content_dirs() + list(extra or ()):
        if folder not in dirs:
            dirs.append(folder)
    return dirs


def library(extra: list[str] | None = None, questions: bool = True) -> Any:
    """The content library (built-in + DAS_CONTENT + --content-dir before or after the subcommand),
    validated; a content problem raises ContentError (exit 2)."""
    from das.content.library import load_library

    return load_library(tuple(root_content_dirs()) + tuple(extra or ()), questions=questions)
