"""Where das finds its content and keeps the user's state.

User state (progress, caches) lives under platformdirs' user data directory, or under `DAS_HOME` when
that is set (tests always set it). Content is the built-in folder shipped in the package, plus any
folders named by `DAS_CONTENT` (os.pathsep-separated) or `--content-dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_content_dir() -> Path:
    """The content shipped with das: `das/data` in a wheel, `content/` in a source checkout."""
    shipped = _PACKAGE_DIR / "data"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent / "content"


def expand(text: str, what: str) -> Path:
    """`text` as a path with a leading ~ or ~user expanded. When that user does not exist or no home
    folder is known, or when `text` is blank (spaces only, or an empty --content-dir: never a folder
    named " " or the current folder by accident): StateError (exit 1) for DAS_HOME, as for every other
    DAS_HOME that cannot be used, and UsageError (exit 2) for a content folder; either names `what`."""
    if not text.strip():
        from das.errors import StateError, UsageError

        error = StateError if what == "DAS_HOME" else UsageError
        raise error(f"{what} {text!r} is blank: give a folder's path")
    try:
        return Path(text).expanduser()
    except RuntimeError:
        from das.errors import StateError, UsageError

        user = text[1:].split("/", 1)[0].split(os.sep, 1)[0]
        error = StateError if what == "DAS_HOME" else UsageError
        raise error(f"{what} {text!r}: " + (f"there is no user {user!r} whose home folder ~{user} names"
                                            if user else "the home folder ~ is not known")) from None


def user_content_dirs(extra: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Extra content folders: `DAS_CONTENT` entries first, then the ones given on the command line.
    Empty DAS_CONTENT entries (`a::b`, an empty variable) are skipped, as in PATH. UsageError when one
    is blank (spaces only; or an empty --content-dir) or names the home folder of a user who does not
    exist (~nouser/x)."""
    dirs = [expand(p, "DAS_CONTENT") for p in os.environ.get("DAS_CONTENT", "").split(os.pathsep) if p]
    return dirs + [expand(d, "--content-dir") for d in extra]


def _usable_dir(path: Path, what: str) -> Path:
    """Create `path` if needed; StateError (exit 1, one line) when it is not a usable folder.

    Catches a file, a dangling symlink, a symlink loop, a path under a file or under /proc, a name too
    long and missing permissions: all before any database is opened, so nothing is touched.
    """
    from das.errors import StateError

    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        kind = "a broken symbolic link" if path.is_symlink() and not path.exists() else "not a folder"
        raise StateError(f"{what} {path} is {kind}: point DAS_HOME at a folder") from None
    except OSError as exc:
        raise StateError(f"{what} {path} cannot be created: {exc.strerror or exc}") from None
    if not path.is_dir():
        raise StateError(f"{what} {path} is not a folder: point DAS_HOME at a folder")
    return path


def with_content_dirs(command: str, dirs: list[str] | tuple[str, ...] = ()) -> str:
    """A das command line to print as a next step, with `--content-dir D` for each folder the current
    command was given on its command line, so the printed command sees the same content (an imported
    topic, its questions). DAS_CONTENT needs nothing: it is still set when the user runs the command."""
    import shlex

    return " ".join([command, *(f"--content-dir {shlex.quote(d)}" for d in dirs)])


def data_home() -> Path:
    """The folder for the user's progress database; created on first use. Raises StateError when unusable."""
    override = os.environ.get("DAS_HOME")
    if override:
        path = expand(override, "DAS_HOME")
    else:
        import platformdirs  # only needed when DAS_HOME is not set

        path = Path(platformdirs.user_data_dir("das", appauthor=False))
    return _usable_dir(path, "the das data folder (DAS_HOME)" if override else "the das data folder")


def cache_home() -> Path:
    """The folder for caches that can always be rebuilt from content. Raises StateError when unusable."""
    override = os.environ.get("DAS_HOME")
    if override:
        path = expand(override, "DAS_HOME") / "cache"
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("das", appauthor=False))
    return _usable_dir(path, "the das cache folder")
