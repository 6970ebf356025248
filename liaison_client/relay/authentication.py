"""Who is asking: RFC 9421 signature verification and replay refusal.

Each request must carry the signature described in
:mod:`liaison_client.protocol.http_signatures`: label ``liaison``, tag
``liaison-relay-v1``, exactly the components ``@method @path @query
content-digest``, parameters ``created``, ``keyid``, ``nonce`` and
``alg="ed25519"``. Verification follows RFC 9421 §3.2:

1. parse ``Signature-Input`` and ``Signature`` as Structured Field
   dictionaries (RFC 8941, with ``http-sf``) and take the ``liaison`` member.
   Fields in the exact serialization RFC 8941 §4.1 produces for the profile
   (which is what every client sends) are read by two anchored regular
   expressions instead, which accept only text that ``http-sf`` parses to the
   same values (``tests/relay/test_authentication_parsing.py`` proves it
   against the library); anything else goes to ``http-sf``. The general parse
   cost ~40 µs, a sixth of a whole request;
2. check the covered components and parameters are exactly the profile's and
   ``created`` is within :data:`MAX_SKEW_SECONDS` of the relay's clock;
3. rebuild the signature base from the request as received (§2.2.1 method,
   §2.2.6 path, §2.2.7 query, §2.1 the ``content-digest`` field) and the
   re-serialised parameters (§2.3), and verify the Ed25519 signature
   (§3.3.6, RFC 8032 §5.1.7) with the key the device registered. The key is
   parsed once per device and kept as a vodozemac ``Ed25519PublicKey`` (Rust
   ``ed25519-dalek``, audited with vodozemac): ~55 µs a verification here
   against ~80 µs for PyNaCl's, on a path every request takes. Registration
   still proves the key with libsodium, which refuses small-order keys, so
   no key that libsodium would refuse is ever cached here;
4. check ``Content-Digest`` (RFC 9530) is the SHA-256 of the body received;
5. accept each nonce once. Nonces are kept in memory for twice the skew
   window and written through the storage's ordered writer, so a request
   whose effects survived a crash also has its nonce on disk, and a replay
   after a restart is refused too.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import math
import re
import secrets
import time
from typing import Any, NamedTuple

import http_sf
import vodozemac
from starlette.requests import Request
from starlette.types import Scope

from liaison_client.protocol.http_signatures import (
    COVERED_COMPONENTS,
    MAX_SKEW_SECONDS,
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
    content_digest_header,
    signature_base,
)
from liaison_client.relay.revocations import RevocationSignal
from liaison_client.relay.storage import DeviceRecord, RelayStorage, ReplayedNonceError

_MAX_NONCE_LENGTH = 64
_MAX_HEADER_LENGTH = 2048
#: Printable ASCII without '"' and '\\': serialises as an RFC 8941 string verbatim.
_PLAIN_STRING = re.compile(r'[ !#-\[\]-~]*')
_REQUIRED_PARAMS = {"created": int, "keyid": str, "nonce": str, "tag": str}
_OPTIONAL_PARAMS = {"alg": str}

#: RFC 8941 §4.1 serialization of ``liaison=(<the profile's components>)<params>``
#: with integer (§3.3.1, non-negative) and plain-string (§3.3.3) parameters.
_CANONICAL_SIGNATURE_INPUT = re.compile(
    re.escape(SIGNATURE_LABEL + "=(" + " ".join(f'"{c}"' for c in COVERED_COMPONENTS) + ")")
    + r'((?:;[a-z*][a-z0-9_.*-]*=(?:[0-9]{1,15}|"[ !#-\[\]-~]*"))*)'
)
_CANONICAL_PARAMETER = re.compile(r';([a-z*][a-z0-9_.*-]*)=(?:([0-9]{1,15})|"([ !#-\[\]-~]*)")')
#: RFC 8941 §4.1.8: ``liaison=:<base64>:`` holding exactly an Ed25519 signature.
_CANONICAL_SIGNATURE = re.compile(
    re.escape(SIGNATURE_LABEL) + r"=:([A-Za-z0-9+/]{86}==):"
)


class AuthenticationError(Exception):
    """The request is not signed by a registered device (HTTP 401)."""


class DeviceRevokedError(AuthenticationError):
    """Signed by a device IT revoked (``liaison-relay revoke``): HTTP 403
    ``device_revoked``, so its officer is told why rather than "unauthenticated"."""


class NonceRegistry:
    """Nonces seen within the acceptance window, in bounded, compact memory.

    Each ``(key id, nonce)`` is kept as a 64-bit keyed BLAKE2b digest (RFC 7693;
    a random key per process, so no one can aim for a collision) in a set, and
    listed in the bucket of the whole second it expires in. That is ~90 bytes a
    nonce instead of ~390 for the tuple of strings, its deque entry and float
    (issue 10, item 10; ``tests/relay/test_nonce_memory.py``). The number held
    is bounded by the per-device rate limit times the window (10 minutes).
    A false "replay" needs two digests of the window to collide: with a million
    nonces held, about one chance in 2^44 per request, and the client re-signs
    with a fresh nonce on a retry anyway. A nonce is remembered up to one second
    longer than the window, never shorter.
    """

    def __init__(self, window_seconds: float) -> None:
        self._window = window_seconds
        self._key = secrets.token_bytes(16)
        self._seen: set[int] = set()
        #: (expiry, whole seconds since the epoch; the digests expiring then), oldest first.
        self._buckets: collections.deque[tuple[int, list[int]]] = collections.deque()

    def _digest(self, key: tuple[str, str]) -> int:
        data = f"{key[0]}\n{key[1]}".encode()
        return int.from_bytes(hashlib.blake2b(data, digest_size=8, key=self._key).digest(),
                              "little")

    def add(self, key: tuple[str, str], now: float) -> bool:
        """Record ``key``; False when it was already seen (a replay)."""
        buckets, seen = self._buckets, self._seen
        while buckets and buckets[0][0] <= now:
            seen.difference_update(buckets.popleft()[1])
        digest = self._digest(key)
        if digest in seen:
            return False
        seen.add(digest)
        expiry = math.ceil(now + self._window)
        if buckets and buckets[-1][0] == expiry:
            buckets[-1][1].append(digest)
        else:
            buckets.append((expiry, [digest]))
        return True

    def seen(self, key: tuple[str, str]) -> bool:
        """Whether ``key`` is remembered (a replay), without recording it."""
        return self._digest(key) in self._seen

    def __len__(self) -> int:
        return len(self._seen)


class SignedParts(NamedTuple):
    """What verification needs of a request, whichever framework received it."""

    method: str
    #: The path as sent (RFC 9421 §2.2.6), percent-encoding intact.
    raw_path: str
    #: The query string without its ``?``.
    query: str
    signature_input: str | None
    signature: str | None
    content_digest: str | None

    @classmethod
    def from_scope(cls, scope: Scope) -> SignedParts:
        """The parts from an ASGI scope, before any framework has seen it."""
        fields: dict[bytes, str] = {}
        for name, value in scope["headers"]:
            if name in (b"signature-input", b"signature", b"content-digest"):
                fields[name] = value.decode("latin-1")
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        return cls(scope["method"], raw_path.decode("latin-1"),
                   scope.get("query_string", b"").decode("latin-1"),
                   fields.get(b"signature-input"), fields.get(b"signature"),
                   fields.get(b"content-digest"))

    @classmethod
    def from_request(cls, request: Request) -> SignedParts:
        scope = request.scope
        raw_path = scope.get("raw_path") or scope["path"].encode()
        headers = request.headers
        return cls(request.method, raw_path.decode("latin-1"),
                   scope.get("query_string", b"").decode("latin-1"),
                   headers.get("signature-input"), headers.get("signature"),
                   headers.get("content-digest"))


class RequestAuthenticator:
    def __init__(self, storage: RelayStorage, clock: Any = time.time, *,
                 revocations: RevocationSignal | None = None,
                 on_revoked: Any = lambda _device_ids: None) -> None:
        self._storage = storage
        self._clock = clock
        self._keys: dict[str, tuple[DeviceRecord, vodozemac.Ed25519PublicKey]] = {}
        self._revocations = revocations
        #: Called with the newly revoked device ids (ends their long-polls).
        self._on_revoked = on_revoked
        self._revoked: frozenset[str] = frozenset()
        # A signature is acceptable while created ∈ [now - skew, now + skew],
        # so its nonce must be remembered for 2 × skew from first sight.
        self._nonces = NonceRegistry(2 * MAX_SKEW_SECONDS)

    async def load_revocations(self) -> None:
        """The revoked devices, from the storage (at start, and whenever the
        revocation signal changed)."""
        revoked = frozenset(await self._storage.revoked_devices())
        newly = revoked - self._revoked
        self._revoked = revoked
        if newly:
            self._on_revoked(newly)

    async def _refresh_revocations(self) -> None:
        if self._revocations is not None and self._revocations.changed():
            await self.load_revocations()

    def revoked(self, device_id: str) -> bool:
        return device_id in self._revoked

    async def load_recent_nonces(self) -> None:
        """After a restart, refuse replays of requests the previous run accepted."""
        now = self._clock()
        for key_id, nonce, _expires in await self._storage.recent_nonces(int(now * 1000)):
            self._nonces.add((key_id, nonce), now)

    async def authenticate(self, request: Request, body: bytes | None) -> DeviceRecord:
        """The registered device that signed ``request``; ``body`` None means the
        caller checks the Content-Digest itself (a streamed upload)."""
        return await self.authenticate_parts(SignedParts.from_request(request), body)

    async def authenticate_parts(
        self, parts: SignedParts, body: bytes | None, *, write_follows: bool = False
    ) -> DeviceRecord:
        """As :meth:`authenticate`, from the request's parts; ``write_follows``
        as for :meth:`RelayStorage.remember_nonce`."""
        device, params, digest, now = await self._verify_fields(parts)
        if body is not None and not content_digest_matches(digest, body):
            raise AuthenticationError("Content-Digest does not match the body")
        nonce = params["nonce"]
        if not self._nonces.add((device.device_id, nonce), now):
            raise AuthenticationError("replayed signature")
        try:
            await self._storage.remember_nonce(
                device.device_id, nonce, int((now + 2 * MAX_SKEW_SECONDS) * 1000),
                write_follows=write_follows)
        except ReplayedNonceError as exc:  # seen by another instance sharing the storage
            raise AuthenticationError("replayed signature") from exc
        return device

    async def check_before_body(self, parts: SignedParts) -> None:
        """Refuse, from the header fields alone, a request that cannot be
        authenticated whatever its body: unsigned, badly signed, unknown key,
        stale, or a nonce already used. Nothing is remembered: the request is
        authenticated in full (body digest, nonce) once its body is read.

        Why: the signature covers ``Content-Digest`` (RFC 9421 §2.1, RFC 9530),
        not the body, so it can be verified before a byte of the body is read;
        an unauthenticated client then cannot make the relay read or hold its
        body (issue 10, item 2; docs/RELAY.md, "Threats").
        """
        device, params, _digest, _now = await self._verify_fields(parts)
        if self._nonces.seen((device.device_id, params["nonce"])):
            raise AuthenticationError("replayed signature")

    async def _verify_fields(
        self, parts: SignedParts
    ) -> tuple[DeviceRecord, dict[str, Any], str, float]:
        """RFC 9421 §3.2 steps 1–3 on the header fields: the signing device, the
        signature's parameters, the signed Content-Digest and the time checked."""
        signature_input, signature_field = parts.signature_input, parts.signature
        if signature_input is None or signature_field is None:
            raise AuthenticationError("the request is not signed")
        params, signature = _parse_signature(signature_input, signature_field)
        now = self._clock()
        created = params["created"]
        if abs(now - created) > MAX_SKEW_SECONDS:
            raise AuthenticationError("signature created more than 5 minutes from the relay's "
                                      "clock: check the device clock")
        digest = parts.content_digest
        if digest is None:
            raise AuthenticationError("the request carries no Content-Digest")
        device, verify_key = await self._device_key(params["keyid"])
        await self._refresh_revocations()
        if device.device_id in self._revoked:
            raise DeviceRevokedError("this device was revoked by the relay's administrator")
        base = signature_base(
            [("@method", parts.method),
             ("@path", parts.raw_path),
             ("@query", "?" + parts.query),
             ("content-digest", digest.strip())],
            _serialize_params(params),
        )
        try:
            verify_key.verify_signature(base, vodozemac.Ed25519Signature.from_base64(signature))
        except (vodozemac.SignatureException, ValueError) as exc:
            raise AuthenticationError("signature does not verify") from exc
        return device, params, digest, now

    async def _device_key(
        self, key_id: str
    ) -> tuple[DeviceRecord, vodozemac.Ed25519PublicKey]:
        cached = self._keys.get(key_id)
        if cached is not None:
            return cached
        device = await self._storage.device(key_id)
        if device is None:
            raise AuthenticationError("unknown key id")
        # Stored as unpadded base64, checked at registration: vodozemac's own form.
        verify_key = vodozemac.Ed25519PublicKey.from_base64(device.ed25519_key)
        self._keys[key_id] = (device, verify_key)
        return device, verify_key


