"""Which members have applied the coordinator's control events, and when to send
them again (issue 10 item 1; docs/CRYPTO.md, "Membership epochs").

A relay can withhold a control event from one member (a removal, so that the
member keeps encrypting to the removed device). The coordinator therefore
keeps, per channel and member device, the epoch the device must reach
(``target``: the last event sent to it) and the highest epoch it is known to
have applied (``acked``): from its :class:`~.payloads.ControlAck` (sent over
Olm after it applies events) or from the signed ``epoch``/``membership_head``
of its messages. While ``acked < target`` the events after ``acked`` are sent
again, after :data:`RESEND_AFTER_MS`, doubling up to :data:`RESEND_MAX_MS`,
and at once when a message shows the device is behind. A removed device is
tracked until it acknowledges its removal.

Only outstanding rows are kept (a device that caught up is dropped), so the
record stays as small as the number of members currently behind; it lives in
the profile's encrypted settings (one JSON value) rather than a table of its
own, being small, rewritten rarely and read once per round.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from liaison_client.store.store import Store

SETTINGS_KEY = "channels.membership_acks"
#: First re-send this long after an event went out unacknowledged.
RESEND_AFTER_MS = 30_000
#: The interval doubles with each re-send up to this (a member offline for a
#: week is not sent the events 20,000 times).
RESEND_MAX_MS = 3_600_000
#: Re-sends queued per sync round (bounded loop; the rest wait for the next round).
MAX_RESENDS_PER_ROUND = 50


@dataclass(frozen=True)
class Outstanding:
    """A device that has not acknowledged the events up to ``target`` yet."""

    channel_id: str
    device_id: str
    #: The highest epoch it is known to have applied (-1: not even the create event).
    acked: int
    #: The epoch it must reach: the last event sent to it.
    target: int
    #: When the missing events are next sent again (ms).
    due_at_ms: int
    resends: int = 0


class MembershipAcks:
    """The coordinator's record of who is behind (stored in ``settings``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _load(self) -> dict[str, dict[str, Outstanding]]:
        raw = self._store.settings.get(SETTINGS_KEY, {})
        return {channel: {device: Outstanding(**row) for device, row in rows.items()}
                for channel, rows in raw.items()}

    def _save(self, rows: dict[str, dict[str, Outstanding]]) -> None:
        self._store.settings.set(SETTINGS_KEY, {
            channel: {device: asdict(row) for device, row in devices.items()}
            for channel, devices in rows.items() if devices})

    def outstanding(self, channel_id: str | None = None) -> list[Outstanding]:
        """Devices behind, in one channel or all, oldest due first."""
        rows = self._load()
        found = [row for channel, devices in rows.items()
                 if channel_id is None or channel == channel_id
                 for row in devices.values()]
        return sorted(found, key=lambda row: (row.due_at_ms, row.channel_id, row.device_id))

    def expect(self, channel_id: str, device_id: str, target: int, *, acked: int,
               at_ms: int) -> None:
        """An event up to ``target`` went to ``device_id``; ``acked`` is what it is
        assumed to hold already when nothing is recorded for it."""
        rows = self._load()
        devices = rows.setdefault(channel_id, {})
        known = devices.get(device_id)
        if known is None:
            devices[device_id] = Outstanding(channel_id, device_id, acked, target,
                                             at_ms + RESEND_AFTER_MS)
        else:
            devices[device_id] = replace(known, target=max(known.target, target))
        self._save(rows)

    def applied(self, channel_id: str, device_id: str, epoch: int, *, at_ms: int,
                behind: bool = False) -> None:
        """``device_id`` has applied the log up to ``epoch`` (its acknowledgement, or the
        head its message signed). ``behind``: a message of it showed an older epoch than
        this device's, so the missing events go again now, not at the next interval."""
        rows = self._load()
        known = rows.get(channel_id, {}).get(device_id)
        if known is None:
            return
        if max(known.acked, epoch) >= known.target:
            del rows[channel_id][device_id]
        else:
            updated = replace(known, acked=max(known.acked, epoch))
            if behind:
                updated = replace(updated, due_at_ms=min(updated.due_at_ms, at_ms))
            rows[channel_id][device_id] = updated
        self._save(rows)

    def due(self, at_ms: int, *, limit: int = MAX_RESENDS_PER_ROUND) -> list[Outstanding]:
        return [row for row in self.outstanding() if row.due_at_ms <= at_ms][:limit]

    def resent(self, row: Outstanding, at_ms: int) -> None:
        rows = self._load()
        known = rows.get(row.channel_id, {}).get(row.device_id)
        if known is None:
            return
        resends = known.resends + 1
        delay = min(RESEND_MAX_MS, RESEND_AFTER_MS * (1 << min(resends, 20)))
        rows[row.channel_id][row.device_id] = replace(known, resends=resends,
                                                      due_at_ms=at_ms + delay)
        self._save(rows)

    def forget_channel(self, channel_id: str) -> None:
        rows = self._load()
        if rows.pop(channel_id, None) is not None:
            self._save(rows)
