"""Unauthenticated clients cannot make the relay read or hold what they send
(issue 10, item 2; docs/RELAY.md, "Threats").

Each attack is sent over a raw socket to a real relay process on 127.0.0.1;
the relay's peak resident memory is read from /proc/PID/status (VmHWM, reset
through /proc/PID/clear_refs first) around it.
"""

from __future__ import annotations

import contextlib
import select
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess

MIB = 1024 * 1024
#: What one unauthenticated request may cost the relay's resident memory.
ALLOWED_GROWTH_KIB = 1024
SHA = "ab" * 32


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def _reset_peak(pid: int) -> None:
    # "5" resets the peak RSS (VmHWM) to the current RSS: Linux ≥ 4.0, proc(5).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def _attack(relay: RelayProcess, head: bytes, body_bytes: int,
            chunk: bytes = b"", *, seconds: float = 60.0) -> tuple[int, int]:
    """Send ``head``, then up to ``body_bytes`` of body (``chunk`` repeated, or
    zeros) until the relay answers or closes; (status, body bytes sent)."""
    address = urlsplit(relay.url)
    assert address.hostname == "127.0.0.1"
    data = chunk or b"\0" * MIB
    sent = 0
    answer = b""
    deadline = time.monotonic() + seconds
    with socket.create_connection((address.hostname, address.port or 80), timeout=10) as sock:
        sock.setblocking(False)
        pending = memoryview(head)
        while time.monotonic() < deadline:  # bounded by the deadline and body_bytes
            readable, writable, _ = select.select(
                [sock], [sock] if (pending or sent < body_bytes) else [], [], 1.0)
            if readable:
                try:
                    piece = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not piece:
                    break
                answer += piece
                if b"\r\n\r\n" in answer:
                    break
            if writable:
                if not pending:
                    pending = memoryview(data[:body_bytes - sent])
                try:
                    count = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    break
                if pending.obj is not head:
                    sent += count
                pending = pending[count:]
        with contextlib.suppress(OSError):
            sock.setblocking(True)
            sock.settimeout(5)
            while b"\r\n\r\n" not in answer and len(answer) < 65536:
                piece = sock.recv(65536)
                if not piece:
                    break
                answer += piece
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    return int(answer.split(b" ", 2)[1]), sent


def _measured(relay: RelayProcess, head: bytes, body_bytes: int,
              chunk: bytes = b"") -> tuple[int, int, int]:
    """(status, body bytes sent, peak RSS growth in KiB) of one attack, the
    second of two: the first pays what the relay allocates once per code path
    (imports, caches), which is not what a request costs."""
    pid = relay.process.pid
    _attack(relay, head, body_bytes, chunk)
    before = _kib(pid, "VmRSS")
    _reset_peak(pid)
    status, sent = _attack(relay, head, body_bytes, chunk)
    return status, sent, _kib(pid, "VmHWM") - before


@pytest.fixture
def plain_relay(start_relay_process: StartRelay) -> RelayProcess:
    # Many refused requests from one address: the refusal throttle would answer
    # 429 before the costs measured here (tests/relay/test_unauthenticated_throttle.py).
    return start_relay_process("--refusals-per-peer", "1000000")


def test_a_get_with_a_300_mib_body_is_refused_unread(plain_relay: RelayProcess) -> None:
    head = (f"GET /v1/blobs/{SHA} HTTP/1.1\r\nhost: x\r\n"
            f"content-length: {300 * MIB}\r\n\r\n").encode()
    status, sent, growth = _measured(plain_relay, head, 300 * MIB)
    assert status == 400
    assert sent < 32 * MIB  # answered long before the body ended (socket buffers aside)
    assert growth < ALLOWED_GROWTH_KIB, growth


def test_an_unsigned_body_under_the_cap_is_refused_before_it_is_read(
    plain_relay: RelayProcess,
) -> None:
    size = 30 * MIB  # under the default JSON cap (~36 MiB)
    head = (f"POST /v1/devices/x/keys/claim HTTP/1.1\r\nhost: x\r\ncontent-type: "
            f"application/json\r\ncontent-length: {size}\r\n\r\n").encode()
    status, sent, growth = _measured(plain_relay, head, size, b" " * MIB)
    assert status == 401
    assert sent < 16 * MIB
    assert growth < ALLOWED_GROWTH_KIB, growth


@pytest.mark.parametrize("path", ["/v1/envelopes", f"/v1/blobs/{SHA}"])
def test_an_unsigned_chunked_body_is_never_kept(plain_relay: RelayProcess, path: str) -> None:
    method = "PUT" if "blobs" in path else "POST"
    head = (f"{method} {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            "transfer-encoding: chunked\r\n\r\n").encode()
    chunk = b"100000\r\n" + b" " * MIB + b"\r\n"
    status, _sent, growth = _measured(plain_relay, head, 200 * len(chunk), chunk)
    assert status in (401, 413)
    assert growth < ALLOWED_GROWTH_KIB, growth


def test_a_128_mib_header_is_refused_at_64_kib(plain_relay: RelayProcess) -> None:
    head = b"GET /healthz HTTP/1.1\r\nhost: x\r\nx-filler: "
    status, sent, growth = _measured(plain_relay, head, 128 * MIB, b"a" * MIB)
    assert status == 431
    assert sent < 32 * MIB
    assert growth < ALLOWED_GROWTH_KIB, growth


def test_too_many_header_fields_are_refused(plain_relay: RelayProcess) -> None:
    fields = "".join(f"x-{i}: 1\r\n" for i in range(500))
    status, _sent, growth = _measured(
        plain_relay, f"GET /healthz HTTP/1.1\r\nhost: x\r\n{fields}\r\n".encode(), 0)
    assert status == 431
    assert growth < ALLOWED_GROWTH_KIB, growth


def test_a_signed_large_body_is_still_accepted(plain_relay: RelayProcess) -> None:
    from liaison_client.net.wire import OutgoingEnvelope
    from tests.relay.relay_process import enroll_device

    alice, bob = enroll_device(plain_relay), enroll_device(plain_relay)
    batch = [OutgoingEnvelope(f"e{i}", (bob.device_id,), b"x" * 200_000) for i in range(5)]
    alice.client.send(batch)  # ~1.3 MiB: checked from its headers, then read
    assert len(bob.client.fetch().envelopes) == 5
