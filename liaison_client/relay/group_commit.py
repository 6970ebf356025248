"""Group commit: concurrent writes share one transaction and one fsync.

With ``synchronous=FULL`` every SQLite commit waits for an fsync, and one
fsync per request caps a relay at a few hundred requests per second. Here the
handlers submit their write as an operation; everything submitted while the
previous commit was running becomes the next batch. Each operation runs
inside its own SAVEPOINT (a failing operation is rolled back alone and gets
its own exception), the batch commits once, and only *then* is each caller's
future resolved. So no request is answered before its write is durable, and
one fsync covers as many requests as arrived while the previous one was
running. This is the classic technique of PostgreSQL's ``commit_delay`` and
of InnoDB's binlog group commit, without a deliberate delay.

Where each part runs, and why. The operations' SQL (a few inserts, tens of
microseconds each) runs on the event loop, between requests; only ``COMMIT``
— the WAL write and the ``fsync``, which wait for the disk, not the CPU —
runs on a thread of its own, with the GIL released. An earlier design ran the
whole batch on a writer thread: on a relay pinned to one core that thread had
to win the GIL back from the busy event loop after every statement, commits
came ~7 ms apart although an fsync takes ~1 ms, and the core sat partly idle
(docs/PERFORMANCE.md, "Relay"). Now the loop never waits for the writer and
the writer never waits for the loop. While a commit runs, the loop keeps
serving requests, whose writes queue for the next batch; the connection is
touched by one thread at a time (the loop, or the committing thread while a
commit runs), never both. An operation whose size depends on the data (the
purge, which may expire thousands of rows; a send queuing more than a few
hundred delivery rows, up to 100,000 for a maximal batch, issue 10 item 4) is
submitted as ``bulk``: a batch holding one runs entirely on the committing
thread, as every batch once did, so it never stalls the loop.

Operations run in submission order. ``before_batch`` runs first in every
transaction: the storage flushes the signature nonces noted since the last
batch there with one ``executemany``, so a request's nonce is committed no
later than the request's own write (:meth:`RelayStorage.remember_nonce`)
without costing an operation of its own.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
WriteOperation = Callable[[sqlite3.Connection], T]

_log = logging.getLogger(__name__)


@dataclass
class _Pending:
    operation: Callable[[sqlite3.Connection], Any]
    future: asyncio.Future[Any]
    bulk: bool


#: An operation's outcome: its result, or the exception it raised.
_Outcome = tuple[Any, BaseException | None]


class GroupCommitWriter:
    """Batches writes on one connection, for the event loop that started it."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        max_batch: int = 1024,
        on_rollback: Callable[[], None] = lambda: None,
        on_batch: Callable[[int, float], None] = lambda _size, _seconds: None,
        before_batch: Callable[[sqlite3.Connection], None] = lambda _conn: None,
    ) -> None:
        """``on_rollback`` is told when a whole batch failed, so caches kept
        by the operations can be dropped; ``on_batch`` receives each
        committed batch's size and duration, first statement to durable
        commit (for metrics); ``before_batch`` runs at the start of each
        batch's transaction (a failure there fails the whole batch)."""
        self._conn = connection
        self._max_batch = max_batch
        self._on_rollback = on_rollback
        self._on_batch = on_batch
        self._before_batch = before_batch
        self._committer: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        #: Submitted, not yet in a transaction.
        self._queued: list[_Pending] = []
        #: A batch is wanted even without operations (``before_batch`` has work).
        self._poked = False
        #: A batch is scheduled to start on the loop, or its COMMIT is running.
        self._busy = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopped = False

    def start(self) -> None:
        """Called on the event loop that will submit the writes."""
        self._loop = asyncio.get_running_loop()
        self._committer = ThreadPoolExecutor(1, thread_name_prefix="relay-commit")

    async def submit(self, operation: WriteOperation[T], *, bulk: bool = False) -> T:
        """Run ``operation`` in the next batch; return its result once committed.

        ``bulk``: its cost grows with the data, so its batch runs off the loop.
        """
        if self._stopped:
            raise RuntimeError("the relay's writer has stopped")
        assert self._loop is not None, "writer not started"
        future: asyncio.Future[T] = self._loop.create_future()
        self._queued.append(_Pending(operation, future, bulk))
        self._schedule()
        return await future

    def poke(self) -> None:
        """Make a batch run soon even if no operation is queued. Called from the loop."""
        if self._stopped:
            raise RuntimeError("the relay's writer has stopped")
        self._poked = True
        self._schedule()

    async def aclose(self) -> None:
        """Commit everything submitted so far, end the committing thread and close
        the connection.

        Closed here, not left to the garbage collector: until it is closed the
        connection holds the database open, and a process that starts another
        storage on the same file meanwhile (``liaison-relay serve`` checks the
        schema with one first) would share its POSIX locks with it.
        """
        if self._stopped:
            return
        self._stopped = True
        await self._idle.wait()
        if self._committer is not None:
            self._committer.shutdown(wait=True)
        self._conn.close()

    def _schedule(self) -> None:
        """Start a batch on a later turn of the loop, unless one is running already.

        Not at once: whatever else this turn of the loop submits joins it.
        """
        if not self._busy:
            self._busy = True
            self._idle.clear()
            assert self._loop is not None
            self._loop.call_soon(self._start_batch)

    def _start_batch(self) -> None:
        """Event loop: run the queued operations in one transaction, hand COMMIT over
        (or, for a batch with a bulk operation, the whole transaction)."""
        assert self._loop is not None, "scheduled from the loop"
        assert self._committer is not None, "writer not started"
        batch, self._queued = self._queued[:self._max_batch], self._queued[self._max_batch:]
        poked, self._poked = self._poked, False
        if not batch and not poked:
            self._next_batch()
            return
        started = time.perf_counter()
        if any(pending.bulk for pending in batch):
            transaction = self._loop.run_in_executor(
                self._committer, self._execute_and_commit, batch)
            transaction.add_done_callback(
                lambda done: self._committed(batch, started, done))
            return
        try:
            outcomes = self._execute(batch)
        except Exception as exc:
            self._fail(batch, exc)
            self._next_batch()
            return
        commit = self._loop.run_in_executor(self._committer, self._commit, outcomes)
        commit.add_done_callback(lambda done: self._committed(batch, started, done))

    def _execute(self, batch: list[_Pending]) -> list[_Outcome]:
        """BEGIN, ``before_batch``, then each operation in its own SAVEPOINT."""
        self._conn.execute("BEGIN IMMEDIATE")
        self._before_batch(self._conn)
        return [self._run(pending.operation) for pending in batch]

    def _commit(self, outcomes: list[_Outcome]) -> list[_Outcome]:
        self._conn.execute("COMMIT")
        return outcomes

    def _execute_and_commit(self, batch: list[_Pending]) -> list[_Outcome]:
        """Committing thread, for a batch with a bulk operation."""
        return self._commit(self._execute(batch))

    def _run(self, operation: Callable[[sqlite3.Connection], Any]) -> _Outcome:
        self._conn.execute("SAVEPOINT operation")
        try:
            result = operation(self._conn)
        except Exception as exc:
            self._conn.execute("ROLLBACK TO operation")
            self._conn.execute("RELEASE operation")
            return None, exc
        self._conn.execute("RELEASE operation")
        return result, None

    def _committed(self, batch: list[_Pending], started: float,
                   commit: asyncio.Future[list[_Outcome]]) -> None:
        """Event loop, once COMMIT has returned (or the transaction failed on the
        committing thread): answer the batch, start the next."""
        error = commit.exception()
        if error is not None:
            self._fail(batch, error)
        else:
            self._on_batch(len(batch), time.perf_counter() - started)
            for pending, (result, exc) in zip(batch, commit.result(), strict=True):
                if pending.future.cancelled():
                    continue
                if exc is not None:
                    pending.future.set_exception(exc)
                else:
                    pending.future.set_result(result)
        self._next_batch()

    def _fail(self, batch: list[_Pending], error: BaseException) -> None:
        """The whole batch is rolled back: every operation in it gets ``error``."""
        _log.error("relay write batch failed; %d operations rolled back", len(batch),
                   exc_info=error)
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._on_rollback()
        for pending in batch:
            if not pending.future.done():
                pending.future.set_exception(error)

    def _next_batch(self) -> None:
        self._busy = False
        if self._queued or self._poked:
            self._schedule()
        else:
            self._idle.set()
