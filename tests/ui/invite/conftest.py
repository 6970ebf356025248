"""Officers on a real relay process, shared with the sync engine's tests."""

from __future__ import annotations

from tests.sync.conftest import make_officer, relay, start_relay_process

__all__ = ["make_officer", "relay", "start_relay_process"]
