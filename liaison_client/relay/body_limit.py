"""What a request may cost the relay before it is known who sent it (HTTP 4xx).

uvicorn reads whatever a client sends; without this layer one unauthenticated
request could fill the relay's memory (issue 10, item 2: a 300 MiB GET body
took the relay from 80 to 667 MiB). The rules, in the order they are applied,
all before a byte of the body is read:

1. at most :data:`MAX_HEADER_COUNT` header fields (431 ``headers_too_large``;
   their total size is bounded earlier, by ``http_head_limit.py``);
2. no body on ``GET``/``HEAD`` (400 ``body_not_allowed``; other methods no route
   declares are answered 405 by the router, which reads no body, and still capped):
   none of the relay's reads takes one, and Starlette would read it whole;
3. a size cap on every route: registration (the one unsigned call) gets a
   small one, blob uploads their own (``--max-blob-bytes``, enforced by the
   route as it streams to disk), every other route the JSON cap (413
   ``too_large``) — before reading when ``Content-Length`` says so, at the cap
   for a chunked body;
4. a body larger than :data:`READ_BEFORE_VERIFY_BYTES` (or chunked) on a
   signed route is read only once its RFC 9421 signature verifies from the
   header fields (the signature covers ``Content-Digest``, not the body):
   401 ``unauthenticated`` otherwise, answered at once when the length is
   declared. A chunked body of a refused request is drained without being
   kept, up to the cap, so that its answer still says whether it was too
   large (413) or unsigned (401) — the same answer as for a declared length,
   at a cost of bandwidth only.

Refusals close the connection (``Connection: close``), so uvicorn stops
reading what remains. The full authentication (body digest, nonce) still
happens in the route once the body is read; smaller bodies are simply read
first (they cost less than verifying twice). When a chunked body passes the
cap the 413 is sent from here at once, the application inside is told the
client has gone (``http.disconnect``), and whatever it tries to answer after
that is dropped. (Raising inside ``receive`` instead would reach FastAPI's
body reader, which turns any exception into a 400.)
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from liaison_client.relay.authentication import AuthenticationError, SignedParts
from liaison_client.relay.http_errors import storage_unavailable_error
from liaison_client.relay.storage import StorageUnavailableError

#: Header fields per request; a signed relay request sends about ten.
MAX_HEADER_COUNT = 100
#: Bodies up to this size are read before the signature is checked: cheaper
#: than verifying twice, and well under the 1 MiB an unauthenticated request
#: may cost (docs/RELAY.md, "Threats").
READ_BEFORE_VERIFY_BYTES = 64 * 1024
#: Registration (token, two keys, a proof, a signed profile) is under 4 KiB.
MAX_REGISTRATION_BYTES = 64 * 1024
_BODYLESS_METHODS = frozenset({"GET", "HEAD"})

#: Checks a request's signature fields; raises AuthenticationError.
HeaderCheck = Callable[[SignedParts], Awaitable[None]]


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, *, blob_prefix: str,
                 registration_path: str, check_signature: HeaderCheck,
                 declares: Callable[[Scope], bool] = lambda _scope: True) -> None:
        self._app = app
        self._declares = declares
        self._max = max_bytes
        self._blob_prefix = blob_prefix
        self._registration_path = registration_path
        self._check_signature = check_signature

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = scope["headers"]
        if len(headers) > MAX_HEADER_COUNT:
            await _refuse(send, 431, "headers_too_large",
                          f"more than {MAX_HEADER_COUNT} header fields")
            return
        declared: int | None = None
        chunked = False
        for name, value in headers:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0:
                    await _refuse(send, 400, "invalid_request", "malformed Content-Length")
                    return
            elif name == b"transfer-encoding":
                chunked = True
        has_body = chunked or bool(declared)
        method, path = scope["method"], scope["path"]
        if not has_body:
            await self._app(scope, receive, send)
            return
        if method in _BODYLESS_METHODS:
            if self._declares(scope):
                await _refuse(send, 400, "body_not_allowed", f"{method} requests carry no body")
            else:
                # No route takes this method here: the router's 405 (with its Allow
                # header), given an empty body so that not one body byte is read, and
                # the connection closed after it so the unread body is never parsed.
                await self._app(scope, _no_body, _closing(send))
            return
        registration = method == "POST" and path == self._registration_path
        blob_upload = method == "PUT" and path.startswith(self._blob_prefix)
        cap = MAX_REGISTRATION_BYTES if registration else self._max
        if not blob_upload and declared is not None and declared > cap:
            await _refuse(send, 413, "too_large", f"request body larger than {cap} bytes")
            return
        if not registration and (chunked or (declared or 0) > READ_BEFORE_VERIFY_BYTES):
            try:
                await self._check_signature(SignedParts.from_scope(scope))
            except AuthenticationError as exc:
                await self._refuse_unsigned(receive, send, str(exc), cap,
                                            drain=chunked and not blob_upload)
                return
            except StorageUnavailableError:
                # The device's key could not be read (the database is down): the
                # same 503 as every other request gets meanwhile, body unread.
                unavailable = storage_unavailable_error()
                await _refuse(send, unavailable.status, unavailable.error, unavailable.message,
                              unavailable.headers)
                return
        if blob_upload or (declared is not None and not chunked):
            # The HTTP parser delivers no more body than Content-Length
            # declares, and that was checked; a blob upload counts its own.
            await self._app(scope, receive, send)
            return
        await self._serve_counted(scope, receive, send, cap)

    async def _refuse_unsigned(self, receive: Receive, send: Send, reason: str,
                               cap: int, *, drain: bool) -> None:
        if drain:
            received = 0
            # Bounded: each message carries body bytes, and the loop stops past the cap.
            while received <= cap:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                received += len(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            if received > cap:
                await _refuse(send, 413, "too_large", f"request body larger than {cap} bytes")
                return
        await _refuse(send, 401, "unauthenticated", reason[:200])

    async def _serve_counted(self, scope: Scope, receive: Receive, send: Send,
                             cap: int) -> None:
        received = 0
        refused = False
        answered = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    refused = True
                    if not answered:  # an answer already begun cannot become a 413
                        await _refuse(send, 413, "too_large",
                                      f"request body larger than {cap} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if not refused:
                answered = True
                await send(message)

        try:
            await self._app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:
                raise
            # The application failed over the body it never got; 413 is sent.


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _closing(send: Send) -> Send:
    async def send_and_close(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []),
                                              (b"connection", b"close")]}
        await send(message)
    return send_and_close


async def _refuse(send: Send, status: int, error: str, message: str,
                  headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": error, "message": message}).encode()
    extra = [(k.lower().encode("latin-1"), v.encode("latin-1"))
             for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *extra]})
    await send({"type": "http.response.body", "body": body})
