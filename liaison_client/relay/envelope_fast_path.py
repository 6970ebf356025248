"""The hot path: send, fetch and acknowledge envelopes as a lean ASGI layer.

Why: these three calls are nearly all of a relay's traffic. Profiled under
load (docs/PERFORMANCE.md, "Relay"), FastAPI's per-request routing,
middleware and dependency resolution cost more CPU than the relay's own work
(signature check, validation, the write). This layer sits inside the body
limit, in front of FastAPI; it recognises the three calls by method
and path, and does only what they need. It runs outside FastAPI's own
middleware (see :class:`~liaison_client.relay.app.RelayApplication`), so it
answers every failure itself, unexpected ones as a JSON 500:

- the body is read once and parsed once, by pydantic's Rust JSON validator
  (``model_validate_json``) against the same wire models FastAPI documents;
- the request is authenticated exactly as the FastAPI dependency does
  (:func:`liaison_client.relay.context.authenticate`), before validation, so
  an unsigned caller learns nothing about the body;
- the work itself is :mod:`liaison_client.relay.envelope_operations`, shared
  with the FastAPI routes, and answers are pydantic's own JSON serialisation;
- refusals have the same JSON shape and status as the FastAPI routes'
  (``tests/relay/test_envelope_fast_path.py`` compares the two).

Every other request, and these paths with another method (405 with the right
``Allow``), goes on to FastAPI untouched. The OpenAPI document still comes
from the FastAPI routes for the same models.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from liaison_client.protocol.limits import DEVICE_ID_PATTERN
from liaison_client.relay import envelope_operations
from liaison_client.relay.api_models import (
    AckRequest,
    FetchQuery,
    SendRequest,
)
from liaison_client.relay.authentication import SignedParts
from liaison_client.relay.context import RelayContext, authenticate
from liaison_client.relay.http_errors import (
    RelayHTTPError,
    storage_unavailable_error,
    validation_message,
)
from liaison_client.relay.storage import StorageUnavailableError

_DEVICES_PREFIX = "/v1/devices/"
_QUEUE_SUFFIX = "/envelopes"
_ACK_SUFFIX = "/envelopes/ack"
_DEVICE_ID_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_JSON_HEADERS = [(b"content-type", b"application/json")]
_INTERNAL_ERROR = json.dumps({"error": "internal_error",
                              "message": "the relay failed to handle this request; "
                                         "retry later"}).encode()
_log = logging.getLogger("liaison.relay")

M = TypeVar("M", bound=BaseModel)
Operation = Callable[[RelayContext, SignedParts, str, bytes, str], Awaitable[BaseModel]]


class EnvelopeFastPath:
    """ASGI middleware serving ``POST /v1/envelopes``, ``GET /v1/devices/{id}/envelopes``
    and ``POST /v1/devices/{id}/envelopes/ack``."""

    def __init__(self, app: ASGIApp, context: RelayContext) -> None:
        self._app = app
        self._context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            route = _route(scope["method"], scope["path"])
            if route is not None:
                operation, device_id = route
                await self._serve(operation, device_id, scope, receive, send)
                return
        await self._app(scope, receive, send)

    async def _serve(self, operation: Operation, device_id: str, scope: Scope,
                     receive: Receive, send: Send) -> None:
        body = await _read_body(receive)
        if body is None:
            return  # the client went away, or the body limit has answered 413
        signature_input = signature = content_digest = content_type = None
        for name, value in scope["headers"]:
            if name == b"signature-input":
                signature_input = value.decode("latin-1")
            elif name == b"signature":
                signature = value.decode("latin-1")
            elif name == b"content-digest":
                content_digest = value.decode("latin-1")
            elif name == b"content-type":
                content_type = value.decode("latin-1")
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        parts = SignedParts(scope["method"], raw_path.decode("latin-1"),
                            scope.get("query_string", b"").decode("latin-1"),
                            signature_input, signature, content_digest)
        try:
            if operation is not _fetch and not _is_json(content_type):
                await authenticate(self._context, parts, scope["path"], body)
                raise RelayHTTPError(422, "invalid_request",
                                     "body: the request body must be application/json")
            answer = await operation(self._context, parts, scope["path"], body, device_id)
        except RelayHTTPError as exc:
            await _respond(send, exc.status, json.dumps(
                {"error": exc.error, "message": exc.message}).encode(), exc.headers)
            return
        except StorageUnavailableError:
            unavailable = storage_unavailable_error()
            await _respond(send, unavailable.status, json.dumps(
                {"error": unavailable.error, "message": unavailable.message}).encode(),
                unavailable.headers)
            return
        except Exception:
            # This layer sits outside FastAPI's error middleware: answer here.
            _log.exception("relay request failed", extra={"fields": {
                "method": scope["method"], "path": scope["path"]}})
            await _respond(send, 500, _INTERNAL_ERROR)
            return
        await _respond(send, 200, answer.model_dump_json().encode())


async def _send(context: RelayContext, parts: SignedParts, path: str, body: bytes,
                _device_id: str) -> BaseModel:
    sender = await authenticate(context, parts, path, body, write_follows=True)
    batch = _validate(SendRequest, body, ("body",))
    return await envelope_operations.send_envelopes(context, sender, batch)


async def _fetch(context: RelayContext, parts: SignedParts, path: str, body: bytes,
                 device_id: str) -> BaseModel:
    device = await authenticate(context, parts, path, body)
    _check_device_id(device_id)
    try:
        query = FetchQuery.model_validate(dict(parse_qsl(parts.query, keep_blank_values=True)))
    except ValidationError as exc:
        raise RelayHTTPError(422, "invalid_request",
                             validation_message(exc.errors(), ("query",))) from exc
    return await envelope_operations.fetch_envelopes(context, device, device_id, query)


async def _acknowledge(context: RelayContext, parts: SignedParts, path: str, body: bytes,
                       device_id: str) -> BaseModel:
    device = await authenticate(context, parts, path, body, write_follows=True)
    _check_device_id(device_id)
    ack = _validate(AckRequest, body, ("body",))
    return await envelope_operations.acknowledge_envelopes(context, device, device_id, ack)


def _route(method: str, path: str) -> tuple[Operation, str] | None:
    """The operation for this method and path, with the path's device id; None to pass on."""
    if path == "/v1/envelopes":
        return (_send, "") if method == "POST" else None
    if not path.startswith(_DEVICES_PREFIX):
        return None
    if method == "GET" and path.endswith(_QUEUE_SUFFIX):
        device_id = path[len(_DEVICES_PREFIX):-len(_QUEUE_SUFFIX)]
        operation: Operation = _fetch
    elif method == "POST" and path.endswith(_ACK_SUFFIX):
        device_id = path[len(_DEVICES_PREFIX):-len(_ACK_SUFFIX)]
        operation = _acknowledge
    else:
        return None
    # One non-empty path segment, as FastAPI's {device_id} matches; its
    # pattern is checked after authentication, as FastAPI does.
    if not device_id or "/" in device_id:
        return None
    return operation, device_id


def _check_device_id(device_id: str) -> None:
    if len(device_id) > 64 or not _DEVICE_ID_CHARACTERS.issuperset(device_id):
        raise RelayHTTPError(422, "invalid_request",
                             f"path.device_id: String should match pattern "
                             f"'{DEVICE_ID_PATTERN}'")


def _validate(model: type[M], body: bytes, location: tuple[str, ...]) -> M:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise RelayHTTPError(422, "invalid_request",
                             validation_message(exc.errors(), location)) from exc


def _is_json(content_type: str | None) -> bool:
    """As FastAPI decides: no Content-Type, ``application/json`` or ``application/*+json``."""
    if content_type is None:
        return True
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json"))


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Send, status: int, body: bytes,
                   headers: dict[str, str] | None = None) -> None:
    raw_headers = [*_JSON_HEADERS, (b"content-length", str(len(body)).encode())]
    if headers:
        raw_headers.extend((k.lower().encode(), v.encode()) for k, v in headers.items())
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
