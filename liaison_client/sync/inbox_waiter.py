"""Waiting for new mail on the relay without holding the profile.

A desktop app keeps one thread for everything that touches the store and the
vodozemac objects (``ui/operations.py``). If that thread long-polled the relay,
a send issued meanwhile would queue behind a 25 s wait. :class:`InboxWaiter` is
the network-only half of receiving: it long-polls the relay's queue for *any*
envelope past the stored cursor (``limit=1``) and only reports "mail is there";
the sync round on the service thread then fetches, decrypts and commits the
page as usual (the relay keeps every envelope until it is acknowledged, so
fetching twice loses and duplicates nothing; see docs/RELAY.md).

The waiter never sees a key: request signatures come from a ``sign`` callable
the caller supplies (the app marshals it onto the service thread), and it reads
nothing from the store itself.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from liaison_client.net.client import RelayClient
from liaison_client.net.message_signatures import RawSigner
from liaison_client.profile import Profile
from liaison_client.relay_connection import RELAY_INBOX_CURSOR, RelaySettings

#: The relay bounds a long-poll at ~25 s (docs/RELAY.md); one wait covers that.
WAIT_SECONDS = 25.0
#: One HTTP long-poll lasts at most this long, so a stopped waiter ends within it.
WAIT_SLICE_SECONDS = 5.0


@dataclass(frozen=True)
class InboxNews:
    """Why a wait ended: mail is queued, and/or delivery states changed (a
    recipient acknowledged one of our envelopes: the next round asks the relay
    for the states at once instead of at its 30-s refresh). Neither: a quiet wait."""

    mail: bool = False
    states_changed: bool = False


class InboxWaiter:
    """Long-polls the relay for new envelopes; answers only "is there mail?"."""

    def __init__(self, client: RelayClient, *, slice_seconds: float = WAIT_SLICE_SECONDS) -> None:
        self._client = client
        self._slice = slice_seconds

    def wait_for_mail(self, cursor: int, stop: threading.Event,
                      timeout: float = WAIT_SECONDS) -> InboxNews:
        """Returns as soon as an envelope past ``cursor`` is queued or the relay says
        a recipient acknowledged one of ours (``states_changed``); quiet news after
        ``timeout`` s or once ``stop`` is set. Raises
        :class:`~liaison_client.net.errors.RelayUnavailableError` when the relay
        cannot be reached (the caller then runs a round, which records the state)."""
        deadline = time.monotonic() + max(0.0, timeout)
        while not stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            page = self._client.fetch(cursor, wait=min(self._slice, remaining), limit=1)
            if page.envelopes or page.states_changed:
                return InboxNews(mail=bool(page.envelopes), states_changed=page.states_changed)
        return InboxNews()

    def close(self) -> None:
        self._client.close()


def inbox_cursor(profile: Profile) -> int:
    """The queue position the last committed page reached (read on the service thread)."""
    return int(profile.store.settings.get(RELAY_INBOX_CURSOR, 0))


def open_inbox_waiter(profile: Profile, sign: RawSigner) -> InboxWaiter | None:
    """A waiter over the profile's relay, signing through ``sign``; None without a relay.

    Call on the thread that owns the profile: it reads the relay settings."""
    relay = RelaySettings.load(profile.store.settings)
    if relay is None:
        return None
    return InboxWaiter(RelayClient(relay.url, ca_pem=relay.ca_pem, device_id=profile.device_id,
                                   signer=sign))
