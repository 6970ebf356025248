"""Safety numbers: 60 digits, the same on both devices, stable, and key-sensitive."""

from __future__ import annotations

from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.safety_number import device_digits, safety_number


def _device(device_id: str) -> DeviceKeys:
    identity = DeviceIdentity.generate()
    return DeviceKeys(device_id, identity.ed25519_key, identity.curve25519_key)


def test_both_devices_compute_the_same_sixty_digits() -> None:
    alice, bob = _device("ALICE"), _device("BOB")
    number = safety_number(alice, bob)
    assert number == safety_number(bob, alice)
    assert len(number.digits) == 60
    assert number.digits.isdigit()
    assert len(number.grouped().split()) == 12


def test_the_number_is_stable_across_computations() -> None:
    alice, bob = _device("ALICE"), _device("BOB")
    assert safety_number(alice, bob) == safety_number(alice, bob)


def test_a_changed_key_or_device_id_changes_the_number() -> None:
    alice, bob = _device("ALICE"), _device("BOB")
    original = safety_number(alice, bob)
    new_key = _device("BOB")
    assert safety_number(alice, new_key) != original
    renamed = DeviceKeys("BOB2", bob.ed25519, bob.curve25519)
    assert safety_number(alice, renamed) != original


def test_each_half_belongs_to_one_device() -> None:
    alice, bob = _device("ALICE"), _device("BOB")
    halves = {device_digits(alice.device_id, alice.ed25519),
              device_digits(bob.device_id, bob.ed25519)}
    digits = safety_number(alice, bob).digits
    assert {digits[:30], digits[30:]} == halves
    assert digits[:30] <= digits[30:]
