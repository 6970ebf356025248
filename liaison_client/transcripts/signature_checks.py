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
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.pool import AsyncResult, Pool

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
        self._results: list[AsyncResult[list[int]]] = []
        self._bad: set[int] = set()
        self._pool: Pool | None = None
        cores = os.cpu_count() or 1
        if (expected >= PARALLEL_FROM and cores > 1 and threading.active_count() == 1
                and "fork" in multiprocessing.get_all_start_methods()):
            self._pool = multiprocessing.get_context("fork").Pool(min(cores, MAX_WORKERS))

    def add(self, index: int, key: str, message: bytes, signature: str) -> None:
        self._chunk.append((index, key, message, signature))
        if len(self._chunk) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._chunk:
            return
        if self._pool is None:
            self._bad.update(bad_signatures(self._chunk))
        else:
            self._results.append(self._pool.apply_async(bad_signatures, (self._chunk,)))
        self._chunk = []

    def finish(self) -> set[int]:
        self._flush()
        for result in self._results:
            self._bad.update(result.get())
        self.close()
        return self._bad

    def close(self) -> None:
        """Stop the workers (also when the caller gave up half-way)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
