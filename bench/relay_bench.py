"""Relay benchmark: envelope throughput, POST-to-delivery latency, long-poll memory.

Run by hand (needs Debian's ``wrk``: ``apt-get install wrk``)::

    .venv/bin/python -m bench.relay_bench            # all phases, ~2 minutes

Everything runs on loopback: one real ``liaison-relay serve`` process (SQLite,
WAL, synchronous=FULL, group commit) and, in the same run, a bare
FastAPI/uvicorn endpoint that does nothing (``bench/relay_ceiling_app.py``),
the framework's ceiling.

Method (docs/PERFORMANCE.md, "Relay"), chosen so the ratio is fair on a
2-core machine that also runs the load:

- Each server process is pinned to one core (``--server-cpu``, default 0),
  every one of its threads included; the load generators are pinned to the
  other (``--client-cpu``, default 1). The ceiling and the relay run one after
  the other, each with the core to itself.
- The single-POST rate, for both servers, is measured by ``wrk`` (C, one
  thread, 50 keep-alive connections) replaying requests signed *before* the
  clock starts, each once (``bench/relay_presigned.lua``): every relay request
  needs its own nonce. The ceiling gets the very same bytes.
- Batches, delivery latency and long-polls need responses read and requests
  signed live (cursors), so they use a minimal asyncio HTTP/1.1 client on
  uvloop, on the client core.
- Latency: 50 senders, each posting single envelopes at exponentially
  distributed intervals (independent officers, a Poisson stream in total) to
  50 receivers waiting in long-polls, which acknowledge each page and poll
  again as a client does. A second run sends in lock-step (all 50 senders at
  the same instant), a deliberately harsher burst pattern, reported beside it.

Results go to ``bench/results/relay_bench.json``; figures to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvloop

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.protocol.http_signatures import (
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
    content_digest_header,
    signature_base,
)
from tests.relay.relay_process import RelayProcess, start_relay

CONCURRENCY = 50
CIPHERTEXT_BYTES = 512
WRK_SCRIPT = Path(__file__).with_name("relay_presigned.lua")


@dataclass
class Device:
    device_id: str
    identity: DeviceIdentity


def signed_request(device: Device | None, method: str, target: str, body: bytes = b"") -> bytes:
    """One complete HTTP/1.1 request, signed by ``device`` (unsigned when None).

    Signs exactly as :class:`~liaison_client.net.message_signatures.RequestSigner`
    does, but builds the base with :func:`signature_base` instead of the general
    library, so the load generator spends its CPU on load, not on parsing.
    """
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json",
               "Content-Length": str(len(body))}
    if device is not None:
        path, _, query = target.partition("?")
        digest = content_digest_header(hashlib.sha256(body).digest())
        params = (f'("@method" "@path" "@query" "content-digest");created={int(time.time())}'
                  f';keyid="{device.device_id}";alg="ed25519"'
                  f';nonce="{secrets.token_urlsafe(16)}";tag="{SIGNATURE_TAG}"')
        base = signature_base([("@method", method), ("@path", path), ("@query", "?" + query),
                               ("content-digest", digest)], params)
        signature = base64.b64encode(identity_signer(device.identity)(base)).decode()
        headers["Content-Digest"] = digest
        headers["Signature-Input"] = f"{SIGNATURE_LABEL}={params}"
        headers["Signature"] = f"{SIGNATURE_LABEL}=:{signature}:"
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode() + b"\r\n" + body


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def call(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def envelope_body(ids: list[str], recipient: str) -> bytes:
    ciphertext = base64.b64encode(os.urandom(CIPHERTEXT_BYTES)).decode()
    return json.dumps({"envelopes": [
        {"id": i, "recipients": [recipient], "ciphertext": ciphertext} for i in ids]}).encode()


def pin(pid: int, cpu: int) -> None:
    """Pin every thread of ``pid`` (threads it starts later inherit the mask)."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        os.sched_setaffinity(int(task.name), {cpu})


