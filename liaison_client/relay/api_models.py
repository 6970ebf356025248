"""The relay's wire format, version 1: every request and response body, validated here.

These pydantic models are the edge: FastAPI rejects anything that does not
match them with 422 before a handler runs, and they generate the OpenAPI
document the fuzz tests read. The client parses the same shapes in
:mod:`liaison_client.net.wire`; the limits, identifier shapes, profile rules and
delivery states both sides share are :mod:`liaison_client.protocol`'s. Binary
values (ciphertext) travel as padded standard base64 (RFC 4648 §4); public keys
and signatures as vodozemac writes them, unpadded standard base64.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from liaison_client.protocol.canonical import MAX_SAFE_INTEGER
from liaison_client.protocol.device_profile import (
    MAX_AGENCY_LENGTH,
    MAX_NAME_LENGTH,
    is_normalised_agency,
    is_normalised_name,
)
from liaison_client.protocol.limits import (
    DEVICE_ID_PATTERN,
    ENVELOPE_ID_PATTERN,
    MAX_BATCH,
    MAX_DIRECTORY_PAGE,
    MAX_KEYS_PER_UPLOAD,
    MAX_RECIPIENTS,
    MAX_TTL_SECONDS,
)

_BASE64_PATTERN = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"

DeviceId = Annotated[str, Field(pattern=DEVICE_ID_PATTERN)]
EnvelopeId = Annotated[str, Field(pattern=ENVELOPE_ID_PATTERN)]
PublicKey = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]{43}$",
                                 description="32-byte key, unpadded base64")]
Signature = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]{86}$",
                                 description="Ed25519 signature, unpadded base64")]
KeyId = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/=_-]{1,64}$")]

def _signed_form(check: Callable[[str], bool], what: str) -> Callable[[str], str]:
    def validate(value: str) -> str:
        if not check(value):
            raise ValueError(f"{what} must be NFC-normalised, without surrounding white "
                             "space or control characters (it is signed as sent)")
        return value
    return validate


_NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"

DisplayName = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH),
                        AfterValidator(_signed_form(is_normalised_name, "a name"))]
AgencyName = Annotated[str, Field(min_length=1, max_length=MAX_AGENCY_LENGTH),
                       AfterValidator(_signed_form(is_normalised_agency, "an agency"))]


def _decode_base64(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("is not valid base64") from exc


Base64Bytes = Annotated[
    bytes,
    BeforeValidator(_decode_base64),
    PlainSerializer(lambda b: base64.b64encode(b).decode(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64", "pattern": _BASE64_PATTERN}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignedProfileModel(_Model):
    """The officer's self-asserted name and agency, signed by the device key over the
    RFC 8785 form of ``{"type": "liaison.device.profile.v1", device_id, ed25519_key,
    name, agency, issued_at_ms}`` (liaison_client.protocol.signed_payloads.profile_payload)."""

    name: DisplayName
    agency: AgencyName
    issued_at_ms: int = Field(ge=0, le=MAX_SAFE_INTEGER)
    signature: Signature


class RegistrationRequest(_Model):
    token: str = Field(min_length=1, max_length=256)
    device_id: DeviceId
    ed25519_key: PublicKey
    curve25519_key: PublicKey
    signature: Signature = Field(
        description="Ed25519 signature over the canonical registration payload "
        "(liaison_client.protocol.signed_payloads.registration_payload)"
    )
    profile: SignedProfileModel | None = Field(
        default=None, description="the officer's signed name; its agency must be the "
        "enrollment token's. Optional so that older clients still register (nameless)")


class TokenCheck(_Model):
    token: str = Field(min_length=1, max_length=256)


class TokenAgencyOut(_Model):
    agency: str = Field(description="the agency a device registered with this token gets")


class DeviceOut(_Model):
    device_id: DeviceId
    agency: str = Field(description="the agency of the enrollment token it registered with")
    ed25519_key: PublicKey
    curve25519_key: PublicKey
    name: str | None = Field(
        default=None, description="a copy of profile.name for scripts; clients verify the "
        "profile against ed25519_key and show only a verified name")
    profile: SignedProfileModel | None = Field(
        default=None, description="absent for devices registered without one")
    registered_at_ms: int = Field(ge=0)
    revoked_at_ms: int | None = Field(
        default=None, description="when the relay's administrator revoked the device "
        "(lost, stolen, decommissioned): it can no longer send or fetch, and clients show "
        "it as revoked; absent while it is in service")


class DeviceListQuery(BaseModel):
    """The query of ``GET /v1/devices``; unknown parameters are ignored."""

    model_config = ConfigDict(frozen=True)

    cursor: DeviceId | None = Field(default=None, description="the `next_cursor` of the "
                                    "previous page: devices are listed in device id order")
    limit: int = Field(default=100, ge=1, le=MAX_DIRECTORY_PAGE)
    # No control character (NUL included): no stored name or agency holds one
    # (their signed forms forbid it), and PostgreSQL text cannot carry NUL.
    agency: str | None = Field(default=None, min_length=1, max_length=MAX_AGENCY_LENGTH,
                               pattern=_NO_CONTROL_CHARACTERS,
                               description="only devices enrolled for exactly this agency")
    q: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_LENGTH,
                          pattern=_NO_CONTROL_CHARACTERS,
                          description="only devices whose name (case-insensitively) or "
                          "device id contains this text")


class DeviceList(_Model):
    devices: list[DeviceOut]
    next_cursor: DeviceId | None = Field(description="pass as `cursor` for the next page; "
                                         "null on the last page")


class SignedKeyModel(_Model):
    key_id: KeyId
    key: PublicKey
    signature: Signature


class KeyUpload(_Model):
    one_time_keys: list[SignedKeyModel] = Field(default_factory=list,
                                                max_length=MAX_KEYS_PER_UPLOAD)
    fallback_key: SignedKeyModel | None = None


class KeyCount(_Model):
    one_time_keys: int


class ClaimedKeyOut(_Model):
    device_id: DeviceId
    key_id: KeyId
    key: PublicKey
    signature: Signature
    fallback: bool


class EnvelopeIn(_Model):
    id: EnvelopeId = Field(description="chosen by the sender; a retry with the same id is "
                           "accepted once")
    recipients: list[DeviceId] = Field(min_length=1, max_length=MAX_RECIPIENTS)
    ciphertext: Base64Bytes
    ttl_seconds: int | None = Field(default=None, ge=1, le=MAX_TTL_SECONDS)


class SendRequest(_Model):
    envelopes: list[EnvelopeIn] = Field(min_length=1, max_length=MAX_BATCH)


class AcceptedOut(_Model):
    id: EnvelopeId
    duplicate: bool
    expires_at_ms: int


class SendResponse(_Model):
    accepted: list[AcceptedOut]


class EnvelopeOut(_Model):
    cursor: int
    id: EnvelopeId
    sender: DeviceId
    ciphertext: Base64Bytes
    sent_at_ms: int
    expires_at_ms: int


class FetchQuery(BaseModel):
    """The query of ``GET /v1/devices/{id}/envelopes``; unknown parameters are ignored."""

    model_config = ConfigDict(frozen=True)

    after: int = Field(default=0, ge=0, le=2**63 - 1,
                       description="cursor of the last envelope held")
    wait: float = Field(default=0, ge=0, le=30,
                        description="seconds to wait when nothing is pending")
    limit: int = Field(default=100, ge=1, le=100)


class FetchResponse(_Model):
    envelopes: list[EnvelopeOut]
    cursor: int = Field(description="the last envelope's cursor (or the request's `after`): "
                        "pass it as `after` for the next page and to acknowledge")
    states_changed: bool = Field(
        default=False, description="a recipient acknowledged some of this device's envelopes "
        "since its last fetch: ask `POST /v1/envelopes/states` again. A waiting long-poll "
        "answers at once (empty) when this becomes true.")


class AckRequest(_Model):
    cursor: int = Field(ge=0, le=2**63 - 1)


class AckResponse(_Model):
    acknowledged: int


class StatesRequest(_Model):
    ids: list[EnvelopeId] = Field(min_length=1, max_length=MAX_BATCH)


#: The values of :class:`liaison_client.protocol.delivery.DeliveryState`, spelled out
#: so the OpenAPI document keeps an inline enum (tests/protocol checks they agree).
DeliveryStateName = Literal["pending", "delivered", "expired"]


class StatesResponse(_Model):
    states: dict[str, dict[str, DeliveryStateName]] = Field(
        description="envelope id → recipient device id → state; unknown ids are absent"
    )


class BlobOut(_Model):
    sha256: str
    size: int
    expires_at_ms: int


class Health(_Model):
    status: Literal["ok"]