def content_digest_matches(field: str, body: bytes) -> bool:
    """RFC 9530 §2 with one member: the field is exactly ``sha-256=:<base64>:`` of ``body``.

    Stricter than the RFC (which allows several algorithms in one field): the
    relay profile sends exactly this, and comparing the serialisation saves
    parsing a structured field on every request.
    """
    expected = content_digest_header(hashlib.sha256(body).digest())
    return hmac.compare_digest(field.strip().encode(), expected.encode())


_COMPONENTS_TEXT = "(" + " ".join(f'"{c}"' for c in COVERED_COMPONENTS) + ")"


def _serialize_params(params: dict[str, Any]) -> str:
    """``@signature-params`` (RFC 9421 §2.3): the inner list with its parameters in
    the order received, serialised as RFC 8941 §4.1. Values were checked by
    :func:`_parse_signature` (integers, and strings without quote or backslash,
    which serialise as themselves in quotes)."""
    parts = [_COMPONENTS_TEXT]
    for name, value in params.items():
        parts.append(f"{name}={value}" if isinstance(value, int) else f'{name}="{value}"')
    return ";".join(parts)


def _parse_signature(
    signature_input: str, signature_field: str
) -> tuple[dict[str, Any], str]:
    """The ``liaison`` member of both fields, checked against the relay profile;
    the signature as padded base64, the form vodozemac reads."""
    if len(signature_input) > _MAX_HEADER_LENGTH or len(signature_field) > _MAX_HEADER_LENGTH:
        raise AuthenticationError("signature fields too long")
    canonical = _match_canonical_fields(signature_input, signature_field)
    if canonical is not None:
        params, signature_text = canonical
        # The expressions admit only plain strings and non-negative integers.
        return _check_parameters(params, values_checked=True), signature_text
    try:
        inputs: Any = http_sf.parse(signature_input.encode(), tltype="dictionary")
        signatures: Any = http_sf.parse(signature_field.encode(), tltype="dictionary")
        components, params = inputs[SIGNATURE_LABEL]
        signature = signatures[SIGNATURE_LABEL][0]
    except Exception as exc:  # any malformed field is simply "not signed by us"
        raise AuthenticationError("malformed signature fields") from exc
    if not isinstance(components, list) or tuple(
            c if isinstance(c, str) else None for c, _ in components) != COVERED_COMPONENTS \
            or any(component_params for _, component_params in components):
        raise AuthenticationError("the signature must cover exactly "
                                  + " ".join(COVERED_COMPONENTS))
    if not isinstance(params, dict) or not isinstance(signature, bytes):
        raise AuthenticationError("malformed signature fields")
    return _check_parameters(params), base64.b64encode(signature).decode()