async def blast(port: int, requests: list[bytes], concurrency: int) -> tuple[float, dict[int, int]]:
    """Send all requests over ``concurrency`` keep-alive connections; seconds taken."""
    queue = list(reversed(requests))
    statuses: dict[int, int] = {}

    async def worker() -> None:
        connection = await Connection.open(port)
        try:
            while queue:
                status, _ = await connection.call(queue.pop())
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, statuses


def register(relay: RelayProcess, count: int) -> list[Device]:
    token = relay.enroll("Bench Agency", uses=count)
    devices = []
    with RelayClient(relay.url) as client:
        for _ in range(count):
            device = Device(new_device_id(), DeviceIdentity.generate())
            client.register(token, device.identity, device.device_id)
            devices.append(device)
    return devices


async def drain(port: int, device: Device, expected: int, arrivals: dict[str, float],
                deadline: float) -> int:
    """Long-poll, record arrival times, acknowledge, until ``expected`` envelopes came."""
    connection = await Connection.open(port)
    cursor = received = 0
    try:
        while received < expected and time.perf_counter() < deadline:
            target = (f"/v1/devices/{device.device_id}/envelopes?after={cursor}&wait=5"
                      f"&limit=100")
            status, body = await connection.call(signed_request(device, "GET", target))
            now = time.perf_counter()
            assert status == 200, body
            page = json.loads(body)
            for envelope in page["envelopes"]:
                arrivals.setdefault(envelope["id"], now)
            received += len(page["envelopes"])
            if page["envelopes"]:
                cursor = page["cursor"]
                ack = json.dumps({"cursor": cursor}).encode()
                status, body = await connection.call(signed_request(
                    device, "POST", f"/v1/devices/{device.device_id}/envelopes/ack", ack))
                assert status == 200, body
    finally:
        connection.close()
    return received


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid``, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(port: int, server_pid: int, requests_file: Path, seconds: float,
            client_cpu: int) -> dict[str, Any]:
    """One wrk run (1 thread, 50 connections) over the pre-signed requests.

    Besides the rate, it reports the server's CPU time per request: on a
    machine shared with other work the rate moves with the load, the CPU cost
    per request much less.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    cpu_before = cpu_seconds(server_pid)
    result = subprocess.run(
        ["taskset", "-c", str(client_cpu), wrk, "-t1", f"-c{CONCURRENCY}",
         f"-d{round(seconds)}s", "--timeout", "10s", "-s", str(WRK_SCRIPT),
         f"http://127.0.0.1:{port}/", "--", str(requests_file)],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    )
    cpu_used = cpu_seconds(server_pid) - cpu_before
    summary: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    summary["server_cpu_ms_per_request"] = 1000 * cpu_used / max(1, summary["requests"])
    if summary["exhausted"]:
        raise SystemExit("wrk ran out of pre-signed requests: raise --presigned")
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


def write_requests(path: Path, requests: list[bytes]) -> Path:
    path.write_bytes(b"".join(r + b"\0" for r in requests))
    return path


def single_post_rate(relay: RelayProcess, ceiling_port: int, ceiling_pid: int,
                     senders: list[Device], receivers: list[Device], args: argparse.Namespace,
                     scratch: Path) -> dict[str, Any]:
    """wrk against the ceiling, then the relay, in alternating rounds, same request bytes.

    Alternating rounds spread any outside load on the machine over both
    servers; the figures are the medians of the rounds.
    """
    def prepare(tag: str, count: int) -> Path:
        return write_requests(scratch / f"{tag}.requests", [
            signed_request(senders[i % CONCURRENCY], "POST", "/v1/envelopes",
                           envelope_body([f"{tag}-{i}"], receivers[i % CONCURRENCY].device_id))
            for i in range(count)])

    relay_port, relay_pid = port_of(relay.url), relay.process.pid
    warm = prepare("warm", args.presigned // 2)
    run_wrk(ceiling_port, ceiling_pid, warm, args.warmup, args.client_cpu)
    run_wrk(relay_port, relay_pid, warm, args.warmup, args.client_cpu)
    rounds: list[dict[str, Any]] = []
    for number in range(args.rounds):
        measured = prepare(f"single{number}", args.presigned)
        ceiling = run_wrk(ceiling_port, ceiling_pid, measured, args.duration, args.client_cpu)
        relay_run = run_wrk(relay_port, relay_pid, measured, args.duration, args.client_cpu)
        for run in (ceiling, relay_run):
            if run["status_errors"] or run["read_errors"] or run["timeouts"]:
                raise SystemExit(f"wrk saw errors: {run}")
        rounds.append({"relay": relay_run, "ceiling": ceiling,
                       "ratio": relay_run["rps"] / ceiling["rps"]})
        measured.unlink()
    # Every envelope answered 200 must be deliverable; the next phase starts empty.
    deadline = time.perf_counter() + 300
    delivered = uvloop.run(drain_all(relay_port, receivers, deadline))
    accepted = sum(r["relay"]["requests"] for r in rounds)
    if delivered < accepted:
        raise SystemExit(f"{accepted} envelopes accepted, {delivered} delivered")

    def median(side: str, key: str) -> float:
        return float(statistics.median(r[side][key] for r in rounds))

    return {"rounds": rounds,
            "relay_rps": median("relay", "rps"), "ceiling_rps": median("ceiling", "rps"),
            "ratio": statistics.median(r["ratio"] for r in rounds),
            "relay_cpu_ms_per_request": median("relay", "server_cpu_ms_per_request"),
            "ceiling_cpu_ms_per_request": median("ceiling", "server_cpu_ms_per_request"),
            "relay_p99_ms": median("relay", "latency_p99_us") / 1000,
            "delivered": delivered}


#: 503 answers ``drain_all`` retried, as a client does (no database connection free
#: within the relay's 5 s: a burst larger than its PostgreSQL pool).
RETRIED_503: list[int] = [0]


async def _signed_call(connection: Connection, device: Device, method: str, target: str,
                       body: bytes = b"") -> tuple[int, bytes]:
    """One call, retried on 503 like the client (signed anew: nonces are single-use)."""
    for _attempt in range(50):
        status, answer = await connection.call(signed_request(device, method, target, body))
        if status != 503:
            return status, answer
        RETRIED_503[0] += 1
        await asyncio.sleep(0.2)
    return status, answer


async def drain_all(port: int, receivers: list[Device], deadline: float) -> int:
    """Fetch and acknowledge until every receiver's queue is empty."""
    async def one(device: Device) -> int:
        connection = await Connection.open(port)
        cursor = received = 0
        try:
            while time.perf_counter() < deadline:
                target = f"/v1/devices/{device.device_id}/envelopes?after={cursor}&limit=100"
                status, body = await _signed_call(connection, device, "GET", target)
                assert status == 200, body
                page = json.loads(body)
                if not page["envelopes"]:
                    return received
                received += len(page["envelopes"])
                cursor = page["cursor"]
                ack = json.dumps({"cursor": cursor}).encode()
                status, body = await _signed_call(
                    connection, device, "POST",
                    f"/v1/devices/{device.device_id}/envelopes/ack", ack)
                assert status == 200, body
        finally:
            connection.close()
        return received

    counts = await asyncio.gather(*(one(r) for r in receivers))
    return sum(counts)


