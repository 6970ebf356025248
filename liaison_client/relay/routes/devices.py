"""Registration, the key directory and the officer directory: ``/v1/devices``.

The listing (``GET /v1/devices``) is open to every enrolled device: the relay
is closed (only enrollment tokens create devices), so its devices are the
address book of the people allowed to talk on it, and a coordinator needs it
to invite someone. It serves public keys and self-signed profiles only,
which every reader verifies against the device key.
"""

from __future__ import annotations

import logging
import time
from typing import Annotated

import nacl.exceptions
import nacl.signing
from fastapi import APIRouter, Path, Query, Request

from liaison_client.protocol.http_signatures import decode_unpadded_base64
from liaison_client.protocol.limits import DEVICE_ID_PATTERN
from liaison_client.protocol.signed_payloads import (
    key_payload,
    profile_payload,
    registration_payload,
    relay_origin,
    token_sha256,
)
from liaison_client.relay.api_models import (
    ClaimedKeyOut,
    DeviceList,
    DeviceListQuery,
    DeviceOut,
    KeyCount,
    KeyUpload,
    RegistrationRequest,
    SignedKeyModel,
    SignedProfileModel,
)
from liaison_client.relay.context import (
    SIGNED_RESPONSES,
    Relay,
    RelayContext,
    SignedDevice,
    require_self,
)
from liaison_client.relay.http_errors import ErrorBody, RelayHTTPError
from liaison_client.relay.storage import (
    DeviceExistsError,
    DeviceProfileRecord,
    DeviceRecord,
    DirectoryFilter,
    NewDevice,
    ProfileAgencyMismatchError,
    SignedKey,
    StaleProfileError,
    TokenRefusedError,
)

router = APIRouter(prefix="/v1/devices", tags=["devices"])
_log = logging.getLogger("liaison.relay")

DeviceIdPath = Annotated[str, Path(pattern=DEVICE_ID_PATTERN)]


def signature_valid(ed25519_key: str, message: bytes, signature: str) -> bool:
    try:
        nacl.signing.VerifyKey(decode_unpadded_base64(ed25519_key)).verify(
            message, decode_unpadded_base64(signature))
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False
    return True


def _device_out(device: DeviceRecord) -> DeviceOut:
    profile = device.profile
    return DeviceOut(
        device_id=device.device_id, agency=device.agency, ed25519_key=device.ed25519_key,
        curve25519_key=device.curve25519_key, registered_at_ms=device.registered_at_ms,
        revoked_at_ms=device.revoked_at_ms,
        name=None if profile is None else profile.name,
        profile=None if profile is None else SignedProfileModel(
            name=profile.name, agency=profile.agency, issued_at_ms=profile.issued_at_ms,
            signature=profile.signature),
    )


