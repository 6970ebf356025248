"""Olm, Megolm and device trust run on any store that keeps the Protocols: no database.

The SQLCipher-backed tests beside this one prove the real store; these prove
the crypto layer needs nothing but :mod:`liaison_client.crypto.stores` and a
clock, so it can be reasoned about (and tested) on its own.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from itertools import count

import pytest

from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import (
    KeyObservation,
    mark_verified,
    observe_device,
    trusted_keys,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.megolm import GroupSender, MegolmSessions
from liaison_client.crypto.olm_machine import OlmMachine, OlmMessageType
from liaison_client.crypto.rejection import Rejection
from tests.crypto.memory_stores import MemoryCryptoStore


def _machine(store: MemoryCryptoStore, device_id: str, clock: count[int]) -> OlmMachine:
    return OlmMachine(store, DeviceIdentity.generate(), device_id, secrets.token_bytes(32),
                      clock=lambda: next(clock))


def test_olm_sessions_run_in_memory_and_are_stamped_by_the_injected_clock() -> None:
    ticks = count(1000)
    li_store, anna_store = MemoryCryptoStore(), MemoryCryptoStore()
    li, anna = _machine(li_store, "LIWEI", ticks), _machine(anna_store, "ANNA", ticks)

    key = anna.generate_one_time_keys(1)[0]
    anna.mark_one_time_keys_published()
    published_account = anna_store.identity.pickle
    assert published_account is not None
    li.create_outbound_session(anna.own_keys, key)
    first = li.encrypt(anna.own_keys, "test.note", {"n": 1})
    assert first.message_type is OlmMessageType.PRE_KEY
    assert anna.decrypt(li.own_keys, first).content.integer("n") == 1
    # The pre-key message spent Anna's one-time key: her Account was saved again.
    assert anna_store.identity.pickle not in (None, published_account)
    reply = anna.encrypt(li.own_keys, "test.note", {"n": 2})
    assert reply.message_type is OlmMessageType.NORMAL
    assert li.decrypt(anna.own_keys, reply).content.integer("n") == 2

    (li_row,) = li_store.olm_sessions.for_peer(anna.own_keys.curve25519)
    (anna_row,) = anna_store.olm_sessions.for_peer(li.own_keys.curve25519)
    # Every stamp is a tick of the test's clock, in order, none from the system clock.
    assert 1000 <= li_row.created_at_ms < li_row.last_used_at_ms < 1010
    assert 1000 <= anna_row.created_at_ms < anna_row.last_used_at_ms < 1010
    with pytest.raises(PayloadRejectedError) as refused:
        anna.decrypt(li.own_keys, first)
    assert refused.value.reason is Rejection.DECRYPTION_FAILED


def test_megolm_binds_decrypts_and_refuses_a_replay_in_memory() -> None:
    sender = MegolmSessions(MemoryCryptoStore(), secrets.token_bytes(32))
    receiver_store = MemoryCryptoStore()
    receiver = MegolmSessions(receiver_store, secrets.token_bytes(32))
    key = sender.start_outbound("ch", 0, at_ms=5)
    assert receiver.bind_inbound(key, GroupSender("LIWEI", "ed-li"), at_ms=6)
    assert not receiver.bind_inbound(key, GroupSender("LIWEI", "ed-li"), at_ms=7)
    with pytest.raises(PayloadRejectedError) as rebound:
        receiver.bind_inbound(key, GroupSender("MALLORY", "ed-m"), at_ms=8)
    assert rebound.value.reason is Rejection.SESSION_REBOUND

    ciphertext = sender.encrypt("ch", b"hello")
    opened = receiver.decrypt(ciphertext)
    assert (opened.plaintext, opened.message_index) == (b"hello", 0)
    assert (opened.binding.sender_device_id, opened.binding.received_at_ms) == ("LIWEI", 6)
    receiver.mark_seen(key.session_id, opened.message_index, "m1")
    with pytest.raises(PayloadRejectedError) as replay:
        receiver.mark_seen(key.session_id, receiver.decrypt(ciphertext).message_index, "m2")
    assert replay.value.reason is Rejection.REPLAYED
    assert receiver_store.group_sessions.replay_mark(key.session_id, 0) == "m1"


def test_device_trust_runs_in_memory() -> None:
    store = MemoryCryptoStore()
    anna = DeviceKeys("ANNA", "ed-1", "curve-1")
    assert observe_device(store, anna, name="Anna", agency="SE", at_ms=1) is KeyObservation.NEW
    changed = DeviceKeys("ANNA", "ed-2", "curve-2")
    assert observe_device(store, changed, name="Anna", agency="SE",
                          at_ms=2) is KeyObservation.KEY_CHANGED
    with pytest.raises(PayloadRejectedError) as refused:
        trusted_keys(store, "ANNA")
    assert refused.value.reason is Rejection.SENDER_KEY_CHANGED
    mark_verified(store, "ANNA", "ed-2", at_ms=3)
    assert trusted_keys(store, "ANNA") == changed
    assert store.transactions == 3


def test_importing_the_crypto_layer_loads_no_store() -> None:
    modules = ["attachments", "clock", "device_keys", "device_trust", "errors", "identity",
               "megolm", "message_signature", "olm_machine", "rejection", "safety_number",
               "stores", "wire"]
    script = (
        "import sys\n"
        + "".join(f"import liaison_client.crypto.{m}\n" for m in modules)
        + "print(sorted(m for m in sys.modules if m.startswith('liaison_client.store')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"
