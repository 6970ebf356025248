"""The relay fixtures live in tests/fixtures/relay.py (loaded for the whole suite);
these names stay importable from here for the modules that import them."""

from __future__ import annotations

from tests.fixtures.relay import StartRelay, relay, start_relay_process

__all__ = ["StartRelay", "relay", "start_relay_process"]
