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
from pathlib import Path

import sqlcipher3
from sqlcipher3 import Connection, DatabaseError

from liaison_client.errors import StorageFullError, StoreCorruptError, UnlockError

BUSY_TIMEOUT_MS = 10_000

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
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
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
        if _looks_like_plain_sqlite(path):
            raise StoreCorruptError(
                f"{path} is an unencrypted SQLite file; Liaison only opens SQLCipher databases"
            ) from exc
        raise UnlockError(
            "the key does not open this profile's database "
            "(wrong passphrase, or a changed keyring entry): nothing was modified"
        ) from exc


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