def parse_canonical_fields(
    signature_input: str, signature_field: str
) -> tuple[dict[str, Any], bytes] | None:
    """The ``liaison`` parameters and signature when both fields are exactly in the
    profile's RFC 8941 serialization, else None (the caller then uses ``http-sf``).

    A match holds only the one dictionary member, the four components without
    parameters, and parameters that are non-negative integers or plain strings,
    each named once: precisely what ``http-sf`` would return for the same text.
    """
    canonical = _match_canonical_fields(signature_input, signature_field)
    if canonical is None:
        return None
    params, signature_text = canonical
    return params, base64.b64decode(signature_text, validate=True)


def _match_canonical_fields(
    signature_input: str, signature_field: str
) -> tuple[dict[str, Any], str] | None:
    """As :func:`parse_canonical_fields`, the signature left as its base64 text:
    the request path hands that text to vodozemac without decoding it twice."""
    inputs = _CANONICAL_SIGNATURE_INPUT.fullmatch(signature_input)
    signature = _CANONICAL_SIGNATURE.fullmatch(signature_field)
    if inputs is None or signature is None:
        return None
    params: dict[str, Any] = {}
    for name, integer, string in _CANONICAL_PARAMETER.findall(inputs.group(1)):
        if name in params:
            return None  # RFC 8941 §4.2.3.2: the last one wins; leave that to http-sf
        params[name] = int(integer) if integer else string
    return params, signature.group(1)


