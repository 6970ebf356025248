"""``kill -9`` one of three relay instances while officers send and receive
through all of them, round-robin (issue 13, item 5, first fault).

Three real relay processes share one real PostgreSQL. Two senders send
numbered envelopes, each request to the next instance; the receiver fetches
and acknowledges the same way, keeping its cursor as the client's store does.
One instance is killed mid-run. A request that failed (the instance died under
it) is sent again, same envelope id, to the next live instance: the relay either
had not committed it (created now) or had (reported duplicate). At the end,
every envelope sent was received, each exactly once (one cursor per id), and
no envelope was queued twice.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from pathlib import Path

from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.errors import RelayError
from liaison_client.net.wire import OutgoingEnvelope
from tests.fixtures.postgres import PostgresCluster
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import EnrolledDevice, RelayProcess, enroll_device

PER_SENDER = 40
DEADLINE_SECONDS = 120.0


class RoundRobin:
    """One device's clients, one per instance; requests go to the next live one."""

    def __init__(self, device: EnrolledDevice, instances: list[RelayProcess]) -> None:
        self.clients = [RelayClient(r.url, device_id=device.device_id,
                                    signer=identity_signer(device.identity), attempts=1)
                        for r in instances]
        self._instances = instances
        self._turn = itertools.count()

    def next_client(self) -> RelayClient:
        for _ in range(len(self.clients)):
            i = next(self._turn) % len(self.clients)
            if self._instances[i].process.poll() is None:
                return self.clients[i]
        raise AssertionError("no relay instance left")

    def close(self) -> None:
        for client in self.clients:
            client.close()


def test_killing_one_of_three_instances_loses_and_duplicates_nothing_accepted(
        start_relay_process: StartRelay, postgres_cluster: PostgresCluster,
        tmp_path: Path) -> None:
    url = postgres_cluster.new_database()
    instances = [start_relay_process(data_dir=tmp_path / f"instance-{i}", database=url)
                 for i in range(3)]
    receiver = enroll_device(instances[0])
    senders = [enroll_device(instances[0]) for _ in range(2)]
    deadline = time.monotonic() + DEADLINE_SECONDS
    accepted: set[str] = set()
    accepted_at: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def send_all(n: int, sender: EnrolledDevice) -> None:
        route = RoundRobin(sender, instances)
        try:
            for k in range(PER_SENDER):
                envelope = OutgoingEnvelope(f"s{n}-{k:03d}", (receiver.device_id,),
                                            f"ciphertext {n}/{k}".encode())
                for _attempt in range(6):  # bounded: another instance answers
                    try:
                        route.next_client().send([envelope])
                    except RelayError:
                        continue
                    with lock:
                        accepted.add(envelope.envelope_id)
                        accepted_at.append(time.monotonic())
                    break
                else:
                    failures.append(envelope.envelope_id)
                time.sleep(0.02)
        finally:
            route.close()

    received: dict[str, set[int]] = {}
    everything_sent = threading.Event()

    def receive_all() -> None:
        route = RoundRobin(receiver, instances)
        cursor = 0  # what the client's store keeps
        try:
            while time.monotonic() < deadline:
                try:
                    page = route.next_client().fetch(after=cursor, wait=0.5)
                except RelayError:
                    continue
                for envelope in page.envelopes:
                    received.setdefault(envelope.envelope_id, set()).add(envelope.cursor)
                cursor = page.cursor
                if page.envelopes:
                    # At least once: a lost acknowledgement is repeated with a later page.
                    with contextlib.suppress(RelayError):
                        route.next_client().acknowledge(cursor)
                elif everything_sent.is_set():
                    return
        finally:
            route.close()

    threads = [threading.Thread(target=send_all, args=(n, s)) for n, s in enumerate(senders)]
    reader = threading.Thread(target=receive_all)
    for thread in [*threads, reader]:
        thread.start()
    time.sleep(1.0)
    instances[1].kill()  # kill -9, mid-run
    killed_at = time.monotonic()
    for thread in threads:
        thread.join(DEADLINE_SECONDS)
    everything_sent.set()
    reader.join(DEADLINE_SECONDS)
    assert not reader.is_alive()

    expected = {f"s{n}-{k:03d}" for n in range(2) for k in range(PER_SENDER)}
    # The kill came mid-run: envelopes were accepted before it and after it.
    assert min(accepted_at) < killed_at < max(accepted_at)
    assert failures == []
    assert accepted == expected
    assert set(received) == expected, sorted(expected - set(received))
    assert {i: c for i, c in received.items() if len(c) != 1} == {}, "an envelope was queued twice"
    # Each sender's envelopes arrived in the order the relay accepted them.
    for n in range(2):
        ours = sorted((next(iter(c)), i) for i, c in received.items() if i.startswith(f"s{n}-"))
        assert [i for _, i in ours] == sorted(i for _, i in ours)
