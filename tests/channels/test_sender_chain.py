"""The per-sender chain (content version 2): each message signs its sender's previous
one and the membership it was written under; receivers find gaps per sender.

Real profiles (SQLCipher, vodozemac) hand ciphertexts to each other in memory, so
a "dropped" message is one the test does not deliver, as a relay could.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison_client.channels.channel_crypto import (
    GroupEnvelope,
    IncomingResult,
    MessageReceived,
    OutgoingMessage,
    Rejected,
)
from liaison_client.channels.errors import NotSendableError
from liaison_client.channels.megolm_channel_crypto import (
    MegolmChannelCrypto,
    composed_message,
)
from liaison_client.channels.payloads import (
    ChannelMessage,
    MegolmEnvelope,
    SenderChainLink,
    TextBody,
)
from liaison_client.channels.sender_chain import (
    ChainArrival,
    Continuity,
    GapKind,
    MembershipView,
    SenderGap,
)
from liaison_client.crypto.message_signature import message_hash, sign_message
from liaison_client.crypto.rejection import Rejection
from tests.channels.conftest import (
    Officer,
    OfficerFactory,
    Operation,
    deliver,
    meet,
    open_operation,
)


@pytest.fixture
def trio(make_officer: OfficerFactory) -> Operation:
    return open_operation(make_officer("Li Wei"), make_officer("Anna Berg"),
                          make_officer("Tomás Ruiz"))


def _send(op: Operation, sender: Officer, text: str) -> OutgoingMessage:
    return sender.crypto.send(op.channel_id, TextBody(text))


def _arrival(results: list[IncomingResult]) -> ChainArrival:
    [received] = [r for r in results if isinstance(r, MessageReceived)]
    return received.chain


def _deliver_group(sender: Officer, out: OutgoingMessage, to: Officer) -> list[IncomingResult]:
    return deliver(sender, [*out.key_shares, out.group], [to]).get(to.device_id, [])


def _raw_group(sender: Officer, channel_id: str, message: ChannelMessage) -> GroupEnvelope:
    """``message`` encrypted with the sender's own group session, as its client would."""
    ciphertext = sender.crypto.megolm.encrypt(channel_id, message.encode())
    return GroupEnvelope((), MegolmEnvelope(sender.device_id, ciphertext.session_id,
                                            ciphertext.body).encode())


def _receive(sender: Officer, to: Officer, envelope: GroupEnvelope,
             envelope_id: str) -> IncomingResult:
    return to.crypto.receive(envelope_id, sender.device_id, envelope.payload)


# -- the chain as sent ---------------------------------------------------------------

