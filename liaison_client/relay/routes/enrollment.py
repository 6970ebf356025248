"""Enrollment tokens, read only: ``POST /v1/enrollment/check``.

Why this exists (issue 11, item 3): the token fixes the officer's agency, so the
first-run wizard asks for relay and token first and shows the agency the relay
will enroll the device for, read only, instead of letting the officer type a
free-text agency that only fails (``agency_mismatch``) after the passphrase step.

The check spends nothing and tells nothing a token holder cannot already learn:
registering with the token reveals the same agency. It is unsigned (no device
exists yet) and answers an unusable token exactly as registration does
(``token_refused``: unknown, spent, expired or revoked, deliberately not told
which); tokens are 256-bit random, so the route is no guessing oracle, and its
refusals count in the same ``token_refused`` metric and the per-peer refusal
throttle as registration's. The token travels in the body, never in the URL
(URLs end up in access logs).
"""

from __future__ import annotations

import time

from fastapi import APIRouter

from liaison_client.protocol.signed_payloads import token_sha256
from liaison_client.relay.api_models import TokenAgencyOut, TokenCheck
from liaison_client.relay.context import Relay
from liaison_client.relay.http_errors import ErrorBody, RelayHTTPError

router = APIRouter(prefix="/v1/enrollment", tags=["devices"])


@router.post(
    "/check", response_model=TokenAgencyOut, operation_id="check_enrollment_token",
    responses={400: {"model": ErrorBody, "description": "the body is not JSON"},
               403: {"model": ErrorBody, "description": "enrollment token refused"},
               413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def check_enrollment_token(check: TokenCheck, context: Relay) -> TokenAgencyOut:
    """The agency a device registered with this token would get; spends nothing."""
    agency = await context.storage.usable_token_agency(token_sha256(check.token),
                                                       time.time_ns() // 1_000_000)
    if agency is None:
        context.metrics.refusals.labels("token_refused").inc()
        raise RelayHTTPError(403, "token_refused", "the enrollment token is unknown, spent or "
                             "expired: ask the relay administrator for a new one")
    return TokenAgencyOut(agency=agency)
