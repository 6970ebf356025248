"""Attacks end to end, over the real relay: each is refused with a clear status,
shown in the channel as a refusal, and never shown as a normal message."""

from __future__ import annotations

import uuid

from liaison_client.channels.membership import (
    ControlAction,
    ControlEvent,
    MembershipLog,
    sign_event,
)
from liaison_client.channels.payloads import (
    CONTROL_TYPE,
    GROUP_KEY_TYPE,
    GroupKeyShare,
    MegolmEnvelope,
    OlmEnvelope,
    decode_envelope,
)
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import observe_device
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.olm_machine import OlmMachine
from liaison_client.crypto.rejection import Rejection
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.protocol.canonical import JsonObject
from liaison_client.relay_connection import client_for_profile
from liaison_client.workspace import TimelineEntry
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Officer, Operation
from tests.sync.hostile_relay import HostileRelay


def _refused(officer: Officer, channel_id: str) -> list[Rejection | None]:
    return [e.rejection for e in officer.refusals(channel_id)]


def _assert_shown_as_refusal(entry: TimelineEntry, reason: Rejection) -> None:
    assert entry.kind == "rejected"
    assert entry.state == "rejected"
    assert entry.rejection is reason
    assert entry.text.startswith("rejected: ")


def _send_raw(sender: Officer, recipient: str, payload: bytes) -> None:
    """Post a hand-made envelope with the sender's real relay credentials."""
    client = client_for_profile(sender.profile)
    assert client is not None
    with client:
        client.send([OutgoingEnvelope(uuid.uuid4().hex, (recipient,), payload)])


def _olm(sender: Officer, recipient: Officer, payload_type: str,
         content: JsonObject) -> bytes:
    """An Olm envelope from ``sender`` over its existing session with ``recipient``."""
    machine = OlmMachine(sender.profile.store, DeviceIdentity.from_pickle(
        sender.profile.store.identity.load().account_pickle, sender.profile.pickle_key),
        sender.device_id, sender.profile.pickle_key)
    whoami = recipient.profile.whoami()
    peer = DeviceKeys(recipient.device_id, whoami.fingerprint,
                      recipient.profile.identity.curve25519_key)
    with sender.profile.store.transaction():
        ciphertext = machine.encrypt(peer, payload_type, content)
    return OlmEnvelope(sender.device_id, machine.own_keys.curve25519, ciphertext).encode()


def test_ciphertext_tampered_by_the_relay_is_refused(trio: Operation,
                                                     relay: RelayProcess) -> None:
    li, anna, _ = trio.everyone
    hostile = HostileRelay(relay)
    li.workspace.sending.send_text(trio.channel_id, "genuine text")
    [group] = [c for c in hostile.pending_for(anna.device_id)
               if c.algorithm == "liaison.megolm.v1"]
    envelope = decode_envelope(group.ciphertext)
    assert isinstance(envelope, MegolmEnvelope)
    body = bytearray(envelope.body)
    body[20] ^= 0x40
    hostile.tamper(group, MegolmEnvelope(envelope.sender_device_id, envelope.session_id,
                                         bytes(body)).encode())
    report = anna.workspace.sync()
    assert report.rejected == 1
    assert "genuine text" not in anna.texts(trio.channel_id)
    [entry] = anna.refusals(trio.channel_id)
    _assert_shown_as_refusal(entry, Rejection.DECRYPTION_FAILED)
    assert entry.sender_device_id == li.device_id


def test_envelope_replayed_by_the_relay_under_a_new_id_is_refused(trio: Operation,
                                                                  relay: RelayProcess) -> None:
    li, anna, _ = trio.everyone
    hostile = HostileRelay(relay)
    li.workspace.sending.send_text(trio.channel_id, "pay the informant")
    [group] = [c for c in hostile.pending_for(anna.device_id)
               if c.algorithm == "liaison.megolm.v1"]
    hostile.replay(group, "replayed-" + uuid.uuid4().hex)
    anna.sync()
    assert anna.texts(trio.channel_id) == ["pay the informant"]
    assert _refused(anna, trio.channel_id) == [Rejection.REPLAYED]


def test_member_reposting_anothers_message_as_its_own_is_refused(trio: Operation,
                                                                 relay: RelayProcess) -> None:
    li, anna, tomas = trio.everyone
    hostile = HostileRelay(relay)
    li.workspace.sending.send_text(trio.channel_id, "only Li says this")
    [group] = [c for c in hostile.pending_for(tomas.device_id)
               if c.algorithm == "liaison.megolm.v1"]
    tomas.sync()
    # Tomás forwards Li's group ciphertext to Anna under his own relay identity.
    _send_raw(tomas, anna.device_id, group.ciphertext)
    anna.sync()
    assert anna.texts(trio.channel_id) == ["only Li says this"]
    assert _refused(anna, trio.channel_id) == [Rejection.WRONG_SENDER]


def test_control_event_not_signed_by_the_coordinator_is_refused(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    anna.workspace.sending.send_text(trio.channel_id, "hello")  # gives Anna a session with Tomás
    state = MembershipLog(anna.profile.store, own_device_id=anna.device_id).state(
        trio.channel_id)
    assert state is not None
    anna_identity = DeviceIdentity.from_pickle(
        anna.profile.store.identity.load().account_pickle, anna.profile.pickle_key)
    # Names Li as coordinator, but Anna signs it.
    forged = sign_event(anna_identity, ControlEvent(
        trio.channel_id, state.epoch + 1, state.head_hash, ControlAction.RENAME, 1,
        state.coordinator, signature="", name="Op Anna"))
    _send_raw(anna, tomas.device_id,
              _olm(anna, tomas, CONTROL_TYPE, {"events": [forged.to_wire()]}))
    tomas.sync()
    assert tomas.workspace.channels.get(trio.channel_id).name == "Op Jade"
    assert _refused(tomas, trio.channel_id) == [Rejection.NOT_COORDINATOR]
    assert tomas.texts(trio.channel_id) == ["hello"]
    del li


def test_key_share_for_an_old_epoch_is_refused(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    anna.workspace.sending.send_text(trio.channel_id, "hello")
    tomas.sync()
    state = MembershipLog(tomas.profile.store, own_device_id=tomas.device_id).state(
        trio.channel_id)
    assert state is not None
    assert state.epoch >= 1
    stale = GroupKeyShare(trio.channel_id, state.epoch - 1, "stale-session", "x" * 40,
                          anna.profile.whoami().fingerprint)
    _send_raw(anna, tomas.device_id, _olm(anna, tomas, GROUP_KEY_TYPE, stale.to_wire()))
    tomas.sync()
    assert _refused(tomas, trio.channel_id) == [Rejection.STALE_EPOCH]
    del li


def test_messages_from_a_member_whose_key_changed_are_refused_until_verified(
        trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    anna.workspace.sending.send_text(trio.channel_id, "first")
    tomas.sync()
    # The directory now presents other keys for Anna's device.
    impostor = DeviceIdentity.generate()
    observe_device(tomas.profile.store, DeviceKeys(anna.device_id, impostor.ed25519_key,
                                                   impostor.curve25519_key),
                   name="Anna Schmidt", agency="Zoll Hamburg", at_ms=2)
    members = {m.device_id: m for m in tomas.workspace.channels.members(trio.channel_id)}
    assert members[anna.device_id].key_changed
    anna.workspace.sending.send_text(trio.channel_id, "second")
    tomas.sync()
    assert tomas.texts(trio.channel_id) == ["first"]
    [entry] = tomas.refusals(trio.channel_id)
    _assert_shown_as_refusal(entry, Rejection.SENDER_KEY_CHANGED)
    del li
