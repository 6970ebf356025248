"""The free disk space the relay keeps for itself (issue 10, item 4: a device must not
fill the relay's disk).

Per-device limits (the attachment quota, the per-sender share of each queue)
bound what one device stores; this is the floor under all of them together:
the data directory's file system (the SQLite database, its WAL, the attachment
files, often the logs) keeps ``min_free_disk_bytes`` free, and a write that
would eat into it is refused with 507 ``relay_storage_full`` before anything is
stored. Free space is read with ``statvfs`` (``shutil.disk_usage``) at most once
a second — sends arrive by the thousand a second and the syscall is on the
event loop — and what each allowed request brings is subtracted from the
remembered figure until the next reading, so a burst within that second is
counted too. On PostgreSQL envelopes go to the database server's disk, which
the relay cannot see: there the floor covers attachments only (the database's
own monitoring covers the rest, docs/RELAY_POSTGRES.md).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

#: Seconds a free-space reading is used before the file system is asked again.
READING_MAX_AGE_SECONDS = 1.0


class DiskReserve:
    def __init__(self, path: Path, reserve_bytes: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._path = path
        self._reserve = reserve_bytes
        self._clock = clock
        self._free = 0
        self._read_at: float | None = None

    def allows(self, incoming_bytes: int) -> bool:
        """Whether ``incoming_bytes`` more still leave the reserve free; if so they
        are counted against the current reading."""
        now = self._clock()
        if self._read_at is None or now - self._read_at >= READING_MAX_AGE_SECONDS:
            self._free = shutil.disk_usage(self._path).free
            self._read_at = now
        if self._free - incoming_bytes < self._reserve:
            return False
        self._free -= incoming_bytes
        return True
