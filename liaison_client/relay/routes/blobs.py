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
    SignedDevice,
    StreamedSignedDevice,
)
from liaison_client.relay.http_errors import ErrorBody, RelayHTTPError
from liaison_client.relay.storage import BlobRecord

router = APIRouter(prefix="/v1/blobs", tags=["blobs"])

Sha256Path = Annotated[str, Path(pattern=SHA256_PATTERN,
                                 description="lower-case hex SHA-256 of the blob")]


@router.put(
    "/{sha256}", status_code=201, response_model=BlobOut,
    responses={**SIGNED_RESPONSES,
               413: {"model": ErrorBody, "description": "larger than the attachment cap"},
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
    the bytes must hash to it; otherwise nothing is kept.
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
    try:
        size = await context.blobs.receive(request.stream(), sha256, limits.max_blob_bytes)
    except BlobTooLargeError as exc:
        raise RelayHTTPError(413, "blob_too_large", str(exc)) from exc
    except BlobDigestMismatchError as exc:
        raise RelayHTTPError(422, "digest_mismatch", str(exc)) from exc
    ttl = min(ttl_seconds or limits.default_ttl_seconds, limits.max_ttl_seconds)
    record = BlobRecord(sha256=sha256, size=size,
                        expires_at_ms=time.time_ns() // 1_000_000 + ttl * 1000)
    await context.storage.add_blob(record, device.device_id)
    context.metrics.blob_bytes.inc(size)
    return BlobOut(sha256=sha256, size=size, expires_at_ms=record.expires_at_ms)


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