async def batched_throughput(relay: RelayProcess, senders: list[Device], receivers: list[Device],
                             batches_per_sender: int, batch: int) -> dict[str, Any]:
    requests = []
    for b in range(batches_per_sender):
        for s, sender in enumerate(senders):
            ids = [f"batch-{s}-{b}-{i}" for i in range(batch)]
            requests.append(signed_request(sender, "POST", "/v1/envelopes",
                                           envelope_body(ids, receivers[s].device_id)))
    total = len(requests) * batch
    arrivals: dict[str, float] = {}
    started = time.perf_counter()
    deadline = started + 300
    sending = asyncio.ensure_future(blast(port_of(relay.url), requests, CONCURRENCY))
    received = await asyncio.gather(*(
        drain(port_of(relay.url), r, batches_per_sender * batch, arrivals, deadline)
        for r in receivers))
    send_seconds, statuses = await sending
    delivered_seconds = time.perf_counter() - started
    assert statuses == {200: len(requests)}, statuses
    assert sum(received) == total
    return {"envelopes": total, "accepted_per_s": total / send_seconds,
            "delivered_per_s": total / delivered_seconds}


async def delivery_latency(relay: RelayProcess, senders: list[Device], receivers: list[Device],
                           *, tag: str, rate: float, seconds: float,
                           lockstep: bool) -> dict[str, Any]:
    """POST → waiting long-poll latency at ``rate`` envelopes/s offered in total."""
    posts: dict[str, float] = {}
    arrivals: dict[str, float] = {}
    port = port_of(relay.url)
    per_sender = max(1, int(rate * seconds / len(senders)))
    mean_interval = len(senders) / rate
    prepared = {s: [(f"{tag}-{s}-{i}", signed_request(
        sender, "POST", "/v1/envelopes",
        envelope_body([f"{tag}-{s}-{i}"], receivers[s].device_id))) for i in range(per_sender)]
        for s, sender in enumerate(senders)}
    rng = random.Random(9421)

    async def send(s: int) -> None:
        connection = await Connection.open(port)
        loop = asyncio.get_running_loop()
        # Open loop: each send is due at its scheduled time, whatever the
        # previous answer took, so a slow relay cannot slow the offered load.
        due = loop.time() + (0.0 if lockstep else rng.expovariate(1 / mean_interval))
        try:
            for envelope_id, request in prepared[s]:
                await asyncio.sleep(max(0.0, due - loop.time()))
                posts[envelope_id] = time.perf_counter()
                status, _ = await connection.call(request)
                assert status == 200
                due += mean_interval if lockstep else rng.expovariate(1 / mean_interval)
        finally:
            connection.close()

    deadline = time.perf_counter() + seconds + 120
    receiving = [asyncio.ensure_future(drain(port, r, per_sender, arrivals, deadline))
                 for r in receivers]
    await asyncio.sleep(0.5)  # every receiver is waiting in a long-poll
    started = time.perf_counter()
    await asyncio.gather(*(send(s) for s in range(len(senders))))
    sent_seconds = time.perf_counter() - started
    await asyncio.gather(*receiving)
    latencies = sorted((arrivals[i] - posts[i]) * 1000 for i in posts)
    return {"samples": len(latencies), "pattern": "lockstep" if lockstep else "poisson",
            "offered_per_s": rate, "achieved_per_s": len(latencies) / sent_seconds,
            "p50_ms": statistics.median(latencies),
            "p90_ms": latencies[int(len(latencies) * 0.90) - 1],
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
            "max_ms": latencies[-1]}


