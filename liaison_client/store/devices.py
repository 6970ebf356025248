"""Other officers' devices and how far this device trusts their keys.

A device is first recorded on first sight (trust on first use, unverified).
If a known device later presents different identity keys, the new keys are
recorded *with* ``key_changed_at_ms`` set and ``verified`` cleared: the change
is never absorbed silently. Only an explicit verification clears the flag.
:class:`DeviceRepository` implements
:class:`~liaison_client.crypto.stores.DeviceStore`, whose record it stores.
"""

from __future__ import annotations

from liaison_client.crypto.stores import DeviceRecord
from liaison_client.store.database import Connection

__all__ = ["DeviceRecord", "DeviceRepository"]

_COLUMNS = (
    "device_id, name, agency, ed25519_key, curve25519_key, verified, key_changed_at_ms,"
    " first_seen_at_ms, updated_at_ms"
)


class DeviceRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, device_id: str) -> DeviceRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM devices WHERE device_id = ?", (device_id,)
        ).fetchone()
        return None if row is None else _device(row)

    def add(self, device: DeviceRecord) -> None:
        self._conn.execute(
            f"INSERT INTO devices ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (device.device_id, device.name, device.agency, device.ed25519_key,
             device.curve25519_key, int(device.verified), device.key_changed_at_ms,
             device.first_seen_at_ms, device.updated_at_ms),
        )

    def update_profile(self, device_id: str, name: str, agency: str, at_ms: int) -> None:
        self._conn.execute(
            "UPDATE devices SET name = ?, agency = ?, updated_at_ms = ? WHERE device_id = ?",
            (name, agency, at_ms, device_id),
        )

    def record_key_change(self, device_id: str, ed25519_key: str, curve25519_key: str,
                          at_ms: int) -> None:
        """Store new keys, unverify the device and flag the change."""
        self._conn.execute(
            "UPDATE devices SET ed25519_key = ?, curve25519_key = ?, verified = 0,"
            " key_changed_at_ms = ?, updated_at_ms = ? WHERE device_id = ?",
            (ed25519_key, curve25519_key, at_ms, at_ms, device_id),
        )

    def mark_verified(self, device_id: str, at_ms: int) -> None:
        self._conn.execute(
            "UPDATE devices SET verified = 1, key_changed_at_ms = NULL, updated_at_ms = ?"
            " WHERE device_id = ?",
            (at_ms, device_id),
        )

    def mark_unverified(self, device_id: str, at_ms: int) -> None:
        """The officer withdrew a verification: the key stays trusted on first use only."""
        self._conn.execute(
            "UPDATE devices SET verified = 0, updated_at_ms = ? WHERE device_id = ?",
            (at_ms, device_id),
        )

    def all(self) -> list[DeviceRecord]:
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM devices ORDER BY name").fetchall()
        return [_device(row) for row in rows]


def _device(row: tuple[object, ...]) -> DeviceRecord:
    (device_id, name, agency, ed25519_key, curve25519_key, verified, changed, first_seen,
     updated) = row
    return DeviceRecord(
        device_id=str(device_id), name=str(name), agency=str(agency),
        ed25519_key=str(ed25519_key), curve25519_key=str(curve25519_key),
        verified=bool(verified), key_changed_at_ms=None if changed is None else int(str(changed)),
        first_seen_at_ms=int(str(first_seen)), updated_at_ms=int(str(updated)),
    )
