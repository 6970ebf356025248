"""Group commit: one writer thread that batches concurrent writes into one transaction.

With ``synchronous=FULL`` every SQLite commit waits for an fsync, and one
fsync per request caps a relay at a few hundred requests per second. Here the
handlers hand their write to a single thread; it takes everything queued up
(at most ``max_batch`` operations), runs each inside its own SAVEPOINT (a
failing operation is rolled back alone and gets its own exception), commits
once, and only *then* resolves each caller's future. So no request is answered
before its write is durable, and one fsync covers as many requests as arrived
while the previous one was running. This is the classic technique of
PostgreSQL's ``commit_delay`` and of InnoDB's binlog group commit, without a
deliberate delay: the batch is whatever queued during the last commit.

Operations run in submission order. ``before_batch`` runs first in every
transaction: the storage flushes the signature nonces noted since the last
batch there with one ``executemany``, so a request's nonce is committed no
later than the request's own write (:meth:`RelayStorage.remember_nonce`)
without costing an operation of its own.

Hand-overs are batched on both sides. Operations submitted during one turn of
the event loop go to the writer thread together, in one queue item (one
wake-up of the thread, not one per request), and answers come back once per
batch: one ``call_soon_threadsafe`` resolves every future of the batch. On a
machine with few cores each avoided thread wake-up is CPU the event loop
keeps for requests.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
WriteOperation = Callable[[sqlite3.Connection], T]

_log = logging.getLogger(__name__)


@dataclass
class _Pending:
    operation: Callable[[sqlite3.Connection], Any]
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop


_STOP = object()
#: Asks for a batch without an operation of its own (``before_batch`` has work).
_POKE = object()


class GroupCommitWriter:
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
        committed batch's size and commit duration (for metrics);
        ``before_batch`` runs at the start of each batch's transaction (a
        failure there fails the whole batch)."""
        self._conn = connection
        self._max_batch = max_batch
        self._on_rollback = on_rollback
        self._on_batch = on_batch
        self._before_batch = before_batch
        self._queue: queue.SimpleQueue[list[_Pending | object] | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="relay-writer", daemon=True)
        self._stopped = False
        #: What the event loop queued this turn, handed over by :meth:`_hand_over`.
        self._outgoing: list[_Pending | object] = []
        self._hand_over_scheduled = False

    def start(self) -> None:
        self._thread.start()

    async def submit(self, operation: WriteOperation[T]) -> T:
        """Run ``operation`` in the next batch; return its result once committed."""
        if self._stopped:
            raise RuntimeError("the relay's writer has stopped")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._enqueue(_Pending(operation, future, loop), loop)
        return await future

    def poke(self) -> None:
        """Make the writer run a batch soon even if no operation is queued.

        Called from the event loop (the relay's only submitter).
        """
        if self._stopped:
            raise RuntimeError("the relay's writer has stopped")
        self._enqueue(_POKE, asyncio.get_running_loop())

    async def aclose(self) -> None:
        """Commit everything queued so far, then end the thread."""
        if self._stopped:
            return
        self._hand_over()
        self._stopped = True
        self._queue.put(_STOP)
        await asyncio.to_thread(self._thread.join)

    def _enqueue(self, item: _Pending | object, loop: asyncio.AbstractEventLoop) -> None:
        self._outgoing.append(item)
        if not self._hand_over_scheduled:
            self._hand_over_scheduled = True
            loop.call_soon(self._hand_over)

    def _hand_over(self) -> None:
        """Event loop: give the writer everything queued this turn, in order, at once."""
        self._hand_over_scheduled = False
        if self._outgoing:
            items, self._outgoing = self._outgoing, []
            self._queue.put(items)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            handed_over = self._queue.get()
            batch: list[_Pending] = []
            # A hand-over is never split: a batch may pass max_batch by one hand-over.
            while True:
                if handed_over is _STOP:
                    stopping = True
                    break
                assert isinstance(handed_over, list)
                batch.extend(item for item in handed_over if isinstance(item, _Pending))
                if len(batch) >= self._max_batch:
                    break
                try:
                    handed_over = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[_Pending]) -> None:
        started = time.perf_counter()
        outcomes: list[tuple[Any, BaseException | None]] = []
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._before_batch(self._conn)
            for pending in batch:
                self._conn.execute("SAVEPOINT operation")
                try:
                    result = pending.operation(self._conn)
                except Exception as exc:
                    self._conn.execute("ROLLBACK TO operation")
                    self._conn.execute("RELEASE operation")
                    outcomes.append((None, exc))
                else:
                    self._conn.execute("RELEASE operation")
                    outcomes.append((result, None))
            self._conn.execute("COMMIT")
        except Exception as exc:
            _log.exception("relay write batch failed; %d operations rolled back", len(batch))
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._on_rollback()
            outcomes = [(None, exc)] * len(batch)
        else:
            self._on_batch(len(batch), time.perf_counter() - started)
        answers: dict[asyncio.AbstractEventLoop, list[_Answer]] = {}
        for pending, (result, error) in zip(batch, outcomes, strict=True):
            answers.setdefault(pending.loop, []).append((pending.future, result, error))
        for loop, loop_answers in answers.items():
            try:
                loop.call_soon_threadsafe(_resolve_all, loop_answers)
            except RuntimeError:  # that loop has closed: nobody is waiting any more
                _log.warning("%d relay write answers had no loop to go to", len(loop_answers))


_Answer = tuple["asyncio.Future[Any]", Any, BaseException | None]


def _resolve_all(answers: list[_Answer]) -> None:
    for future, result, error in answers:
        if future.cancelled():
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
