"""Refuse oversized request bodies before they are read (HTTP 413).

uvicorn reads whatever a client sends; without this a single request could
fill the relay's memory. The declared ``Content-Length`` is checked up front;
a chunked body is counted as it arrives and cut off at the cap. Blob uploads
stream to disk and carry their own, larger cap, so their path is exempt here.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLargeError(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, exempt_prefix: str) -> None:
        self._app = app
        self._max = max_bytes
        self._exempt = exempt_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self._exempt):
            await self._app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self._max:
                    await _refuse(send, self._max)
                    return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._max:
                    raise BodyTooLargeError
            return message

        await self._app(scope, counting_receive, send)


async def _refuse(send: Send, max_bytes: int) -> None:
    body = json.dumps({"error": "too_large",
                       "message": f"request body larger than {max_bytes} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
