"""What the membership-log tests share: a member device with its key, and the reason an
event is refused for (tests/channels/test_membership.py, test_lifecycle_events.py,
test_read_receipt_kind.py)."""

from __future__ import annotations

import pytest

from liaison_client.channels.membership import (
    ControlEvent,
    MemberDevice,
    MembershipState,
    apply_event,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection


def new_member(device_id: str) -> tuple[DeviceIdentity, MemberDevice]:
    """A device with a fresh identity, as a coordinator would vouch for it."""
    identity = DeviceIdentity.generate()
    return identity, MemberDevice(device_id, identity.ed25519_key, identity.curve25519_key,
                                  device_id.title(), "Customs")


def rejection_of(state: MembershipState | None, event: ControlEvent) -> Rejection:
    """Why ``event`` is refused after ``state`` (the test fails if it is accepted)."""
    with pytest.raises(PayloadRejectedError) as raised:
        apply_event(state, event)
    return raised.value.reason
