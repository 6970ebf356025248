"""Opening the SQLCipher 4 database, and refusing anything that is not one.

The key is the profile's random 32-byte database key, given to SQLCipher as a
raw key (``PRAGMA key = "x'..'"``): it is already uniformly random, so the
PBKDF2 step SQLCipher applies to passphrases would only cost start-up time
(https://www.zetetic.net/sqlcipher/sqlcipher-api/#key, "Raw Key Data").

A wrong key is only detected at the first read, with
``sqlcipher3.dbapi2.DatabaseError`` (not a ``sqlite3.DatabaseError``), so
:func:`open_database` reads the schema at once and translates that error.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import sqlcipher3
from sqlcipher3 import DatabaseError

from liaison_client.errors import (
    LiaisonError,
    StorageFullAtOpenError,
    StorageFullError,
    StoreCorruptError,
    StorePageDamagedError,
    StoreTruncatedError,
    UnlockError,
)
from liaison_client.store.shared_connection import SharedConnection

#: The store's connection type: shared by threads, one statement at a time.
Connection = SharedConnection

BUSY_TIMEOUT_MS = 10_000

#: Below this much free space an I/O failure at open is a full disk: SQLite needs
#: room for the -shm index (32 KiB) and the first -wal frames even to read.
_ROOM_TO_OPEN_BYTES = 256 * 1024

#: How ``cipher_integrity_check`` words a page that fails authentication.
_HMAC_FAILED = "HMAC verification failed"

__all__ = ["Connection", "DatabaseError", "disk_full_error", "open_database"]


def _raw_key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or with ``create`` make) the encrypted database at ``path``.

    Raises :class:`StoreCorruptError` when the file is missing or is not a
    SQLCipher database we can read, :class:`UnlockError` when the key is wrong.
    The connection is in autocommit mode: callers open transactions explicitly.
    """
    if create and path.exists():
        raise StoreCorruptError(f"refusing to create {path}: a file is already there")
    if not create and not path.is_file():
        raise StoreCorruptError(
            f"encrypted database {path} is missing: restore it from a backup "
            "(Liaison never silently starts an empty store)"
        )
    try:
        conn = SharedConnection(
            sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False))
    except sqlcipher3.OperationalError as exc:
        raise StoreCorruptError(f"cannot open database {path}: {exc}") from exc
    try:
        # Keep SQLCipher's own hmac complaints off stderr; we report errors ourselves.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_raw_key_pragma(key))
        version_row = conn.execute("PRAGMA cipher_version").fetchone()
        if not version_row or not version_row[0]:
            raise StoreCorruptError("the sqlcipher3 module is not linked against SQLCipher")
        if not str(version_row[0]).startswith("4."):
            raise StoreCorruptError(f"SQLCipher 4 required, found {version_row[0]}")
        _verify_key(conn, path, create=create)
        conn.execute("PRAGMA foreign_keys = ON")
        # The desktop app's sync worker and a CLI call may write at the same
        # time: wait for the other writer rather than fail at once.
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # Decrypted pages must not be spilled to a temporary file.
        conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    return conn


def _verify_key(conn: Connection, path: Path, *, create: bool) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        if create:
            raise
        raise _open_failure(conn, path, exc) from exc
    if not create:
        _refuse_damaged_pages(conn, path)


def _open_failure(conn: Connection, path: Path, exc: sqlcipher3.DatabaseError) -> LiaisonError:
    """Why the first read failed, told apart (issue 10): a full disk, a truncated file,
    a damaged page and a wrong key each get their own error, because each asks the
    officer for something different (free space, restore a backup, another key).

    SQLite says only "disk I/O error", "database disk image is malformed" or "file is
    not a database"; SQLCipher's ``cipher_integrity_check`` (which checks every page's
    HMAC, https://www.zetetic.net/sqlcipher/sqlcipher-api/#cipher_integrity_check)
    separates the rest: with a wrong key *every* page fails, with a damaged file only
    some, and with a truncated one none, though pages are missing. It reads the whole
    file, but only on this failure path.
    """
    if _looks_like_plain_sqlite(path):
        return StoreCorruptError(
            f"{path} is an unencrypted SQLite file; Liaison only opens SQLCipher databases")
    if isinstance(exc, sqlcipher3.OperationalError):
        # I/O, not content: SQLite could not create its -wal/-shm files or read at all.
        if shutil.disk_usage(path.parent).free < _ROOM_TO_OPEN_BYTES:
            return StorageFullAtOpenError(
                f"disk full: {path.parent} has no room left to open the profile's database; "
                "free some space and try again (nothing was changed)")
        return StoreCorruptError(f"cannot read database {path}: {exc}; nothing was changed")
    size = path.stat().st_size
    page_size = _page_size(conn)
    if size < page_size or size % page_size:
        return _truncated(path, size)
    problems = _integrity_problems(conn)
    failed = [p for p in problems if _HMAC_FAILED in p]
    if len(failed) >= size // page_size:
        return UnlockError(
            "the key does not open this profile's database "
            "(wrong passphrase, or a changed keyring entry): nothing was modified")
    if failed:
        return _damaged(path, failed)
    return _truncated(path, size)


def _refuse_damaged_pages(conn: Connection, path: Path) -> None:
    """Check every page's HMAC at open, so a damaged page is one clear error now rather
    than a traceback whenever some later query happens to read it, and before a write
    could build on it. Cost: one HMAC-SHA512 per page, paid once per open: 1.6 s for a
    106 MiB database on this 2-core machine under load (a typical profile of a few MiB:
    a few tens of ms). If large profiles make this too slow, the alternative is to
    translate SQLITE_CORRUPT/NOTADB wherever a query runs (decision: issue 10 asks
    for the error at open, data untouched)."""
    problems = _integrity_problems(conn)
    if any(_HMAC_FAILED in p for p in problems):
        raise _damaged(path, [p for p in problems if _HMAC_FAILED in p])
    if problems:
        raise _truncated(path, path.stat().st_size)


def _integrity_problems(conn: Connection) -> list[str]:
    return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def _page_size(conn: Connection) -> int:
    row = conn.execute("PRAGMA cipher_page_size").fetchone()
    return int(row[0]) if row and row[0] else 4096


def _truncated(path: Path, size: int) -> StoreTruncatedError:
    return StoreTruncatedError(
        f"the profile's database {path} is truncated ({size} bytes; pages are missing): "
        "restore it from a backup; nothing was modified", path=str(path))


def _damaged(path: Path, failed: list[str]) -> StorePageDamagedError:
    pages = ", ".join(p.rsplit(" ", 1)[-1] for p in failed[:5])
    more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
    return StorePageDamagedError(
        f"the profile's database {path} is damaged (page {pages}{more} fails its "
        "authentication check): restore it from a backup; nothing was modified",
        path=str(path))


def _looks_like_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def disk_full_error(exc: BaseException) -> StorageFullError | None:
    """The :class:`StorageFullError` that ``exc`` stands for, if it is SQLITE_FULL or ENOSPC."""
    full = (
        isinstance(exc, sqlcipher3.OperationalError) and "database or disk is full" in str(exc)
    ) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)
    if full:
        return StorageFullError("disk full: the change was not saved, nothing was lost")
    return None