def test_each_message_signs_the_hash_of_its_senders_previous_one(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    sent = [_send(trio, li, text).message for text in ("one", "two", "three")]
    state = li.crypto.membership.state(trio.channel_id)
    assert state is not None
    assert [m.content_version for m in sent] == [2, 2, 2]
    assert [m.chain.seq if m.chain else None for m in sent] == [0, 1, 2]
    hashes = [message_hash(m.signed_fields().canonical()) for m in sent]
    assert [m.chain.prev if m.chain else "?" for m in sent] == [None, hashes[0], hashes[1]]
    assert all(m.epoch == state.epoch for m in sent)
    assert all(m.chain is not None and m.chain.membership_head == state.head_hash
               for m in sent)
    head = li.profile.store.message_chain.own_head(trio.channel_id)
    assert head is not None
    assert (head.seq, head.message_hash, head.message_id) == (2, hashes[2], sent[2].message_id)
    # The sender's own stored row carries the signature made at encryption.
    stored = li.profile.store.messages.get(sent[2].message_id)
    assert stored is not None
    assert stored.signature is not None
    # Anna's chain is separate from Li's.
    assert _send(trio, anna, "mine").message.chain == SenderChainLink(
        state.head_hash, None, 0)


def test_receivers_see_a_continuous_chain(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    arrivals = [_arrival(_deliver_group(li, _send(trio, li, text), anna))
                for text in ("one", "two", "three")]
    assert [a.continuity for a in arrivals] == [Continuity.FIRST, Continuity.LINKED,
                                                Continuity.LINKED]
    assert {a.membership for a in arrivals} == {MembershipView.CURRENT}
    assert anna.crypto.sender_chain.gaps(trio.channel_id) == []
    links = anna.profile.store.message_chain.of_sender(trio.channel_id, li.device_id)
    assert [link.seq for link in links] == [0, 1, 2]
    assert [link.prev_hash for link in links[1:]] == [link.message_hash for link in links[:2]]
    assert tomas.crypto.sender_chain.gaps(trio.channel_id) == []


def test_a_dropped_message_is_a_gap_until_it_arrives(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    one, two, three, four = (_send(trio, li, t) for t in ("one", "two", "three", "four"))
    assert _arrival(_deliver_group(li, one, anna)).continuity is Continuity.FIRST
    late = _arrival(_deliver_group(li, three, anna))
    assert late.continuity is Continuity.PREDECESSOR_MISSING
    assert _arrival(_deliver_group(li, four, anna)).continuity is Continuity.LINKED
    assert anna.texts(trio.channel_id) == ["one", "three", "four"]

    gaps = anna.crypto.sender_chain.gaps(trio.channel_id)
    assert gaps == [SenderGap(trio.channel_id, li.device_id, GapKind.MISSING,
                              one.message.message_id, three.message.message_id, 0, 2)]
    assert gaps[0].missing == 1

    filled = _arrival(_deliver_group(li, two, anna))
    assert filled.continuity is Continuity.LINKED
    assert filled.closes_gap
    assert anna.crypto.sender_chain.gaps(trio.channel_id) == []


def test_several_dropped_messages_count_as_one_gap_with_their_number(
        trio: Operation) -> None:
    li, anna, _ = trio.everyone
    outs = [_send(trio, li, f"m{i}") for i in range(6)]
    for index in (0, 4, 5):
        _deliver_group(li, outs[index], anna)
    [gap] = anna.crypto.sender_chain.gaps(trio.channel_id)
    assert (gap.kind, gap.missing) == (GapKind.MISSING, 3)
    assert (gap.after_message_id, gap.before_message_id) == (outs[0].message.message_id,
                                                             outs[4].message.message_id)


def test_the_chain_head_lives_in_the_store_not_in_the_service(
        make_officer: OfficerFactory) -> None:
    """A new service over the same store (as after a restart: nothing in memory)
    continues the chain; tests/sync reopens a profile for real."""
    li, anna = make_officer("Li Wei"), make_officer("Anna Berg")
    op = open_operation(li, anna)
    first = _send(op, li, "before the restart")
    _deliver_group(li, first, anna)
    restarted = Officer(li.profile, MegolmChannelCrypto.for_profile(li.profile))
    second = restarted.crypto.send(op.channel_id, TextBody("after the restart"))
    assert second.message.chain is not None
    assert second.message.chain.seq == 1
    assert second.message.chain.prev == message_hash(first.message.signed_fields().canonical())
    results = deliver(restarted, [*second.key_shares, second.group], [anna])
    assert _arrival(results[anna.device_id]).continuity is Continuity.LINKED
    assert anna.crypto.sender_chain.gaps(op.channel_id) == []


def _send_then_crash(op: Operation, sender: Officer, text: str) -> None:
    with sender.profile.store.transaction():
        _send(op, sender, text)
        raise RuntimeError("crash before the outbox commit")


def test_an_encryption_rolled_back_leaves_the_chain_where_it_was(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    first = _send(trio, li, "kept")
    store = li.profile.store
    with pytest.raises(RuntimeError, match="crash"):
        _send_then_crash(trio, li, "never committed")
    head = store.message_chain.own_head(trio.channel_id)
    assert head is not None
    assert head.message_id == first.message.message_id
    after = _send(trio, li, "next")
    assert after.message.chain is not None
    assert after.message.chain.seq == 1
    for out in (first, after):
        _deliver_group(li, out, anna)
    assert anna.crypto.sender_chain.gaps(trio.channel_id) == []


def test_a_message_composed_but_expired_before_encryption_leaves_no_gap(
        trio: Operation) -> None:
    li, anna, _ = trio.everyone
    waiting = anna.crypto.compose(trio.channel_id, TextBody("waits for a session"))
    assert anna.profile.store.message_chain.own_head(trio.channel_id) is None
    sent = _send(trio, anna, "sent first")
    assert sent.message.chain is not None
    assert sent.message.chain.seq == 0
    removal = li.crypto.remove(trio.channel_id, anna.device_id)
    deliver(li, removal.envelopes, [anna])
    stored = anna.profile.store.messages.get(waiting.message_id)
    assert stored is not None
    assert stored.signature is None
    with pytest.raises(NotSendableError):
        anna.crypto.encrypt_composed(composed_message(stored))
    head = anna.profile.store.message_chain.own_head(trio.channel_id)
    assert head is not None
    assert head.message_id == sent.message.message_id
    assert anna.profile.store.message_chain.get(waiting.message_id) is None


# -- older clients ---------------------------------------------------------------------

def test_a_version_1_message_still_verifies_and_is_shown_unchained(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    _deliver_group(li, _send(trio, li, "bind Li's session"), anna)
    state = li.crypto.membership.state(trio.channel_id)
    assert state is not None
    old = ChannelMessage(trio.channel_id, state.epoch, "m-old-client", li.device_id, 9,
                         TextBody("from an older Liaison"), "")
    old = dataclasses.replace(old, signature=sign_message(li.profile.identity,
                                                          old.signed_fields()))
    assert old.content_version == 1
    assert b'"v":1' in old.encode()
    result = _receive(li, anna, _raw_group(li, trio.channel_id, old), "env-old")
    assert isinstance(result, MessageReceived)
    assert result.chain.continuity is Continuity.UNCHAINED
    assert result.chain.membership is MembershipView.UNCHAINED
    assert "from an older Liaison" in anna.texts(trio.channel_id)
    assert anna.profile.store.message_chain.get("m-old-client") is None
    assert anna.crypto.sender_chain.gaps(trio.channel_id) == []


def test_a_version_1_signature_does_not_pass_as_version_2(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    out = _send(trio, li, "chained")
    _deliver_group(li, out, anna)
    v1_signature = sign_message(li.profile.identity, dataclasses.replace(
        out.message, chain=None).signed_fields())
    forged = dataclasses.replace(out.message, message_id="m-downgrade",
                                 signature=v1_signature)
    result = _receive(li, anna, _raw_group(li, trio.channel_id, forged), "env-down")
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.BAD_SIGNATURE


# -- tampering -------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["prev", "seq", "membership_head"])
def test_changing_a_chain_field_breaks_the_signature(trio: Operation, field: str) -> None:
    li, anna, _ = trio.everyone
    _deliver_group(li, _send(trio, li, "one"), anna)
    second = _send(trio, li, "two").message
    assert second.chain is not None
    changed = {
        "prev": dataclasses.replace(second.chain, prev="0" * 64),
        "seq": dataclasses.replace(second.chain, seq=5),
        "membership_head": dataclasses.replace(second.chain, membership_head="f" * 64),
    }[field]
    tampered = dataclasses.replace(second, chain=changed)
    result = _receive(li, anna, _raw_group(li, trio.channel_id, tampered), f"env-{field}")
    assert isinstance(result, Rejected)
    assert result.reason is Rejection.BAD_SIGNATURE
    assert "two" not in anna.texts(trio.channel_id)
    assert anna.profile.store.message_chain.get(second.message_id) is None


def test_changing_the_epoch_is_refused(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    _deliver_group(li, _send(trio, li, "one"), anna)
    second = _send(trio, li, "two").message
    tampered = dataclasses.replace(second, epoch=second.epoch - 1)
    # Refused by the key binding first; the signature would not hold either.
    assert message_hash(tampered.signed_fields().canonical()) != message_hash(
        second.signed_fields().canonical())
    result = _receive(li, anna, _raw_group(li, trio.channel_id, tampered), "env-epoch")
    assert isinstance(result, Rejected)
    assert result.reason in (Rejection.STALE_EPOCH, Rejection.BAD_SIGNATURE)


def test_a_sender_signing_two_messages_at_one_position_is_a_fork(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    one = _send(trio, li, "one")
    two = _send(trio, li, "two")
    for out in (one, two):
        _deliver_group(li, out, anna)
    other = dataclasses.replace(two.message, message_id="m-other-two",
                                body=TextBody("a different second message"), signature="")
    other = dataclasses.replace(other, signature=sign_message(li.profile.identity,
                                                              other.signed_fields()))
    result = _receive(li, anna, _raw_group(li, trio.channel_id, other), "env-fork")
    assert isinstance(result, MessageReceived)
    assert result.chain.continuity is Continuity.CONFLICT
    [gap] = anna.crypto.sender_chain.gaps(trio.channel_id)
    assert gap.kind is GapKind.FORK
    assert {gap.after_message_id, gap.before_message_id} == {two.message.message_id,
                                                             "m-other-two"}


# -- membership view -------------------------------------------------------------------

def test_a_message_written_before_a_membership_change_is_seen_as_behind(
        make_officer: OfficerFactory) -> None:
    li, anna, tomas = (make_officer(n) for n in ("Li Wei", "Anna Berg", "Tomás Ruiz"))
    op = open_operation(li, anna, tomas)
    written = anna.crypto.send(op.channel_id, TextBody("written at epoch 2"))
    deliver(anna, written.key_shares, [tomas])
    dora = make_officer("Dora Ek")
    meet(li, anna, tomas, dora)
    invite = li.crypto.invite(op.channel_id, dora.member)
    deliver(li, invite.envelopes, [li, tomas, dora])  # Anna has not seen it yet
    result = _receive(anna, tomas, written.group, "env-behind")
    assert isinstance(result, MessageReceived)
    assert result.chain.membership is MembershipView.BEHIND
    assert result.chain.continuity is Continuity.FIRST


# -- a property over arrival orders -------------------------------------------------------

@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(received=st.lists(st.booleans(), min_size=2, max_size=7), data=st.data())
def test_gaps_are_exactly_the_runs_of_undelivered_messages_in_any_order(
        make_officer: OfficerFactory, received: list[bool], data: st.DataObject) -> None:
    li, anna = make_officer("Li Wei"), make_officer("Anna Berg")
    op = open_operation(li, anna)
    outs = [_send(op, li, f"m{i}") for i in range(len(received))]
    # The first message carries the key share: it is always delivered, first.
    received = [True, *received[1:]]
    chosen = [i for i, keep in enumerate(received) if keep]
    order = [0, *data.draw(st.permutations(chosen[1:]))]
    for index in order:
        _deliver_group(li, outs[index], anna)
    expected = [(a, b, b - a - 1) for a, b in itertools.pairwise(chosen)
                if b - a > 1]
    ids = {out.message.message_id: i for i, out in enumerate(outs)}
    found = [(ids[g.after_message_id], ids[g.before_message_id], g.missing)
             for g in anna.crypto.sender_chain.gaps(op.channel_id)]
    assert found == expected
    assert all(g.kind is GapKind.MISSING for g in anna.crypto.sender_chain.gaps(op.channel_id))
