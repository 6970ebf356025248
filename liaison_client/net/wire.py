"""The client's view of the relay's v1 wire format: typed records, checked on arrival.

The server defines the format with pydantic (``liaison_client.relay.api_models``);
the desktop client does not install the server's dependencies, so responses
are parsed here by hand, and anything unexpected is a
:class:`~liaison_client.net.errors.RelayProtocolError`, never a KeyError deep
in the caller.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, TypeVar

from liaison_client.net.errors import RelayProtocolError
from liaison_client.protocol.delivery import DeliveryState
from liaison_client.protocol.device_profile import SignedProfile

T = TypeVar("T")


@dataclass(frozen=True)
class OutgoingEnvelope:
    envelope_id: str
    recipients: tuple[str, ...]
    ciphertext: bytes
    ttl_seconds: int | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.envelope_id,
            "recipients": list(self.recipients),
            "ciphertext": base64.b64encode(self.ciphertext).decode(),
        }
        if self.ttl_seconds is not None:
            body["ttl_seconds"] = self.ttl_seconds
        return body


@dataclass(frozen=True)
class AcceptedEnvelope:
    envelope_id: str
    duplicate: bool
    expires_at_ms: int


@dataclass(frozen=True)
class ReceivedEnvelope:
    cursor: int
    envelope_id: str
    sender_device_id: str
    ciphertext: bytes
    sent_at_ms: int
    expires_at_ms: int


@dataclass(frozen=True)
class FetchedPage:
    envelopes: tuple[ReceivedEnvelope, ...]
    cursor: int
    #: A recipient acknowledged some of this device's envelopes since its last
    #: fetch: its delivery states are worth asking for now (absent from older relays).
    states_changed: bool = False


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    agency: str
    ed25519_key: str
    curve25519_key: str
    #: As the relay serves it, *unverified*: check it with
    #: :func:`~liaison_client.net.device_profile.profile_problem` before showing the name.
    profile: SignedProfile | None = None
    registered_at_ms: int = 0
    #: Set when the relay's administrator revoked the device (lost, stolen,
    #: decommissioned): it can no longer send or fetch; show it as revoked.
    revoked_at_ms: int | None = None


@dataclass(frozen=True)
class DevicePage:
    """One page of the relay's directory, in device id order."""

    devices: tuple[DeviceInfo, ...]
    #: Pass as ``cursor`` for the next page; None on the last one.
    next_cursor: str | None


@dataclass(frozen=True)
class ClaimedKey:
    device_id: str
    key_id: str
    key: str
    signature: str
    fallback: bool


@dataclass(frozen=True)
class BlobInfo:
    sha256: str
    size: int
    expires_at_ms: int


def field(obj: Any, name: str, kind: type[T]) -> T:
    if not isinstance(obj, dict) or name not in obj:
        raise RelayProtocolError(f"relay response lacks '{name}'")
    value = obj[name]
    # bool is an int subclass: never accept one for the other.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RelayProtocolError(f"relay response field '{name}' is not a {kind.__name__}")
    return value


def ciphertext(obj: Any) -> bytes:
    try:
        return base64.b64decode(field(obj, "ciphertext", str), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise RelayProtocolError("relay sent ciphertext that is not base64") from exc


def optional_field(obj: Any, name: str, kind: type[T]) -> T | None:
    """``name`` absent or null is None; present, it must be a ``kind``."""
    if isinstance(obj, dict) and obj.get(name) is None:
        return None
    return field(obj, name, kind)


def parse_device(obj: Any) -> DeviceInfo:
    profile = optional_field(obj, "profile", dict)
    return DeviceInfo(
        field(obj, "device_id", str), field(obj, "agency", str),
        field(obj, "ed25519_key", str), field(obj, "curve25519_key", str),
        None if profile is None else SignedProfile(
            field(profile, "name", str), field(profile, "agency", str),
            field(profile, "issued_at_ms", int), field(profile, "signature", str)),
        optional_field(obj, "registered_at_ms", int) or 0,
        optional_field(obj, "revoked_at_ms", int),
    )


def parse_device_page(obj: Any) -> DevicePage:
    return DevicePage(tuple(parse_device(d) for d in field(obj, "devices", list)),
                      optional_field(obj, "next_cursor", str))


def parse_claimed_key(obj: Any) -> ClaimedKey:
    return ClaimedKey(field(obj, "device_id", str), field(obj, "key_id", str),
                      field(obj, "key", str), field(obj, "signature", str),
                      field(obj, "fallback", bool))


def parse_accepted(obj: Any) -> list[AcceptedEnvelope]:
    return [AcceptedEnvelope(field(a, "id", str), field(a, "duplicate", bool),
                             field(a, "expires_at_ms", int))
            for a in field(obj, "accepted", list)]


def parse_page(obj: Any) -> FetchedPage:
    envelopes = tuple(
        ReceivedEnvelope(field(e, "cursor", int), field(e, "id", str), field(e, "sender", str),
                         ciphertext(e), field(e, "sent_at_ms", int), field(e, "expires_at_ms", int))
        for e in field(obj, "envelopes", list)
    )
    states_changed = obj.get("states_changed", False) if isinstance(obj, dict) else False
    if not isinstance(states_changed, bool):
        raise RelayProtocolError("relay response field 'states_changed' is not a boolean")
    return FetchedPage(envelopes, field(obj, "cursor", int), states_changed)


def parse_states(obj: Any) -> dict[str, dict[str, DeliveryState]]:
    states = field(obj, "states", dict)
    try:
        return {str(envelope_id): {str(r): DeliveryState(s) for r, s in per_recipient.items()}
                for envelope_id, per_recipient in states.items()}
    except (ValueError, AttributeError) as exc:
        raise RelayProtocolError("relay sent an unknown delivery state") from exc


def parse_blob(obj: Any) -> BlobInfo:
    return BlobInfo(field(obj, "sha256", str), field(obj, "size", int),
                    field(obj, "expires_at_ms", int))
