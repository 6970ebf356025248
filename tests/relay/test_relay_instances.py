"""Several real relay processes on one real PostgreSQL (issue 13, item 3).

What a load balancer spreading one officer's requests over instances needs:
a long-poll held by instance A is answered when instance B accepts mail for
its device (LISTEN/NOTIFY, a hint only); a request accepted by A cannot be
replayed through B (the nonce's primary key); a device revoked by IT is
refused by every instance, also one that does not share the revoking
command's data directory (NOTIFY, not the signal file).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests

from liaison_client.net.errors import RelayRefusedError
from liaison_client.net.wire import FetchedPage, OutgoingEnvelope
from tests.fixtures.postgres import PostgresCluster
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import EnrolledDevice, RelayProcess, enroll_device, reconnect
from tests.relay.test_authentication import _queue_url, _send, _signed
from tests.relay.test_revocation import relay_command


def _instances(start_relay_process: StartRelay, cluster: PostgresCluster, tmp_path: Path,
               count: int = 2) -> list[RelayProcess]:
    """``count`` relays on one database, each with a data directory of its own."""
    url = cluster.new_database()
    return [start_relay_process(data_dir=tmp_path / f"instance-{i}", database=url)
            for i in range(count)]


def _on(device: EnrolledDevice, relay: RelayProcess) -> EnrolledDevice:
    """The same device, talking to another instance."""
    moved = EnrolledDevice(device.device_id, device.identity, device.client)
    reconnect(moved, relay)
    return moved


def test_a_long_poll_on_one_instance_is_answered_when_another_accepts_its_mail(
        start_relay_process: StartRelay, postgres_cluster: PostgresCluster,
        tmp_path: Path) -> None:
    a, b = _instances(start_relay_process, postgres_cluster, tmp_path)
    anna = enroll_device(a)
    ben = _on(enroll_device(a), b)
    assert anna.client.fetch().envelopes == ()  # nothing yet: the poll below waits

    pages: list[FetchedPage] = []
    poll = threading.Thread(target=lambda: pages.append(anna.client.fetch(wait=25)))
    poll.start()
    time.sleep(1.0)  # the poll is waiting on instance A
    sent_at = time.monotonic()
    ben.client.send([OutgoingEnvelope("hello", (anna.device_id,), b"ciphertext")])
    poll.join(30)
    woken_after = time.monotonic() - sent_at
    assert not poll.is_alive()
    assert [e.envelope_id for e in pages[0].envelopes] == ["hello"]
    # Woken by the notification, not by the end of the 25 s wait.
    assert woken_after < 5.0, woken_after


def test_a_request_accepted_by_one_instance_is_refused_as_a_replay_by_another(
        start_relay_process: StartRelay, postgres_cluster: PostgresCluster,
        tmp_path: Path) -> None:
    a, b = _instances(start_relay_process, postgres_cluster, tmp_path)
    alice = enroll_device(a)
    prepared = _signed(requests.Request("GET", _queue_url(a, alice.device_id)), alice)
    assert _send(prepared).status_code == 200
    prepared.url = prepared.url.replace(a.url, b.url)  # type: ignore[union-attr]
    replay = _send(prepared)
    assert replay.status_code == 401
    assert replay.json()["message"] == "replayed signature"


def test_a_revoked_device_is_refused_by_every_instance(
        start_relay_process: StartRelay, postgres_cluster: PostgresCluster,
        tmp_path: Path) -> None:
    a, b = _instances(start_relay_process, postgres_cluster, tmp_path)
    lost = enroll_device(a)
    lost_on_b = _on(enroll_device(a), b)
    lost_on_b.client.fetch()  # instance B has it authenticated (its key cached)
    # IT runs the command beside instance A: B's data directory never sees a signal file.
    revoked = relay_command(a, "revoke", lost_on_b.device_id, "--reason", "stolen")
    assert revoked.returncode == 0, revoked.stderr
    deadline = time.monotonic() + 10
    refusal: RelayRefusedError | None = None
    while refusal is None and time.monotonic() < deadline:
        try:
            lost_on_b.client.fetch()
        except RelayRefusedError as refused:
            refusal = refused
        time.sleep(0.05)
    if refusal is None:
        pytest.fail("instance B still serves a revoked device")
    assert (refusal.status, refusal.error) == (403, "device_revoked")
    lost.client.fetch()  # the other device is untouched


def test_a_senders_long_poll_on_one_instance_hears_an_acknowledgement_made_on_another(
        start_relay_process: StartRelay, postgres_cluster: PostgresCluster,
        tmp_path: Path) -> None:
    a, b = _instances(start_relay_process, postgres_cluster, tmp_path)
    anna = enroll_device(a)
    ben = _on(enroll_device(a), b)
    anna.client.send([OutgoingEnvelope("to-ben", (ben.device_id,), b"ciphertext")])
    assert not anna.client.fetch().states_changed

    pages: list[FetchedPage] = []
    poll = threading.Thread(target=lambda: pages.append(anna.client.fetch(wait=25)))
    poll.start()
    time.sleep(1.0)  # Anna's poll waits on instance A
    page = ben.client.fetch()
    acknowledged_at = time.monotonic()
    assert ben.client.acknowledge(page.cursor) == 1  # on instance B
    poll.join(30)
    assert not poll.is_alive()
    assert time.monotonic() - acknowledged_at < 2.0
    assert pages[0].envelopes == ()
    assert pages[0].states_changed
