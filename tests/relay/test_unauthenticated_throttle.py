"""Unauthenticated requests are throttled per peer and their logging bounded
(issue 10, item 10), on a real relay.

An attacker on 127.0.0.2 (still this computer: all of 127.0.0.0/8 is
loopback) sends unsigned requests as fast as it can; before, every one cost a
signature check and a log line, without limit. Now, after a burst of 100
refusals its requests are answered 429 ``too_many_refusals`` with
Retry-After, the relay logs at most 20 refusal lines per 10 s plus a count
of the rest, and an honest device on 127.0.0.1 is served all along.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device

ATTACKS = 300


def _unsigned_get(host: str, port: int) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection(host, port, timeout=10,
                                            source_address=("127.0.0.2", 0))
    try:
        connection.request("GET", "/v1/devices")
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        connection.close()


def test_an_unauthenticated_flood_is_throttled_and_its_logging_bounded(
        start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--refusals-per-peer", "100")  # the default, after the tests'
    honest, colleague = enroll_device(relay), enroll_device(relay)
    parts = urlsplit(relay.url)
    assert parts.hostname is not None
    assert parts.port is not None
    answers = [_unsigned_get(parts.hostname, parts.port) for _ in range(ATTACKS)]
    statuses = [status for status, _ in answers]
    assert statuses[:90] == [401] * 90
    assert statuses.count(429) >= ATTACKS - 110
    assert all(retry is not None and int(retry) >= 1
               for status, retry in answers if status == 429)

    # The honest device, on another address, is served throughout.
    honest.client.send([OutgoingEnvelope("after-flood", (colleague.device_id,), b"ct")])
    assert [e.envelope_id for e in colleague.client.fetch().envelopes] == ["after-flood"]

    refusals = [json.loads(line) for line in relay.log().splitlines()
                if '"request refused"' in line]
    assert 1 <= len(refusals) <= 20
