"""``RelayClient``: every relay call the desktop client makes, typed.

One ``requests.Session`` per client (see :mod:`liaison_client.net.transport`).
Calls that may safely be repeated (sending envelopes with their ids,
fetching, acknowledging up to a cursor, publishing keys) are retried with
exponential backoff and jitter on connection failures, timeouts, 5xx and
short 429s, each attempt signed anew. Registration and key claims are not
repeated: a repeat would spend a token use or a second one-time key.
"""

from __future__ import annotations

import hashlib
import json
import random
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import quote

import requests

from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.net import wire
from liaison_client.net.errors import (
    AgencyMismatchError,
    AttachmentQuotaError,
    EnrollmentRefusedError,
    ForgedKeyError,
    RateLimitedError,
    RelayProtocolError,
    RelayRefusedError,
    RelayStorageFullError,
    RelayTLSError,
    RelayUnavailableError,
)
from liaison_client.net.message_signatures import RawSigner, RequestSigner
from liaison_client.net.transport import (
    CONNECT_TIMEOUT_SECONDS,
    READ_TIMEOUT_SECONDS,
    build_session,
)
from liaison_client.progress import ByteProgress, ProgressReader, monotonic
from liaison_client.protocol.delivery import DeliveryState
from liaison_client.protocol.device_profile import SignedProfile
from liaison_client.protocol.http_signatures import content_digest_header, decode_unpadded_base64
from liaison_client.protocol.signed_payloads import (
    key_payload,
    registration_payload,
    relay_origin,
    token_sha256,
)

_RETRYABLE_STATUS = frozenset({500, 502, 503, 504})
_CHUNK = 64 * 1024


def identity_signer(identity: DeviceIdentity) -> RawSigner:
    """Sign with the vodozemac Account, returning raw signature bytes."""
    return lambda message: decode_unpadded_base64(identity.sign(message))


