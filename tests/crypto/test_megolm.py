"""Megolm sessions: rotation policy, binding at key share, replay marks, pickle/restore."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_client.crypto.errors import MissingGroupSessionError, PayloadRejectedError
from liaison_client.crypto.megolm import (
    ROTATE_AFTER_MESSAGES,
    ROTATE_AFTER_MS,
    GroupCiphertext,
    GroupSender,
    MegolmSessions,
)
from liaison_client.crypto.rejection import Rejection
from tests.crypto.conftest import bare_store

SENDER = GroupSender("LIWEI", "ed25519-of-li")



def test_rotation_is_due_on_a_new_epoch_after_100_messages_and_after_7_days() -> None:
    with bare_store() as store:
        megolm = MegolmSessions(store, secrets.token_bytes(32))
        assert megolm.rotation_due("ch", 0, at_ms=0)
        megolm.start_outbound("ch", 0, at_ms=0)
        assert not megolm.rotation_due("ch", 0, at_ms=1)
        assert megolm.rotation_due("ch", 1, at_ms=1)
        assert megolm.rotation_due("ch", 0, at_ms=ROTATE_AFTER_MS)
        for _ in range(ROTATE_AFTER_MESSAGES - 1):
            megolm.encrypt("ch", b"x")
        assert not megolm.rotation_due("ch", 0, at_ms=1)
        megolm.encrypt("ch", b"x")
        assert megolm.rotation_due("ch", 0, at_ms=1)


def test_a_rotated_session_is_new_and_its_predecessor_is_gone() -> None:
    with bare_store() as store:
        megolm = MegolmSessions(store, secrets.token_bytes(32))
        first = megolm.start_outbound("ch", 0, at_ms=0)
        second = megolm.start_outbound("ch", 1, at_ms=0)
        assert first.session_id != second.session_id
        assert first.session_key != second.session_key
        assert megolm.encrypt("ch", b"x").session_id == second.session_id


def test_a_message_before_its_key_is_reported_missing() -> None:
    with bare_store() as sender_store, bare_store() as receiver_store:
        sender = MegolmSessions(sender_store, secrets.token_bytes(32))
        receiver = MegolmSessions(receiver_store, secrets.token_bytes(32))
        sender.start_outbound("ch", 0, at_ms=0)
        with pytest.raises(MissingGroupSessionError):
            receiver.decrypt(sender.encrypt("ch", b"early"))


def test_a_session_bound_to_one_sender_cannot_be_rebound() -> None:
    with bare_store() as sender_store, bare_store() as receiver_store:
        sender = MegolmSessions(sender_store, secrets.token_bytes(32))
        receiver = MegolmSessions(receiver_store, secrets.token_bytes(32))
        key = sender.start_outbound("ch", 0, at_ms=0)
        assert receiver.bind_inbound(key, SENDER, at_ms=0)
        assert not receiver.bind_inbound(key, SENDER, at_ms=1)
        with pytest.raises(PayloadRejectedError) as raised:
            receiver.bind_inbound(key, GroupSender("MALLORY", "ed25519-of-m"), at_ms=2)
        assert raised.value.reason is Rejection.SESSION_REBOUND
        opened = receiver.decrypt(sender.encrypt("ch", b"hello"))
        assert opened.binding.sender_device_id == SENDER.device_id


def test_a_key_that_does_not_match_its_session_id_is_refused() -> None:
    with bare_store() as store:
        megolm = MegolmSessions(store, secrets.token_bytes(32))
        key = megolm.start_outbound("ch", 0, at_ms=0)
        other = megolm.start_outbound("ch2", 0, at_ms=0)
        forged = type(key)(key.channel_id, key.epoch, key.session_id, other.session_key)
        with pytest.raises(PayloadRejectedError) as raised:
            megolm.bind_inbound(forged, SENDER, at_ms=0)
        assert raised.value.reason is Rejection.MALFORMED


def test_a_repeated_ratchet_index_is_a_replay() -> None:
    with bare_store() as store:
        megolm = MegolmSessions(store, secrets.token_bytes(32))
        megolm.mark_seen("s", 0, "m1")
        for message_id in ("m1", "m2"):
            with pytest.raises(PayloadRejectedError) as raised:
                megolm.mark_seen("s", 0, message_id)
            assert raised.value.reason is Rejection.REPLAYED


def test_tampered_group_ciphertext_is_rejected() -> None:
    with bare_store() as sender_store, bare_store() as receiver_store:
        sender = MegolmSessions(sender_store, secrets.token_bytes(32))
        receiver = MegolmSessions(receiver_store, secrets.token_bytes(32))
        receiver.bind_inbound(sender.start_outbound("ch", 0, at_ms=0), SENDER, at_ms=0)
        ciphertext = sender.encrypt("ch", b"genuine")
        body = bytearray(ciphertext.body)
        body[-70] ^= 0x01
        with pytest.raises(PayloadRejectedError) as raised:
            receiver.decrypt(GroupCiphertext(ciphertext.session_id, bytes(body)))
        assert raised.value.reason is Rejection.DECRYPTION_FAILED


@settings(max_examples=25, deadline=None)
@given(before=st.integers(0, 12), after=st.integers(1, 12))
@pytest.mark.slow
def test_ratchet_state_restored_from_its_pickle_continues_exactly(before: int,
                                                                  after: int) -> None:
    """Pickle/restore: a fresh process (new MegolmSessions on the same store) carries on
    from the committed index, never reusing one, and every message still decrypts."""
    pickle_key = secrets.token_bytes(32)
    with bare_store() as sender_store, bare_store() as receiver_store:
        sender = MegolmSessions(sender_store, pickle_key)
        receiver_key = secrets.token_bytes(32)
        receiver = MegolmSessions(receiver_store, receiver_key)
        receiver.bind_inbound(sender.start_outbound("ch", 0, at_ms=0), SENDER, at_ms=0)
        sent = [sender.encrypt("ch", f"m{i}".encode()) for i in range(before)]
        restarted = MegolmSessions(sender_store, pickle_key)
        sent += [restarted.encrypt("ch", f"m{before + i}".encode()) for i in range(after)]
        restarted_receiver = MegolmSessions(receiver_store, receiver_key)
        opened = [restarted_receiver.decrypt(c) for c in sent]
        assert [o.message_index for o in opened] == list(range(before + after))
        assert [o.plaintext for o in opened] == [f"m{i}".encode() for i in range(before + after)]
