"""A real relay process for the wizard's registration tests."""

from __future__ import annotations

from tests.relay.conftest import relay, start_relay_process

__all__ = ["relay", "start_relay_process"]
