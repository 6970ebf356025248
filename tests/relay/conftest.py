"""The relay fixtures live in tests/fixtures/relay.py (loaded for the whole suite);
these names stay importable from here for the modules that import them.

Every test here that starts a relay runs twice: on SQLite and on a real
PostgreSQL (issue 13: the relay suite against both backends), unless it is
marked ``sqlite_only`` (it looks inside the SQLite file itself, or tests the client's
side, where the relay's storage plays no part) or asks for
``postgres_cluster`` itself (a PostgreSQL-only test).
"""

from __future__ import annotations

import pytest

from tests.fixtures.relay import (
    RELAY_BACKENDS,
    SQLITE_ONLY_MARKER,
    StartRelay,
    relay,
    start_relay_process,
)

__all__ = ["StartRelay", "relay", "start_relay_process"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "relay_backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker(SQLITE_ONLY_MARKER) is not None:
        return
    if "postgres_cluster" in metafunc.fixturenames:
        return  # a PostgreSQL test already: it names its databases itself
    metafunc.parametrize("relay_backend", RELAY_BACKENDS, indirect=True)
