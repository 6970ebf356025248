"""Late joiners receive the watch-lists (issue 14): the signed op log as a snapshot.

Real profiles (SQCipher stores, vodozemac accounts) on a real relay process on
127.0.0.1. The coordinator's invite queues a ``watchlist.snapshot`` of every
operation as its author signed it; the joiner checks each author's signature
against its own signed membership log and folds them with the same merge.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import cast

import pytest

from liaison_client.crypto.rejection import Rejection
from liaison_client.protocol.canonical import canonical_json
from liaison_client.store.watchlist_ops import StoredOperation
from liaison_client.watchlists.model import WatchListState
from liaison_client.watchlists.snapshot import PART_BYTES
from liaison_client.workspace import Workspace
from tests.sync.conftest import (
    Officer,
    OfficerFactory,
    make_officer,
    relay,
    start_relay_process,
)

__all__ = ["make_officer", "relay", "start_relay_process"]

#: Each test takes seconds of relay round trips (several officers, several syncs).
pytestmark = pytest.mark.slow

LIST = "High-risk containers"
OTHER = "Suspect consignees"


def lists_of(officer: Officer, channel_id: str) -> dict[str, object]:
    """What members must agree on: every list, its lock, each entry's fields, status and
    full history, and the merge's refusals."""
    state: WatchListState = officer.workspace.watchlists.state(channel_id)
    return {
        "lists": {key: (w.name, w.locked, sorted(
            (e.entry_id, e.value, e.note, e.tags, str(e.status), e.updated_by, e.author_device,
             e.history) for e in w.entries.values())) for key, w in state.lists.items()},
        "refusals": sorted((r.op_id, r.code) for r in state.refusals),
    }


def values(officer: Officer, channel_id: str, list_name: str = LIST) -> list[str]:
    return sorted(e.value for e in officer.workspace.watchlists.entries(channel_id, list_name))


def pair(make_officer: OfficerFactory) -> tuple[Officer, Officer, str]:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel = li.workspace.channels.create("Op Jade").channel_id
    assert li.workspace.channels.invite(channel, anna.device_id, name=anna.name).accepted
    anna.sync()
    return li, anna, channel


def edit_together(li: Officer, anna: Officer, channel: str) -> None:
    """Both members edit, with history: adds, a retire of the other's entry, a lock."""
    lists = li.workspace.watchlists
    first = lists.add(channel, LIST, "container", "CSQU3054383", note="Felixstowe tip",
                      tags=["uk", "waste"])
    anna.sync()
    anna.workspace.watchlists.add(channel, LIST, "imo", "IMO 9074729")
    anna.workspace.watchlists.add(channel, OTHER, "company", "Jinhai Trading Co., Ltd.",
                                  uscc="91110000600037341L")
    anna.workspace.watchlists.retire(channel, first.entry.entry_id)  # type: ignore[union-attr]
    li.sync()
    lists.add(channel, LIST, "awb", "176-12345675")
    lists.lock(channel, OTHER)
    anna.sync()


