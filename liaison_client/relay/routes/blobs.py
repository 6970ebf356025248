"""Encrypted attachments: ``PUT``/``GET /v1/blobs/{sha256}``, streamed both ways."""

from __future__ import annotations

import base64
import time
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse

from liaison_client.protocol.limits import SHA256_PATTERN
from liaison_client.relay.api_models import BlobOut
from liaison_client.relay.blob_files import BlobDigestMismatchError, BlobTooLargeError
from liaison_client.relay.context import (
    SIGNED_RESPONSES,
    Relay,
    RelayContext,
    SignedDevice,
    StreamedSignedDevice,
)
from liaison_client.relay.http_errors import ErrorBody, RelayHTTPError
from liaison_client.relay.storage import BlobQuotaError, BlobRecord

router = APIRouter(prefix="/v1/blobs", tags=["blobs"])

Sha256Path = Annotated[str, Path(pattern=SHA256_PATTERN,
                                 description="lower-case hex SHA-256 of the blob")]


@router.put(
    "/{sha256}", status_code=201, response_model=BlobOut,
    responses={**SIGNED_RESPONSES,
               413: {"model": ErrorBody, "description": "larger than the attachment cap "
                     "(``blob_too_large``), or beyond the device's attachment quota "
                     "(``attachment_quota_full``)"},
               507: {"model": ErrorBody, "description": "the relay keeps its last free "
                     "disk space (``relay_storage_full``)"},
               422: {"model": ErrorBody, "description": "the bytes do not hash to the address"}},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
)
async def upload_blob(
    request: Request,
    sha256: Sha256Path,
    device: StreamedSignedDevice,
    context: Relay,
    ttl_seconds: Annotated[int | None, Query(ge=1, le=365 * 86_400)] = None,
) -> BlobOut:
    """Store an encrypted attachment under its SHA-256, streamed to disk.

    The signed ``Content-Digest`` must name the same SHA-256 as the path, and
    the bytes must hash to it; otherwise nothing is kept. The device's quota
    and the relay's free-disk reserve are checked on the declared length before
    a byte is read, and the quota again with the real size in the transaction
    that records the blob (issue 10, item 4).
    """
    limits = context.config.limits
    expected_digest = f"sha-256=:{base64.b64encode(bytes.fromhex(sha256)).decode()}:"
    if request.headers.get("content-digest") != expected_digest:
        raise RelayHTTPError(422, "digest_mismatch",
                             "Content-Digest must be the sha-256 named in the path")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_blob_bytes:
        raise RelayHTTPError(413, "blob_too_large",
                             f"attachments are limited to {limits.max_blob_bytes} bytes")
    expected = int(declared) if declared is not None and declared.isdigit() else 1
    now_ms = time.time_ns() // 1_000_000
    known = await context.storage.blob(sha256, now_ms) is not None
    if not known:
        await _check_room(context, device.device_id, expected, now_ms)
    try:
        size = await context.blobs.receive(request.stream(), sha256, limits.max_blob_bytes)
    except BlobTooLargeError as exc:
        raise RelayHTTPError(413, "blob_too_large", str(exc)) from exc
    except BlobDigestMismatchError as exc:
        raise RelayHTTPError(422, "digest_mismatch", str(exc)) from exc
    ttl = min(ttl_seconds or limits.default_ttl_seconds, limits.max_ttl_seconds)
    now_ms = time.time_ns() // 1_000_000
    record = BlobRecord(sha256=sha256, size=size, expires_at_ms=now_ms + ttl * 1000)
    try:
        await context.storage.add_blob(record, device.device_id,
                                       limits.max_blob_bytes_per_device, now_ms)
    except BlobQuotaError as exc:
        # The real size did not fit (a chunked upload declares none) or another
        # upload of this device got in first. The file goes unless a record
        # (anyone's, same bytes) now owns it.
        if await context.storage.blob(sha256, now_ms) is None:
            context.blobs.remove(sha256)
        raise _quota_full(context, exc) from exc
    context.metrics.blob_bytes.inc(size)
    return BlobOut(sha256=sha256, size=size, expires_at_ms=record.expires_at_ms)


async def _check_room(context: RelayContext, device_id: str, size: int, now_ms: int) -> None:
    """Refuse an upload of ``size`` bytes beyond the device's quota or the disk reserve."""
    limits = context.config.limits
    stored = await context.storage.blob_bytes(device_id, now_ms)
    if stored + size > limits.max_blob_bytes_per_device:
        raise _quota_full(context, BlobQuotaError(stored, limits.max_blob_bytes_per_device))
    context.require_disk_room(size, "attachments")


def _quota_full(context: RelayContext, exc: BlobQuotaError) -> RelayHTTPError:
    context.metrics.refusals.labels("attachment_quota_full").inc()
    return RelayHTTPError(
        413, "attachment_quota_full",
        f"{exc}; older attachments free their space when they expire")


@router.get(
    "/{sha256}", response_class=FileResponse,
    responses={**SIGNED_RESPONSES, 404: {"model": ErrorBody},
               200: {"content": {"application/octet-stream": {
                   "schema": {"type": "string", "format": "binary"}}}}},
)
async def download_blob(
    sha256: Sha256Path,
    _device: SignedDevice,
    context: Relay,
) -> FileResponse:
    """Stream an attachment to any enrolled device (it is end-to-end encrypted)."""
    record = await context.storage.blob(sha256, time.time_ns() // 1_000_000)
    path = context.blobs.path(sha256)
    if record is None or not path.is_file():
        raise RelayHTTPError(404, "unknown_blob", "no such attachment (or it has expired)")
    return FileResponse(path, media_type="application/octet-stream")
