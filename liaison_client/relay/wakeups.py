"""Waking long-polls: a fetch that found nothing waits here until an envelope arrives.

In one relay process this is an in-memory map of events. Several relay
instances would feed it from PostgreSQL ``LISTEN/NOTIFY``; the notification is
only a hint, the waiting request always re-reads its queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


class QueueWakeups:
    def __init__(self) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = {}
        self._closing = False

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def waiting(self) -> int:
        return sum(len(events) for events in self._waiting.values())

    @contextmanager
    def subscription(self, device_id: str) -> Iterator[asyncio.Event]:
        """An event set when ``device_id`` gets mail (or the relay shuts down).

        Subscribe *before* re-reading the queue, so an envelope committed in
        between is not missed.
        """
        event = asyncio.Event()
        if self._closing:
            event.set()
        self._waiting.setdefault(device_id, set()).add(event)
        try:
            yield event
        finally:
            events = self._waiting.get(device_id)
            if events is not None:
                events.discard(event)
                if not events:
                    del self._waiting[device_id]

    def notify(self, device_ids: Iterable[str]) -> None:
        for device_id in device_ids:
            for event in self._waiting.get(device_id, ()):
                event.set()

    def close(self) -> None:
        """Answer every waiting long-poll now and let no new one wait (shutdown)."""
        self._closing = True
        for events in self._waiting.values():
            for event in events:
                event.set()
