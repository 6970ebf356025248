"""Officers exchanging channel messages entirely in memory, and every attack refused.

Each officer is a real profile (SQLCipher store, vodozemac Account); ciphertexts
pass from one service to another directly, as the relay would hand them on.
"""

from __future__ import annotations

import base64
import dataclasses
import json

import pytest
import vodozemac

from liaison_client.channels.channel_crypto import (
    Duplicate,
    HeldForKey,
    IncomingResult,
    KeyShareReceived,
    MembershipChanged,
    MessageReceived,
    Rejected,
)
from liaison_client.channels.errors import MissingSessionsError
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import ControlAction, ControlEvent, sign_event
from liaison_client.channels.payloads import (
    CONTROL_TYPE,
    GROUP_KEY_TYPE,
    ChannelMessage,
    GroupKeyShare,
    MegolmEnvelope,
    OlmEnvelope,
    SenderChainLink,
    TextBody,
    decode_envelope,
)
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import KeyObservation, mark_verified, observe_device
from liaison_client.crypto.message_signature import sign_message, verify_message
from liaison_client.crypto.rejection import Rejection
from liaison_client.errors import UsageError
from liaison_client.profile import open_profile
from liaison_client.protocol.canonical import JsonObject
from liaison_client.store.envelope_log import EnvelopeOutcome
from tests.channels.conftest import (
    Officer,
    OfficerFactory,
    Operation,
    deliver,
    meet,
    open_operation,
    received_texts,
    send_text,
)
from tests.conftest import fixed_passphrase


def _rejections(results: list[IncomingResult]) -> list[Rejection]:
    return [r.reason for r in results if isinstance(r, Rejected)]


def _olm_payload(sender: Officer, recipient: Officer, payload_type: str,
                 content: JsonObject) -> bytes:
    ciphertext = sender.crypto.olm.encrypt(recipient.keys, payload_type, content)
    return OlmEnvelope(sender.device_id, sender.keys.curve25519, ciphertext).encode()


@pytest.fixture
def trio(make_officer: OfficerFactory) -> Operation:
    return open_operation(make_officer("Li Wei"), make_officer("Anna Berg"),
                          make_officer("Tomás Ruiz"))


# -- the normal path ------------------------------------------------------------

def test_three_officers_exchange_messages(trio: Operation) -> None:
    li, anna, tomas = trio.everyone

    first = send_text(trio, li, "Container MSKU 123 flagged at berth 4")
    assert received_texts(first[anna.device_id]) == ["Container MSKU 123 flagged at berth 4"]
    assert received_texts(first[tomas.device_id]) == ["Container MSKU 123 flagged at berth 4"]

    reply = send_text(trio, anna, "Sniffer team on the way")
    assert received_texts(reply[li.device_id]) == ["Sniffer team on the way"]
    assert received_texts(reply[tomas.device_id]) == ["Sniffer team on the way"]

    for officer in trio.everyone:
        assert officer.texts(trio.channel_id) == [
            "Container MSKU 123 flagged at berth 4", "Sniffer team on the way"]


def test_members_and_names_agree_on_every_device(trio: Operation) -> None:
    states = [o.crypto.membership.state(trio.channel_id) for o in trio.everyone]
    assert all(s is not None for s in states)
    assert len({(s.epoch, s.head_hash, s.members) for s in states if s is not None}) == 1
    for officer in trio.everyone:
        channel = officer.profile.store.channels.get(trio.channel_id)
        assert channel is not None
        assert channel.name == "Op Jade"
        assert channel.epoch == 2
        assert len(officer.profile.store.channels.members(trio.channel_id)) == 3