class RelayClient:
    def __init__(
        self,
        base_url: str,
        *,
        ca_pem: str | None = None,
        device_id: str | None = None,
        signer: RawSigner | None = None,
        attempts: int = 4,
        backoff_seconds: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"relay URL must start with https:// (got {base_url!r})")
        self.base_url = base_url.rstrip("/")
        self.device_id = device_id
        self._session = build_session(ca_pem)
        self._auth = (RequestSigner(device_id, signer)
                      if device_id is not None and signer is not None else None)
        self._attempts = max(1, attempts)
        self._backoff = backoff_seconds
        self._sleep = sleep

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> RelayClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- registration and keys ---------------------------------------------

    def enrollment_token_agency(self, token: str) -> str | None:
        """The agency the relay would enroll a device for with ``token``, spending
        nothing (``POST /v1/enrollment/check``); None from a relay older than that
        route (404), which can only tell at registration.

        Only shown to the officer before registering, never trusted: the agency the
        device is enrolled for is checked again against the registration's answer.
        """
        try:
            answer = self._call("POST", "/v1/enrollment/check", json_body={"token": token},
                                signed=False)
        except RelayRefusedError as exc:
            if exc.error == "token_refused":
                raise EnrollmentRefusedError(exc.status, exc.error, exc.relay_message) from exc
            if exc.status == 404:
                return None
            raise
        agency = answer.get("agency") if isinstance(answer, dict) else None
        if not isinstance(agency, str) or not agency.strip():
            raise RelayProtocolError("relay answered the enrollment check without an agency")
        return agency

    def register(self, token: str, identity: DeviceIdentity, device_id: str,
                 profile: SignedProfile | None = None) -> wire.DeviceInfo:
        """Create this device on the relay with an enrollment token (not retried),
        with the officer's signed name when ``profile`` is given."""
        payload = registration_payload(
            origin=relay_origin(self.base_url), token_hash=token_sha256(token),
            device_id=device_id, ed25519_key=identity.ed25519_key,
            curve25519_key=identity.curve25519_key,
        )
        body: dict[str, Any] = {
            "token": token, "device_id": device_id, "ed25519_key": identity.ed25519_key,
            "curve25519_key": identity.curve25519_key, "signature": identity.sign(payload)}
        if profile is not None:
            body["profile"] = profile.to_json()
        try:
            response = self._call("POST", "/v1/devices", json_body=body, signed=False,
                                  idempotent=False)
        except RelayRefusedError as exc:
            if exc.error == "token_refused":
                raise EnrollmentRefusedError(exc.status, exc.error, exc.relay_message) from exc
            if exc.error == "agency_mismatch":
                raise AgencyMismatchError(exc.status, exc.error, exc.relay_message) from exc
            raise
        return wire.parse_device(response)

    def publish_keys(
        self, one_time_keys: Sequence[tuple[str, str, str]],
        fallback_key: tuple[str, str, str] | None = None,
    ) -> int:
        """Upload signed (key_id, key, signature) triples; returns the unclaimed count."""
        body: dict[str, Any] = {"one_time_keys": [
            {"key_id": i, "key": k, "signature": s} for i, k, s in one_time_keys]}
        if fallback_key is not None:
            i, k, s = fallback_key
            body["fallback_key"] = {"key_id": i, "key": k, "signature": s}
        response = self._call("PUT", f"/v1/devices/{self._own_id()}/keys", json_body=body)
        return wire.field(response, "one_time_keys", int)

    def device(self, device_id: str) -> wire.DeviceInfo:
        return wire.parse_device(self._call("GET", f"/v1/devices/{quote(device_id, safe='')}"))

    def replace_profile(self, profile: SignedProfile) -> wire.DeviceInfo:
        """Publish a newer signed profile of this device (not retried: a repeat of an
        accepted one is refused as stale)."""
        return wire.parse_device(self._call("PUT", f"/v1/devices/{self._own_id()}/profile",
                                            json_body=profile.to_json(), idempotent=False))

    def list_devices(self, *, cursor: str | None = None, limit: int = 100,
                     agency: str | None = None, query: str | None = None) -> wire.DevicePage:
        """One page of the relay's directory (device id order); profiles *unverified*."""
        params = {"limit": str(limit)}
        for name, value in (("cursor", cursor), ("agency", agency), ("q", query)):
            if value is not None:
                params[name] = value
        return wire.parse_device_page(self._call("GET", "/v1/devices", params=params))

    def claim_key(self, device_id: str, ed25519_key: str) -> wire.ClaimedKey:
        """Claim one of ``device_id``'s keys and check it is signed by ``ed25519_key``
        (which the caller got from a verified source, not from the relay alone)."""
        claimed = wire.parse_claimed_key(self._call(
            "POST", f"/v1/devices/{quote(device_id, safe='')}/keys/claim", idempotent=False))
        payload = key_payload(device_id=device_id, key_id=claimed.key_id, key=claimed.key,
                              fallback=claimed.fallback)
        if claimed.device_id != device_id or not verify_signature(
                ed25519_key, payload, claimed.signature):
            raise ForgedKeyError(f"the relay handed out a key for {device_id} that this device "
                                 "did not sign: refusing it")
        return claimed

    # -- envelopes ---------------------------------------------------------

    def send(self, envelopes: Sequence[wire.OutgoingEnvelope]) -> list[wire.AcceptedEnvelope]:
        """Hand a batch to the relay; when this returns, it is stored durably."""
        body = {"envelopes": [e.to_json() for e in envelopes]}
        return wire.parse_accepted(self._call("POST", "/v1/envelopes", json_body=body))

    def fetch(self, after: int = 0, *, wait: float = 0, limit: int = 100) -> wire.FetchedPage:
        """Pending envelopes after ``after``; waits up to ``wait`` s when there are none."""
        params = {"after": str(after), "wait": f"{wait:g}", "limit": str(limit)}
        response = self._call("GET", f"/v1/devices/{self._own_id()}/envelopes", params=params,
                              read_timeout=wait + READ_TIMEOUT_SECONDS)
        return wire.parse_page(response)

    def acknowledge(self, cursor: int) -> int:
        response = self._call("POST", f"/v1/devices/{self._own_id()}/envelopes/ack",
                              json_body={"cursor": cursor})
        return wire.field(response, "acknowledged", int)

    def delivery_states(
        self, envelope_ids: Sequence[str]
    ) -> dict[str, dict[str, DeliveryState]]:
        return wire.parse_states(self._call("POST", "/v1/envelopes/states",
                                            json_body={"ids": list(envelope_ids)}))

    # -- attachments -------------------------------------------------------

    def upload_blob(self, path: Path, *, ttl_seconds: int | None = None,
                    progress: ByteProgress | None = None) -> wire.BlobInfo:
        """Stream an (already encrypted) file to the relay under its SHA-256.

        ``progress`` hears ``(bytes sent, file size)`` as the HTTP library reads
        the file onto the socket; it never goes backwards, also across a retry.
        """
        digest = hashlib.sha256()
        with path.open("rb") as source:
            for chunk in iter(lambda: source.read(_CHUNK), b""):
                digest.update(chunk)
        sha256 = digest.hexdigest()
        params = {} if ttl_seconds is None else {"ttl_seconds": str(ttl_seconds)}
        size = path.stat().st_size
        report = None if progress is None else monotonic(progress)

        def body() -> BinaryIO:
            # A sized file object: requests streams it with its Content-Length (a
            # generator would be sent chunked), opened anew for each attempt.
            source = path.open("rb")
            if report is None:
                return source
            # requests only reads it, sizes it and iterates it: all a ProgressReader does.
            return cast(BinaryIO, ProgressReader(source, size, report))

        headers = {"Content-Type": "application/octet-stream",
                   "Content-Digest": content_digest_header(digest.digest())}
        response = self._call("PUT", f"/v1/blobs/{sha256}", params=params,
                              data=body, headers=headers)
        return wire.parse_blob(response)

    def download_blob(self, sha256: str, destination: Path) -> int:
        """Stream blob ``sha256`` into ``destination``; refuses bytes that do not hash to it."""
        response = self._send("GET", f"/v1/blobs/{sha256}", stream=True)
        digest = hashlib.sha256()
        size = 0
        partial = destination.with_name(destination.name + ".partial")
        try:
            with partial.open("wb") as out:
                for chunk in response.iter_content(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                raise RelayProtocolError("the downloaded attachment does not match its hash")
            partial.replace(destination)
        finally:
            response.close()
            partial.unlink(missing_ok=True)
        return size

    # -- plumbing ------------------------------------------------------------

    def _own_id(self) -> str:
        if self.device_id is None or self._auth is None:
            raise ValueError("this call needs a registered device id and its signing key")
        return quote(self.device_id, safe="")

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._send(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise RelayProtocolError(f"relay answered {method} {path} with non-JSON") from exc

    def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, str] | None = None,
        data: Callable[[], BinaryIO] | None = None,
        headers: dict[str, str] | None = None,
        signed: bool = True,
        idempotent: bool = True,
        stream: bool = False,
        read_timeout: float = READ_TIMEOUT_SECONDS,
    ) -> requests.Response:
        url = self.base_url + path
        all_headers = dict(headers or {})
        body: bytes | None = None
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":")).encode()
            all_headers["Content-Type"] = "application/json"
        attempts = self._attempts if idempotent else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            stream_body = None if data is None else data()
            try:
                response = self._session.request(
                    method, url, params=params, headers=all_headers,
                    data=body if stream_body is None else stream_body,
                    auth=self._auth if signed else None,
                    timeout=(CONNECT_TIMEOUT_SECONDS, read_timeout), stream=stream,
                )
            except requests.exceptions.SSLError as exc:
                raise RelayTLSError(f"the relay at {self.base_url} presented a certificate "
                                    f"this profile does not trust: {_reason(exc)}") from exc
            except (requests.ConnectionError, requests.Timeout) as exc:
                if last:
                    raise RelayUnavailableError(
                        f"the relay at {self.base_url} is unreachable ({_reason(exc)})"
                    ) from exc
                self._pause(attempt)
                continue
            finally:
                if stream_body is not None:
                    stream_body.close()
            if response.status_code < 400:
                return response
            if response.status_code in _RETRYABLE_STATUS and not last:
                response.close()
                self._pause(attempt)
                continue
            if response.status_code == 429:
                retry_after = _retry_after(response)
                if not last and retry_after <= 5:
                    response.close()
                    self._sleep(retry_after)
                    continue
            raise _refusal(response, self.base_url)
        raise AssertionError("unreachable: the loop returns or raises")

    def _pause(self, attempt: int) -> None:
        # Exponential backoff with full jitter (AWS Architecture Blog, 2015).
        self._sleep(random.uniform(0, self._backoff * 2**attempt))  # noqa: S311