async def idle_long_polls(relay: RelayProcess, device: Device, count: int) -> dict[str, Any]:
    port = port_of(relay.url)
    before = rss_mib(relay.process.pid)
    target = f"/v1/devices/{device.device_id}/envelopes?after=0&wait=30&limit=100"
    requests = [signed_request(device, "GET", target) for _ in range(count)]
    connections = [await Connection.open(port) for _ in range(count)]
    for connection, request in zip(connections, requests, strict=True):
        connection.writer.write(request)
    await asyncio.sleep(3)
    during = rss_mib(relay.process.pid)
    waiting = await asyncio.to_thread(metric, relay.url, "liaison_relay_long_polls_waiting")
    # SIGTERM now: every waiting long-poll must be answered.
    relay.process.send_signal(signal.SIGTERM)
    answered = 0
    for connection in connections:
        with contextlib.suppress(Exception):
            head = await asyncio.wait_for(connection.reader.readuntil(b"\r\n\r\n"), 20)
            answered += head.startswith(b"HTTP/1.1 200")
        connection.close()
    relay.process.wait(timeout=30)
    return {"long_polls": count, "waiting_reported": waiting, "rss_before_mib": before,
            "rss_during_mib": during, "answered_on_sigterm": answered}


def metric(url: str, name: str) -> float:
    for line in requests.get(f"{url}/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return -1.0


def fsync_latency(directory: Path, samples: int = 300) -> dict[str, float]:
    """fsync after a 4 KiB append, as each SQLite WAL commit does: this disk's floor."""
    path = directory / "fsync-probe"
    timings = []
    with path.open("wb", buffering=0) as probe:
        for _ in range(samples):
            probe.write(b"\0" * 4096)
            started = time.perf_counter()
            os.fsync(probe.fileno())
            timings.append((time.perf_counter() - started) * 1000)
    path.unlink()
    timings.sort()
    return {"p50_ms": statistics.median(timings),
            "p99_ms": timings[int(len(timings) * 0.99) - 1], "max_ms": timings[-1]}


def commit_histogram(url: str) -> dict[str, float]:
    """The relay's own group-commit durations (cumulative bucket counts)."""
    prefix = "liaison_relay_commit_seconds_bucket{le=\""
    buckets: dict[str, float] = {}
    for line in requests.get(f"{url}/metrics", timeout=10).text.splitlines():
        if line.startswith(prefix):
            bound = line[len(prefix):].split('"', 1)[0]
            buckets[bound] = float(line.rsplit(" ", 1)[1])
    return buckets


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--duration", type=int, default=5,
                        help="seconds of each measured wrk run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating ceiling/relay wrk rounds")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--presigned", type=int, default=60_000,
                        help="requests signed for each wrk run (must outlast it)")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches-per-sender", type=int, default=12)
    parser.add_argument("--latency-rate", type=float, default=250.0,
                        help="envelopes/s offered in the latency runs (50 senders)")
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--long-polls", type=int, default=1000)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[],
                        choices=["single", "batched", "latency", "lockstep", "long-polls"])
    args = parser.parse_args()

    os.sched_setaffinity(0, {args.client_cpu})
    with tempfile.TemporaryDirectory(prefix="relay-bench-") as scratch_name:
        scratch = Path(scratch_name)
        relay = start_relay(scratch / "relay", "--rate", "1000000000", "--burst",
                            "1000000000", "--max-queue", "10000000",
                            "--max-queue-per-sender", "10000000", "--log-level", "warning")
        pin(relay.process.pid, args.server_cpu)
        ceiling_port = 18_000 + os.getpid() % 1000
        ceiling = subprocess.Popen(["taskset", "-c", str(args.server_cpu), sys.executable,
                                    "-m", "bench.relay_ceiling_app", str(ceiling_port)])
        try:
            time.sleep(2)
            devices = register(relay, 2 * CONCURRENCY + 1)
            senders, receivers = devices[:CONCURRENCY], devices[CONCURRENCY:2 * CONCURRENCY]
            results: dict[str, Any] = {
                "cpu_count": os.cpu_count(), "server_cpu": args.server_cpu,
                "client_cpu": args.client_cpu, "date": time.strftime("%Y-%m-%d"),
                "load_average_at_start": os.getloadavg(),
                "fsync_4k": fsync_latency(scratch)}
            if "single" not in args.skip:
                results["single_post"] = single_post_rate(
                    relay, ceiling_port, ceiling.pid, senders, receivers, args, scratch)
                print(json.dumps({k: v for k, v in results["single_post"].items()
                                  if k != "rounds"}, indent=2), flush=True)
            if "batched" not in args.skip:
                results["batched"] = uvloop.run(batched_throughput(
                    relay, senders, receivers, args.batches_per_sender, args.batch))
                print(json.dumps(results["batched"], indent=2), flush=True)
            for pattern in ("latency", "lockstep"):
                if pattern in args.skip:
                    continue
                before = commit_histogram(relay.url)
                run = uvloop.run(delivery_latency(
                    relay, senders, receivers, tag=pattern, rate=args.latency_rate,
                    seconds=args.latency_seconds, lockstep=pattern == "lockstep"))
                after = commit_histogram(relay.url)
                run["commit_seconds_histogram"] = {b: after[b] - before.get(b, 0) for b in after}
                results[pattern] = run
                print(json.dumps(run, indent=2), flush=True)
            if "long-polls" not in args.skip:
                results["long_polls"] = uvloop.run(idle_long_polls(relay, devices[-1],
                                                                   args.long_polls))
        finally:
            ceiling.terminate()
            ceiling.wait(10)
            relay.stop()
    print(json.dumps(results, indent=2))
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "relay_bench.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
