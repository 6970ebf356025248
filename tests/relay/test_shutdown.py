"""SIGTERM: waiting long-polls are answered, accepted envelopes are kept, the process exits."""

from __future__ import annotations

import signal
import threading
import time

import requests

from liaison_client.net.wire import FetchedPage, OutgoingEnvelope
from tests.relay.relay_process import RelayProcess, enroll_device, reconnect, restart


def test_sigterm_answers_waiting_long_polls_and_loses_nothing(relay: RelayProcess) -> None:
    alice, bob, carol = enroll_device(relay), enroll_device(relay), enroll_device(relay)
    alice.client.send([OutgoingEnvelope("kept", (carol.device_id,), b"ciphertext")])
    pages: list[FetchedPage] = []
    poll = threading.Thread(target=lambda: pages.append(bob.client.fetch(wait=25)))
    poll.start()
    assert _wait_for_long_poll(relay)
    # uvicorn re-raises the signal after a clean shutdown (exit status -SIGTERM).
    assert relay.terminate(timeout=20) in (0, -signal.SIGTERM)
    assert '"event": "relay stopped"' in relay.log()
    poll.join(timeout=5)
    assert not poll.is_alive()
    assert pages[0].envelopes == ()  # answered (empty), not cut off
    restarted = restart(relay)
    try:
        reconnect(carol, restarted)
        assert [e.envelope_id for e in carol.client.fetch().envelopes] == ["kept"]
    finally:
        restarted.stop()


def _wait_for_long_poll(relay: RelayProcess) -> bool:
    """True once the relay's metrics show one waiting fetch (bounded)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        metrics = requests.get(f"{relay.url}/metrics", timeout=5).text
        if "liaison_relay_long_polls_waiting 1.0" in metrics:
            return True
        time.sleep(0.05)
    return False
