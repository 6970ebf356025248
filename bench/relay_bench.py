"""Relay benchmark: envelope throughput, POST-to-delivery latency, long-poll memory.

Run by hand:  .venv/bin/python -m bench.relay_bench [--requests 20000]

Everything runs on loopback: one real ``liaison-relay serve`` process (SQLite,
WAL, synchronous=FULL, group commit) and, in the same run, a bare
FastAPI/uvicorn endpoint that does nothing (``bench/relay_ceiling_app.py``),
the framework's ceiling. The load generator is a minimal asyncio HTTP/1.1
client over keep-alive connections; throughput requests are signed *before*
the clock starts (each with its own nonce, as RFC 9421 requires here), so the
figures measure the server, not Python-side signing. Requests whose cursor is
only known at run time (fetch, acknowledge) are signed live.

Figures go to docs/PERFORMANCE.md, "Relay".
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvloop

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.message_signatures import (
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
    content_digest_header,
    signature_base,
)
from tests.relay.relay_process import RelayProcess, start_relay

CONCURRENCY = 50
CIPHERTEXT_BYTES = 512


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


async def single_post_rate(relay: RelayProcess, ceiling_port: int, senders: list[Device],
                           receivers: list[Device], total: int) -> dict[str, Any]:
    relay_requests = [
        signed_request(senders[i % CONCURRENCY], "POST", "/v1/envelopes",
                       envelope_body([f"single-{i}"], receivers[i % CONCURRENCY].device_id))
        for i in range(total)]
    ceiling_requests = [signed_request(None, "POST", "/v1/envelopes",
                                       envelope_body([f"single-{i}"], "X"))
                        for i in range(total)]
    ceiling_seconds, ceiling_statuses = await blast(ceiling_port, ceiling_requests, CONCURRENCY)
    relay_seconds, relay_statuses = await blast(port_of(relay.url), relay_requests, CONCURRENCY)
    assert relay_statuses == {200: total}, relay_statuses
    assert ceiling_statuses == {200: total}, ceiling_statuses
    # Drain the queues so the next phase starts empty.
    deadline = time.perf_counter() + 120
    await asyncio.gather(*(drain(port_of(relay.url), r, total // CONCURRENCY, {}, deadline)
                           for r in receivers))
    return {"relay_rps": total / relay_seconds, "ceiling_rps": total / ceiling_seconds,
            "ratio": (total / relay_seconds) / (total / ceiling_seconds)}


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
                           per_sender: int, interval: float) -> dict[str, Any]:
    posts: dict[str, float] = {}
    arrivals: dict[str, float] = {}
    port = port_of(relay.url)
    prepared = {s: [(f"lat-{s}-{i}", signed_request(
        sender, "POST", "/v1/envelopes",
        envelope_body([f"lat-{s}-{i}"], receivers[s].device_id))) for i in range(per_sender)]
        for s, sender in enumerate(senders)}

    async def send(s: int) -> None:
        connection = await Connection.open(port)
        try:
            for envelope_id, request in prepared[s]:
                posts[envelope_id] = time.perf_counter()
                status, _ = await connection.call(request)
                assert status == 200
                await asyncio.sleep(interval)
        finally:
            connection.close()

    deadline = time.perf_counter() + 120
    receiving = [asyncio.ensure_future(drain(port, r, per_sender, arrivals, deadline))
                 for r in receivers]
    await asyncio.sleep(0.5)  # every receiver is waiting in a long-poll
    await asyncio.gather(*(send(s) for s in range(len(senders))))
    await asyncio.gather(*receiving)
    latencies = sorted((arrivals[i] - posts[i]) * 1000 for i in posts)
    return {"samples": len(latencies), "offered_per_s": len(senders) / interval,
            "p50_ms": statistics.median(latencies),
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1]}


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
    metrics = await asyncio.to_thread(_metric, relay.url, "liaison_relay_long_polls_waiting")
    # SIGTERM now: every waiting long-poll must be answered.
    relay.process.send_signal(signal.SIGTERM)
    answered = 0
    for connection in connections:
        with contextlib.suppress(Exception):
            head = await asyncio.wait_for(connection.reader.readuntil(b"\r\n\r\n"), 20)
            answered += head.startswith(b"HTTP/1.1 200")
        connection.close()
    relay.process.wait(timeout=30)
    return {"long_polls": count, "waiting_reported": metrics, "rss_before_mib": before,
            "rss_during_mib": during, "answered_on_sigterm": answered}


def _metric(url: str, name: str) -> float:
    import requests

    for line in requests.get(f"{url}/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return -1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches-per-sender", type=int, default=12)
    parser.add_argument("--latency-per-sender", type=int, default=40)
    parser.add_argument("--latency-interval", type=float, default=0.2,
                        help="seconds between one sender's envelopes (50 senders)")
    parser.add_argument("--long-polls", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="relay-bench-") as scratch:
        relay = start_relay(Path(scratch) / "relay", "--rate", "1000000000", "--burst",
                            "1000000000", "--max-queue", "10000000", "--log-level", "warning")
        ceiling_port = 18_000 + os.getpid() % 1000
        ceiling = subprocess.Popen([sys.executable, "-m", "bench.relay_ceiling_app",
                                    str(ceiling_port)])
        try:
            time.sleep(2)
            devices = register(relay, 2 * CONCURRENCY + 1)
            senders, receivers = devices[:CONCURRENCY], devices[CONCURRENCY:2 * CONCURRENCY]
            results: dict[str, Any] = {"cpu_count": os.cpu_count()}
            results["single_post"] = uvloop.run(single_post_rate(
                relay, ceiling_port, senders, receivers, args.requests))
            results["batched"] = uvloop.run(batched_throughput(
                relay, senders, receivers, args.batches_per_sender, args.batch))
            results["latency"] = uvloop.run(delivery_latency(
                relay, senders, receivers, args.latency_per_sender, args.latency_interval))
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
