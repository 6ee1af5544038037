"""Finding a damaged write-ahead log before SQLite silently drops what it held, and keeping a copy.

SQLite replays the WAL (`progress.sqlite3-wal`) frame by frame and stops at the first frame whose
checksum or salt does not match: committed answers after a damaged frame are discarded without an
error, and the next checkpoint erases the evidence. So before opening, das reads the WAL itself
(format: https://www.sqlite.org/fileformat.html#the_write_ahead_log) and keeps a copy when

- a frame of the current WAL generation fails its checksum while a later commit frame of the same
  generation follows it (committed transactions would be lost), or
- the shared-memory index (`-shm`, left by a killed process and describing the same WAL generation)
  says more frames were committed than the WAL now holds valid (the WAL was truncated), or
- the WAL is shorter than its 32-byte header (cut inside it), or holds no frame (emptied, or only its
  header) while the `-shm` says frames were written that are not yet copied into the database.

- there is no `-shm` (a killed process leaves one) and the WAL's size is not its header plus whole
  frames: it was cut mid-frame (by hand or an interrupted copy). A cut exactly on a frame boundary
  without a `-shm` looks like a shorter, sound WAL and is not detected.

A half-written last transaction of a killed process is neither: it was never committed.
"""

from __future__ import annotations

import shutil
import struct
import time
from pathlib import Path

WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER = 32
FRAME_HEADER = 24
SHM_MXFRAME = 16  # offset of mxFrame in the wal-index header (both copies must agree)
SHM_SALT = 32
SHM_BACKFILL = 96  # nBackfill, the first field of the checkpoint info after the two header copies


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack((">" if big_endian else "<") + f"{len(data) // 4}I", data)
    for x0, x1 in zip(words[0::2], words[1::2]):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    return s0, s1


def _shm_frames(shm: Path, salts: bytes | None) -> int | None:
    """How many frames the -shm index (native byte order) says were written and are not yet copied into
    the database (mxFrame - nBackfill), when both header copies agree and (unless `salts` is None: the
    WAL has no header left to compare) name this WAL generation."""
    try:
        with open(shm, "rb") as handle:
            head = handle.read(SHM_BACKFILL + 4)
    except OSError:
        return None
    if len(head) < SHM_BACKFILL + 4 or head[:48] != head[48:96] or head[12] != 1:  # isInit
        return None
    order = "<" if struct.unpack_from("<I", head, 0)[0] == 3007000 else ">"
    if struct.unpack_from(order + "I", head, 0)[0] != 3007000:
        return None
    if salts is not None and head[SHM_SALT:SHM_SALT + 8] != salts:  # salts are copied byte for byte from the WAL
        return None
    frames = struct.unpack_from(order + "I", head, SHM_MXFRAME)[0]
    backfilled = struct.unpack_from(order + "I", head, SHM_BACKFILL)[0]
    return frames if backfilled < frames else 0


def wal_problem(db: Path) -> str | None:
    """Why the WAL beside `db` would lose committed transactions, or None when it is sound or absent."""
    wal, shm = Path(str(db) + "-wal"), Path(str(db) + "-shm")
    committed_by_index = None
    try:
        if not wal.is_file():
            return None
        size = wal.stat().st_size
        if 0 < size < WAL_HEADER:
            return f"it is {size} bytes long, shorter than its {WAL_HEADER}-byte header"
        if size == 0:
            written = _shm_frames(shm, None)
            if written:
                return f"it is empty where {written} frames were written"
            return None
        with open(wal, "rb") as handle:
            header = handle.read(WAL_HEADER)
            magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", header)
            if magic not in WAL_MAGIC:
                return "its header is not a WAL header"
            big = bool(magic & 1)
            if _checksum(header[:24], big, 0, 0) != (c1, c2):
                return "its header checksum does not match"
            committed_by_index = _shm_frames(shm, header[16:24])
            if not shm.exists() and (size - WAL_HEADER) % (FRAME_HEADER + page_size):
                # no -shm (so no process was killed mid-write: a kill leaves it): a WAL cut off by hand or by
                # a copy, mid-frame. A cut exactly on a frame boundary without -shm cannot be told from a
                # shorter WAL and is not detected.
                return (f"it is {size} bytes long, not its {WAL_HEADER}-byte header and whole "
                        f"{FRAME_HEADER + page_size}-byte frames (it was cut)")
            s0, s1 = c1, c2
            valid_frames = 0
            broken = None
            frame_size = FRAME_HEADER + page_size
            index = 0
            while True:
                frame = handle.read(frame_size)
                if len(frame) < FRAME_HEADER:
                    break
                index += 1
                _page, commit, f1, f2, k1, k2 = struct.unpack(">6I", frame[:FRAME_HEADER])
                if (f1, f2) != (salt1, salt2):
                    if broken is None:
                        break  # an older generation's frame: the clean end of this one
                    continue
                if broken is not None:
                    if commit and len(frame) == frame_size:
                        return f"frame {broken} is damaged and committed frames follow it"
                    continue
                if len(frame) < frame_size:
                    broken = index
                    continue
                s0, s1 = _checksum(frame[:8] + frame[FRAME_HEADER:], big, s0, s1)
                if (s0, s1) != (k1, k2):
                    broken = index
                    continue
                if commit:
                    valid_frames = index
    except (OSError, struct.error, ValueError):
        return None
    if committed_by_index is not None and committed_by_index > valid_frames:
        return f"it holds {valid_frames} committed frames where {committed_by_index} were written"
    if valid_frames == 0 and committed_by_index is None:  # only a header, or frames of no generation
        written = _shm_frames(shm, None)
        if written:
            return f"it holds no committed frame where {written} were written"
    return None


def keep_damaged_wal(db: Path) -> tuple[Path, str] | None:
    """Copy a damaged WAL (and its -shm) to `NAME-wal.damaged-STAMP` before SQLite opens the database.

    Returns (copy, reason), or None when there was nothing to keep. Checked twice, so a WAL another das
    process is appending to at that instant is not mistaken for damage. Raises OSError if the copy fails.
    """
    reason = wal_problem(db)
    if reason is None:
        return None
    time.sleep(0.05)
    reason = wal_problem(db)
    if reason is None:
        return None
    from das.store.faults import free_name

    target = free_name(db, "-wal.damaged")
    shutil.copyfile(Path(str(db) + "-wal"), target)
    shm = Path(str(db) + "-shm")
    if shm.is_file():
        shutil.copyfile(shm, Path(str(target) + "-shm"))
    return target, reason
