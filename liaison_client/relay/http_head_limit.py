"""Bounds on a request's head (request line + header fields): size and read time.

Why here, below ASGI: uvicorn's httptools protocol (llhttp) keeps a header
field being received in memory until it ends, with no limit of its own, and
calls the application only once the whole head has arrived; no ASGI layer
can see, let alone refuse, a 128 MiB header (issue 10, item 2: four of them
took the relay to 742 MiB). Nor has uvicorn a header-read timeout (its
``timeout_keep_alive`` runs only *between* requests), so a client sending one
header byte every 10 s held a connection forever (item 3, "slowloris").
uvicorn's ``h11_max_incomplete_event_size`` bounds the size for the h11
protocol only, which costs the relay's hot path its httptools parser
(docs/RELAY.md, "Framework decision"); this subclass keeps httptools and adds:

- at most :data:`MAX_HEAD_BYTES` of head per request: the parser is fed no
  further, the client gets 431 and the connection closes;
- the head must arrive within :data:`HEAD_TIMEOUT_SECONDS` of the
  connection's opening or the request's first byte: the connection is closed
  (408) otherwise. Body reads are bounded by the routes' own caps and the
  long-poll by ``--max-wait``.

Nginx in front (docs/RELAY.md, "Reverse proxy") gives the same bounds with
``large_client_header_buffers`` and ``client_header_timeout``.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: Request line plus header fields; nginx's default is 4 × 8 KiB.
MAX_HEAD_BYTES = 64 * 1024
#: nginx's client_header_timeout defaults to 60 s; a relay client sends its
#: head in one write.
HEAD_TIMEOUT_SECONDS = 10.0


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the head bounded in size and time, and
    the connections of one peer address capped.

    The cap (issue 10, item 3): 1,100 half-sent connections from one client
    used up the relay's file descriptors and honest clients' connections were
    reset. A peer's connection beyond :attr:`max_connections_per_peer` is
    closed as soon as it is accepted, before a byte is read, so one address
    holds at most that many descriptors; the head timeout frees the rest.
    Behind a reverse proxy every client has the proxy's address: the proxy's
    own per-client limit applies there (docs/RELAY.md, "Behind a reverse proxy").
    """

    #: Set from ``--max-connections-per-peer`` by ``server.serve``.
    max_connections_per_peer: ClassVar[int] = 256
    #: Open connections per peer address, shared by every connection of the process.
    _connections_per_peer: ClassVar[dict[str, int]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading_head = True
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._peer: str | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        peername = transport.get_extra_info("peername")
        peer = str(peername[0]) if peername else ""
        held = self._connections_per_peer.get(peer, 0)
        if held >= self.max_connections_per_peer:
            transport.abort()  # no response: nothing was asked yet; the descriptor is freed
            return
        self._connections_per_peer[peer] = held + 1
        self._peer = peer
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        if self._peer is not None:
            left = self._connections_per_peer.get(self._peer, 1) - 1
            if left > 0:
                self._connections_per_peer[self._peer] = left
            else:
                self._connections_per_peer.pop(self._peer, None)
            self._peer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # Bounded: every pass feeds at least one byte of ``data`` or returns.
        while data:
            if not self._reading_head or self.transport.is_closing():
                super().data_received(data)
                return
            room = MAX_HEAD_BYTES - self._head_bytes
            if room <= 0:
                self._refuse(431, b"request head too large")
                return
            piece, data = data[:room], data[room:]
            self._head_bytes += len(piece)
            super().data_received(piece)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = True
        self._head_bytes = 0
        if self._head_timer is None:
            self._arm_head_timer()

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._cancel_head_timer()
        super().on_headers_complete()

    def _arm_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT_SECONDS, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._reading_head and not self.transport.is_closing():
            if self._head_bytes:
                self._refuse(408, b"request head not received in time")
            else:
                self.transport.close()

    def _refuse(self, status: int, message: bytes) -> None:
        reason = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}[status]
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n%s" % (status, reason, len(message), message))
        self.transport.close()
