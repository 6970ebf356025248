"""In-memory implementations of the crypto layer's store Protocols, for tests only.

They keep the same rules the SQLCipher repositories keep (an outbound ratchet
never moves backwards, a binding is never overwritten, an Olm session's pickle
and last use are updated in place), so a test that passes here exercises the
crypto code as the store would, without a database. They are deliberately not
in ``liaison_client``: production state is only ever kept encrypted
(docs/CRYPTO.md, "Persistence").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from liaison_client.crypto.stores import (
    DeviceRecord,
    InboundGroupSessionRow,
    OlmSessionRow,
    OutboundGroupSessionRow,
)


class MemoryOlmSessions:
    def __init__(self) -> None:
        self.rows: dict[str, OlmSessionRow] = {}

    def save(self, row: OlmSessionRow) -> None:
        existing = self.rows.get(row.session_id)
        self.rows[row.session_id] = row if existing is None else replace(
            existing, pickle=row.pickle, last_used_at_ms=row.last_used_at_ms)

    def for_peer(self, peer_curve25519: str) -> list[OlmSessionRow]:
        rows = [r for r in self.rows.values() if r.peer_curve25519 == peer_curve25519]
        return sorted(rows, key=lambda r: (r.last_used_at_ms, r.created_at_ms), reverse=True)


class MemoryAccount:
    def __init__(self) -> None:
        self.pickle: str | None = None

    def save_account_pickle(self, pickle: str) -> None:
        self.pickle = pickle


class MemoryGroupSessions:
    def __init__(self) -> None:
        self.outbound_rows: dict[str, OutboundGroupSessionRow] = {}
        self.inbound_rows: dict[str, InboundGroupSessionRow] = {}
        self.seen: dict[tuple[str, int], str] = {}

    def outbound(self, channel_id: str) -> OutboundGroupSessionRow | None:
        return self.outbound_rows.get(channel_id)

    def replace_outbound(self, row: OutboundGroupSessionRow) -> None:
        self.outbound_rows[row.channel_id] = row

    def advance_outbound(self, channel_id: str, session_id: str, pickle: str,
                         messages_sent: int) -> None:
        row = self.outbound_rows.get(channel_id)
        if row is None or row.session_id != session_id or row.messages_sent >= messages_sent:
            raise RuntimeError(
                f"outbound group session {session_id} of {channel_id} would move backwards")
        self.outbound_rows[channel_id] = replace(row, pickle=pickle,
                                                 messages_sent=messages_sent)

    def inbound(self, session_id: str) -> InboundGroupSessionRow | None:
        return self.inbound_rows.get(session_id)

    def add_inbound(self, row: InboundGroupSessionRow) -> None:
        if row.session_id in self.inbound_rows:
            raise KeyError(f"session {row.session_id} is already bound")
        self.inbound_rows[row.session_id] = row

    def replay_mark(self, session_id: str, message_index: int) -> str | None:
        return self.seen.get((session_id, message_index))

    def mark_seen(self, session_id: str, message_index: int, message_id: str) -> None:
        if (session_id, message_index) in self.seen:
            raise KeyError(f"index {message_index} of {session_id} is already marked")
        self.seen[(session_id, message_index)] = message_id


class MemoryDevices:
    def __init__(self) -> None:
        self.records: dict[str, DeviceRecord] = {}

    def get(self, device_id: str) -> DeviceRecord | None:
        return self.records.get(device_id)

    def add(self, device: DeviceRecord) -> None:
        if device.device_id in self.records:
            raise KeyError(f"device {device.device_id} is already known")
        self.records[device.device_id] = device

    def update_profile(self, device_id: str, name: str, agency: str, at_ms: int) -> None:
        self.records[device_id] = replace(self.records[device_id], name=name, agency=agency,
                                          updated_at_ms=at_ms)

    def record_key_change(self, device_id: str, ed25519_key: str, curve25519_key: str,
                          at_ms: int) -> None:
        self.records[device_id] = replace(
            self.records[device_id], ed25519_key=ed25519_key, curve25519_key=curve25519_key,
            verified=False, key_changed_at_ms=at_ms, updated_at_ms=at_ms)

    def mark_verified(self, device_id: str, at_ms: int) -> None:
        if device_id in self.records:
            self.records[device_id] = replace(self.records[device_id], verified=True,
                                              key_changed_at_ms=None, updated_at_ms=at_ms)


class MemoryCryptoStore:
    """One device's crypto state in dictionaries: an OlmMachineStore, MegolmStore
    and DeviceTrustStore at once, as ``Store`` is.

    ``transaction`` only counts how deep it is: nothing here can fail half-way
    through a write, so there is nothing to roll back.
    """

    def __init__(self) -> None:
        self.olm_sessions = MemoryOlmSessions()
        self.identity = MemoryAccount()
        self.group_sessions = MemoryGroupSessions()
        self.devices = MemoryDevices()
        self.transactions = 0

    @contextmanager
    def transaction(self) -> Iterator[MemoryCryptoStore]:
        self.transactions += 1
        yield self
