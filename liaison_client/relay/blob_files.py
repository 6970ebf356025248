"""Attachment blobs on disk, addressed by their SHA-256, streamed in and out.

An upload is written chunk by chunk to a temporary file in the blob
directory while it is hashed; only a complete upload whose hash is the
address it was sent to is fsynced and renamed into place (atomic on POSIX),
so a partial or forged upload never becomes visible. Nothing is ever held in
memory whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

#: An unfinished upload untouched this long was cut short (a live one writes
#: every chunk; the proxy's and uvicorn's body timeouts are far shorter).
STALE_UPLOAD_SECONDS = 600.0
#: A stored blob this old without a record is a leftover (see :meth:`BlobFiles.settled`).
ORPHAN_MIN_AGE_SECONDS = 3600.0


class BlobTooLargeError(Exception):
    pass


class BlobDigestMismatchError(Exception):
    pass


class BlobFiles:
    def __init__(self, root: Path) -> None:
        self._root = root

    def start(self, now: float | None = None) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        # Leftovers of uploads cut short by a crash. Only stale ones: relay
        # instances on PostgreSQL share this directory, and a file another
        # instance is still writing was touched within the last chunk timeout.
        now = time.time() if now is None else now
        for leftover in self._root.glob(".upload-*"):
            with contextlib.suppress(FileNotFoundError):
                if now - leftover.stat().st_mtime > STALE_UPLOAD_SECONDS:
                    leftover.unlink(missing_ok=True)

    def path(self, sha256: str) -> Path:
        return self._root / sha256[:2] / sha256

    async def receive(self, chunks: AsyncIterator[bytes], sha256: str, max_bytes: int) -> int:
        """Store the streamed bytes as blob ``sha256``; return the size."""
        digest = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix=".upload-", dir=self._root)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise BlobTooLargeError(f"attachment larger than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                if digest.hexdigest() != sha256:
                    raise BlobDigestMismatchError("the uploaded bytes do not hash to the address")
                out.flush()
                await asyncio.to_thread(os.fsync, out.fileno())
            final = self.path(sha256)
            final.parent.mkdir(exist_ok=True)
            temp.replace(final)
            await asyncio.to_thread(_fsync_directory, final.parent)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return size

    def remove(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(sha256).unlink()

    def remove_if_settled(self, sha256: str, now: float,
                          min_age: float = ORPHAN_MIN_AGE_SECONDS) -> bool:
        """Remove the blob unless it was (re)written within ``min_age`` s: the same
        bytes uploaded again meanwhile replaced the file and are being recorded."""
        path = self.path(sha256)
        with contextlib.suppress(FileNotFoundError):
            if now - path.stat().st_mtime > min_age:
                path.unlink()
                return True
        return False

    def settled(self, now: float, min_age: float = ORPHAN_MIN_AGE_SECONDS) -> Iterator[str]:
        """The stored blobs untouched for ``min_age`` s (their SHA-256s).

        Candidates for the orphan sweep: a blob whose record never made it (the
        relay crashed, or the database was unreachable, between the rename and
        the insert) is never expired by the purge. A younger file may be an
        upload whose record is being written right now, here or on another
        instance sharing this directory, so it is left alone.
        """
        for shard in self._root.iterdir():
            if len(shard.name) != 2 or not shard.is_dir():
                continue
            for blob in shard.iterdir():
                with contextlib.suppress(FileNotFoundError):
                    if (len(blob.name) == 64 and blob.name.startswith(shard.name)
                            and now - blob.stat().st_mtime > min_age):
                        yield blob.name


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
