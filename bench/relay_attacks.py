"""The relay under attack (issue 10, items 3 and 4): honest sends and /healthz, measured.

Run by hand::

    .venv/bin/python -m bench.relay_attacks                      # SQLite, ~3 minutes
    .venv/bin/python -m bench.relay_attacks --backend postgresql  # the same on PostgreSQL

Everything is on loopback: real ``liaison-relay serve`` processes on
127.0.0.1, the attackers in a process of their own bound to 127.0.0.2 (another
client address), the honest clients on 127.0.0.1.

Item 3 (one relay, default limits, under ``prlimit --nofile=1024`` as the
issue's relay had; a no-attack baseline first, in the same run):

* ``slowloris``: 1,100 connections, each a half-sent request head, then one
  byte every 10 s; a connection the relay closes is opened again after
  ``--reconnect-delay`` seconds, so the attacker keeps trying to hold 1,100.
* ``long-polls``: one enrolled device opens 1,100 long-polls
  (``GET /v1/devices/ID/envelopes?wait=30``, signed); each answered poll is
  sent again at once on its connection, a refused one (429) after 1 s, a
  closed connection is opened again after ``--reconnect-delay``.

During each, ``--honest`` enrolled devices send ``--sends`` signed envelopes
in all (single-envelope ``POST /v1/envelopes``, each over a new connection,
as a client after a network change does), paced ``--pace`` seconds apart per
device, to colleagues who then fetch them: latency p50/p99/max of each send
(connection included), successes, and whether every envelope arrived.

Item 4 (a second relay, its rate limit lifted so a device may send maximal
batches back to back — at the defaults one maximal batch costs 100,001
tokens, i.e. 200 s of a device's 500/s): one device sends ``--batches``
batches of 100 envelopes × 1,000 recipients (all enrolled) while a prober
asks ``GET /healthz`` over one keep-alive connection as fast as answers come,
and the honest senders send as above. Baseline: the prober and honest sends
without the batches.

Prints one JSON document (also written to ``bench/results/relay_attacks-BACKEND.json``);
figures go to docs/PERFORMANCE.md, "Relay under attack".
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.relay_bench import Connection, Device, cpu_seconds, port_of, signed_request
from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.relay_process import RelayProcess, start_relay

ATTACKER_ADDRESS = "127.0.0.2"
ATTACK_CONNECTIONS = 1_100
RELAY_FILE_LIMIT = 1_024
BYTE_INTERVAL_SECONDS = 10.0
HALF_HEAD = b"POST /v1/envelopes HTTP/1.1\r\nhost: relay\r\ncontent-le"
MAX_BATCH_ENVELOPES = 100
MAX_RECIPIENTS = 1_000


# --- measurement helpers -------------------------------------------------------------------

def summary_ms(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"count": 0}
    ordered = sorted(samples)

    def quantile(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"count": len(ordered), "p50_ms": quantile(0.50), "p99_ms": quantile(0.99),
            "max_ms": round(ordered[-1] * 1000, 1)}


def register(relay: RelayProcess, count: int, agency: str) -> list[Device]:
    token = relay.enroll(agency, uses=count)
    devices = []
    with RelayClient(relay.url) as client:
        for _ in range(count):
            device = Device(new_device_id(), DeviceIdentity.generate())
            client.register(token, device.identity, device.device_id)
            devices.append(device)
    return devices


def client_of(relay: RelayProcess, device: Device) -> RelayClient:
    return RelayClient(relay.url, device_id=device.device_id,
                       signer=identity_signer(device.identity), attempts=1)


def honest_sends(relay: RelayProcess, senders: list[Device], receivers: list[Device],
                 total: int, pace: float, tag: str,
                 until: threading.Event | None = None) -> dict[str, Any]:
    """Each sender in its own thread sends its share, each over a new connection
    (stopping early once ``until`` is set); then every receiver fetches:
    latency, failures, and what arrived."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    share = total // len(senders)

    def run(index: int) -> None:
        sender, receiver = senders[index], receivers[index]
        for n in range(share):
            if until is not None and until.is_set():
                break
            client = client_of(relay, sender)
            started = time.perf_counter()
            try:
                client.send([OutgoingEnvelope(f"{tag}-{index}-{n}", (receiver.device_id,),
                                              os.urandom(256))])
            except Exception as exc:  # every failure counts; the benchmark goes on
                with lock:
                    failures.append(f"{type(exc).__name__}: {exc}"[:200])
            else:
                with lock:
                    latencies.append(time.perf_counter() - started)
            finally:
                client.close()
            time.sleep(pace)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(senders))]
    started, cpu_before = time.perf_counter(), cpu_seconds(relay.process.pid)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(share * (pace + 30) + 30)
    elapsed = time.perf_counter() - started
    relay_cpu = (cpu_seconds(relay.process.pid) - cpu_before) / elapsed
    arrived = 0
    for receiver in receivers:
        with client_of(relay, receiver) as client:
            for _ in range(100):  # bounded: pages of 100
                page = client.fetch(limit=100)
                if not page.envelopes:
                    break
                arrived += sum(1 for e in page.envelopes if e.envelope_id.startswith(tag + "-"))
                client.acknowledge(page.cursor)
    return {"sends": len(latencies) + len(failures), "succeeded": len(latencies),
            "failed": len(failures), "failures_sample": failures[:3],
            "arrived": arrived, "seconds": round(elapsed, 1),
            "relay_cpu_cores": round(relay_cpu, 2), **summary_ms(latencies)}


