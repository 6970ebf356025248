"""``ConnectionState``: how the device stands with its relay, the one vocabulary for it.

Every layer uses these values: the engine reports a round's view
(:class:`~liaison_client.sync.engine.SyncReport`, the CLI prints it), the sync
session (:mod:`liaison_client.sync.session`) turns the rounds into the state an
officer sees (reconnecting, then offline after a few failures), and the
desktop app's status bar shows it. Before issue 9 there were three lists of
strings (engine, desktop controller, status bar) mapped onto each other; a
state crosses the UI boundary now only as this enum.
"""

from __future__ import annotations

from enum import StrEnum


class ConnectionState(StrEnum):
    #: The profile has no relay (created without ``--relay``).
    NO_RELAY = "no-relay"
    #: Nothing has reached the relay yet (a fresh engine or a new relay address).
    CONNECTING = "connecting"
    #: The last round reached the relay.
    ONLINE = "online"
    #: The last rounds failed, fewer than the session's offline threshold: retrying.
    #: Only the sync session reports it; an engine round is ONLINE or OFFLINE.
    RECONNECTING = "reconnecting"
    #: The relay cannot be reached: the engine after one failed round, the
    #: session after several in a row. The outbox waits in the store.
    OFFLINE = "offline"
