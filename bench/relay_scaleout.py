"""Relay scale-out benchmark: 1, 2 and 4 instances on one PostgreSQL, SQLite beside them.

Run by hand (issue 13, item 6; figures in docs/PERFORMANCE.md, "Several relay
instances on PostgreSQL")::

    .venv/bin/python -m bench.relay_scaleout                 # ~6 minutes
    .venv/bin/python -m bench.relay_scaleout --instances 1 --long-polls 2000

A real PostgreSQL is started from the installed server binaries in a temporary
directory (``tests/fixtures/postgres.py``, Unix socket only); every relay is a
real ``liaison-relay serve`` process on 127.0.0.1. Per configuration (SQLite,
then PostgreSQL with 1, 2, 4 instances on one fresh database):

- Throughput: 50 senders post batches of 100 envelopes, sender *s* to instance
  *s mod N*, while 50 receivers drain (long-poll, acknowledge) on instance
  *s+1 mod N*: with N > 1 every delivery crosses instances, so a waiting
  long-poll is woken by ``LISTEN/NOTIFY`` from another instance, never by its own.
- Latency: the same 50 → 50 pairs, single envelopes at a Poisson-distributed
  offered rate; POST → long-poll delivery p50/p99.
- Fan-out: one sender posts envelopes to 2 and to 200 recipients, one at a time;
  the CPU time the relays *and* PostgreSQL's processes spent per send, the
  bytes they wrote (``/proc/PID/io``: WAL, checkpoints and the relay's log) and
  PostgreSQL's WAL growth: the relay's cost of a channel message.
- Idle long-polls: ``--long-polls`` devices (one long-poll each: the relay
  keeps one per device) spread over the instances; resident memory per
  connection, relays and PostgreSQL together (PostgreSQL's share stays flat: a
  waiting long-poll holds no database connection).

The machine has 2 cores: relays, PostgreSQL and the load generator share them,
so the figures are this machine's, not a ceiling; the ratios between
configurations are the point. Results go to ``bench/results/relay_scaleout.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvloop

from bench.relay_bench import (
    CONCURRENCY,
    RETRIED_503,
    Connection,
    Device,
    blast,
    cpu_seconds,
    drain,
    drain_all,
    envelope_body,
    metric,
    port_of,
    register,
    rss_mib,
    signed_request,
)
from tests.fixtures.postgres import PostgresCluster, start_cluster
from tests.relay.relay_process import RelayProcess, start_relay

PHASES = ("throughput", "latency", "fan-out", "long-polls")
#: Generous limits: the benchmark measures the relay, not its defences.
RELAY_ARGS = ("--rate", "1000000000", "--burst", "1000000000", "--max-queue", "10000000",
              "--max-queue-per-sender", "10000000", "--max-connections-per-peer", "100000",
              "--refusals-per-peer", "1000000", "--log-level", "warning")


@dataclass
class Deployment:
    """N relay instances on one database (SQLite: one instance on its file)."""

    name: str
    relays: list[RelayProcess]
    postgres: PostgresCluster | None

    def port(self, index: int) -> int:
        return port_of(self.relays[index % len(self.relays)].url)

    def processes(self) -> list[int]:
        """Every process doing the relay's work: the instances and PostgreSQL's."""
        pids = [relay.process.pid for relay in self.relays]
        if self.postgres is not None:
            postmaster = int((self.postgres.data_dir / "postmaster.pid").read_text().split()[0])
            pids.append(postmaster)
            pids.extend(_children(postmaster))
        return pids


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
    return found


def _written_bytes(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    return 0


@dataclass
class Usage:
    """CPU seconds and bytes written by the relays and the database so far, and
    PostgreSQL's WAL position (bytes; None on SQLite, whose WAL is the relay's
    own writes)."""

    cpu_s: float
    written: int
    wal_position: int | None

    @classmethod
    def of(cls, deployment: Deployment) -> Usage:
        pids = deployment.processes()
        cpu = 0.0
        for pid in pids:
            with contextlib.suppress(OSError):
                cpu += cpu_seconds(pid)
        wal = None
        if deployment.postgres is not None:
            (position,), = deployment.postgres.sql(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
            assert isinstance(position, int)
            wal = position
        return cls(cpu, sum(_written_bytes(pid) for pid in pids), wal)


@contextlib.contextmanager
def deploy(name: str, scratch: Path, instances: int, postgres: PostgresCluster | None,
           pool: int | None = None) -> Iterator[Deployment]:
    database = None if postgres is None else postgres.new_database("bench")
    pool_args = () if pool is None or postgres is None else ("--database-pool", str(pool))
    relays: list[RelayProcess] = []
    try:
        for index in range(instances):
            relays.append(start_relay(scratch / f"{name}-{index}", *RELAY_ARGS, *pool_args,
                                      database_url=database))
        yield Deployment(name, relays, postgres)
    finally:
        for relay in relays:
            relay.stop()


async def throughput(deployment: Deployment, senders: list[Device], receivers: list[Device],
                     batches_per_sender: int, batch: int, label: str = "t") -> dict[str, Any]:
    """``label`` makes the envelope ids unique to one run (a repeated id is a retry)."""
    by_instance: dict[int, list[bytes]] = {}
    for b in range(batches_per_sender):
        for s, sender in enumerate(senders):
            ids = [f"{deployment.name}-{label}-{s}-{b}-{i}" for i in range(batch)]
            by_instance.setdefault(s % len(deployment.relays), []).append(signed_request(
                sender, "POST", "/v1/envelopes", envelope_body(ids, receivers[s].device_id)))
    total = batches_per_sender * len(senders) * batch
    arrivals: dict[str, float] = {}
    started = time.perf_counter()
    deadline = started + 300
    per_instance = max(1, CONCURRENCY // len(by_instance))
    sending = asyncio.gather(*(blast(deployment.port(i), requests, per_instance)
                               for i, requests in by_instance.items()))
    received = await asyncio.gather(*(
        drain(deployment.port(r + 1), receiver, batches_per_sender * batch, arrivals, deadline)
        for r, receiver in enumerate(receivers)))
    results = await sending
    delivered_s = time.perf_counter() - started
    send_s = max(seconds for seconds, _ in results)
    statuses: dict[int, int] = {}
    for _, counts in results:
        for status, count in counts.items():
            statuses[status] = statuses.get(status, 0) + count
    assert set(statuses) == {200}, statuses
    assert sum(received) == total, (sum(received), total)
    return {"envelopes": total, "accepted_per_s": round(total / send_s),
            "delivered_per_s": round(total / delivered_s)}


async def latency(deployment: Deployment, senders: list[Device], receivers: list[Device],
                  rate: float, seconds: float) -> dict[str, Any]:
    posts: dict[str, float] = {}
    arrivals: dict[str, float] = {}
    per_sender = max(1, int(rate * seconds / len(senders)))
    mean_interval = len(senders) / rate
    rng = random.Random(9421)
    prepared = {s: [(f"{deployment.name}-l-{s}-{i}", signed_request(
        sender, "POST", "/v1/envelopes",
        envelope_body([f"{deployment.name}-l-{s}-{i}"], receivers[s].device_id)))
        for i in range(per_sender)] for s, sender in enumerate(senders)}

    async def send(s: int) -> None:
        connection = await Connection.open(deployment.port(s))
        loop = asyncio.get_running_loop()
        due = loop.time() + rng.expovariate(1 / mean_interval)
        try:
            for envelope_id, request in prepared[s]:
                await asyncio.sleep(max(0.0, due - loop.time()))
                posts[envelope_id] = time.perf_counter()
                status, body = await connection.call(request)
                assert status == 200, body
                due += rng.expovariate(1 / mean_interval)
        finally:
            connection.close()

    deadline = time.perf_counter() + seconds + 120
    receiving = [asyncio.ensure_future(drain(deployment.port(r + 1), receiver, per_sender,
                                             arrivals, deadline))
                 for r, receiver in enumerate(receivers)]
    await asyncio.sleep(0.5)  # every receiver waits in a long-poll
    started = time.perf_counter()
    await asyncio.gather(*(send(s) for s in range(len(senders))))
    sent_s = time.perf_counter() - started
    await asyncio.gather(*receiving)
    lost = [i for i in posts if i not in arrivals]
    assert not lost, f"{len(lost)} envelopes not delivered"
    ms = sorted((arrivals[i] - posts[i]) * 1000 for i in posts)
    return {"samples": len(ms), "offered_per_s": rate, "sent_over_s": round(sent_s, 1),
            "p50_ms": round(statistics.median(ms), 2),
            "p99_ms": round(ms[int(len(ms) * 0.99) - 1], 2), "max_ms": round(ms[-1], 2)}


async def fan_out(deployment: Deployment, sender: Device, recipients: list[Device],
                  sends: int) -> dict[str, Any]:
    """Relay + database CPU and bytes written per send, at 2 and at len(recipients)."""
    figures: dict[str, Any] = {}
    RETRIED_503[0] = 0
    for count in (2, len(recipients)):
        ids = [d.device_id for d in recipients[:count]]
        requests = []
        for i in range(sends):
            body = json.loads(envelope_body([f"{deployment.name}-f{count}-{i}"], ids[0]))
            body["envelopes"][0]["recipients"] = ids
            requests.append(signed_request(sender, "POST", "/v1/envelopes",
                                           json.dumps(body).encode()))
        await asyncio.sleep(1)  # let background work (purge, checkpoints) settle
        before = Usage.of(deployment)
        connection = await Connection.open(deployment.port(0))
        started = time.perf_counter()
        retried = 0
        try:
            for i, request in enumerate(requests):
                for _attempt in range(20):
                    status, answer = await connection.call(request)
                    if status != 503:
                        break
                    # As the client does: 503 (no database connection within 5 s) is
                    # retried, signed anew (a nonce is never accepted twice).
                    retried += 1
                    await asyncio.sleep(0.2)
                    body = json.loads(envelope_body([f"{deployment.name}-f{count}-{i}"], ids[0]))
                    body["envelopes"][0]["recipients"] = ids
                    request = signed_request(sender, "POST", "/v1/envelopes",
                                             json.dumps(body).encode())
                assert status == 200, answer
        finally:
            connection.close()
        wall = time.perf_counter() - started
        after = Usage.of(deployment)
        figures[f"recipients_{count}"] = {
            "sends": sends, "retried_503": retried,
            "wall_ms_per_send": round(wall / sends * 1000, 2),
            "cpu_us_per_send": round((after.cpu_s - before.cpu_s) / sends * 1e6),
            "written_kib_per_send": round((after.written - before.written) / sends / 1024, 1),
            "wal_kib_per_send": None if after.wal_position is None or before.wal_position is None
            else round((after.wal_position - before.wal_position) / sends / 1024, 1)}
        # Empty the recipients' queues so the next figure starts from the same state.
        await drain_all(deployment.port(0), recipients[:count], time.perf_counter() + 300)
    figures["drain_retried_503"] = RETRIED_503[0]
    many, two = figures[f"recipients_{len(recipients)}"], figures["recipients_2"]
    figures["cpu_ratio"] = round(many["cpu_us_per_send"] / max(1, two["cpu_us_per_send"]), 1)
    return figures


async def idle_long_polls(deployment: Deployment, devices: list[Device]) -> dict[str, Any]:
    def resident() -> float:
        total = 0.0
        for pid in deployment.processes():
            with contextlib.suppress(OSError, RuntimeError):
                total += rss_mib(pid)
        return total

    before = resident()
    connections = []
    for index, device in enumerate(devices):
        connection = await Connection.open(deployment.port(index))
        target = f"/v1/devices/{device.device_id}/envelopes?after=0&wait=30&limit=100"
        connection.writer.write(signed_request(device, "GET", target))
        connections.append(connection)
    sent = time.perf_counter()

    async def waiting_now() -> float:
        return sum(await asyncio.gather(*(
            asyncio.to_thread(metric, relay.url, "liaison_relay_long_polls_waiting")
            for relay in deployment.relays)))

    # Until every poll waits (each first passes its nonce and a queue read), within
    # the polls' own 30 s: how fast a burst of reconnecting clients is admitted.
    waiting = await waiting_now()
    while waiting < len(devices) and time.perf_counter() - sent < 25:
        await asyncio.sleep(0.5)
        waiting = await waiting_now()
    admitted_s = time.perf_counter() - sent
    during = resident()
    # Those already answered (a 503: no database connection free within 5 s for the
    # poll's first read) show their status line; the others are waiting.
    async def status_if_answered(connection: Connection) -> str | None:
        with contextlib.suppress(TimeoutError, asyncio.IncompleteReadError):
            line = await asyncio.wait_for(connection.reader.readuntil(b"\r\n"), 0.5)
            return line.split(b" ")[1].decode()
        return None

    answered: dict[str, int] = {}
    for status in await asyncio.gather(*(status_if_answered(c) for c in connections)):
        if status is not None:
            answered[status] = answered.get(status, 0) + 1
    for connection in connections:
        connection.close()
    return {"long_polls": len(devices), "instances": len(deployment.relays),
            "waiting_reported": waiting, "seconds_until_all_waiting": round(admitted_s, 1),
            "answered_early": answered,
            "rss_before_mib": round(before, 1), "rss_during_mib": round(during, 1),
            "kib_per_long_poll": round((during - before) * 1024 / len(devices), 1)}


def run(deployment: Deployment, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    devices = _register(deployment, max(args.long_polls, 2 * CONCURRENCY + 201))
    senders, receivers = devices[:CONCURRENCY], devices[CONCURRENCY:2 * CONCURRENCY]
    result: dict[str, Any] = {"instances": len(deployment.relays),
                              "registration_s": round(time.perf_counter() - started, 1)}
    if "throughput" in args.phases:
        result["throughput"] = uvloop.run(throughput(deployment, senders, receivers,
                                                     args.batches_per_sender, args.batch))
        print(deployment.name, "throughput", result["throughput"], flush=True)
    if "latency" in args.phases:
        result["latency"] = uvloop.run(latency(deployment, senders, receivers, args.rate,
                                               args.seconds))
        print(deployment.name, "latency", result["latency"], flush=True)
    if "fan-out" in args.phases:
        result["fan_out"] = uvloop.run(fan_out(deployment, devices[-1],
                                               devices[2 * CONCURRENCY:2 * CONCURRENCY + 200],
                                               args.fan_out_sends))
        print(deployment.name, "fan-out", result["fan_out"], flush=True)
    if "long-polls" in args.phases:
        result["idle_long_polls"] = uvloop.run(idle_long_polls(deployment,
                                                               devices[:args.long_polls]))
        print(deployment.name, "long-polls", result["idle_long_polls"], flush=True)
    return result


def _register(deployment: Deployment, count: int) -> list[Device]:
    """``count`` devices, registered through the instances in turn, 500 per token."""
    devices: list[Device] = []
    index = 0
    while len(devices) < count:
        relay = deployment.relays[index % len(deployment.relays)]
        devices.extend(register(relay, min(500, count - len(devices))))
        index += 1
    return devices


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches-per-sender", type=int, default=6)
    parser.add_argument("--rate", type=float, default=200.0,
                        help="envelopes/s offered in the latency run (50 senders)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--fan-out-sends", type=int, default=100)
    parser.add_argument("--long-polls", type=int, default=10_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--phases", nargs="+", default=list(PHASES), choices=PHASES)
    parser.add_argument("--database-pool", type=int, default=None,
                        help="--database-pool of every PostgreSQL instance (default: the relay's)")
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "cpu_count": os.cpu_count(),
                               "load_average_at_start": os.getloadavg(), "runs": {}}
    with tempfile.TemporaryDirectory(prefix="relay-scaleout-") as scratch_name:
        scratch = Path(scratch_name)
        if not args.skip_sqlite:
            with deploy("sqlite", scratch, 1, None) as deployment:
                results["runs"]["sqlite"] = run(deployment, args)
        postgres = start_cluster()
        try:
            for instances in args.instances:
                name = f"postgresql-{instances}"
                with deploy(name, scratch, instances, postgres,
                            args.database_pool) as deployment:
                    results["runs"][name] = run(deployment, args)
        finally:
            postgres.stop()
    print(json.dumps(results, indent=2))
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    name = "relay_scaleout.json" if args.phases == list(PHASES) else \
        f"relay_scaleout-{'-'.join(args.phases)}.json"
    (out / name).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