def test_body_is_encrypted_once_and_keys_are_shared_only_at_rotation(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    first = li.crypto.send(trio.channel_id, TextBody("one"))
    # A plaintext long enough that random base64 never contains it by chance ("two"
    # turned up in the ciphertext's base64 about once in 400 runs).
    secret = "Container MSKU 7654321 held at berth 4, seal 004512"
    second = li.crypto.send(trio.channel_id, TextBody(secret))
    assert {e.recipient_device_id for e in first.key_shares} == {anna.device_id,
                                                                  tomas.device_id}
    assert second.key_shares == ()
    assert set(second.group.recipient_device_ids) == {anna.device_id, tomas.device_id}
    assert secret.encode() not in second.group.payload


def test_stored_message_signature_verifies_for_a_third_party(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    send_text(trio, li, "Seizure report follows")
    stored = anna.profile.store.messages.in_channel(trio.channel_id)[0]
    assert stored.signature is not None
    assert stored.content is not None
    link = anna.profile.store.message_chain.get(stored.message_id)
    assert link is not None
    fields = ChannelMessage(stored.channel_id, link.epoch, stored.message_id,
                            stored.sender_device_id, stored.sent_at_ms,
                            TextBody(json.loads(stored.content)["text"]), "",
                            SenderChainLink(link.membership_head, link.prev_hash, link.seq),
                            ).signed_fields()
    signature = base64.b64encode(stored.signature).decode().rstrip("=")
    assert verify_message(li.keys.ed25519, fields, signature)
    assert not verify_message(anna.keys.ed25519, fields, signature)


def test_a_message_before_its_key_is_held_then_released(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    outgoing = li.crypto.send(trio.channel_id, TextBody("early bird"))
    held = deliver(li, [outgoing.group], [anna])[anna.device_id]
    assert isinstance(held[0], HeldForKey)
    assert anna.texts(trio.channel_id) == []
    shares = deliver(li, outgoing.key_shares, [anna])[anna.device_id]
    assert isinstance(shares[0], KeyShareReceived)
    assert received_texts(list(shares[0].released)) == ["early bird"]
    assert anna.texts(trio.channel_id) == ["early bird"]
    assert anna.profile.store.group_sessions.pending_count() == 0


def test_sending_without_a_pairwise_session_names_the_devices_and_changes_nothing(
    make_officer: OfficerFactory,
) -> None:
    li, anna = make_officer("Li Wei"), make_officer("Anna Berg")
    li.knows(anna)
    anna.knows(li)
    channel_id = li.crypto.create_channel("Op Amber").state.channel_id
    with pytest.raises(MissingSessionsError) as raised:
        li.crypto.invite(channel_id, anna.member)
    assert raised.value.device_ids == (anna.device_id,)
    state = li.crypto.membership.state(channel_id)
    assert state is not None
    assert state.epoch == 0


def test_state_survives_closing_and_reopening_the_profiles(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    send_text(trio, li, "before restart")
    anna.profile.close()
    reopened = open_profile(anna.profile.layout.root, passphrase=fixed_passphrase())
    anna_again = Officer(reopened, MegolmChannelCrypto.for_profile(reopened))
    try:
        trio.members[0] = anna_again
        results = send_text(trio, li, "after restart")
        assert received_texts(results[anna_again.device_id]) == ["after restart"]
        reply = send_text(trio, anna_again, "still here")
        assert received_texts(reply[li.device_id]) == ["still here"]
        assert received_texts(reply[tomas.device_id]) == ["still here"]
    finally:
        reopened.close()


# -- membership changes -----------------------------------------------------------

def test_removed_member_cannot_decrypt_later_messages(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    send_text(trio, li, "all three of us")
    removal = li.crypto.remove(trio.channel_id, tomas.device_id)
    told = deliver(li, removal.envelopes, trio.everyone)
    assert isinstance(told[tomas.device_id][0], MembershipChanged)

    outgoing = li.crypto.send(trio.channel_id, TextBody("tomas must not read this"))
    assert tomas.device_id not in {e.recipient_device_id for e in outgoing.key_shares}
    # Even if the relay leaked the group ciphertext to the removed device:
    leaked = tomas.crypto.receive("leak-1", li.device_id, outgoing.group.payload)
    assert isinstance(leaked, HeldForKey)
    assert "tomas must not read this" not in tomas.texts(trio.channel_id)

    results = deliver(li, [*outgoing.key_shares, outgoing.group], [anna])
    assert received_texts(results[anna.device_id]) == ["tomas must not read this"]
    with pytest.raises(UsageError, match="no longer a member"):
        tomas.crypto.send(trio.channel_id, TextBody("hello?"))


def test_a_removed_member_that_ignores_its_removal_is_not_accepted(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    send_text(trio, tomas, "session established")
    removal = li.crypto.remove(trio.channel_id, tomas.device_id)
    deliver(li, removal.envelopes, [li, anna])  # Tomás never applies it
    results = send_text(trio, tomas, "I am still here")
    assert _rejections(results[anna.device_id]) == [Rejection.NOT_A_MEMBER]
    assert _rejections(results[li.device_id]) == [Rejection.NOT_A_MEMBER]
    assert "I am still here" not in anna.texts(trio.channel_id)


def test_added_member_cannot_read_earlier_messages(make_officer: OfficerFactory) -> None:
    li, anna, chen = make_officer("Li Wei"), make_officer("Anna Berg"), make_officer("Chen Jie")
    operation = open_operation(li, anna)
    earlier = li.crypto.send(operation.channel_id, TextBody("before Chen joined"))
    deliver(li, [*earlier.key_shares, earlier.group], [anna])

    meet(li, anna, chen)
    invite = li.crypto.invite(operation.channel_id, chen.member)
    deliver(li, invite.envelopes, [anna, chen])
    operation.members.append(chen)

    # Chen gets the old ciphertext anyway: there is no key for it, ever.
    old = chen.crypto.receive("old-1", li.device_id, earlier.group.payload)
    assert isinstance(old, HeldForKey)
    later = send_text(operation, li, "welcome Chen")
    assert received_texts(later[chen.device_id]) == ["welcome Chen"]
    assert chen.texts(operation.channel_id) == ["welcome Chen"]
    assert later[chen.device_id][-1] != old


def test_rename_and_close_reach_every_member(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    deliver(li, li.crypto.rename(trio.channel_id, "Op Jade II").envelopes, trio.everyone)
    deliver(li, li.crypto.close(trio.channel_id).envelopes, trio.everyone)
    for officer in (anna, tomas):
        state = officer.crypto.membership.state(trio.channel_id)
        assert state is not None
        assert state.name == "Op Jade II"
        assert state.closed
    with pytest.raises(UsageError, match="closed"):
        anna.crypto.send(trio.channel_id, TextBody("too late"))


def test_only_the_coordinator_may_change_membership(trio: Operation) -> None:
    _, anna, tomas = trio.everyone
    with pytest.raises(UsageError, match="coordinator"):
        anna.crypto.remove(trio.channel_id, tomas.device_id)


# -- attacks ----------------------------------------------------------------------

def test_tampered_group_ciphertext_is_rejected(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    outgoing = li.crypto.send(trio.channel_id, TextBody("genuine"))
    deliver(li, outgoing.key_shares, [anna])
    envelope = decode_envelope(outgoing.group.payload)
    assert isinstance(envelope, MegolmEnvelope)
    body = bytearray(envelope.body)
    body[12] ^= 0x01
    tampered = dataclasses.replace(envelope, body=bytes(body)).encode()
    result = anna.crypto.receive("tampered-1", li.device_id, tampered)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.DECRYPTION_FAILED
    assert anna.texts(trio.channel_id) == []
    shown = anna.profile.store.envelope_log.rejected()
    assert [(e.envelope_id, e.outcome, e.reason) for e in shown] == [
        ("tampered-1", EnvelopeOutcome.REJECTED, "decryption-failed")]


def test_tampered_olm_ciphertext_is_rejected(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    outgoing = li.crypto.send(trio.channel_id, TextBody("x"))
    share = next(e for e in outgoing.key_shares if e.recipient_device_id == anna.device_id)
    envelope = decode_envelope(share.payload)
    assert isinstance(envelope, OlmEnvelope)
    body = bytearray(envelope.ciphertext.body)
    body[-5] ^= 0x01
    tampered = dataclasses.replace(envelope, ciphertext=dataclasses.replace(
        envelope.ciphertext, body=bytes(body))).encode()
    result = anna.crypto.receive("tampered-2", li.device_id, tampered)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.DECRYPTION_FAILED


def test_replayed_envelope_is_dropped_and_a_resent_copy_is_rejected(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    outgoing = li.crypto.send(trio.channel_id, TextBody("only once"))
    deliver(li, outgoing.key_shares, [anna])
    first = anna.crypto.receive("env-a", li.device_id, outgoing.group.payload)
    assert isinstance(first, MessageReceived)
    again = anna.crypto.receive("env-a", li.device_id, outgoing.group.payload)
    assert again == Duplicate("env-a")
    replay = anna.crypto.receive("env-b", li.device_id, outgoing.group.payload)
    assert isinstance(replay, Rejected)
    assert replay.reason is Rejection.REPLAYED
    assert anna.texts(trio.channel_id) == ["only once"]


def test_group_message_relayed_as_another_sender_is_rejected(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    outgoing = li.crypto.send(trio.channel_id, TextBody("from Li"))
    deliver(li, outgoing.key_shares, [anna])
    envelope = decode_envelope(outgoing.group.payload)
    assert isinstance(envelope, MegolmEnvelope)
    forged = dataclasses.replace(envelope, sender_device_id=tomas.device_id).encode()
    result = anna.crypto.receive("forged-1", tomas.device_id, forged)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.WRONG_SENDER
    mismatch = anna.crypto.receive("forged-2", tomas.device_id, outgoing.group.payload)
    assert isinstance(mismatch, Rejected)
    assert mismatch.reason is Rejection.WRONG_SENDER


def test_message_claiming_another_sender_inside_the_ciphertext_is_rejected(
    trio: Operation,
) -> None:
    li, anna, tomas = trio.everyone
    send_text(trio, tomas, "establish Tomás's session")
    # Tomás encrypts, with his own bound session, a message that names Li as sender.
    fields = ChannelMessage(trio.channel_id, 2, "m-forged", li.device_id, 5,
                            TextBody("I, Li, order a release"), "")
    forged = dataclasses.replace(fields, signature=sign_message(
        tomas.profile.identity, fields.signed_fields()))
    ciphertext = tomas.crypto.megolm.encrypt(trio.channel_id, forged.encode())
    payload = MegolmEnvelope(tomas.device_id, ciphertext.session_id, ciphertext.body).encode()
    result = anna.crypto.receive("forged-3", tomas.device_id, payload)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.WRONG_SENDER
    assert "I, Li, order a release" not in anna.texts(trio.channel_id)


def test_a_member_cannot_take_over_anothers_group_session(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    outgoing = li.crypto.send(trio.channel_id, TextBody("Li's session"))
    deliver(li, [*outgoing.key_shares, outgoing.group], trio.everyone)
    envelope = decode_envelope(outgoing.group.payload)
    assert isinstance(envelope, MegolmEnvelope)
    row = tomas.profile.store.group_sessions.inbound(envelope.session_id)
    assert row is not None
    # Tomás re-shares Li's session as his own: Anna already bound it to Li.
    share = GroupKeyShare(trio.channel_id, 2, row.session_id,
                          _session_key_of(li, trio.channel_id), tomas.keys.ed25519)
    payload = _olm_payload(tomas, anna, GROUP_KEY_TYPE, share.to_wire())
    result = anna.crypto.receive("rebind-1", tomas.device_id, payload)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.SESSION_REBOUND


def _session_key_of(officer: Officer, channel_id: str) -> str:
    row = officer.profile.store.group_sessions.outbound(channel_id)
    assert row is not None
    session = vodozemac.GroupSession.from_pickle(row.pickle, officer.profile.pickle_key)
    return str(session.session_key.to_base64())


def test_control_event_not_signed_by_the_coordinator_is_rejected(trio: Operation) -> None:
    _li, anna, tomas = trio.everyone
    state = anna.crypto.membership.state(trio.channel_id)
    assert state is not None
    intruder = dataclasses.replace(tomas.member, device_id="INTRUDER", name="Mallory")
    unsigned = ControlEvent(trio.channel_id, state.epoch + 1, state.head_hash,
                            ControlAction.INVITE, 9, state.coordinator, "", subject=intruder)
    for event in (unsigned, sign_event(tomas.profile.identity, unsigned)):
        payload = _olm_payload(tomas, anna, CONTROL_TYPE, {"events": [event.to_wire()]})
        result = anna.crypto.receive(f"ctl-{event.signature[:4]}", tomas.device_id, payload)
        assert isinstance(result, Rejected)
        assert result.reason is Rejection.NOT_COORDINATOR
    after = anna.crypto.membership.state(trio.channel_id)
    assert after is not None
    assert not after.is_member("INTRUDER")
    assert after.epoch == state.epoch


def test_control_event_for_an_old_epoch_is_rejected_as_a_fork(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    state = li.crypto.membership.state(trio.channel_id)
    assert state is not None
    chain = li.crypto.membership.chain(trio.channel_id)
    rewrite = sign_event(li.profile.identity, dataclasses.replace(
        chain[1], action=ControlAction.RENAME, subject=None, name="Rewritten history"))
    payload = _olm_payload(li, anna, CONTROL_TYPE, {"events": [rewrite.to_wire()]})
    result = anna.crypto.receive("fork-1", li.device_id, payload)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.FORKED
    replayed = _olm_payload(li, anna, CONTROL_TYPE, {"events": [chain[1].to_wire()]})
    assert isinstance(anna.crypto.receive("old-ctl", li.device_id, replayed), MembershipChanged)


def test_key_share_for_an_old_epoch_is_rejected(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    share = GroupKeyShare(trio.channel_id, 1, "s" * 43, "AAAA", li.keys.ed25519)
    payload = _olm_payload(li, anna, GROUP_KEY_TYPE, share.to_wire())
    result = anna.crypto.receive("stale-1", li.device_id, payload)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.STALE_EPOCH


def test_group_message_with_an_epoch_other_than_its_key_is_rejected(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    send_text(trio, li, "bind the session at epoch 2")
    stale = ChannelMessage(trio.channel_id, 1, "m-stale", li.device_id, 7, TextBody("old"), "")
    stale = dataclasses.replace(stale, signature=sign_message(li.profile.identity,
                                                              stale.signed_fields()))
    ciphertext = li.crypto.megolm.encrypt(trio.channel_id, stale.encode())
    payload = MegolmEnvelope(li.device_id, ciphertext.session_id, ciphertext.body).encode()
    result = anna.crypto.receive("stale-2", li.device_id, payload)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.STALE_EPOCH


def test_bad_message_signature_is_rejected(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    send_text(trio, li, "bind")
    unsigned = ChannelMessage(trio.channel_id, 2, "m-unsigned", li.device_id, 7,
                              TextBody("unsigned"), "")
    wrong = dataclasses.replace(unsigned, signature=sign_message(
        anna.profile.identity, unsigned.signed_fields()))
    ciphertext = li.crypto.megolm.encrypt(trio.channel_id, wrong.encode())
    payload = MegolmEnvelope(li.device_id, ciphertext.session_id, ciphertext.body).encode()
    result = anna.crypto.receive("badsig-1", li.device_id, payload)
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.BAD_SIGNATURE


def test_member_key_change_is_flagged_and_refused_until_verified(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    send_text(trio, tomas, "before the change")
    impostor = DeviceKeys(tomas.device_id, li.keys.ed25519, li.keys.curve25519)
    change = observe_device(anna.profile.store, impostor, name="Tomás Ruiz",
                            agency="Tomás Ruiz Customs", at_ms=10)
    assert change is KeyObservation.KEY_CHANGED
    record = anna.profile.store.devices.get(tomas.device_id)
    assert record is not None
    assert record.key_changed
    assert not record.verified

    results = send_text(trio, tomas, "after the change")
    assert _rejections(results[anna.device_id]) == [Rejection.SENDER_KEY_CHANGED]
    assert received_texts(results[li.device_id]) == ["after the change"]

    # The officer compares safety numbers for the real key and re-verifies.
    observe_device(anna.profile.store, tomas.keys, name="Tomás Ruiz",
                   agency="Tomás Ruiz Customs", at_ms=11)
    mark_verified(anna.profile.store, tomas.device_id, tomas.keys.ed25519, at_ms=12)
    again = send_text(trio, tomas, "verified again")
    assert received_texts(again[anna.device_id]) == ["verified again"]


def test_malformed_payload_is_rejected_not_crashed(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    for index, payload in enumerate([b"", b"not json", b"[]", b'{"v": 2}',
                                     b'{"v": 1, "alg": "rot13", "sender_device_id": "x"}']):
        result = anna.crypto.receive(f"junk-{index}", li.device_id, payload)
        assert isinstance(result, Rejected)
        assert result.reason in (Rejection.MALFORMED, Rejection.UNSUPPORTED_VERSION)
