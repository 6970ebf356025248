"""Waking long-polls: a fetch that found nothing waits here until an envelope arrives.

In one relay process this is an in-memory map of events. Several relay
instances on PostgreSQL also feed it from ``LISTEN/NOTIFY``
(``postgres_storage.py``); the notification is only a hint, the waiting
request always re-reads its queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

#: Senders flagged "delivery states changed" kept at most (about 100 bytes each).
MAX_STATES_FLAGS = 100_000


class QueueWakeups:
    """``max_per_device``: long-polls one device may hold; a new one ends its
    oldest (answered at once, empty), so a device cannot pin connections by
    the thousand (issue 10, item 3: 1,100 long-polls of one device made new
    clients' connections fail). One is all a client needs: the Liaison client
    holds a single inbox long-poll, and a stale one (a dropped connection the
    relay has not noticed yet) is replaced by the client's next poll."""

    def __init__(self, max_per_device: int = 1,
                 max_states_flags: int = MAX_STATES_FLAGS) -> None:
        #: Per device, its waiting events in subscription order (a dict as an ordered set).
        self._waiting: dict[str, dict[asyncio.Event, None]] = {}
        self._max_per_device = max_per_device
        self._closing = False
        #: Senders whose envelopes were acknowledged since their last fetch (oldest first).
        self._states_changed: dict[str, None] = {}
        self._max_states_flags = max_states_flags

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
        events = self._waiting.setdefault(device_id, {})
        while len(events) >= self._max_per_device:
            oldest = next(iter(events))
            del events[oldest]
            oldest.set()  # its fetch re-reads the queue and answers now
        events[event] = None
        try:
            yield event
        finally:
            held = self._waiting.get(device_id)
            if held is not None:
                held.pop(event, None)
                if not held:
                    del self._waiting[device_id]

    def notify(self, device_ids: Iterable[str]) -> None:
        for device_id in device_ids:
            for event in self._waiting.get(device_id, ()):
                event.set()

    def states_changed(self, device_ids: Iterable[str]) -> None:
        """These senders' envelopes were acknowledged: flag them and wake their
        long-polls, which answer at once with ``states_changed``.

        A flag outlives a sender that is not waiting (it is told by its next
        fetch), so an acknowledgement between two polls is not lost. At most
        ``max_states_flags`` are kept, the oldest dropped first: a device that
        never fetches again must not grow this for ever, and a dropped flag
        costs only the client's 30-s refresh.
        """
        for device_id in device_ids:
            self._states_changed.pop(device_id, None)
            self._states_changed[device_id] = None
            for event in self._waiting.get(device_id, ()):
                event.set()
        while len(self._states_changed) > self._max_states_flags:
            del self._states_changed[next(iter(self._states_changed))]

    def has_states_changed(self, device_id: str) -> bool:
        return device_id in self._states_changed

    def take_states_changed(self, device_id: str) -> bool:
        """Whether ``device_id``'s states changed since it was last told; clears it."""
        if device_id not in self._states_changed:
            return False
        del self._states_changed[device_id]
        return True

    def notify_all(self) -> None:
        """Wake every waiting long-poll (each re-reads its queue): after a lost
        cross-instance notification, when who got mail is unknown."""
        for events in self._waiting.values():
            for event in events:
                event.set()

    def close(self) -> None:
        """Answer every waiting long-poll now and let no new one wait (shutdown)."""
        self._closing = True
        for events in self._waiting.values():
            for event in events:
                event.set()
