"""The state the crypto layer keeps, and the Protocols a store implements to keep it.

matrix-nio keeps its crypto state behind an interface (``nio/crypto`` asks a
``MatrixStore`` to load and save sessions; ``memorystores.py`` and the
SQLite store implement it). Liaison does the same: :mod:`.olm_machine`,
:mod:`.megolm` and :mod:`.device_trust` decide *what* to keep (rotation,
binding, trust) and hand it to these small Protocols; ``liaison_client.store``
implements them over SQLCipher (``store/crypto_sessions.py``,
``store/devices.py``, ``store/identity.py``) and the unit tests with plain
dictionaries (``tests/crypto/memory_stores.py``). Nothing in ``crypto/``
imports the store.

The records are frozen dataclasses defined here, so the store returns exactly
what the crypto code reads. Pickles are already encrypted by vodozemac with
the profile's pickle key; an implementation must still keep them inside
encrypted storage (docs/CRYPTO.md, "Persistence").

Each state machine takes one aggregate Protocol (:class:`OlmMachineStore`,
:class:`MegolmStore`, :class:`DeviceTrustStore`) naming the repositories it
uses, so ``liaison_client.store.store.Store`` satisfies all three as it is.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

# -- records ------------------------------------------------------------------------


@dataclass(frozen=True)
class OlmSessionRow:
    session_id: str
    peer_device_id: str
    peer_curve25519: str
    pickle: str
    created_at_ms: int
    last_used_at_ms: int


@dataclass(frozen=True)
class OutboundGroupSessionRow:
    channel_id: str
    session_id: str
    epoch: int
    pickle: str
    messages_sent: int
    created_at_ms: int


@dataclass(frozen=True)
class InboundGroupSessionRow:
    """An inbound session and what it was bound to when its key share arrived."""

    session_id: str
    channel_id: str
    sender_device_id: str
    sender_ed25519: str
    epoch: int
    pickle: str
    received_at_ms: int


@dataclass(frozen=True)
class DeviceRecord:
    """Another device's keys as this device knows them, and how far it trusts them."""

    device_id: str
    name: str
    agency: str
    ed25519_key: str
    curve25519_key: str
    verified: bool
    key_changed_at_ms: int | None
    first_seen_at_ms: int
    updated_at_ms: int

    @property
    def key_changed(self) -> bool:
        return self.key_changed_at_ms is not None


# -- one Protocol per kind of state ----------------------------------------------------


class OlmSessionStore(Protocol):
    """Pairwise Olm sessions, by peer Curve25519 key."""

    def save(self, row: OlmSessionRow) -> None:
        """Insert, or update the pickle and ``last_used_at_ms`` of an existing session."""

    def for_peer(self, peer_curve25519: str) -> list[OlmSessionRow]:
        """The peer's sessions, most recently used first."""


class AccountStore(Protocol):
    """This device's Olm Account (its identity keys and unpublished one-time keys)."""

    def save_account_pickle(self, pickle: str) -> None:
        """Replace the stored Account pickle (after its one-time keys changed)."""


class GroupSessionStore(Protocol):
    """Megolm sessions: the outbound one per channel, bound inbound ones, replay marks."""

    def outbound(self, channel_id: str) -> OutboundGroupSessionRow | None: ...

    def replace_outbound(self, row: OutboundGroupSessionRow) -> None:
        """Install a new outbound session for the channel (the old one is discarded)."""

    def advance_outbound(self, channel_id: str, session_id: str, pickle: str,
                         messages_sent: int) -> None:
        """Store the ratchet after an encryption; must refuse to move it backwards."""

    def inbound(self, session_id: str) -> InboundGroupSessionRow | None: ...

    def add_inbound(self, row: InboundGroupSessionRow) -> None:
        """Bind a new inbound session; an existing binding is never overwritten."""

    def replay_mark(self, session_id: str, message_index: int) -> str | None:
        """The message id first seen at this ratchet index, if any."""

    def mark_seen(self, session_id: str, message_index: int, message_id: str) -> None: ...


class DeviceStore(Protocol):
    """Other devices' keys and trust (trust on first use, flagged key changes)."""

    def get(self, device_id: str) -> DeviceRecord | None: ...

    def add(self, device: DeviceRecord) -> None: ...

    def update_profile(self, device_id: str, name: str, agency: str, at_ms: int) -> None: ...

    def record_key_change(self, device_id: str, ed25519_key: str, curve25519_key: str,
                          at_ms: int) -> None:
        """Store new keys, unverify the device and flag the change."""

    def mark_verified(self, device_id: str, at_ms: int) -> None:
        """Trust the device's current keys and clear a key-change flag."""


class Transactional(Protocol):
    def transaction(self) -> AbstractContextManager[object]:
        """All writes inside commit together or not at all; nested use joins the outer."""


# -- what each state machine is given ---------------------------------------------------


class OlmMachineStore(Transactional, Protocol):
    @property
    def olm_sessions(self) -> OlmSessionStore: ...

    @property
    def identity(self) -> AccountStore: ...


class MegolmStore(Protocol):
    @property
    def group_sessions(self) -> GroupSessionStore: ...


class DeviceTrustStore(Transactional, Protocol):
    @property
    def devices(self) -> DeviceStore: ...
