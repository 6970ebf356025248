"""kill -9 during 1,000 sends: every envelope answered 2xx is delivered, exactly once.

Sender and receiver are real profiles (SQLCipher outbox and inbox) using the
real client library; the relay is a real process killed with SIGKILL while
the sender is mid-stream.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.queue_transfer import SendReport, receive_inbox, send_outbox
from liaison_client.profile import Profile
from liaison_client.store.records import OutboxItem
from tests.relay.relay_process import RelayProcess, restart

ENVELOPES = 1000


def _client(relay: RelayProcess, profile: Profile, attempts: int = 4) -> RelayClient:
    return RelayClient(relay.url, device_id=profile.device_id,
                       signer=identity_signer(profile.identity), attempts=attempts)


def _accepted_so_far(relay: RelayProcess) -> float:
    for line in requests.get(f"{relay.url}/metrics", timeout=5).text.splitlines():
        if line.startswith("liaison_relay_envelopes_accepted_total "):
            return float(line.split()[1])
    return 0.0


@pytest.mark.slow
def test_kill_9_while_sending_loses_and_duplicates_nothing(
    relay: RelayProcess, make_profile: Callable[..., tuple[Any, Profile]]
) -> None:
    _, sender = make_profile(name="Anna Kowalska", agency="Polish Customs")
    _, receiver = make_profile(name="Li Wei", agency="Guangzhou Customs")
    for profile in (sender, receiver):
        with _client(relay, profile) as client:
            client.register(relay.enroll(), profile.identity, profile.device_id)
    all_ids = {f"envelope-{i:04d}" for i in range(ENVELOPES)}
    with sender.store.transaction():
        for envelope_id in sorted(all_ids):
            sender.store.outbox.put(OutboxItem(
                envelope_id=envelope_id, recipients=(receiver.device_id,),
                payload=f"ciphertext {envelope_id}".encode()))

    reports: list[SendReport] = []

    def send_until_failure() -> None:
        with _client(relay, sender, attempts=1) as client:
            for _ in range(ENVELOPES):
                report = send_outbox(sender.store, client, batch_size=2, max_batches=1)
                reports.append(report)
                if report.problem or report.kept == 0:
                    return

    sending = threading.Thread(target=send_until_failure)
    sending.start()
    deadline = time.monotonic() + 60
    while _accepted_so_far(relay) < 300 and time.monotonic() < deadline:
        time.sleep(0.01)
    relay.kill()
    sending.join(timeout=60)
    assert not sending.is_alive()

    outbox_after_crash = {i.envelope_id for i in sender.store.outbox.due(
        limit=ENVELOPES, at_ms=2**62)}
    answered_2xx = all_ids - outbox_after_crash
    assert 300 <= len(answered_2xx) < ENVELOPES, "the kill must land mid-stream"
    assert reports[-1].problem.startswith("relay unreachable")

    restarted = restart(relay)
    try:
        with _client(restarted, receiver) as client:
            receive_inbox(receiver.store, client)
        delivered_before_resend = {i.envelope_id for i in receiver.store.inbox.pending(
            limit=2 * ENVELOPES)}
        assert answered_2xx <= delivered_before_resend  # nothing answered 2xx was lost

        with _client(restarted, sender) as client:
            for _ in range(10):
                report = send_outbox(sender.store, client, batch_size=100)
                if report.kept == 0:
                    break
                time.sleep(2.1)  # the outbox's own retry delay after the failure
        assert sender.store.outbox.count() == 0

        with _client(restarted, receiver) as client:
            report_after = receive_inbox(receiver.store, client)
            assert receive_inbox(receiver.store, client).received == 0
        inbox = receiver.store.inbox.pending(limit=2 * ENVELOPES)
        assert len(inbox) == ENVELOPES
        assert {i.envelope_id for i in inbox} == all_ids
        assert len(delivered_before_resend) + report_after.received == ENVELOPES
        assert all(i.payload == f"ciphertext {i.envelope_id}".encode() for i in inbox)
    finally:
        restarted.stop()
