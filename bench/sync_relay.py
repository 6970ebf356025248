"""Sync engine benchmark over a real relay process: send cost by channel size,
rotation at 200 members, and receive throughput including the store commit.

Run by hand:  .venv/bin/python -m bench.sync_relay [--messages 300] [--receive 2000]
              [--receive-runs 5]

Everything is real: a ``liaison-relay`` process on 127.0.0.1, SQLCipher profiles
(passphrase-kept, so opening one costs ~1 s of Argon2id — outside the timings),
vodozemac Olm/Megolm, HTTP with RFC 9421 signatures. Channel members other than
the coordinator and the measured receiver are devices registered on the relay
with published one-time keys; their queues fill but nobody reads them.
Figures go to docs/PERFORMANCE.md, "Sync engine (over the relay)".
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.crypto.megolm import ROTATE_AFTER_MESSAGES
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.registration import signed_keys
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.profile import KeyStorageChoice, Profile, create_profile, open_profile
from liaison_client.relay_connection import RelayEnrollment, client_for_profile
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess, start_relay

PASSPHRASE = "bench passphrase, not secret"
TEXT = "Container MSKU 1234567 flagged at berth 4: sniffer team requested, 走私 香烟 风险"


def open_officer(relay: RelayProcess, root: Path, name: str, token: str) -> Profile:
    create_profile(root, name=name, agency="Bench Customs", passphrase=lambda _c: PASSPHRASE,
                   key_storage=KeyStorageChoice.PASSPHRASE,
                   before_commit=RelayEnrollment(relay.url, token))
    return open_profile(root, passphrase=lambda _c: PASSPHRASE)


def register_phantom(relay: RelayProcess, token: str) -> str:
    """A device on the relay with published one-time keys, and nothing else."""
    identity = DeviceIdentity.generate()
    device_id = new_device_id()
    with RelayClient(relay.url, device_id=device_id, signer=identity_signer(identity)) as c:
        c.register(token, identity, device_id)
        account = identity.account
        account.generate_one_time_keys(5)
        c.publish_keys(signed_keys(identity, device_id, {
            k: v.to_base64() for k, v in account.one_time_keys.items()}, fallback=False))
    return device_id


@dataclass
class SendTimes:
    """Milliseconds per send: compose, encrypt, POST, commit."""

    steady: list[float] = field(default_factory=list)
    #: This process's CPU for each steady send (the relay's work is not in it).
    steady_cpu: list[float] = field(default_factory=list)
    rotation: list[float] = field(default_factory=list)


def measure_sends(workspace: Workspace, channel_id: str, count: int) -> SendTimes:
    times = SendTimes()
    for i in range(count):
        start, cpu_start = time.perf_counter(), time.process_time()
        outcome = workspace.sending.send_text(channel_id, f"{TEXT} #{i}")
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (time.process_time() - cpu_start) * 1000
        assert outcome.accepted, outcome.problem
        if i % ROTATE_AFTER_MESSAGES == 0:
            times.rotation.append(elapsed)
        else:
            times.steady.append(elapsed)
            times.steady_cpu.append(cpu)
    return times


def relay_post_alone(profile: Profile, recipients: tuple[str, ...], count: int = 50) -> float:
    """Median ms of the relay's share: one POST of a group-sized envelope, durably stored."""
    client = client_for_profile(profile)
    assert client is not None
    times = []
    with client:
        for _ in range(count):
            envelope = OutgoingEnvelope(uuid.uuid4().hex, recipients, secrets.token_bytes(850))
            start = time.perf_counter()
            client.send([envelope])
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure_receive(sender: Workspace, receiver: Workspace, channel_id: str, count: int,
                    runs: int) -> None:
    """Receive ``count`` queued messages ``runs`` times: wall-clock rate, the client
    process's CPU rate (all its threads) and the machine's load while it ran.

    Wall-clock varies with what else runs on the two cores (the relay, other
    processes); CPU time per message does not, so both are printed: the gap
    between them is time the receiver waited for a core or for the relay.
    """
    print("\n| run | wall | messages/s (wall) | client CPU | messages/s (per CPU second) "
          "| load average (1 min) |")
    print("|---:|---:|---:|---:|---:|---:|")
    wall_rates = []
    for run in range(1, runs + 1):
        for i in range(count):
            sender.sending.send_text(channel_id, f"{TEXT} catch-up {run}.{i}", deliver=False)
        sender.sync()
        cpu_start, start = time.process_time(), time.perf_counter()
        report = receiver.sync()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        assert report.received == count, report
        wall_rates.append(count / elapsed)
        print(f"| {run} | {elapsed:.2f} s | {count / elapsed:,.0f} | {cpu:.2f} s "
              f"| {count / cpu:,.0f} | {os.getloadavg()[0]:.1f} |")
    print(f"\nreceive {count} messages (pages of 100 fetched ahead, decrypted, one commit per "
          f"page, acknowledged behind): median {statistics.median(wall_rates):,.0f} messages/s, "
          f"slowest run {min(wall_rates):,.0f} messages/s")


def percentile(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--receive", type=int, default=2000)
    parser.add_argument("--receive-runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="liaison-sync-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        relay = start_relay(scratch / "relay", "--rate", "1000000000", "--burst", "1000000000")
        try:
            token = relay.enroll("Bench Customs", uses=400)
            coordinator = open_officer(relay, scratch / "coordinator", "Coordinator", token)
            receiver = open_officer(relay, scratch / "receiver", "Receiver", token)
            with Workspace.for_profile(coordinator) as ws, \
                    Workspace.for_profile(receiver) as inbox:
                print("| members | send, steady (median) | send, steady (p95) "
                      "| client CPU per steady send (median) "
                      "| send at rotation (median) | relay POST alone (median) "
                      "| invite (last member) | load average (1 min) |")
                print("|---:|---:|---:|---:|---:|---:|---:|---:|")
                for members in (2, 20, 200):
                    channel = ws.channels.create(f"Bench {members}").channel_id
                    invite_ms = 0.0
                    recipients: list[str] = []
                    for index in range(members - 1):
                        device = (receiver.device_id if members == 2 and index == 0
                                  else register_phantom(relay, token))
                        recipients.append(device)
                        start = time.perf_counter()
                        ws.channels.invite(channel, device, name=f"Member {index}")
                        invite_ms = (time.perf_counter() - start) * 1000
                    sends = measure_sends(ws, channel, args.messages)
                    print(f"| {members} | {statistics.median(sends.steady):.1f} ms "
                          f"| {percentile(sends.steady, 0.95):.1f} ms "
                          f"| {statistics.median(sends.steady_cpu):.2f} ms "
                          f"| {statistics.median(sends.rotation):.1f} ms "
                          f"| {relay_post_alone(coordinator, tuple(recipients)):.1f} ms "
                          f"| {invite_ms:.0f} ms | {os.getloadavg()[0]:.1f} |")
                    if members == 2:
                        two_member_channel = channel
                inbox.sync()  # drain what the 2-member channel sent so far
                measure_receive(ws, inbox, two_member_channel, args.receive, args.receive_runs)
            coordinator.close()
            receiver.close()
        finally:
            relay.stop()


if __name__ == "__main__":
    main()
