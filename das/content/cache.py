"""A small JSON cache for parsed content, keyed by the files it was built from.

An entry is valid only while every source file has the same path, size and modification time, so the
cache can never serve stale content; a damaged or unwritable cache is simply rebuilt or skipped.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from das import __version__


def digest(text: object) -> str | None:
    """SHA-256 of a cached JSON string; None for anything that is not a string."""
    if not isinstance(text, str):
        return None
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(files: list[Path]) -> list[list[Any]]:
    """What must be unchanged for a cached result to stay valid."""
    stamp = []
    for f in files:
        st = f.stat()
        stamp.append([str(f.resolve()), st.st_size, st.st_mtime_ns])
    return stamp


def cached(name: str, files: list[Path], build: Callable[[], Any]) -> Any:
    """Return build()'s JSON-able result, reusing the copy cached for exactly these files."""
    if os.environ.get("DAS_NO_CACHE"):
        return build()
    from das.errors import DasError

    try:
        from das.paths import cache_home

        path = cache_home() / f"{name}.json"
    except (OSError, DasError):
        return build()
    key = {"version": __version__, "files": fingerprint(files)}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        # the value is kept as a JSON string with its digest: altered values are rebuilt, never trusted
        if stored.get("key") == key and stored.get("digest") and stored["digest"] == digest(stored.get("value_json")):
            return json.loads(stored["value_json"])
    except (OSError, ValueError, AttributeError, KeyError, TypeError, RecursionError):
        pass
    value = build()
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            value_json = json.dumps(value)
            handle.write(json.dumps({"key": key, "digest": digest(value_json), "value_json": value_json}))
        os.replace(tmp, path)  # atomic: a reader sees the old cache or the new one, never half
    except OSError:
        pass
    return value
