"""Device trust: first use recorded, a changed key flagged and refused until verified."""

from __future__ import annotations

import pytest

from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import (
    KeyObservation,
    mark_verified,
    observe_device,
    safety_number_with,
    trusted_keys,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection
from liaison_client.errors import UsageError
from tests.crypto.conftest import bare_store


def _keys(device_id: str) -> DeviceKeys:
    identity = DeviceIdentity.generate()
    return DeviceKeys(device_id, identity.ed25519_key, identity.curve25519_key)


def test_first_use_then_unchanged() -> None:
    with bare_store() as store:
        anna = _keys("ANNA")
        assert observe_device(store, anna, name="Anna", agency="SE", at_ms=1) is \
            KeyObservation.NEW
        assert observe_device(store, anna, name="Anna B", agency="SE", at_ms=2) is \
            KeyObservation.UNCHANGED
        record = store.devices.get("ANNA")
        assert record is not None
        assert (record.name, record.verified, record.key_changed) == ("Anna B", False, False)
        assert trusted_keys(store, "ANNA") == anna


def test_a_changed_key_is_flagged_and_refused_until_verified_again() -> None:
    with bare_store() as store:
        anna, new_anna = _keys("ANNA"), _keys("ANNA")
        observe_device(store, anna, name="Anna", agency="SE", at_ms=1)
        mark_verified(store, "ANNA", anna.ed25519, at_ms=2)
        assert observe_device(store, new_anna, name="Anna", agency="SE", at_ms=3) is \
            KeyObservation.KEY_CHANGED
        record = store.devices.get("ANNA")
        assert record is not None
        assert (record.verified, record.key_changed_at_ms) == (False, 3)
        with pytest.raises(PayloadRejectedError) as raised:
            trusted_keys(store, "ANNA")
        assert raised.value.reason is Rejection.SENDER_KEY_CHANGED
        mark_verified(store, "ANNA", new_anna.ed25519, at_ms=4)
        assert trusted_keys(store, "ANNA") == new_anna


def test_verifying_a_key_other_than_the_current_one_is_refused() -> None:
    with bare_store() as store:
        anna = _keys("ANNA")
        observe_device(store, anna, name="Anna", agency="SE", at_ms=1)
        with pytest.raises(UsageError, match="changed while you compared"):
            mark_verified(store, "ANNA", _keys("X").ed25519, at_ms=2)
        with pytest.raises(UsageError, match="no device"):
            mark_verified(store, "NOBODY", anna.ed25519, at_ms=2)
        record = store.devices.get("ANNA")
        assert record is not None
        assert not record.verified


def test_unknown_senders_are_refused_and_have_no_safety_number() -> None:
    with bare_store() as store:
        with pytest.raises(PayloadRejectedError) as raised:
            trusted_keys(store, "NOBODY")
        assert raised.value.reason is Rejection.UNKNOWN_SENDER
        with pytest.raises(UsageError):
            safety_number_with(store, _keys("ME"), "NOBODY")


def test_the_safety_number_is_shown_with_what_is_known_of_the_device() -> None:
    with bare_store() as store:
        me, anna = _keys("ME"), _keys("ANNA")
        observe_device(store, anna, name="Anna", agency="SE", at_ms=1)
        number, record = safety_number_with(store, me, "ANNA")
        assert record.name == "Anna"
        assert len(number.digits) == 60
