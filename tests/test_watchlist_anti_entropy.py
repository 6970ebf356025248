"""Anti-entropy of the watch-list op log (issue 14): what a partial snapshot left out is
found by digests and forwarded by another member.

Real profiles (SQLCipher stores, vodozemac accounts) on a real relay process on
127.0.0.1. The coordinator's snapshot leaves operations out: it holds them without
their signed message (exactly the state migration 0011 leaves rows stored before
it in), so it cannot forward them. The joiner, having folded the snapshot,
announces a ``watchlist.digest``; the third member, who holds the operations with
their authors' signatures, forwards them; every member replies once with its own
digest, and nothing loops.
"""

from __future__ import annotations

import json

import pytest

from liaison_client.channels.kinds import TextBody, WatchlistDigestBody
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.protocol.canonical import canonical_json
from liaison_client.store.store import Store
from liaison_client.watchlists.digest import DigestBody
from liaison_client.workspace.watchlist_digests import (
    ANSWER_PREFIX,
    WatchlistDigestHandler,
    WatchlistDigests,
)
from tests.sync.conftest import Officer, OfficerFactory, make_officer, relay
from tests.test_watchlist_snapshots import LIST, edit_together, lists_of, pair, values

__all__ = ["make_officer", "relay"]

pytestmark = pytest.mark.slow


def strip_signed_messages(store: Store, op_ids: list[str]) -> None:
    """Make these rows look as rows stored before migration 0011 do: no signed message
    kept, so a snapshot built here cannot carry them (the simulated partial snapshot)."""
    with store.transaction():
        for op_id in op_ids:
            store._conn.execute(  # no API un-signs a row: the state a migration leaves
                "UPDATE watchlist_ops SET signed_message = NULL WHERE op_id = ?", (op_id,))


def own_op_ids(officer: Officer, channel: str) -> list[str]:
    return [r.op_id for r in officer.profile.store.watchlist_ops.in_channel(channel)
            if r.device_id == officer.device_id]


def digest_traffic(officers: list[Officer], channel: str) -> dict[str, tuple[int, int, int]]:
    """Per member: digests sent, digests heard, answer-snapshot parts received."""
    counts = {}
    for officer in officers:
        records = officer.profile.store.watchlist_digests.in_channel(channel)
        parts = officer.workspace.watchlists.snapshot_parts(channel)
        counts[officer.name] = (sum(r.own for r in records), sum(not r.own for r in records),
                                sum(p.snapshot_id.startswith(ANSWER_PREFIX) for p in parts))
    return counts


def join_with_partial_snapshot(make_officer: OfficerFactory
                               ) -> tuple[Officer, Officer, Officer, str, list[str]]:
    """Li (coordinator) and Anna edit; Li's snapshot for Chen leaves out Li's own last
    two operations (the awb add and the lock). Returns the omitted op ids."""
    li, anna, channel = pair(make_officer)
    edit_together(li, anna, channel)
    li_ops = own_op_ids(li, channel)
    omitted = li_ops[-2:]
    strip_signed_messages(li.profile.store, omitted)

    chen = make_officer("Chen Jing", "Ningbo Customs")
    assert li.workspace.channels.invite(channel, chen.device_id, name=chen.name).accepted
    queued = li.profile.store.watchlist_ops.unforwardable_count(channel)
    assert queued == 2
    li.sync()
    anna.sync(2)  # the membership change, Li's snapshot (nothing new for her)
    return li, anna, chen, channel, omitted


