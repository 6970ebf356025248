"""The relay's half of a receive run on one helper thread, so the network overlaps decryption.

Receiving a page is: fetch it (HTTP), decrypt and commit it (CPU and
SQLCipher), acknowledge it (HTTP). Done one after the other, the client sits
idle while the relay answers, and the relay idles while the client decrypts.
The next page's ``after`` cursor is known as soon as a page arrives, so its
fetch can run while this page is decrypted; and an acknowledgement can travel
while the next page is decrypted. On the 2-core bench machine that hides the
HTTP round trips (about a fifth of a receive run, docs/PERFORMANCE.md).

The rules that keep receiving crash-safe do not change (docs/SYNC.md):

- a page is acknowledged only after its commit: :meth:`RelayPipeline.acknowledge`
  is called by :class:`~liaison_client.sync.inbound.Inbound` after the
  commit, and the helper sends acknowledgements in the order given;
- the acknowledged cursor is recorded only from the relay's answer
  (:meth:`RelayPipeline.acknowledged`), so a crash with one in flight
  repeats it on the next run.

One helper thread runs every call, in submission order; the
:class:`~liaison_client.net.client.RelayClient` is never used by two threads at
once: a caller that needs it directly waits for :meth:`RelayPipeline.idle`
first. Any failure (relay unreachable, refused) is raised to the caller when
it asks for that call's result, and the pipeline's exit waits for calls in
flight, which the client's own timeouts bound.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from liaison_client.net.client import RelayClient
from liaison_client.net.wire import FetchedPage

_Result = TypeVar("_Result")


class RelayPipeline:
    def __init__(self, client: RelayClient) -> None:
        self._client = client
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="liaison-relay-io")
        self._in_flight: list[Future[Any]] = []
        self._acknowledgements: list[tuple[int, Future[int]]] = []

    def __enter__(self) -> RelayPipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._worker.shutdown(wait=True)

    def fetch(self, fetch_page: Callable[[], FetchedPage]) -> Future[FetchedPage]:
        """Start ``fetch_page`` (a fetch, or a sliced long-poll) behind the calls already queued."""
        return self._submit(fetch_page)

    def acknowledge(self, cursor: int) -> None:
        """Acknowledge up to ``cursor`` (a committed page's) behind the calls already queued."""
        self._acknowledgements.append((cursor, self._submit(
            lambda: self._client.acknowledge(cursor))))

    def acknowledged(self) -> int | None:
        """Wait for every acknowledgement sent so far; the highest cursor the relay
        confirmed, or None if none was sent. Raises the first failure."""
        confirmed: int | None = None
        for cursor, answer in self._acknowledgements:
            answer.result()
            confirmed = cursor if confirmed is None else max(confirmed, cursor)
        self._acknowledgements.clear()
        return confirmed

    def idle(self) -> None:
        """Wait until no call is in flight, so the caller may use the client itself.
        Failures are left for the calls' own results."""
        for call in self._in_flight:
            call.exception()
        self._in_flight.clear()

    def _submit(self, call: Callable[[], _Result]) -> Future[_Result]:
        future = self._worker.submit(call)
        self._in_flight.append(future)
        return future