def _check_parameters(params: dict[str, Any], *, values_checked: bool = False) -> dict[str, Any]:
    """The profile's parameters, each of the right kind; ``values_checked`` says the
    caller's parse admitted only plain strings and non-negative integers already."""
    for name, kind in _REQUIRED_PARAMS.items():
        if not isinstance(params.get(name), kind) or isinstance(params.get(name), bool):
            raise AuthenticationError(f"the signature lacks a valid '{name}' parameter")
    for name in params:
        if name not in _REQUIRED_PARAMS and name not in _OPTIONAL_PARAMS:
            raise AuthenticationError(f"unexpected signature parameter '{name}'")
    if params.get("alg", "ed25519") != "ed25519":
        raise AuthenticationError("only alg=ed25519 is accepted")
    if params["tag"] != SIGNATURE_TAG:
        raise AuthenticationError(f"the signature is not tagged {SIGNATURE_TAG}")
    if not 0 < len(params["keyid"]) <= 64 or not 0 < len(params["nonce"]) <= _MAX_NONCE_LENGTH:
        raise AuthenticationError("malformed key id or nonce")
    if not values_checked and any(
            isinstance(v, str) and not _PLAIN_STRING.fullmatch(v) for v in params.values()):
        raise AuthenticationError("signature parameters must be plain ASCII strings")
    return params