def test_a_partial_snapshot_is_completed_by_a_third_member_and_nothing_loops(
        make_officer: OfficerFactory) -> None:
    li, anna, chen, channel, omitted = join_with_partial_snapshot(make_officer)
    honest = lists_of(anna, channel)
    assert lists_of(li, channel) == honest

    chen.sync(2)  # the partial snapshot: folded, then Chen announces its digest
    assert "176-12345675" not in values(chen, channel)  # the omitted add is missing
    assert lists_of(chen, channel) != honest
    (sent,) = chen.workspace.watchlists.anti_entropy(channel).sent
    assert (sent.reply_to, sent.op_count) == (None, 6)

    anna.sync()  # forwards the two operations Chen lacks, replies with her digest
    li.sync()  # holds them too but cannot forward them: counted, replies with its digest
    heard_by_li = li.workspace.watchlists.anti_entropy(channel)
    (from_chen,) = [h.record for h in heard_by_li.heard if h.record.sender_device_id
                    == chen.device_id]
    assert (from_chen.matched, from_chen.they_lack, from_chen.forwarded,
            from_chen.unforwardable) == (False, 2, 0, 2)
    assert heard_by_li.unforwardable == 2
    heard_by_anna = anna.workspace.watchlists.anti_entropy(channel)
    (from_chen,) = [h.record for h in heard_by_anna.heard]
    assert (from_chen.they_lack, from_chen.forwarded, from_chen.unforwardable) == (2, 2, 0)

    chen.sync(2)
    # Identical lists on all three, because Anna forwarded what Li's snapshot left out.
    assert lists_of(chen, channel) == lists_of(li, channel) == lists_of(anna, channel)
    assert "176-12345675" in values(chen, channel)
    status = chen.workspace.watchlists.anti_entropy(channel)
    assert status.filled == 2
    assert status.in_agreement is True
    assert {h.record.sender_device_id for h in status.heard} == {li.device_id, anna.device_id}
    assert all(h.record.reply_to == sent.digest_id and h.record.matched for h in status.heard)
    answers = [p for p in chen.workspace.watchlists.snapshot_parts(channel)
               if p.snapshot_id == ANSWER_PREFIX + sent.digest_id]
    assert [(p.sender_device_id, p.added, p.refused) for p in answers] \
        == [(anna.device_id, 2, 0)]
    assert chen.workspace.watchlists.snapshot_refusals(channel) == []

    # Bounded: one root digest, one reply per member, one answer; more rounds add nothing.
    everyone = [li, anna, chen]
    for officer in everyone:
        officer.sync()
    settled = digest_traffic(everyone, channel)
    # (Anna does not receive her own answer; Li and Chen do.)
    assert settled == {li.name: (1, 2, 1), anna.name: (1, 2, 0), chen.name: (1, 2, 1)}
    for _ in range(3):
        for officer in everyone:
            officer.sync()
    assert digest_traffic(everyone, channel) == settled
    # Li's stripped rows were filled in by the verified copies Anna forwarded.
    assert li.profile.store.watchlist_ops.unforwardable_count(channel) == 0
    assert set(omitted) <= {r.op_id for r in li.profile.store.watchlist_ops.forwardable(channel)}


def test_a_tampered_operation_forwarded_by_anti_entropy_is_refused(
        make_officer: OfficerFactory) -> None:
    li, anna, chen, channel, omitted = join_with_partial_snapshot(make_officer)
    honest = lists_of(anna, channel)
    # Anna (gone bad, or a bug) alters the omitted awb add in what she would forward.
    store = anna.profile.store
    (row,) = [r for r in store.watchlist_ops.in_channel(channel) if r.op_id in omitted
              and "176-12345675" in r.body]
    forged = json.loads(row.signed_message or "")
    forged["body"]["entry"]["value"] = "176-12345686"  # also a valid air waybill
    with store.transaction():
        store.watchlist_ops.set_signed(row.message_id, canonical_json(forged).decode(), 0)

    chen.sync(2)
    anna.sync()
    li.sync()
    chen.sync(2)
    refusals = chen.workspace.watchlists.snapshot_refusals(channel)
    assert [(r.op_id, r.reason, r.sender_device_id) for r in refusals] \
        == [(row.op_id, str(Rejection.BAD_SIGNATURE), anna.device_id)]
    assert "176-12345686" not in values(chen, channel)
    assert "176-12345675" not in values(chen, channel)  # missing still, not forged
    status = chen.workspace.watchlists.anti_entropy(channel)
    assert status.filled == 1  # the lock stood; the forged add did not
    assert status.in_agreement is False  # and Chen can see it lacks something
    assert lists_of(chen, channel) != honest
    # No loop: Anna does not forward the same operations to Chen again, Chen does not
    # announce again, however many rounds pass.
    everyone = [li, anna, chen]
    for _ in range(2):
        for officer in everyone:
            officer.sync()
    settled = digest_traffic(everyone, channel)
    assert settled[chen.name] == (1, 2, 1)
    for _ in range(2):
        for officer in everyone:
            officer.sync()
    assert digest_traffic(everyone, channel) == settled
    assert lists_of(li, channel) == lists_of(anna, channel) == honest