def _reason(exc: BaseException) -> str:
    """The root cause in a few words ("connection refused", "timed out"), not
    the chain of urllib3 wrappers that ``str(exc)`` would print."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return f"TLS certificate not trusted: {current.verify_message}"
        if isinstance(current, TimeoutError | socket.timeout):
            return "timed out"
        if isinstance(current, OSError) and current.strerror:
            return current.strerror[0].lower() + current.strerror[1:]
        current = _cause_of(current)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def _cause_of(exc: BaseException) -> BaseException | None:
    reason = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    if exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc.__cause__ or exc.__context__


def _retry_after(response: requests.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


def _refusal(response: requests.Response, base_url: str) -> Exception:
    status = response.status_code
    try:
        body = response.json()
        error, message = str(body["error"]), str(body["message"])
    except (ValueError, KeyError, TypeError):
        error, message = "http_error", response.reason or "no reason given"
    finally:
        response.close()
    if status >= 500 and status != 507:
        return RelayUnavailableError(f"the relay at {base_url} failed ({status}): {message}")
    if status == 429:
        return RateLimitedError(status, error, message, _retry_after(response))
    if error == "attachment_quota_full":
        return AttachmentQuotaError(status, error, message)
    if error == "relay_storage_full":
        return RelayStorageFullError(status, error, message)
    return RelayRefusedError(status, error, message)