class HealthProber:
    """``GET /healthz`` over one keep-alive connection, back to back, in a thread."""

    def __init__(self, relay: RelayProcess) -> None:
        self._relay = relay
        self._stop = threading.Event()
        self.latencies: list[float] = []
        self.errors = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._seconds = 0.0

    def _run(self) -> None:
        import requests  # the client library the project uses; one session = one connection

        started = time.perf_counter()
        with requests.Session() as session:
            while not self._stop.is_set():
                asked = time.perf_counter()
                try:
                    answer = session.get(self._relay.url + "/healthz", timeout=30)
                    ok = answer.status_code == 200
                except requests.RequestException:
                    ok = False
                if ok:
                    self.latencies.append(time.perf_counter() - asked)
                else:
                    self.errors += 1
                    time.sleep(0.05)
        self._seconds = time.perf_counter() - started

    def __enter__(self) -> HealthProber:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(60)

    def figures(self) -> dict[str, Any]:
        return {"answers_per_second": round(len(self.latencies) / max(self._seconds, 1e-9)),
                "errors": self.errors, **summary_ms(self.latencies)}


# --- the attackers (a process of their own) ----------------------------------------------

async def _slowloris(port: int, deadline: float, reconnect_delay: float,
                     stats: dict[str, int]) -> None:
    async def one() -> None:
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, local_addr=(ATTACKER_ADDRESS, 0))
            except OSError:
                stats["connect_failed"] += 1
                await asyncio.sleep(reconnect_delay)
                continue
            stats["opened"] += 1
            try:
                writer.write(HALF_HEAD)
                while time.monotonic() < deadline:
                    # Whatever the relay answers (a 408, or nothing and a close) ends it.
                    with contextlib.suppress(TimeoutError):
                        data = await asyncio.wait_for(reader.read(1024), BYTE_INTERVAL_SECONDS)
                        if not data:
                            break
                        continue
                    writer.write(b"x")
                    await writer.drain()
            except OSError:
                pass
            finally:
                writer.close()
            stats["closed"] += 1
            await asyncio.sleep(reconnect_delay)

    await asyncio.gather(*(one() for _ in range(ATTACK_CONNECTIONS)))


async def _long_polls(port: int, device: Device, deadline: float, reconnect_delay: float,
                      stats: dict[str, int]) -> None:
    target = f"/v1/devices/{device.device_id}/envelopes?after=0&wait=30&limit=100"

    async def one() -> None:
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, local_addr=(ATTACKER_ADDRESS, 0))
            except OSError:
                stats["connect_failed"] += 1
                await asyncio.sleep(reconnect_delay)
                continue
            stats["opened"] += 1
            connection = Connection(reader, writer)
            try:
                while time.monotonic() < deadline:
                    status, _ = await asyncio.wait_for(
                        connection.call(signed_request(device, "GET", target)),
                        max(0.1, deadline - time.monotonic()))
                    stats[f"status_{status}"] = stats.get(f"status_{status}", 0) + 1
                    if status == 429:
                        await asyncio.sleep(1.0)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                pass
            finally:
                connection.close()
            stats["closed"] += 1
            await asyncio.sleep(reconnect_delay)

    await asyncio.gather(*(one() for _ in range(ATTACK_CONNECTIONS)))


