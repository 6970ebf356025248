"""Crash-safe replacement of the small files beside the database.

A manifest or wrapped-key file is either the old version or the new one after
a crash, never a torn mix: write to a temporary file in the same directory,
fsync it, rename over the target, fsync the directory.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from liaison_client.errors import StorageFullError


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically, readable only by the owner."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
        fsync_directory(path.parent)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise StorageFullError(f"disk full: could not write {path}") from exc
        raise


def fsync_directory(directory: Path) -> None:
    """Make a rename or create in ``directory`` durable."""
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
