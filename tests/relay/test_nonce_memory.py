"""Remembered signature nonces cost bounded, compact memory (issue 10, item 10).

The relay remembers every nonce of the last 10 minutes to refuse replays;
each cost ~390 bytes (a tuple of two strings, a deque entry, a float), so a
busy relay held hundreds of MiB for it. Measured here on the relay's own
registry, with nonces made as requests make them (a fresh string each):
what stays allocated per remembered nonce.
"""

from __future__ import annotations

import secrets
import tracemalloc

from liaison_client.relay.authentication import NonceRegistry

WINDOW = 600.0
NOW = 1_800_000_000.0


def test_a_remembered_nonce_costs_under_120_bytes() -> None:
    registry = NonceRegistry(WINDOW)
    device_id = "dev-" + "a" * 28
    count = 50_000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(count):
            assert registry.add((device_id, secrets.token_urlsafe(16)), NOW + i / 100)
        per_nonce = (tracemalloc.get_traced_memory()[0] - before) / count
    finally:
        tracemalloc.stop()
    assert len(registry) == count
    assert per_nonce < 120, f"{per_nonce:.0f} bytes per remembered nonce"


def test_replays_are_refused_within_the_window_and_forgotten_after() -> None:
    registry = NonceRegistry(WINDOW)
    assert registry.add(("dev-a", "n1"), NOW)
    assert not registry.add(("dev-a", "n1"), NOW + WINDOW - 1)
    assert registry.seen(("dev-a", "n1"))
    assert registry.add(("dev-b", "n1"), NOW)  # nonces are per device
    assert registry.add(("dev-a", "n2"), NOW + WINDOW + 1)  # expires the first second's
    assert not registry.seen(("dev-a", "n1"))
    assert len(registry) == 1
