"""Checking a forwarded operation (``verify_forwarded``): every refusal, with real keys.

Pure: vodozemac identities sign a real membership chain (coordinator ``coord``,
member ``bo``; ``chen`` joins at epoch 2 after ``bo`` left at 1) and real
``watchlist.op`` channel messages, exactly as the channel crypto would.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from liaison_client.channels.kinds import TextBody, WatchlistOpBody
from liaison_client.channels.membership import (
    ControlAction,
    ControlEvent,
    MemberDevice,
    MembershipState,
    apply_event,
    create_event,
    next_event,
)
from liaison_client.channels.payloads import ChannelMessage, SenderChainLink
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection
from liaison_client.watchlists.operations import EntryFields, LamportClock, OperationAuthor
from liaison_client.workspace.watchlist_snapshots import epochs_of, verify_forwarded

HEAD = "a" * 64


class Device:
    def __init__(self, device_id: str) -> None:
        self.device_id = device_id
        self.identity = DeviceIdentity.generate()
        self.member = MemberDevice(device_id, self.identity.ed25519_key,
                                   self.identity.curve25519_key, device_id, "Customs")


@pytest.fixture(scope="module")
def world() -> tuple[dict[str, Device], list[ControlEvent]]:
    devices = {name: Device(name) for name in ("coord", "bo", "chen")}
    coord = devices["coord"]
    chain = [create_event(coord.identity, coord.member, "Op Jade", 1)]
    state: MembershipState = apply_event(None, chain[0])
    for action, subject in ((ControlAction.INVITE, "bo"), (ControlAction.REMOVE, "bo"),
                            (ControlAction.INVITE, "chen")):
        event = next_event(coord.identity, state, action, 2 + len(chain),
                           subject=devices[subject].member)
        state = apply_event(state, event)
        chain.append(event)
    return devices, chain


def signed_op(device: Device, channel_id: str, epoch: int, *, op_epoch: int | None = None,
              seq: int = 0) -> ChannelMessage:
    author = OperationAuthor(channel_id, device.device_id, LamportClock(), lambda: (
        epoch if op_epoch is None else op_epoch), lambda: 1_000)
    op = author.add("High-risk", EntryFields("container", "CSQU3054383"))
    message = ChannelMessage(channel_id, epoch, f"m-{device.device_id}-{seq}", device.device_id,
                             1_000, WatchlistOpBody(op), signature="",
                             chain=SenderChainLink(HEAD, None if seq == 0 else HEAD, seq))
    return replace(message, signature=device.identity.sign(message.signed_fields().canonical()))


def as_document(message: ChannelMessage) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(message.encode())
    return document


def refusal(document: object, channel_id: str,
            chain: list[ControlEvent]) -> PayloadRejectedError:
    with pytest.raises(PayloadRejectedError) as raised:
        verify_forwarded(document, channel_id, epochs_of(chain))
    return raised.value


def test_a_members_own_signed_operation_verifies(world: Any) -> None:
    devices, chain = world
    channel = chain[0].channel_id
    message = signed_op(devices["bo"], channel, 1)
    op, forwarded = verify_forwarded(as_document(message), channel, epochs_of(chain))
    assert forwarded == message
    assert op == message.body.operation  # type: ignore[union-attr]
    # A removed member's operation from while it was a member still verifies (the fold
    # decides whether it stands), and a joiner's at its own epoch.
    assert verify_forwarded(as_document(signed_op(devices["chen"], channel, 3)), channel,
                            epochs_of(chain))


def test_every_tampering_is_refused_with_its_reason(world: Any) -> None:
    devices, chain = world
    channel = chain[0].channel_id
    good = as_document(signed_op(devices["bo"], channel, 1))

    forged = json.loads(json.dumps(good))
    forged["body"]["entry"]["value"] = "TASU1170000"
    assert refusal(forged, channel, chain).reason is Rejection.BAD_SIGNATURE
    # Claiming another epoch (where bo was no member) or another author.
    assert refusal({**good, "epoch": 2}, channel, chain).reason is Rejection.NOT_A_MEMBER
    assert refusal({**good, "epoch": 9}, channel, chain).reason is Rejection.NOT_A_MEMBER
    other = {**good, "sender_device_id": "coord"}
    assert refusal(other, channel, chain).reason is Rejection.BAD_SIGNATURE
    assert refusal({**good, "signature": good["signature"][:-4] + "AAAA"}, channel,
                   chain).reason is Rejection.BAD_SIGNATURE
    # Signed by bo, but for another channel, or naming another author inside.
    assert refusal(good, "another-channel", chain).reason is Rejection.WRONG_CHANNEL
    # chen signs an op naming bo as its author: the signature is chen's, the op lies.
    liar = signed_op(devices["chen"], channel, 3)
    op = liar.body.operation  # type: ignore[union-attr]
    lying = replace(liar, body=WatchlistOpBody(replace(op, device_id="bo")))
    lying = replace(lying, signature=devices["chen"].identity.sign(
        lying.signed_fields().canonical()))
    assert refusal(as_document(lying), channel, chain).reason is Rejection.WRONG_SENDER
    # An operation claiming a later epoch than the message it travelled in.
    ahead = signed_op(devices["chen"], channel, 3, op_epoch=4)
    assert refusal(as_document(ahead), channel, chain).reason is Rejection.STALE_EPOCH


def test_malformed_forwarded_messages_are_refused_not_crashed_on(world: Any) -> None:
    devices, chain = world
    channel = chain[0].channel_id
    good = as_document(signed_op(devices["bo"], channel, 1))
    for broken in ({}, {"v": 2}, {**good, "kind": "nonsense"}, {**good, "body": "x"},
                   {**good, "epoch": "1"}, "not an object", [good]):
        assert refusal(broken, channel, chain).reason in (
            Rejection.MALFORMED, Rejection.UNSUPPORTED_VERSION, Rejection.UNSUPPORTED_KIND)
    # A text message (signed by a member) is not a watch-list operation.
    text = ChannelMessage(channel, 1, "m-text", "bo", 1_000, TextBody("hello"), "",
                          SenderChainLink(HEAD, None, 0))
    text = replace(text, signature=devices["bo"].identity.sign(text.signed_fields().canonical()))
    assert refusal(as_document(text), channel, chain).reason is Rejection.MALFORMED
    huge = {**good, "padding": "x" * 40_000}
    assert refusal(huge, channel, chain).reason is Rejection.MALFORMED