@router.post(
    "", status_code=201, response_model=DeviceOut, operation_id="register_device",
    responses={201: {"description": "the device is registered",
                     "links": {
                         "GetRegisteredDevice": {
                             "operationId": "get_device",
                             "parameters": {"device_id": "$response.body#/device_id"}},
                         "FetchRegisteredDeviceQueue": {
                             "operationId": "fetch_envelopes",
                             "parameters": {"device_id": "$response.body#/device_id"}}}},
               400: {"model": ErrorBody,
                     "description": "the proof or the profile signature is wrong"},
               403: {"model": ErrorBody, "description": "enrollment token refused, or the "
                     "profile claims another agency than the token's"},
               409: {"model": ErrorBody, "description": "device id or key already registered"},
               413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def register_device(
    registration: RegistrationRequest, request: Request,
    context: Relay,
) -> DeviceOut:
    """Create a device: an enrollment token plus proof of holding the identity keys.

    The only way a device comes to exist on a relay. A signed profile, when
    given, must claim the token's agency; the relay keeps it exactly as signed.
    """
    token_hash = token_sha256(registration.token)
    payload = registration_payload(
        origin=relay_origin(str(request.base_url)), token_hash=token_hash,
        device_id=registration.device_id, ed25519_key=registration.ed25519_key,
        curve25519_key=registration.curve25519_key,
    )
    if not signature_valid(registration.ed25519_key, payload, registration.signature):
        context.metrics.refusals.labels("bad_registration_proof").inc()
        raise RelayHTTPError(400, "bad_proof", "the registration signature does not verify "
                             "for these keys, this token and this relay")
    profile = None if registration.profile is None else _checked_profile(
        registration.profile, registration.device_id, registration.ed25519_key, context)
    try:
        device = await context.storage.register_device(token_hash, NewDevice(
            device_id=registration.device_id, ed25519_key=registration.ed25519_key,
            curve25519_key=registration.curve25519_key,
            registration_signature=registration.signature, registered_at_ms=_now_ms(),
            profile=profile,
        ))
    except TokenRefusedError as exc:
        context.metrics.refusals.labels("token_refused").inc()
        _log.info("registration refused", extra={"fields": {"reason": "token"}})
        raise RelayHTTPError(403, "token_refused", "the enrollment token is unknown, spent or "
                             "expired: ask the relay administrator for a new one") from exc
    except ProfileAgencyMismatchError as exc:
        raise _agency_refused(exc, context) from exc
    except DeviceExistsError as exc:
        raise RelayHTTPError(409, "device_exists",
                             "this device id or identity key is registered already") from exc
    context.metrics.devices_registered.inc()
    _log.info("device registered", extra={"fields": {
        "device_id": device.device_id, "agency": device.agency}})
    return _device_out(device)


def _checked_profile(profile: SignedProfileModel, device_id: str, ed25519_key: str,
                     context: RelayContext) -> DeviceProfileRecord:
    """The profile once its signature by the device's key verifies (400 otherwise)."""
    statement = profile_payload(
        device_id=device_id, ed25519_key=ed25519_key, name=profile.name,
        agency=profile.agency, issued_at_ms=profile.issued_at_ms)
    if not signature_valid(ed25519_key, statement, profile.signature):
        context.metrics.refusals.labels("bad_profile_signature").inc()
        raise RelayHTTPError(400, "bad_profile", "the profile signature does not verify for "
                             "this device's key")
    return DeviceProfileRecord(name=profile.name, agency=profile.agency,
                               issued_at_ms=profile.issued_at_ms, signature=profile.signature)


@router.get(
    "", response_model=DeviceList, operation_id="list_devices",
    responses={200: {"description": "a page of the directory",
                     "links": {"NextDirectoryPage": {
                         "operationId": "list_devices",
                         "parameters": {"cursor": "$response.body#/next_cursor"}}}},
               **SIGNED_RESPONSES},
)
async def list_devices(
    query: Annotated[DeviceListQuery, Query()],
    _caller: SignedDevice,
    context: Relay,
) -> DeviceList:
    """The relay's devices in device id order, a page at a time, for any enrolled device.

    Filters: ``agency`` (exact), ``q`` (case-insensitive, contained in the
    name or the device id). Names are self-asserted: verify ``profile``.
    """
    rows = await context.storage.devices(DirectoryFilter(
        cursor=query.cursor, limit=query.limit + 1, agency=query.agency, text=query.q))
    page = rows[:query.limit]
    more = len(rows) > query.limit
    return DeviceList(devices=[_device_out(d) for d in page],
                      next_cursor=page[-1].device_id if more else None)


@router.get("/{device_id}", response_model=DeviceOut, operation_id="get_device",
            responses={**SIGNED_RESPONSES, 404: {"model": ErrorBody}})
async def get_device(
    device_id: DeviceIdPath,
    _caller: SignedDevice,
    context: Relay,
) -> DeviceOut:
    """A device's public identity keys, for any enrolled device."""
    device = await context.storage.device(device_id)
    if device is None:
        raise RelayHTTPError(404, "unknown_device", f"no device {device_id} on this relay")
    return _device_out(device)


@router.put("/{device_id}/profile", response_model=DeviceOut, operation_id="replace_profile",
            responses={**SIGNED_RESPONSES,
                       400: {"model": ErrorBody, "description": "the profile signature is wrong"},
                       403: {"model": ErrorBody, "description": "not this device's own "
                             "profile, or another agency than the device's"},
                       409: {"model": ErrorBody, "description": "a profile issued at or "
                             "after this one is held"}})
async def replace_profile(
    profile: SignedProfileModel,
    device_id: DeviceIdPath,
    caller: SignedDevice,
    context: Relay,
) -> DeviceOut:
    """Replace the device's own profile (a new name) by a newer one it signed.

    Also how a device registered before profiles existed gets its name listed.
    """
    require_self(caller, device_id)
    record = _checked_profile(profile, caller.device_id, caller.ed25519_key, context)
    try:
        device = await context.storage.replace_profile(device_id, record)
    except ProfileAgencyMismatchError as exc:
        raise _agency_refused(exc, context) from exc
    except StaleProfileError as exc:
        raise RelayHTTPError(409, "stale_profile", "the relay holds a profile of this device "
                             "issued at or after this one") from exc
    return _device_out(device)


def _agency_refused(exc: ProfileAgencyMismatchError, context: RelayContext) -> RelayHTTPError:
    context.metrics.refusals.labels("agency_mismatch").inc()
    return RelayHTTPError(403, "agency_mismatch", f"this device is enrolled for the agency "
                          f"{exc.token_agency!r}; the profile says otherwise: enter the agency "
                          "exactly as the relay administrator enrolled it")


@router.put("/{device_id}/keys", response_model=KeyCount,
            responses={**SIGNED_RESPONSES, 400: {"model": ErrorBody},
                       403: {"model": ErrorBody}})
async def publish_keys(
    upload: KeyUpload,
    device_id: DeviceIdPath,
    caller: SignedDevice,
    context: Relay,
) -> KeyCount:
    """Publish one-time keys and a fallback key, each signed by the device key.

    An empty upload just reports how many one-time keys are left.
    """
    require_self(caller, device_id)
    checked = [(k, False) for k in upload.one_time_keys]
    if upload.fallback_key is not None:
        checked.append((upload.fallback_key, True))
    for key, fallback in checked:
        if not _key_signature_valid(caller, key, fallback):
            raise RelayHTTPError(400, "bad_key_signature",
                                 f"key {key.key_id} is not signed by this device's key")
    count = await context.storage.publish_keys(
        device_id, [_signed(k) for k in upload.one_time_keys],
        None if upload.fallback_key is None else _signed(upload.fallback_key),
        context.config.limits.max_one_time_keys,
    )
    return KeyCount(one_time_keys=count)


@router.post("/{device_id}/keys/claim", response_model=ClaimedKeyOut,
             operation_id="claim_key", responses={**SIGNED_RESPONSES, 404: {"model": ErrorBody},
                                                  410: {"model": ErrorBody,
                                                        "description": "the device was revoked"}})
async def claim_key(
    device_id: DeviceIdPath,
    caller: SignedDevice,
    context: Relay,
) -> ClaimedKeyOut:
    """Take one of the device's one-time keys (each is handed out once), else its
    fallback key. The claimer must verify the signature against the device key.
    A revoked device's keys were withdrawn: 410 ``device_revoked``, so no new
    session is ever opened to it."""
    if context.authenticator.revoked(device_id):
        raise RelayHTTPError(410, "device_revoked", f"device {device_id} was revoked")
    context.charge_claim(caller.device_id, device_id)
    claimed = await context.storage.claim_key(device_id)
    if claimed is None:
        raise RelayHTTPError(404, "no_keys", f"device {device_id} has published no keys")
    return ClaimedKeyOut(device_id=device_id, key_id=claimed.key.key_id, key=claimed.key.key,
                         signature=claimed.key.signature, fallback=claimed.fallback)


def _key_signature_valid(device: DeviceRecord, key: SignedKeyModel, fallback: bool) -> bool:
    payload = key_payload(device_id=device.device_id, key_id=key.key_id, key=key.key,
                          fallback=fallback)
    return signature_valid(device.ed25519_key, payload, key.signature)


def _signed(key: SignedKeyModel) -> SignedKey:
    return SignedKey(key_id=key.key_id, key=key.key, signature=key.signature)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
