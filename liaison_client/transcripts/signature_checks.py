"""Check many Ed25519 message signatures on every core of the machine.

Verifying a transcript is mostly checking one Ed25519 signature per message
(vodozemac, RFC 8032), about 80 µs each here: 50,000 messages are four seconds
of one core. Each signature is still checked on its own (PyNaCl and vodozemac
offer no batch verification, and none is invented here); the checks are only
spread over a pool of worker processes, in chunks, while the caller goes on
reading and checking the rest of the record.

The pool is used only where it can fork safely: a platform with ``fork`` (Linux)
and a calling process with one thread (the CLI). Elsewhere the checks run in the
calling thread, as before: forking a threaded process (the desktop app's worker
threads) can deadlock the child, and spawning re-executes the program, which a
frozen (PyInstaller) build would take for a second start of the app. The
single-file verifier, a plain script, spawns on other platforms.

The pool is ``concurrent.futures.ProcessPoolExecutor``, not
``multiprocessing.Pool``: when a worker dies (killed, out of memory) the
executor fails every pending chunk with ``BrokenProcessPool`` where ``Pool``
would wait for its result forever. Such a chunk is then checked in the calling
process, so a lost worker costs time, never a signature left unchecked.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from liaison_client.crypto.identity import verify_signature

#: Below this many messages a pool costs more than it saves.
PARALLEL_FROM = 2000
CHUNK = 1000
MAX_WORKERS = 8

#: (position, sender's Ed25519 key (unpadded base64), signed bytes, signature).
Job = tuple[int, str, bytes, str]


def bad_signatures(chunk: list[Job]) -> list[int]:
    """The positions in ``chunk`` whose signature does not verify (run by a worker)."""
    return [index for index, key, message, signature in chunk
            if not verify_signature(key, message, signature)]


class SignatureChecks:
    """Collects signatures to check; :meth:`finish` returns the positions that failed."""

    def __init__(self, expected: int) -> None:
        self._chunk: list[Job] = []
        self._pending: list[tuple[list[Job], Future[list[int]]]] = []
        self._bad: set[int] = set()
        self._pool: ProcessPoolExecutor | None = None
        cores = os.cpu_count() or 1
        if (expected >= PARALLEL_FROM and cores > 1 and threading.active_count() == 1
                and "fork" in multiprocessing.get_all_start_methods()):
            self._pool = ProcessPoolExecutor(min(cores, MAX_WORKERS),
                                             mp_context=multiprocessing.get_context("fork"))

    def add(self, index: int, key: str, message: bytes, signature: str) -> None:
        self._chunk.append((index, key, message, signature))
        if len(self._chunk) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._chunk:
            return
        chunk, self._chunk = self._chunk, []
        if self._pool is not None:
            try:
                self._pending.append((chunk, self._pool.submit(bad_signatures, chunk)))
                return
            except BrokenProcessPool:
                self.close()  # a worker died: the rest is checked here
        self._bad.update(bad_signatures(chunk))

    def finish(self) -> set[int]:
        try:
            self._flush()
            for chunk, future in self._pending:
                try:
                    self._bad.update(future.result())
                except BrokenProcessPool:
                    self._bad.update(bad_signatures(chunk))
        finally:
            self.close()
        return self._bad

    def close(self) -> None:
        """Stop the workers (also when the caller gave up half-way)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
