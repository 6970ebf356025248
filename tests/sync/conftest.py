"""Officers on a real relay process: the fixtures live in tests/fixtures/relay_officers.py;
these names stay importable from here for the modules that import them."""

from __future__ import annotations

from tests.fixtures.relay import relay, start_relay_process
from tests.fixtures.relay_officers import (
    Officer,
    OfficerFactory,
    Operation,
    make_officer,
    register_profile,
    trio,
)

__all__ = ["Officer", "OfficerFactory", "Operation", "make_officer", "register_profile",
           "relay", "start_relay_process", "trio"]
