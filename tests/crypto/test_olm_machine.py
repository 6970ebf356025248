"""Olm sessions: signed one-time keys, pre-key set-up, and the sender/recipient checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.errors import InvalidOneTimeKeyError, PayloadRejectedError
from liaison_client.crypto.olm_machine import (
    OlmCiphertext,
    OlmMachine,
    OlmMessageType,
)
from liaison_client.crypto.rejection import Rejection
from liaison_client.profile import NewProfile, Profile, open_profile
from tests.conftest import fixed_passphrase

MakeProfile = Callable[..., tuple[NewProfile, Profile]]


def _machine(profile: Profile) -> OlmMachine:
    return OlmMachine(profile.store, profile.identity, profile.device_id, profile.pickle_key)


@pytest.fixture
def pair(make_profile: MakeProfile) -> tuple[OlmMachine, OlmMachine]:
    return _machine(make_profile(name="Li Wei")[1]), _machine(make_profile(name="Anna")[1])


def _connect(alice: OlmMachine, bob: OlmMachine) -> None:
    key = bob.generate_one_time_keys(1)[0]
    bob.mark_one_time_keys_published()
    alice.create_outbound_session(bob.own_keys, key)


def test_pre_key_then_normal_messages_both_ways(pair: tuple[OlmMachine, OlmMachine]) -> None:
    alice, bob = pair
    _connect(alice, bob)
    first = alice.encrypt(bob.own_keys, "test.note", {"n": 1})
    assert first.message_type is OlmMessageType.PRE_KEY
    opened = bob.decrypt(alice.own_keys, first)
    assert opened.payload_type == "test.note"
    assert opened.content.integer("n") == 1
    reply = bob.encrypt(alice.own_keys, "test.note", {"n": 2})
    assert reply.message_type is OlmMessageType.NORMAL
    assert alice.decrypt(bob.own_keys, reply).content.integer("n") == 2


def test_one_time_keys_are_signed_and_published_once(pair: tuple[OlmMachine, OlmMachine]) -> None:
    _, bob = pair
    keys = bob.generate_one_time_keys(3)
    assert len(keys) == 3
    assert len({k.key for k in keys}) == 3
    bob.mark_one_time_keys_published()
    assert bob.unpublished_one_time_keys() == []


def test_a_key_not_signed_by_its_device_is_refused(pair: tuple[OlmMachine, OlmMachine]) -> None:
    alice, bob = pair
    key = bob.generate_one_time_keys(1)[0]
    relay_key = alice.generate_one_time_keys(1)[0]
    substituted = replace(key, key=relay_key.key)
    with pytest.raises(InvalidOneTimeKeyError, match="not signed"):
        alice.create_outbound_session(bob.own_keys, substituted)
    other_device = replace(key, device_id="SOMEONE")
    with pytest.raises(InvalidOneTimeKeyError):
        alice.create_outbound_session(bob.own_keys, other_device)
    assert not alice.has_session(bob.own_keys)


def test_a_fallback_key_sets_up_a_session(pair: tuple[OlmMachine, OlmMachine]) -> None:
    alice, bob = pair
    fallback = bob.generate_fallback_key()
    assert fallback.fallback
    alice.create_outbound_session(bob.own_keys, fallback)
    message = alice.encrypt(bob.own_keys, "test.note", {"via": "fallback"})
    assert bob.decrypt(alice.own_keys, message).content.text("via") == "fallback"


def test_a_replayed_olm_message_is_rejected(pair: tuple[OlmMachine, OlmMachine]) -> None:
    alice, bob = pair
    _connect(alice, bob)
    bob.decrypt(alice.own_keys, alice.encrypt(bob.own_keys, "t", {}))
    reply = bob.encrypt(alice.own_keys, "t", {})
    alice.decrypt(bob.own_keys, reply)
    with pytest.raises(PayloadRejectedError) as raised:
        alice.decrypt(bob.own_keys, reply)
    assert raised.value.reason is Rejection.DECRYPTION_FAILED


def test_a_payload_naming_another_sender_is_rejected(
    pair: tuple[OlmMachine, OlmMachine],
) -> None:
    alice, bob = pair
    _connect(alice, bob)
    message = alice.encrypt(bob.own_keys, "t", {})
    claimed = DeviceKeys("CAROL", alice.own_keys.ed25519, alice.own_keys.curve25519)
    with pytest.raises(PayloadRejectedError) as raised:
        bob.decrypt(claimed, message)
    assert raised.value.reason is Rejection.WRONG_SENDER


def test_a_payload_for_another_recipient_is_rejected(
    pair: tuple[OlmMachine, OlmMachine],
) -> None:
    alice, bob = pair
    _connect(alice, bob)
    misaddressed = DeviceKeys("CAROL", bob.own_keys.ed25519, bob.own_keys.curve25519)
    message = alice.encrypt(misaddressed, "t", {})
    with pytest.raises(PayloadRejectedError) as raised:
        bob.decrypt(alice.own_keys, message)
    assert raised.value.reason is Rejection.WRONG_RECIPIENT


def test_garbage_is_rejected_as_malformed_or_undecryptable(
    pair: tuple[OlmMachine, OlmMachine],
) -> None:
    alice, bob = pair
    for ciphertext in (OlmCiphertext(OlmMessageType.PRE_KEY, b"\x00garbage"),
                       OlmCiphertext(OlmMessageType.NORMAL, b"\x03" * 40)):
        with pytest.raises(PayloadRejectedError) as raised:
            bob.decrypt(alice.own_keys, ciphertext)
        assert raised.value.reason in (Rejection.MALFORMED, Rejection.DECRYPTION_FAILED)


def test_sessions_and_spent_keys_survive_a_restart(make_profile: MakeProfile) -> None:
    alice_profile, bob_profile = make_profile(name="Li")[1], make_profile(name="Anna")[1]
    alice, bob = _machine(alice_profile), _machine(bob_profile)
    _connect(alice, bob)
    first = alice.encrypt(bob.own_keys, "t", {"n": 1})
    bob.decrypt(alice.own_keys, first)
    bob_profile.close()
    reopened = open_profile(bob_profile.layout.root, passphrase=fixed_passphrase())
    try:
        bob_again = _machine(reopened)
        second = alice.encrypt(bob_again.own_keys, "t", {"n": 2})
        assert bob_again.decrypt(alice.own_keys, second).content.integer("n") == 2
        # The one-time key was spent before the restart: the first message cannot set up again.
        with pytest.raises(PayloadRejectedError):
            bob_again.decrypt(alice.own_keys, first)
    finally:
        reopened.close()