def test_a_member_can_announce_a_digest_and_agreeing_logs_forward_nothing(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    edit_together(li, anna, channel)
    sent = anna.workspace.watchlists.announce_digest(channel)
    assert (sent.reply_to, sent.op_count) == (None, 8)
    anna.sync()
    li.sync()
    anna.sync()
    li_status = li.workspace.watchlists.anti_entropy(channel)
    (heard,) = li_status.heard
    assert (heard.record.matched, heard.record.they_lack, heard.record.forwarded) \
        == (True, 0, 0)
    anna_status = anna.workspace.watchlists.anti_entropy(channel)
    assert anna_status.in_agreement is True
    assert anna_status.filled == 0
    assert digest_traffic([li, anna], channel) == {li.name: (1, 1, 0), anna.name: (1, 1, 0)}
    assert values(li, channel, LIST) == values(anna, channel, LIST)


def test_a_misdirected_or_replayed_digest_is_refused_and_answered_by_nobody(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    edit_together(li, anna, channel)
    # Anna (gone bad, or a bug) sends a digest naming another channel inside a message of
    # this one. (A body that does not decode is refused by the sender's own outbound
    # before it is signed, and by the receiver's decoder: tests/watchlists/test_digest.py.)
    outbound = anna.workspace._context.outbound  # below the service: no verb sends this
    ids = tuple(sorted(r.op_id for r in anna.profile.store.watchlist_ops.in_channel(channel)))
    outbound.compose_folded(channel, WatchlistDigestBody(DigestBody.of("other-channel",
                                                                       "e" * 32, ids)))
    anna.sync()
    li.sync()
    reasons = [r.rejection for r in li.refusals(channel)]
    assert reasons == [Rejection.WRONG_CHANNEL], li.refusals(channel)
    assert li.workspace.watchlists.anti_entropy(channel).heard == ()
    assert li.workspace.watchlists.anti_entropy(channel).sent == ()  # no reply, no forward

    # A digest this device already folded is refused as a replay by the handler itself
    # (the transport's Megolm index refuses it first; this is the second wall).
    sent = anna.workspace.watchlists.announce_digest(channel)
    anna.sync()
    li.sync()
    (heard,) = li.workspace.watchlists.anti_entropy(channel).heard
    assert heard.record.message_id == sent.message_id
    store = li.profile.store
    handler = WatchlistDigestHandler(store, WatchlistDigests(
        store, li.workspace._context.outbound, lambda: li.device_id))
    replayed = ChannelMessage(channel, 2, sent.message_id, anna.device_id, 0,
                              WatchlistDigestBody(DigestBody.of(channel, "f" * 32, ids)), "")
    with pytest.raises(PayloadRejectedError) as raised:
        handler.fold(replayed, 0)
    assert raised.value.reason is Rejection.REPLAYED
    not_a_digest = ChannelMessage(channel, 2, "m-text", anna.device_id, 0, TextBody("hi"), "")
    with pytest.raises(PayloadRejectedError) as raised:
        handler.fold(not_a_digest, 0)
    assert raised.value.reason is Rejection.MALFORMED
    assert len(li.workspace.watchlists.anti_entropy(channel).sent) == 1  # the one reply
