"""Refuse oversized request bodies before they are read (HTTP 413).

uvicorn reads whatever a client sends; without this a single request could
fill the relay's memory. The declared ``Content-Length`` is checked up front;
a chunked body is counted as it arrives and cut off at the cap: the 413 is
sent from here at once, the application inside is told the client has gone
(``http.disconnect``), and whatever it tries to answer after that is dropped.
(Raising inside ``receive`` instead would reach FastAPI's body reader, which
turns any exception into a 400.) Blob uploads stream to disk and carry their
own, larger cap, so their path is exempt here.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, exempt_prefix: str) -> None:
        self._app = app
        self._max = max_bytes
        self._exempt = exempt_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self._exempt):
            await self._app(scope, receive, send)
            return
        declared: int | None = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self._max:
                    await _refuse(send, self._max)
                    return
            elif name == b"transfer-encoding":
                chunked = True
        if declared is not None and not chunked:
            # The HTTP parser delivers no more body than Content-Length
            # declares, and that was checked: nothing left to count.
            await self._app(scope, receive, send)
            return
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
                if received > self._max:
                    refused = True
                    if not answered:  # an answer already begun cannot become a 413
                        await _refuse(send, self._max)
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


async def _refuse(send: Send, max_bytes: int) -> None:
    body = json.dumps({"error": "too_large",
                       "message": f"request body larger than {max_bytes} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
