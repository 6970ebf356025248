"""One sender cannot fill another device's queue (issue 10, item 4), on a real relay.

An enrolled device filled a victim's queue and honest senders got 507
``queue_full``. With a queue of 30 and a per-sender share of 10: the
flooder's 11th pending envelope is 507 ``sender_quota_full`` (nothing of the
batch kept), while an honest sender's mail is still queued and delivered;
once the victim acknowledges, the flooder's share is free again.
"""

from __future__ import annotations

import pytest

from liaison_client.net.errors import RelayRefusedError
from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device


def test_a_flooding_sender_is_held_to_its_share_of_a_queue(
        start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--max-queue", "30", "--max-queue-per-sender", "10")
    victim, flooder, honest = (enroll_device(relay, attempts=1) for _ in range(3))
    flooder.client.send([OutgoingEnvelope(f"f{i}", (victim.device_id,), b"x")
                         for i in range(10)])
    with pytest.raises(RelayRefusedError) as refused:
        flooder.client.send([OutgoingEnvelope("f10", (victim.device_id,), b"x")])
    assert (refused.value.status, refused.value.error) == (507, "sender_quota_full")
    honest.client.send([OutgoingEnvelope("h0", (victim.device_id,), b"y")])
    page = victim.client.fetch()
    assert [e.envelope_id for e in page.envelopes][-1] == "h0"
    assert "f10" not in [e.envelope_id for e in page.envelopes]
    victim.client.acknowledge(page.cursor)
    flooder.client.send([OutgoingEnvelope("f10", (victim.device_id,), b"x")])
