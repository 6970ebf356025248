"""Unauthenticated clients are throttled per peer address, and their log lines bounded.

Every request that fails authentication (401) still cost the relay a
signature check and a log line, and nothing limited how many a client could
send (issue 10, item 10). :class:`RefusalThrottle` is the outermost relay
layer: it keeps a token bucket per peer address that only refusals (401)
drain; a peer whose bucket is empty is answered 429 ``too_many_refusals``
with ``Retry-After`` before anything else is done, until it refills. Honest
clients are never refused 401 in normal use, so they never touch the
bucket; an honest client behind the same address as an attacker (a NAT, a
reverse proxy that does not pass the client's address) shares the attacker's
bucket: docs/RELAY.md says how to pass the address through the proxy.

:class:`LogBudget` bounds the refusal log: at most ``lines`` lines a window,
then one line saying how many were left out.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Peers remembered at most; beyond it, the ones with full buckets are forgotten
#: (a full bucket is what a forgotten peer gets anyway).
MAX_PEERS = 10_000


class RefusalThrottle:
    def __init__(self, app: ASGIApp, *, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._app = app
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        #: peer address → (tokens, last update)
        self._buckets: dict[str, tuple[float, float]] = {}

    def _tokens(self, peer: str, now: float) -> float:
        tokens, last = self._buckets.get(peer, (self._burst, now))
        return min(self._burst, tokens + (now - last) * self._rate)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        client = scope.get("client")
        peer = client[0] if client else ""
        now = self._clock()
        if peer in self._buckets and self._tokens(peer, now) < 1:
            retry_after = max(1, math.ceil((1 - self._tokens(peer, now)) / self._rate))
            await _too_many(send, retry_after)
            return

        async def observing_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                self._refused(peer)
            await send(message)

        await self._app(scope, receive, observing_send)

    def _refused(self, peer: str) -> None:
        now = self._clock()
        self._buckets[peer] = (self._tokens(peer, now) - 1, now)
        if len(self._buckets) > MAX_PEERS:
            full = [p for p in self._buckets if self._tokens(p, now) >= self._burst]
            for p in full:
                del self._buckets[p]


async def _too_many(send: Send, retry_after: int) -> None:
    body = (b'{"error": "too_many_refusals", "message": "too many unauthenticated requests '
            b'from this address: retry later"}')
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"retry-after", str(retry_after).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class LogBudget:
    """At most ``lines`` log lines per ``window`` seconds; the rest are counted."""

    def __init__(self, lines: int, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._lines = lines
        self._window = window
        self._clock = clock
        self._window_start = clock()
        self._used = 0
        self._suppressed = 0

    def allow(self) -> tuple[bool, int]:
        """(whether to log this line, how many were left out since the last logged one)."""
        now = self._clock()
        if now - self._window_start >= self._window:
            self._window_start, self._used = now, 0
        if self._used >= self._lines:
            self._suppressed += 1
            return False, 0
        self._used += 1
        left_out, self._suppressed = self._suppressed, 0
        return True, left_out
