"""Channels (operations) and their members, as this device currently knows them."""

from __future__ import annotations

from typing import Any

from liaison_client.store.database import Connection
from liaison_client.store.records import ChannelRecord, Role

_COLUMNS = (
    "channel_id, name, coordinator_device_id, epoch, closed, created_at_ms, last_activity_at_ms"
)


class ChannelRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, channel: ChannelRecord) -> None:
        self._conn.execute(
            f"INSERT INTO channels ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (channel.channel_id, channel.name, channel.coordinator_device_id, channel.epoch,
             int(channel.closed), channel.created_at_ms, channel.last_activity_at_ms),
        )

    def get(self, channel_id: str) -> ChannelRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM channels WHERE channel_id = ?", (channel_id,)
        ).fetchone()
        return None if row is None else _channel(row)

    def all(self) -> list[ChannelRecord]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM channels ORDER BY last_activity_at_ms DESC"
        ).fetchall()
        return [_channel(row) for row in rows]

    def update_head(self, channel_id: str, *, name: str, epoch: int, closed: bool,
                    at_ms: int) -> None:
        """Mirror the membership log's head (name, epoch, closed) into the listed row."""
        self._conn.execute(
            "UPDATE channels SET name = ?, epoch = ?, closed = ?,"
            " last_activity_at_ms = max(last_activity_at_ms, ?) WHERE channel_id = ?",
            (name, epoch, int(closed), at_ms, channel_id),
        )

    def touch(self, channel_id: str, at_ms: int) -> None:
        """A message was sent or received: the channel moves up the list."""
        self._conn.execute(
            "UPDATE channels SET last_activity_at_ms = max(last_activity_at_ms, ?)"
            " WHERE channel_id = ?",
            (at_ms, channel_id),
        )

    def set_member(self, channel_id: str, device_id: str, role: Role, epoch: int) -> None:
        self._conn.execute(
            "INSERT INTO channel_members (channel_id, device_id, role, joined_epoch)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role",
            (channel_id, device_id, str(role), epoch),
        )

    def remove_member(self, channel_id: str, device_id: str) -> None:
        self._conn.execute(
            "DELETE FROM channel_members WHERE channel_id = ? AND device_id = ?",
            (channel_id, device_id),
        )

    def members(self, channel_id: str) -> list[tuple[str, Role]]:
        rows = self._conn.execute(
            "SELECT device_id, role FROM channel_members WHERE channel_id = ? ORDER BY device_id",
            (channel_id,),
        ).fetchall()
        return [(device_id, Role(role)) for device_id, role in rows]


def _channel(row: Any) -> ChannelRecord:
    channel_id, name, coordinator, epoch, closed, created, last = row
    return ChannelRecord(channel_id, name, coordinator, epoch, bool(closed), created, last)
