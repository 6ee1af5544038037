"""The one cache for parsed content: JSON files under the cache folder, checked before they are served.

A cache file is a header line (das version, and a CRC-32 and length of the payload: they find any
truncation, edit or damaged block, at a quarter of the cost of a BLAKE2 digest of a 12 MB payload)
followed by the payload as JSON. A file from another das version, or whose payload does not match its
checksum (damaged, edited, truncated), is ignored and rebuilt, never served. Writes are atomic (temporary
file, then rename), so a reader sees the old cache or the new one, never half of one. Set DAS_NO_CACHE=1
to bypass it.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any, Callable

from das import __version__


def _path(name: str) -> Path | None:
    if os.environ.get("DAS_NO_CACHE"):
        return None
    from das.errors import DasError

    try:
        from das.paths import cache_home

        return cache_home() / f"{name}.json"
    except (OSError, DasError):  # no usable cache folder: work without a cache
        return None


def _digest(body: bytes) -> str:
    return f"{zlib.crc32(body):08x}-{len(body)}"


def read_cache(name: str) -> Any | None:
    """The payload stored under `name`, or None when there is none or it fails its checks."""
    path = _path(name)
    if path is None:
        return None
    try:
        header, _, body = path.read_bytes().partition(b"\n")  # checked as bytes: no decoding twice
        meta = json.loads(header)
        if meta.get("version") != __version__ or meta.get("crc32") != _digest(body):
            return None
        return json.loads(body)
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):
        return None


def write_cache(name: str, payload: Any) -> None:
    """Store a JSON-able payload under `name`; a cache that cannot be written (full disk, read-only folder)
    is silently skipped, and its temporary file removed."""
    path = _path(name)
    if path is None:
        return
    import tempfile

    body = json.dumps(payload).encode("utf-8")  # the C encoder: fast
    header = json.dumps({"version": __version__, "crc32": _digest(body)}).encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header + b"\n" + body)
        os.replace(tmp, path)
    except BaseException as exc:  # a full disk, an I/O error, Ctrl-C: never leave the temporary file behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise


def fingerprint(files: list[Path]) -> list[list[Any]]:
    """What must be unchanged for a cached result to stay valid: path, size and modification time."""
    stamp = []
    for f in files:
        st = f.stat()
        stamp.append([str(f.resolve()), st.st_size, st.st_mtime_ns])
    return stamp


def cached(name: str, files: list[Path], build: Callable[[], Any]) -> Any:
    """build()'s JSON-able result, reused while exactly these files are unchanged."""
    key = fingerprint(files)
    stored = read_cache(name)
    if isinstance(stored, dict) and stored.get("key") == key and "value" in stored:
        return stored["value"]
    value = build()
    write_cache(name, {"key": key, "value": value})
    return value
