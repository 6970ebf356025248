"""Who is asking: RFC 9421 signature verification and replay refusal.

Each request must carry the signature described in
:mod:`liaison_client.net.message_signatures`. Verification (signature base,
RFC 9421 §3.2; Content-Digest, RFC 9530) is done by the
``http-message-signatures`` library against the Ed25519 key the device
registered; this module adds the relay's policy on top:

- ``created`` within :data:`MAX_SKEW_SECONDS` of the relay's clock either way;
- the ``liaison-relay-v1`` tag and all four covered components are required;
- a nonce is accepted once. Nonces are kept in memory for twice the skew
  window and also written through the storage's ordered writer, so a request
  whose effects survived a crash also has its nonce on disk, and a replay after
  a restart is refused too.
"""

from __future__ import annotations

import collections
import datetime
import time
from dataclasses import dataclass
from typing import Any

import http_sf
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from http_message_signatures import HTTPMessageVerifier, InvalidSignature, algorithms
from http_message_signatures.exceptions import HTTPMessageSignaturesException
from http_message_signatures.resolvers import MappingKeyResolver
from starlette.requests import Request

from liaison_client.net.message_signatures import (
    COVERED_COMPONENTS,
    MAX_SKEW_SECONDS,
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
    decode_unpadded_base64,
)
from liaison_client.relay.storage import DeviceRecord, RelayStorage

_MAX_NONCE_LENGTH = 64


class AuthenticationError(Exception):
    """The request is not signed by a registered device (HTTP 401)."""


class _Verifier(HTTPMessageVerifier):
    max_clock_skew = datetime.timedelta(seconds=MAX_SKEW_SECONDS)


@dataclass(frozen=True)
class _SignedMessage:
    """The request as the library's component resolver reads it."""

    method: str
    url: str
    headers: Any


def _message(request: Request) -> _SignedMessage:
    # Rebuild the URL from the raw path bytes the client sent, so @path and
    # @query are exactly what it signed (RFC 9421 §2.2.6, §2.2.7).
    scope = request.scope
    raw_path = scope.get("raw_path") or scope["path"].encode()
    query = scope.get("query_string", b"")
    host = request.headers.get("host") or "relay.invalid"
    url = f"{scope.get('scheme', 'http')}://{host}{raw_path.decode('latin-1')}"
    if query:
        url += "?" + query.decode("latin-1")
    return _SignedMessage(request.method, url, request.headers)


class NonceRegistry:
    """Nonces seen within the acceptance window, oldest first."""

    def __init__(self, window_seconds: float) -> None:
        self._window = window_seconds
        self._seen: set[tuple[str, str]] = set()
        self._order: collections.deque[tuple[float, tuple[str, str]]] = collections.deque()

    def add(self, key: tuple[str, str], now: float) -> bool:
        """Record ``key``; False when it was already seen (a replay)."""
        while self._order and self._order[0][0] <= now:
            self._seen.discard(self._order.popleft()[1])
        if key in self._seen:
            return False
        self._seen.add(key)
        self._order.append((now + self._window, key))
        return True

    def __len__(self) -> int:
        return len(self._seen)


class RequestAuthenticator:
    def __init__(self, storage: RelayStorage) -> None:
        self._storage = storage
        self._keys: dict[str, tuple[DeviceRecord, Ed25519PublicKey]] = {}
        # A signature is acceptable while created ∈ [now - skew, now + skew],
        # so its nonce must be remembered for 2 × skew from first sight.
        self._nonces = NonceRegistry(2 * MAX_SKEW_SECONDS)

    async def load_recent_nonces(self) -> None:
        """After a restart, refuse replays of requests the previous run accepted."""
        now = time.time()
        for key_id, nonce, _expires in await self._storage.recent_nonces(int(now * 1000)):
            self._nonces.add((key_id, nonce), now)

    async def authenticate(self, request: Request, body: bytes | None) -> DeviceRecord:
        """The registered device that signed ``request``; ``body`` None means the
        caller checks the Content-Digest itself (a streamed upload)."""
        signature_input = request.headers.get("signature-input")
        if signature_input is None or "signature" not in request.headers:
            raise AuthenticationError("the request is not signed")
        key_id = _key_id(signature_input)
        device, public_key = await self._device_key(key_id)
        verifier = _Verifier(
            signature_algorithm=algorithms.ED25519,
            key_resolver=MappingKeyResolver(public_keys={key_id: public_key}, private_keys={}),
        )
        try:
            results = verifier.verify(
                _message(request),
                # max_age 0 plus the skew tolerance: created may be at most
                # MAX_SKEW_SECONDS in the past (and in the future).
                max_age=datetime.timedelta(0),
                expect_tag=SIGNATURE_TAG,
                expect_label=SIGNATURE_LABEL,
                require_components=COVERED_COMPONENTS,
                body=body,
            )
        except (InvalidSignature, HTTPMessageSignaturesException) as exc:
            raise AuthenticationError(f"signature rejected: {exc}") from exc
        nonce = results[0].nonce
        if not nonce or len(nonce) > _MAX_NONCE_LENGTH:
            raise AuthenticationError("the signature carries no usable nonce")
        now = time.time()
        if not self._nonces.add((key_id, nonce), now):
            raise AuthenticationError("replayed signature")
        await self._storage.remember_nonce(
            key_id, nonce, int((now + 2 * MAX_SKEW_SECONDS) * 1000)
        )
        return device

    def forget(self, device_id: str) -> None:
        self._keys.pop(device_id, None)

    async def _device_key(self, key_id: str) -> tuple[DeviceRecord, Ed25519PublicKey]:
        cached = self._keys.get(key_id)
        if cached is not None:
            return cached
        device = await self._storage.device(key_id)
        if device is None:
            raise AuthenticationError("unknown key id")
        public_key = Ed25519PublicKey.from_public_bytes(decode_unpadded_base64(device.ed25519_key))
        self._keys[key_id] = (device, public_key)
        return device, public_key


def _key_id(signature_input: str) -> str:
    try:
        parsed: Any = http_sf.parse(signature_input.encode(), tltype="dictionary")
        _components, params = parsed[SIGNATURE_LABEL]
        key_id = params["keyid"]
    except Exception as exc:  # any malformed header is simply "not signed by us"
        raise AuthenticationError("malformed Signature-Input") from exc
    if not isinstance(key_id, str) or not 0 < len(key_id) <= 64:
        raise AuthenticationError("malformed key id")
    return key_id
