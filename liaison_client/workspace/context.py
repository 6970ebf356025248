"""What every workspace service shares: the open profile, its crypto state, the
outbound queue, the sync engine and the relay client of the moment.

One :class:`WorkspaceContext` per :class:`~liaison_client.workspace.Workspace`;
each domain service holds it instead of its own copies, so a relay change
(:meth:`WorkspaceContext.use_client`) is seen by all of them at once. The
look-ups several services need (a channel's membership, the coordinator check,
an officer's name) live here once rather than in each service.
"""

from __future__ import annotations

from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import MembershipState
from liaison_client.errors import NoRelayError, NotCoordinatorError, UsageError
from liaison_client.net.client import RelayClient
from liaison_client.profile import Profile
from liaison_client.store.store import Store
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.engine import SyncEngine, SyncListener
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR, Outbound

#: An officer as the timeline and the channel lists show one: (name, agency).
Person = tuple[str, str]


class WorkspaceContext:
    """The profile's state shared by the workspace's services (no verbs of its own)."""

    def __init__(self, profile: Profile, client: RelayClient | None, *,
                 listener: SyncListener | None = None) -> None:
        self.profile = profile
        self.store: Store = profile.store
        self.state = CryptoState(profile)
        self.outbound = Outbound(self.state, profile.layout.root / OUTGOING_ATTACHMENTS_DIR)
        self.engine = SyncEngine(self.state, self.outbound, client, listener=listener)
        self._client = client

    @property
    def client(self) -> RelayClient | None:
        """The relay client now in use (None for a profile created without a relay)."""
        return self._client

    def use_client(self, client: RelayClient | None) -> RelayClient | None:
        """Switch every service and the engine to ``client``; returns the old one
        for the caller to close."""
        old, self._client = self._client, client
        self.engine.use_client(client)
        return old

    @property
    def crypto(self) -> MegolmChannelCrypto:
        return self.state.crypto

    def require_client(self, what: str) -> RelayClient:
        """The relay client, or a :class:`UsageError` saying ``what`` needs one."""
        if self._client is None:
            raise NoRelayError(f"{what} needs a relay, and this profile has none "
                               "(join one with 'liaison join --relay URL --token-file FILE')")
        return self._client

    def membership_state(self, channel_id: str) -> MembershipState | None:
        """The channel's current membership (None: not known here), for handlers that
        are built once and must see the crypto state of the moment (it is rebuilt
        when the relay changes)."""
        return self.crypto.membership.state(channel_id)

    def own_device_id(self) -> str:
        return self.profile.device_id

    def membership(self, channel_id: str) -> MembershipState:
        """The channel's current membership; an unknown channel is a :class:`UsageError`."""
        state = self.crypto.membership.state(channel_id)
        if state is None:
            raise UsageError(f"unknown channel {channel_id}")
        return state

    def require_coordinator(self, channel_id: str) -> None:
        if self.membership(channel_id).coordinator.device_id != self.profile.device_id:
            raise NotCoordinatorError("only the channel's coordinator can change its membership")

    def person(self, device_id: str, cache: dict[str, Person] | None = None) -> Person:
        """(name, agency) of a device; ``cache`` spares repeated look-ups within a page."""
        if cache is not None and device_id in cache:
            return cache[device_id]
        own = self.profile.whoami()
        if device_id == own.device_id:
            person = (own.name, own.agency)
        else:
            known = self.store.devices.get(device_id)
            person = (known.name, known.agency) if known is not None else (device_id, "")
        if cache is not None:
            cache[device_id] = person
        return person
