"""The channel crypto in use, and the rule that it never runs ahead of the store.

vodozemac objects live in memory: an Olm pre-key message consumes a one-time
key inside the Account, a Megolm session is cached decoded. If the
transaction that should persist such a change rolls back (a full disk, a bug
half-way through a batch), memory is ahead of the store, and using it would
break docs/CRYPTO.md's persistence rule "never use state that was not
committed". :meth:`CryptoState.transaction` therefore rebuilds everything
from the store after any failed transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from liaison_client.channels.channel_crypto import FoldedKindHandler
from liaison_client.channels.megolm_channel_crypto import (
    Clock,
    MegolmChannelCrypto,
    MembershipObserver,
)
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.profile import Profile
from liaison_client.store.records import now_ms
from liaison_client.store.store import Store


class CryptoState:
    def __init__(self, profile: Profile, *, clock: Clock = now_ms) -> None:
        self._profile = profile
        self._clock = clock
        #: The handlers of FOLDED kinds, registered by the services that own their state.
        self._folded: dict[str, FoldedKindHandler] = {}
        #: Observers of received membership changes (one list, kept across reloads).
        self._membership_observers: list[MembershipObserver] = []
        self._crypto = self._build(profile.store, profile.identity)
        self.reloads = 0

    def register_folded(self, kind: str, handler: FoldedKindHandler) -> None:
        """Hand every verified message of the folded ``kind`` to ``handler`` from now
        on (a service owning that state calls it once, when it is built)."""
        self._folded[kind] = handler
        self._crypto.handle_folded(kind, handler)

    def register_membership_observer(self, observer: MembershipObserver) -> None:
        """Tell ``observer`` of every received control event once applied, inside the
        transaction that applies it."""
        self._membership_observers.append(observer)

    def _build(self, store: Store, identity: DeviceIdentity) -> MegolmChannelCrypto:
        return MegolmChannelCrypto(store, identity, self._profile.device_id,
                                   self._profile.pickle_key, clock=self._clock,
                                   folded=self._folded,
                                   membership_observers=self._membership_observers)

    @property
    def crypto(self) -> MegolmChannelCrypto:
        return self._crypto

    @property
    def store(self) -> Store:
        return self._profile.store

    @contextmanager
    def transaction(self) -> Iterator[MegolmChannelCrypto]:
        """One store transaction around crypto work; on failure, reload from the store."""
        store = self._profile.store
        outermost = not store.in_transaction
        try:
            with store.transaction():
                yield self._crypto
        except BaseException:
            if outermost:
                self.reload()
            raise

    def reload(self) -> None:
        """Forget every in-memory vodozemac object; restore the committed ones."""
        store = self._profile.store
        record = store.identity.load()
        identity = DeviceIdentity.from_pickle(record.account_pickle, self._profile.pickle_key)
        self._crypto = self._build(store, identity)
        self.reloads += 1