def _attacker_main(kind: str, port: int, seconds: float, reconnect_delay: float,
                   device: tuple[str, str] | None, results: Any) -> None:
    """Child process: run one attack for ``seconds``, put its counters in ``results``."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    stats: dict[str, int] = {"opened": 0, "closed": 0, "connect_failed": 0}
    deadline = time.monotonic() + seconds
    if kind == "slowloris":
        asyncio.run(_slowloris(port, deadline, reconnect_delay, stats))
    else:
        assert device is not None
        from liaison_client.crypto.identity import DeviceIdentity as Identity

        pickled, device_id = device
        key = b"\x01" * 32
        identity = Identity.from_pickle(pickled, key)
        asyncio.run(_long_polls(port, Device(device_id, identity), deadline,
                                reconnect_delay, stats))
    results.put(stats)


@contextlib.contextmanager
def attack(kind: str, relay: RelayProcess, seconds: float, reconnect_delay: float,
           device: Device | None = None, settle: float = 3.0) -> Iterator[dict[str, Any]]:
    """Run an attack in a child process; yields (after ``settle`` s) a dict filled
    with its counters and the relay's descriptors once the attack is over."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    shared = None if device is None else (device.identity.pickle(b"\x01" * 32), device.device_id)
    process = context.Process(target=_attacker_main, args=(
        kind, port_of(relay.url), seconds, reconnect_delay, shared, results), daemon=True)
    process.start()
    time.sleep(settle)
    report: dict[str, Any] = {}
    try:
        report["relay_fds_during"] = len(os.listdir(f"/proc/{relay.process.pid}/fd"))
        yield report
        report["relay_fds_after_honest"] = len(os.listdir(f"/proc/{relay.process.pid}/fd"))
    finally:
        process.join(seconds + 60)
        if process.is_alive():
            process.kill()
            process.join(10)
        with contextlib.suppress(Exception):
            report["attacker"] = results.get(timeout=5)


# --- phases --------------------------------------------------------------------------------

def item_3(relay: RelayProcess, args: argparse.Namespace) -> dict[str, Any]:
    honest = register(relay, 2 * args.honest, "Honest Customs")
    senders, receivers = honest[:args.honest], honest[args.honest:]
    (attacker,) = register(relay, 1, "Hostile Customs")
    honest_seconds = args.sends / args.honest * (args.pace + 0.02) + 10
    out: dict[str, Any] = {
        "baseline": honest_sends(relay, senders, receivers, args.sends, args.pace, "base")}
    with attack("slowloris", relay, honest_seconds + 15, args.reconnect_delay) as report:
        report["honest"] = honest_sends(relay, senders, receivers, args.sends, args.pace, "slow")
    out["slowloris"] = report
    with attack("long-polls", relay, honest_seconds + 15, args.reconnect_delay,
                device=attacker) as report:
        report["honest"] = honest_sends(relay, senders, receivers, args.sends, args.pace, "poll")
    out["long_polls"] = report
    return out


def maximal_batch_body(recipients: list[str], tag: str, ciphertext_bytes: int) -> bytes:
    ciphertext = base64.b64encode(os.urandom(ciphertext_bytes)).decode()
    return json.dumps({"envelopes": [
        {"id": f"{tag}-{n}", "recipients": recipients, "ciphertext": ciphertext}
        for n in range(MAX_BATCH_ENVELOPES)]}).encode()


async def _send_batches(port: int, sender: Device, bodies: list[bytes], count: int,
                        seconds: float) -> list[tuple[int, float]]:
    """Send ``count`` batches back to back (cycling through ``bodies``), or for
    ``seconds``, whichever ends first; a refusal is sent again at once."""
    connection = await Connection.open(port)
    answers = []
    deadline = time.monotonic() + seconds
    try:
        for n in range(count):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            status, _ = await connection.call(signed_request(
                sender, "POST", "/v1/envelopes", bodies[n % len(bodies)]))
            answers.append((status, time.perf_counter() - started))
    finally:
        connection.close()
    return answers


