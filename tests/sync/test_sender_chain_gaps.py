"""The per-sender chain over the real relay: a message the relay withholds from one
member is a gap in that member's view of its sender's chain (issue 10 item 9), the
others see none, and the chain carries on across the sender's restart."""

from __future__ import annotations

from liaison_client.channels.membership import MembershipLog
from liaison_client.channels.sender_chain import GapKind, SenderChain, SenderGap
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Officer, Operation
from tests.sync.hostile_relay import HostileRelay, QueuedCopy


def _gaps(officer: Officer, channel_id: str) -> list[SenderGap]:
    store = officer.profile.store
    return SenderChain(store, MembershipLog(store, own_device_id=officer.device_id)).gaps(
        channel_id)


def _group_copies(hostile: HostileRelay, recipient: Officer) -> list[QueuedCopy]:
    return [c for c in hostile.pending_for(recipient.device_id)
            if c.algorithm == "liaison.megolm.v1"]


def _message_ids(officer: Officer, channel_id: str, texts: list[str]) -> list[str]:
    by_text = {m.body: m.message_id
               for m in officer.profile.store.messages.in_channel(channel_id)}
    return [by_text[t] for t in texts]


def test_a_message_withheld_by_the_relay_shows_as_a_gap(trio: Operation,
                                                        relay: RelayProcess) -> None:
    li, anna, tomas = trio.everyone
    hostile = HostileRelay(relay)
    for text in ("berth 4", "container MSKU 1234565", "sniffer team sent"):
        li.workspace.sending.send_text(trio.channel_id, text)
    copies = _group_copies(hostile, anna)
    assert len(copies) == 3
    hostile.withhold(copies[1])

    anna.sync()
    assert anna.texts(trio.channel_id) == ["berth 4", "sniffer team sent"]
    first, third = _message_ids(li, trio.channel_id, ["berth 4", "sniffer team sent"])
    assert _gaps(anna, trio.channel_id) == [SenderGap(
        trio.channel_id, li.device_id, GapKind.MISSING, first, third, 0, 2)]

    # Delivered late (reordered; before the others fetch it, while the relay still
    # holds the envelope): the gap closes, and the chain orders it second.
    hostile.deliver_later(copies[1])
    report = anna.workspace.sync()
    assert report.received == 1
    assert _gaps(anna, trio.channel_id) == []
    tomas.sync()
    assert len(tomas.texts(trio.channel_id)) == 3
    assert _gaps(tomas, trio.channel_id) == []
    links = anna.profile.store.message_chain.of_sender(trio.channel_id, li.device_id)
    assert [link.message_id for link in links] == _message_ids(
        li, trio.channel_id, ["berth 4", "container MSKU 1234565", "sniffer team sent"])


def test_the_chain_carries_on_across_the_senders_restart(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    li.workspace.sending.send_text(trio.channel_id, "before the restart")
    li.reopen()
    li.workspace.sending.send_text(trio.channel_id, "after the restart")
    anna.sync()
    assert anna.texts(trio.channel_id) == ["before the restart", "after the restart"]
    links = anna.profile.store.message_chain.of_sender(trio.channel_id, li.device_id)
    assert [link.seq for link in links] == [0, 1]
    assert links[1].prev_hash == links[0].message_hash
    assert _gaps(anna, trio.channel_id) == []
