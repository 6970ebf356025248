"""Public identity keys of one device, as this device knows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceKeys:
    """A device id with its Ed25519 (fingerprint, signing) and Curve25519 (Olm) keys,
    both unpadded base64 as vodozemac writes them."""

    device_id: str
    ed25519: str
    curve25519: str
