"""Officers on a real relay process (tests/fixtures/relay_officers.py), as in tests/sync."""

from __future__ import annotations

from tests.fixtures.relay import relay, start_relay_process
from tests.fixtures.relay_officers import make_officer, trio

__all__ = ["make_officer", "relay", "start_relay_process", "trio"]
