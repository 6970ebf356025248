"""A message whose envelope the relay refuses for good (set aside) is still a link of
its sender's chain (it was signed and queued to leave): receivers see a gap there,
and the sender's own store holds the message that explains it (docs/CRYPTO.md,
"Per-sender chain"). The relay caps envelopes at 8 KiB, as in test_outbox_refusals."""

from __future__ import annotations

import pytest

from liaison_client.channels.membership import MembershipLog
from liaison_client.channels.sender_chain import GapKind, SenderChain
from liaison_client.workspace import TimelineState
from tests.relay.conftest import StartRelay, start_relay_process
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Operation, make_officer, trio

__all__ = ["make_officer", "start_relay_process", "trio"]


@pytest.fixture
def relay(start_relay_process: StartRelay) -> RelayProcess:
    return start_relay_process("--max-envelope-bytes", "8192")


def test_a_set_aside_message_is_a_gap_its_sender_can_explain(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    too_large = "Manifest extract, line by line. " * 640
    assert li.workspace.sending.send_text(trio.channel_id, "before").accepted
    assert not li.workspace.sending.send_text(trio.channel_id, too_large).accepted
    assert li.workspace.sending.send_text(trio.channel_id, "after").accepted
    anna.sync()
    assert anna.texts(trio.channel_id) == ["before", "after"]

    ids = {m.body: m.message_id for m in li.profile.store.messages.in_channel(trio.channel_id)}
    store = anna.profile.store
    [gap] = SenderChain(store, MembershipLog(store, own_device_id=anna.device_id)).gaps(
        trio.channel_id)
    assert (gap.kind, gap.sender_device_id, gap.missing) == (GapKind.MISSING,
                                                             li.device_id, 1)
    assert (gap.after_message_id, gap.before_message_id) == (ids["before"], ids["after"])

    # The sender's side: the missing link is the set-aside message, shown as not sent.
    link = li.profile.store.message_chain.get(ids[too_large])
    assert link is not None
    assert link.seq == 1
    states = {e.text: e.state for e in li.workspace.timeline.messages(trio.channel_id)}
    assert states[too_large] == TimelineState.NOT_SENT
