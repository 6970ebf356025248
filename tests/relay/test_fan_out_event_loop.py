"""A maximal batch does not stall the relay (issue 10, item 4).

Batches at the documented maximum (100 envelopes × 1,000 recipients: 100,000
queue rows) blocked the relay's event loop: ``/healthz`` fell to ~10 answers
a second, the worst taking 2.1 s. On a real relay (both storage backends) with
1,001 enrolled devices and its rate limit lifted, one device sends two
maximal batches while a prober asks ``/healthz`` back to back over one
connection: no answer may take longer than :data:`WORST_HEALTHZ_SECONDS`
(generous for a loaded CI machine; bench/relay_attacks.py measures the
figures). Before the fix, SQLite wrote the 100,000 rows on the event loop and
the worst answer took ~0.7–1.5 s here.
"""

from __future__ import annotations

import threading
import time

import requests

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.wire import OutgoingEnvelope
from tests.fixtures.relay import StartRelay

ENVELOPES = 100
RECIPIENTS = 1_000
WORST_HEALTHZ_SECONDS = 0.5


def test_healthz_keeps_answering_while_a_device_sends_maximal_batches(
        start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--rate", "1000000000", "--burst", "1000000000")
    token = relay.enroll("Large Customs", uses=RECIPIENTS + 1)
    devices: list[tuple[str, DeviceIdentity]] = []
    with RelayClient(relay.url) as registrar:
        for _ in range(RECIPIENTS + 1):
            identity, device_id = DeviceIdentity.generate(), new_device_id()
            registrar.register(token, identity, device_id)
            devices.append((device_id, identity))
    (sender_id, sender_identity), recipients = devices[0], tuple(d for d, _ in devices[1:])
    latencies: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                asked = time.perf_counter()
                answer = session.get(relay.url + "/healthz", timeout=30)
                assert answer.status_code == 200
                latencies.append(time.perf_counter() - asked)

    prober = threading.Thread(target=probe, daemon=True)
    with RelayClient(relay.url, device_id=sender_id, signer=identity_signer(sender_identity),
                     attempts=1) as sender:
        prober.start()
        try:
            for batch in range(2):
                accepted = sender.send([
                    OutgoingEnvelope(f"b{batch}-{n}", recipients, b"ciphertext " * 40)
                    for n in range(ENVELOPES)])
                assert len(accepted) == ENVELOPES
        finally:
            stop.set()
            prober.join(60)
    assert len(latencies) >= 10, f"only {len(latencies)} /healthz answers"
    worst = max(latencies)
    assert worst < WORST_HEALTHZ_SECONDS, (
        f"/healthz took {worst * 1000:.0f} ms during maximal batches "
        f"({len(latencies)} answers)")
    last_id, last_identity = devices[-1]
    with RelayClient(relay.url, device_id=last_id, signer=identity_signer(last_identity),
                     attempts=1) as recipient:
        assert len(recipient.fetch(limit=100).envelopes) == 100
