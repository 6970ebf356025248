"""The relay's parts, built once per app and reached by handlers through a dependency."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from liaison_client.relay.authentication import (
    AuthenticationError,
    DeviceRevokedError,
    RequestAuthenticator,
    SignedParts,
)
from liaison_client.relay.blob_files import BlobFiles
from liaison_client.relay.config import RelayConfig
from liaison_client.relay.disk_reserve import DiskReserve
from liaison_client.relay.http_errors import RelayHTTPError
from liaison_client.relay.metrics import RelayMetrics
from liaison_client.relay.rate_limit import TokenBuckets
from liaison_client.relay.refusal_throttle import LogBudget
from liaison_client.relay.storage import DeviceRecord, RelayStorage
from liaison_client.relay.wakeups import QueueWakeups

_log = logging.getLogger("liaison.relay")
#: Refusal log lines: at most 20 per 10 s; the next logged line counts the rest
#: (``refusals_not_logged``); the metrics count every refusal.
_REFUSAL_LOG = LogBudget(20, 10.0)


@dataclass
class RelayContext:
    config: RelayConfig
    storage: RelayStorage
    authenticator: RequestAuthenticator
    rate_limits: TokenBuckets
    wakeups: QueueWakeups
    metrics: RelayMetrics
    blobs: BlobFiles
    #: One-time-key claims per (claimer, target) pair and per claimer.
    claims_per_target: TokenBuckets
    claims_per_claimer: TokenBuckets
    #: The free space kept on the data directory's file system.
    disk_reserve: DiskReserve

    def require_disk_room(self, incoming_bytes: int, what: str) -> None:
        """Refuse with 507 ``relay_storage_full`` a write that would eat into the reserve."""
        if not self.disk_reserve.allows(incoming_bytes):
            self.metrics.refusals.labels("relay_storage_full").inc()
            raise RelayHTTPError(507, "relay_storage_full",
                                 f"the relay is low on disk space and accepts no {what} "
                                 "now; tell its administrator")

    def charge(self, device_id: str, cost: int) -> None:
        """Take ``cost`` from the device's bucket, or refuse with 429 and Retry-After."""
        retry_after = self.rate_limits.take(device_id, cost)
        if retry_after is not None:
            self.metrics.refusals.labels("rate_limited").inc()
            raise RelayHTTPError(
                429, "rate_limited", f"too many requests: retry after {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )


    def charge_claim(self, claimer: str, target: str) -> None:
        """Count a one-time-key claim against both limits, or refuse with 429
        before a key is taken (a refused claim costs the target nothing)."""
        pair = self.claims_per_target.take(f"{claimer}\n{target}", 1)
        overall = None if pair is not None else self.claims_per_claimer.take(claimer, 1)
        retry_after = pair or overall
        if retry_after is not None:
            self.metrics.refusals.labels("claims_limited").inc()
            raise RelayHTTPError(
                429, "rate_limited",
                f"too many key claims: retry after {retry_after} s",
                headers={"Retry-After": str(retry_after)})


async def relay_context(request: Request) -> RelayContext:
    # async: a plain def dependency would cost a thread-pool hop on every request.
    context = request.app.state.relay
    assert isinstance(context, RelayContext)
    return context


async def authenticate(
    context: RelayContext, parts: SignedParts, path: str, body: bytes | None,
    *, write_follows: bool = False,
) -> DeviceRecord:
    """The signing device, charged one request; 401 or 429 otherwise.

    ``path`` is the decoded path, for the refusal's log line only;
    ``write_follows`` as for :meth:`RelayStorage.remember_nonce`.
    """
    try:
        device = await context.authenticator.authenticate_parts(
            parts, body, write_follows=write_follows)
    except DeviceRevokedError as exc:
        context.metrics.refusals.labels("device_revoked").inc()
        raise RelayHTTPError(403, "device_revoked", str(exc)) from exc
    except AuthenticationError as exc:
        context.metrics.refusals.labels("unauthenticated").inc()
        log_it, left_out = _REFUSAL_LOG.allow()
        if log_it:
            _log.info("request refused", extra={"fields": {
                "reason": str(exc)[:200], "method": parts.method, "path": path[:200],
                **({"refusals_not_logged": left_out} if left_out else {})}})
        raise RelayHTTPError(401, "unauthenticated", str(exc)) from exc
    context.charge(device.device_id, 1)
    return device


async def _authenticate(
    request: Request, context: RelayContext, body: bytes | None
) -> DeviceRecord:
    return await authenticate(context, SignedParts.from_request(request), request.url.path, body)


Relay = Annotated[RelayContext, Depends(relay_context)]


async def signed_device(request: Request, context: Relay) -> DeviceRecord:
    """The device whose RFC 9421 signature covers this request and its whole body."""
    return await _authenticate(request, context, await request.body())


async def signed_device_streamed_body(request: Request, context: Relay) -> DeviceRecord:
    """As :func:`signed_device`, for a body still to be streamed: the signed
    Content-Digest is checked by the handler against the bytes as they arrive."""
    return await _authenticate(request, context, None)


SignedDevice = Annotated[DeviceRecord, Depends(signed_device)]
StreamedSignedDevice = Annotated[DeviceRecord, Depends(signed_device_streamed_body)]


def require_self(device: DeviceRecord, device_id: str) -> None:
    """A device may act only on its own queue and keys (403 otherwise)."""
    if device.device_id != device_id:
        raise RelayHTTPError(403, "forbidden", "a device may only act on its own queue and keys")


#: OpenAPI ``responses`` shared by signed routes.
SIGNED_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"description": "body is not JSON (or a semantic refusal named in the error)"},
    401: {"description": "missing, invalid, stale or replayed signature"},
    413: {"description": "request body too large"},
    422: {"description": "malformed request"},
    429: {"description": "rate limited; see Retry-After"},
    503: {"description": "the relay's database is unreachable for now; retry (Retry-After)"},
}