def test_a_late_joiner_gets_identical_lists_and_then_edits_with_everyone(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    edit_together(li, anna, channel)
    assert lists_of(li, channel) == lists_of(anna, channel)

    chen = make_officer("Chen Jing", "Ningbo Customs")
    assert li.workspace.channels.invite(channel, chen.device_id, name=chen.name).accepted
    li.sync()  # encrypts the snapshot under the new epoch's session and sends it
    chen.sync(2)
    anna.sync()

    # Same entries, same history, same refusals: the joiner folded the authors' own ops.
    assert lists_of(chen, channel) == lists_of(li, channel) == lists_of(anna, channel)
    assert values(chen, channel) == ["176-12345675", "9074729"]
    locked = chen.workspace.watchlists.state(channel).list_named(OTHER)
    assert locked is not None
    assert locked.locked
    parts = chen.workspace.watchlists.snapshot_parts(channel)
    assert [(p.sender_device_id, p.part, p.parts, p.refused) for p in parts] \
        == [(li.device_id, 0, 1, 0)]
    assert parts[0].added == parts[0].operations == 8  # 2 creates, 4 adds, retire, lock
    assert chen.workspace.watchlists.snapshot_refusals(channel) == []
    # Anna, a member already, got the same snapshot (it travels in the channel): nothing new.
    assert [p.added for p in anna.workspace.watchlists.snapshot_parts(channel)] == [0]

    # The joiner edits; every member converges, the lock still holding for all.
    chen.workspace.watchlists.add(channel, LIST, "hs", "3915")
    chen.sync()
    for officer in (li, anna, chen):
        officer.sync()
    assert lists_of(chen, channel) == lists_of(li, channel) == lists_of(anna, channel)
    assert "3915" in values(li, channel)
    # A joiner's restart keeps the folded snapshot (it is the op log, in SQLCipher).
    chen.reopen()
    assert lists_of(chen, channel) == lists_of(li, channel)


def test_a_tampered_operation_in_a_snapshot_is_refused_and_the_rest_applied(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    edit_together(li, anna, channel)
    honest = lists_of(li, channel)
    store = li.profile.store
    rows = {r.op_id: r for r in store.watchlist_ops.in_channel(channel)}
    # Li (a member gone bad, or a bug) alters Anna's IMO entry in what it forwards, and
    # forwards an operation claiming a device that was never a member.
    imo = next(r for r in rows.values() if "9074729" in r.body)
    forged = json.loads(imo.signed_message or "")
    forged["body"]["entry"]["value"] = "9074731"  # also a valid IMO number
    stranger = json.loads(next(r for r in rows.values() if "CSQU3054383" in r.body
                               and '"add"' in r.body).signed_message or "")
    stranger["sender_device_id"] = "stranger-device"
    stranger["body"]["device_id"] = "stranger-device"
    stranger["body"]["op_id"] = "f" * 32
    stranger["message_id"] = "stranger-message"
    with store.transaction():
        store.watchlist_ops.set_signed(imo.message_id, canonical_json(forged).decode(), 0)
        store.watchlist_ops.add(StoredOperation(
            "f" * 32, "stranger-message", channel, "stranger-device", 1,
            canonical_json(stranger["body"]).decode(), 0, canonical_json(stranger).decode()))

    chen = make_officer("Chen Jing", "Ningbo Customs")
    li.workspace.channels.invite(channel, chen.device_id, name=chen.name)
    li.sync()
    chen.sync(2)

    refusals = chen.workspace.watchlists.snapshot_refusals(channel)
    assert sorted((r.op_id, r.reason) for r in refusals) == sorted([
        (imo.op_id, str(Rejection.BAD_SIGNATURE)), ("f" * 32, str(Rejection.NOT_A_MEMBER))])
    assert all(r.sender_device_id == li.device_id for r in refusals)
    # Neither forged operation entered the joiner's state; everything else did.
    joined = chen.workspace.watchlists.state(channel)
    assert "9074731" not in values(chen, channel)
    assert joined.entry(json.loads(imo.body)["entry_id"]) is None
    honest_lists = cast(dict[str, tuple[str, bool, list[tuple[object, ...]]]],
                        honest["lists"])
    expected = {key: (name, locked, [e for e in entries if "9074729" not in e])
                for key, (name, locked, entries) in honest_lists.items()}
    assert lists_of(chen, channel)["lists"] == expected
    assert [p.refused for p in chen.workspace.watchlists.snapshot_parts(channel)] == [2]
    # Anna, who holds the true operation, refuses the forgery too and keeps her entry.
    anna.sync()
    assert lists_of(anna, channel) == honest
    assert len(anna.workspace.watchlists.snapshot_refusals(channel)) == 2


def test_a_snapshot_from_a_removed_member_is_refused_entirely(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    li.workspace.channels.invite(channel, tomas.device_id, name=tomas.name)
    tomas.sync()
    anna.sync()
    li.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383")
    tomas.sync()
    # Tomás edits once as a member: his group session for this epoch is then shared.
    tomas.workspace.watchlists.add(channel, LIST, "awb", "176-12345675")
    for officer in (li, anna):
        officer.sync()
    before = lists_of(li, channel)
    assert "176-12345675" in values(li, channel)

    # Tomás is removed; not yet knowing it, he adds an entry offline and sends a
    # snapshot (carrying that entry) to the members of his old epoch.
    assert li.workspace.channels.remove(channel, tomas.device_id).accepted
    anna.sync()
    tomas.workspace.watchlists.add(channel, LIST, "imo", "9074729", deliver=False)
    queued = tomas.workspace.watchlists.queue_snapshot(channel)
    assert (queued.parts, queued.operations, queued.unforwardable) == (1, 3, 1)
    tomas.sync()
    for officer in (li, anna):
        officer.sync()
        # Refused by the transport before any handler: no part recorded, nothing folded.
        assert officer.workspace.watchlists.snapshot_parts(channel) == []
        assert any(r.sender_device_id == tomas.device_id
                   and r.rejection is Rejection.NOT_A_MEMBER
                   for r in officer.refusals(channel)), officer.refusals(channel)
        assert lists_of(officer, channel) == before
        assert "9074729" not in values(officer, channel)

    # A joiner after the removal gets Tomás's edit from while he was a member (it
    # verifies against his key at that epoch and stands), and not the later one.
    chen = make_officer("Chen Jing", "Ningbo Customs")
    li.workspace.channels.invite(channel, chen.device_id, name=chen.name)
    li.sync()
    chen.sync(2)
    assert lists_of(chen, channel) == lists_of(li, channel) == before
    assert "176-12345675" in values(chen, channel)
    assert chen.workspace.watchlists.snapshot_refusals(channel) == []


def test_an_edit_a_removed_member_wrote_after_its_removal_is_refused_by_everyone_alike(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    li.workspace.channels.invite(channel, tomas.device_id, name=tomas.name)
    li.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383")
    tomas.sync()
    anna.sync()
    tomas.workspace.watchlists.add(channel, LIST, "awb", "176-12345675")
    li.sync()
    anna.sync()
    # Li removes Tomás while she is offline: the removal waits in her outbox.
    li.workspace.close()
    offline = Workspace(li.profile, None)
    assert not offline.channels.remove(channel, tomas.device_id).accepted
    offline.close()
    li.reopen()
    # Tomás, not knowing, edits; Anna receives it before the removal reaches her.
    late = tomas.workspace.watchlists.add(channel, LIST, "imo", "9074729")
    assert late.accepted
    anna.sync()
    assert "9074729" in values(anna, channel)  # for her, Tomás is still a member
    li.sync()  # the removal leaves; Li's transport refuses Tomás's later message
    anna.sync()
    # Anna's fold now knows when Tomás was removed: his later edit is refused there
    # too, by its own signed time. His edit from before the removal stands everywhere.
    assert values(anna, channel) == values(li, channel) == ["176-12345675", "CSQU3054383"]
    assert lists_of(anna, channel)["lists"] == lists_of(li, channel)["lists"]
    assert (late.op_ids[0], "watchlist.after_removal") in \
        lists_of(anna, channel)["refusals"]  # type: ignore[operator]
    assert any(r.sender_device_id == tomas.device_id and r.rejection is Rejection.NOT_A_MEMBER
               for r in li.refusals(channel))


def test_an_edit_under_the_old_epoch_reaches_the_joiner_through_the_coordinator(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    anna.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383")
    li.sync()  # Anna's group key for this epoch is bound on Li's side
    # Anna edits again while Li invites Chen: her operation is encrypted under the old
    # epoch, which Chen can never decrypt, and reaches Li after the snapshot was queued.
    anna.workspace.watchlists.add(channel, LIST, "imo", "9074729")
    chen = make_officer("Chen Jing", "Ningbo Customs")
    li.workspace.channels.invite(channel, chen.device_id, name=chen.name)
    li.sync()  # receives Anna's op and forwards it under the new epoch, in the same round
    chen.sync(2)
    # Before Anna has synced at all: the coordinator's forward brought it.
    assert values(chen, channel) == values(li, channel) == ["9074729", "CSQU3054383"]
    senders = [(p.sender_device_id, p.operations)
               for p in chen.workspace.watchlists.snapshot_parts(channel)]
    assert senders == [(li.device_id, 2), (li.device_id, 1)]  # the invite's, the forward
    anna.sync()
    for officer in (li, chen):
        officer.sync()
    assert lists_of(chen, channel) == lists_of(li, channel) == lists_of(anna, channel)


def test_an_edit_whose_group_key_came_too_late_is_re_sent_by_its_author(
        make_officer: OfficerFactory) -> None:
    li, anna, channel = pair(make_officer)
    li.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383")
    anna.sync()
    # Anna's first message of this epoch starts her group session; its key reaches Li
    # only after Li moved to the next epoch (the invite): Li's transport refuses the
    # key as stale, so neither Li nor Chen can read the edit.
    anna.workspace.watchlists.add(channel, LIST, "imo", "9074729")
    chen = make_officer("Chen Jing", "Ningbo Customs")
    li.workspace.channels.invite(channel, chen.device_id, name=chen.name)
    li.sync()
    assert any(r.sender_device_id == anna.device_id and r.rejection is Rejection.STALE_EPOCH
               for r in li.refusals(channel))
    assert values(li, channel) == ["CSQU3054383"]
    # Anna learns of the invite: she re-sends her operations signed under the old epoch
    # (since shortly before the change) under the new one, for everyone.
    anna.sync()
    for officer in (li, chen):
        officer.sync(2)
    assert values(chen, channel) == values(li, channel) == ["9074729", "CSQU3054383"]
    assert lists_of(chen, channel) == lists_of(li, channel) == lists_of(anna, channel)
    assert any(p.sender_device_id == anna.device_id and p.added == 1
               for p in li.workspace.watchlists.snapshot_parts(channel))


def test_a_ten_thousand_operation_snapshot_arrives_in_parts(
        make_officer: OfficerFactory, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    channel = li.workspace.channels.create("Op Jade").channel_id
    rows = tmp_path / "keywords.csv"
    rows.write_text("kind,value\n" + "".join(f"keyword,waste lot {n:05d}\n"
                                             for n in range(9_999)), encoding="utf-8")
    li.workspace.watchlists.import_file(channel, LIST, rows)  # 10,000 ops with the create
    for _ in range(20):  # signs them (1,000 per round); nobody else to send to yet
        if li.workspace.outbox_count() == 0:
            break
        li.sync()
    assert li.profile.store.watchlist_ops.unforwardable_count(channel) == 0

    chen = make_officer("Chen Jing", "Ningbo Customs")
    li.workspace.channels.invite(channel, chen.device_id, name=chen.name)
    started = time.monotonic()
    for _ in range(10):
        li.sync()
        if li.workspace.outbox_count() == 0:
            break
    for _ in range(20):
        chen.sync()
        parts = chen.workspace.watchlists.snapshot_parts(channel)
        if parts and len(parts) == parts[0].parts:
            break
    parts = chen.workspace.watchlists.snapshot_parts(channel)
    assert len(parts) == parts[0].parts > 1  # several messages, each under the relay cap
    assert sum(p.added for p in parts) == 10_000
    assert len(chen.workspace.watchlists.entries(channel, LIST)) == 9_999
    assert lists_of(chen, channel) == lists_of(li, channel)
    assert PART_BYTES < 256 * 1024
    print(f"10,000-op snapshot: {len(parts)} parts, {time.monotonic() - started:.1f} s")
