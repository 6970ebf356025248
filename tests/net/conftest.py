"""The client tests use the relay fixtures of tests/relay (a real relay process each)."""

from tests.relay.conftest import relay, start_relay_process

__all__ = ["relay", "start_relay_process"]