def item_4(relay: RelayProcess, args: argparse.Namespace, *, count: int,
           seconds: float) -> dict[str, Any]:
    honest = register(relay, 2 * args.honest, "Honest Customs")
    senders, receivers = honest[:args.honest], honest[args.honest:]
    (flooder,) = register(relay, 1, "Hostile Customs")
    recipients = [d.device_id for d in register(relay, MAX_RECIPIENTS, "Large Customs")]
    bodies = [maximal_batch_body(recipients, f"batch{b}", args.ciphertext_bytes)
              for b in range(min(count, args.batches))]
    out: dict[str, Any] = {"batch_body_bytes": len(bodies[0])}
    with HealthProber(relay) as prober:
        time.sleep(args.probe_seconds)
    out["healthz_baseline"] = prober.figures()
    with HealthProber(relay) as prober:
        out["honest_baseline"] = honest_sends(relay, senders, receivers, args.sends // 2,
                                              args.pace, "b4base")
    out["healthz_during_honest_baseline"] = prober.figures()
    result: dict[str, Any] = {}
    done = threading.Event()

    def flood() -> None:
        try:
            result["batches"] = asyncio.run(_send_batches(
                port_of(relay.url), flooder, bodies, count, seconds))
        finally:
            done.set()

    with HealthProber(relay) as prober:
        worker = threading.Thread(target=flood, daemon=True)
        worker.start()
        # Honest sends for as long as the batches last (at most 10,000).
        out["honest_during_batches"] = honest_sends(relay, senders, receivers, 10_000,
                                                    args.pace, "b4flood", until=done)
        worker.join(seconds + 600)
    out["healthz_during_batches"] = prober.figures()
    batches = result.get("batches", [])
    statuses: dict[str, int] = {}
    for status, _ in batches:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    accepted = [t for s, t in batches if s == 200]
    out["batches"] = {"statuses": statuses,
                      "accepted_seconds_each": [round(t, 2) for t in accepted],
                      "deliveries_per_second": round(
                          len(accepted) * MAX_BATCH_ENVELOPES * MAX_RECIPIENTS
                          / max(1e-9, sum(accepted)))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--phases", default="3,4", help="which items: 3, 4 or 3,4")
    parser.add_argument("--honest", type=int, default=4, help="honest sending devices")
    parser.add_argument("--sends", type=int, default=400, help="honest sends per phase")
    parser.add_argument("--pace", type=float, default=0.2, help="seconds between a device's sends")
    parser.add_argument("--reconnect-delay", type=float, default=1.0)
    parser.add_argument("--batches", type=int, default=5,
                        help="maximal batches, the rate limit lifted (item 4)")
    parser.add_argument("--flood-seconds", type=float, default=20.0,
                        help="maximal batches back to back at the default limits (item 4)")
    parser.add_argument("--ciphertext-bytes", type=int, default=512)
    parser.add_argument("--probe-seconds", type=float, default=5.0)
    args = parser.parse_args()
    phases = set(args.phases.split(","))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    results: dict[str, Any] = {"backend": args.backend, "cpus": os.cpu_count(),
                               "load_before": os.getloadavg(), "arguments": vars(args)}
    with tempfile.TemporaryDirectory(prefix="attack-bench-") as scratch_name, \
            database_urls(args.backend) as new_database:
        scratch = Path(scratch_name)
        if "3" in phases:
            relay = start_relay(
                scratch / "relay-3", "--purge-interval", "5", database_url=new_database(),
                command=("prlimit", f"--nofile={RELAY_FILE_LIMIT}:{RELAY_FILE_LIMIT}",
                         sys.executable, "-m", "liaison_client.relay"))
            try:
                results["item_3"] = item_3(relay, args)
            finally:
                relay.stop()
        if "4" in phases:
            relay = start_relay(
                scratch / "relay-4", "--rate", "1000000000", "--burst", "1000000000",
                "--max-queue-per-sender", "10000", database_url=new_database())
            try:
                results["item_4_rate_lifted"] = item_4(relay, args, count=args.batches,
                                                       seconds=600)
            finally:
                relay.stop()
            relay = start_relay(scratch / "relay-4d", database_url=new_database())
            try:
                results["item_4_defaults"] = item_4(relay, args, count=10_000,
                                                    seconds=args.flood_seconds)
            finally:
                relay.stop()
    results["load_after"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    out_dir = Path(__file__).with_name("results")
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"relay_attacks-{args.backend}.json").write_text(text + "\n")


@contextlib.contextmanager
def database_urls(backend: str) -> Iterator[Callable[[], str | None]]:
    if backend == "sqlite":
        yield lambda: None
        return
    from tests.fixtures.postgres import start_cluster

    cluster = start_cluster()
    try:
        yield lambda: cluster.new_database("attack")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
