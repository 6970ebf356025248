"""One SQLCipher connection shared by a process's threads, one statement at a time.

The desktop app reads and writes the profile from several threads (each
background operation, the sync worker), through one connection opened with
``check_same_thread=False``. SQLite itself serialises calls on a connection,
but the Python module around it does not: its statement cache and cursors are
shared, and it releases the GIL while a statement steps, so two threads
running statements at once, or one closing the connection while another still
fetches, corrupt memory. CI saw exactly that: a segmentation fault in a
repository's ``fetchall`` while a window was closing.

So every call goes through :class:`SharedConnection`, which holds one re-entrant
lock for the whole statement, *fetch included* (the rows are read before the
lock is let go), and :meth:`SharedConnection.close` waits for the statement in
progress. The store's transactions take the same lock, so no other thread's
statement lands inside a transaction it did not open. Results are therefore
materialised lists; the store's queries are all bounded (pages, limits), and
none streams a table.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlcipher3

#: A row as SQLite gives it; columns are read by position and converted by the repositories.
Row = Any
Parameters = Sequence[Any] | dict[str, Any]


class Result:
    """What one statement returned: its rows (already fetched), row count and row id."""

    __slots__ = ("_next", "_rows", "lastrowid", "rowcount")

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Row:
        """The next row, or None after the last (typed as the DB-API module types it:
        an aggregate such as ``count(*)`` always has a row)."""
        if self._next >= len(self._rows):
            return None
        row = self._rows[self._next]
        self._next += 1
        return row

    def fetchall(self) -> list[Row]:
        rest = self._rows[self._next:]
        self._next = len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class SharedConnection:
    """A :class:`sqlcipher3.Connection` that runs one statement at a time."""

    def __init__(self, raw: sqlcipher3.Connection) -> None:
        self._raw = raw
        #: Held for a whole statement, and by :meth:`Store.transaction` for a whole
        #: transaction; re-entrant so that statements inside a transaction run.
        self.lock = threading.RLock()

    def execute(self, sql: str, parameters: Parameters = ()) -> Result:
        with self.lock:
            cursor = self._raw.execute(sql, parameters)
            try:
                return Result(cursor.fetchall(), cursor.rowcount, cursor.lastrowid)
            finally:
                cursor.close()

    def executemany(self, sql: str, parameters: Iterable[Parameters]) -> Result:
        with self.lock:
            cursor = self._raw.executemany(sql, parameters)
            try:
                return Result([], cursor.rowcount, cursor.lastrowid)
            finally:
                cursor.close()

    def executescript(self, script: str) -> None:
        with self.lock:
            self._raw.executescript(script).close()

    @property
    def in_transaction(self) -> bool:
        with self.lock:
            return bool(self._raw.in_transaction)

    def close(self) -> None:
        """Close once the statement in progress (if any) has finished; later calls
        raise :class:`sqlcipher3.ProgrammingError` rather than touch freed memory."""
        with self.lock:
            self._raw.close()
