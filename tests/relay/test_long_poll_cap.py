"""A device holds one long-poll: a new one ends its older ones (issue 10, item 3).

One enrolled device holding 1,100 long-polls made new clients' connections
fail. On a real relay: a device opens 30 long-polls of 20 s one after the
other; every one but the newest is answered at once (empty), and mail sent
afterwards reaches the newest.
"""

from __future__ import annotations

import threading
import time

from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.relay_process import RelayProcess, enroll_device

POLLS = 30


def test_a_new_long_poll_ends_the_older_ones(relay: RelayProcess) -> None:
    device, sender = enroll_device(relay), enroll_device(relay)
    results: dict[int, tuple[float, list[str]]] = {}

    def poll(n: int) -> None:
        started = time.monotonic()
        page = device.client.fetch(wait=20)
        results[n] = (time.monotonic() - started, [e.envelope_id for e in page.envelopes])

    threads = []
    for n in range(POLLS):
        thread = threading.Thread(target=poll, args=(n,), daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(0.05)
    deadline = time.monotonic() + 10
    for thread in threads[:-1]:
        thread.join(max(0.0, deadline - time.monotonic()))
    ended = [n for n in range(POLLS - 1) if n in results and results[n][0] < 5]
    assert len(ended) >= POLLS - 2, f"only {len(ended)} older polls were ended"
    assert all(envelopes == [] for _, envelopes in results.values())
    sender.client.send([OutgoingEnvelope("mail", (device.device_id,), b"ct")])
    threads[-1].join(10)
    assert results[POLLS - 1][1] == ["mail"]
