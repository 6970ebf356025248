"""The key directory: signed one-time keys handed out once, then the fallback key."""

from __future__ import annotations

import pytest
import requests
import vodozemac

from liaison_client.net.errors import ForgedKeyError, RelayRefusedError
from liaison_client.net.registration import signed_keys
from tests.relay.relay_process import EnrolledDevice, RelayProcess, enroll_device

#: Each test enrolls devices of its own and asks only about them.
pytestmark = pytest.mark.shared_relay


def _publish(device: EnrolledDevice, count: int, *, fallback: bool = True) -> int:
    account = device.identity.account
    account.generate_one_time_keys(count)
    one_time = signed_keys(device.identity, device.device_id,
                           {k: v.to_base64() for k, v in account.one_time_keys.items()},
                           fallback=False)
    fallback_key = None
    if fallback:
        account.generate_fallback_key()  # type: ignore[attr-defined]
        fallback_key = signed_keys(device.identity, device.device_id, {
            k: v.to_base64() for k, v in account.fallback_key.items()  # type: ignore[attr-defined]
        }, fallback=True)[0]
    published = device.client.publish_keys(one_time, fallback_key)
    account.mark_keys_as_published()
    return published


@pytest.mark.slow
def test_public_record_shows_the_registered_identity_keys(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    info = alice.client.device(bob.device_id)
    assert (info.ed25519_key, info.curve25519_key) == (
        bob.identity.ed25519_key, bob.identity.curve25519_key)


def test_unknown_device_is_not_found(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.device("NOSUCHDEVICE1")
    assert refused.value.status == 404


def test_each_one_time_key_is_handed_out_once_then_the_fallback(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    assert _publish(bob, 3) == 3
    claims = [alice.client.claim_key(bob.device_id, bob.identity.ed25519_key) for _ in range(5)]
    one_time = [c for c in claims if not c.fallback]
    assert len({c.key_id for c in one_time}) == 3
    assert [c.fallback for c in claims] == [False, False, False, True, True]
    assert bob.client.publish_keys([]) == 0


def test_claimed_key_opens_an_olm_session_with_its_owner(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    _publish(bob, 1, fallback=False)
    claimed = alice.client.claim_key(bob.device_id, bob.identity.ed25519_key)
    session = alice.identity.account.create_outbound_session(
        vodozemac.Curve25519PublicKey.from_base64(bob.identity.curve25519_key),
        vodozemac.Curve25519PublicKey.from_base64(claimed.key))
    pre_key = vodozemac.AnyOlmMessage.from_parts(
        *session.encrypt(b"hello bob").to_parts()).to_pre_key()
    assert pre_key is not None
    _inbound, plaintext = bob.identity.account.create_inbound_session(
        vodozemac.Curve25519PublicKey.from_base64(alice.identity.curve25519_key), pre_key)
    assert plaintext == b"hello bob"


def test_a_key_not_signed_by_the_expected_device_is_rejected(relay: RelayProcess) -> None:
    alice, bob, mallory = enroll_device(relay), enroll_device(relay), enroll_device(relay)
    _publish(bob, 1)
    with pytest.raises(ForgedKeyError):
        # Alice believes bob's key is mallory's: the relay's key cannot satisfy her.
        alice.client.claim_key(bob.device_id, mallory.identity.ed25519_key)


def test_keys_with_bad_signatures_are_refused_at_upload(relay: RelayProcess) -> None:
    bob = enroll_device(relay)
    key = bob.identity.curve25519_key
    with pytest.raises(RelayRefusedError) as refused:
        bob.client.publish_keys([("AAAAAAAAAAA", key, bob.identity.sign(b"something else"))])
    assert refused.value.status == 400


def test_claiming_from_a_device_without_keys_is_not_found(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.claim_key(bob.device_id, bob.identity.ed25519_key)
    assert refused.value.status == 404


def test_key_directory_requires_a_signed_request(relay: RelayProcess) -> None:
    bob = enroll_device(relay)
    response = requests.get(f"{relay.url}/v1/devices/{bob.device_id}", timeout=10)
    assert response.status_code == 401
