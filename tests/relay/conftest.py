"""Fixtures: a real relay process per test (a free port each), stopped at teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.relay.relay_process import FAST_TEST_ARGS, RelayProcess, start_relay
from tests.relay.tls_material import TlsMaterial

StartRelay = Callable[..., RelayProcess]


@pytest.fixture
def start_relay_process(tmp_path: Path) -> Iterator[StartRelay]:
    """Start relays with extra ``serve`` arguments; all are killed at teardown."""
    started: list[RelayProcess] = []

    def factory(*args: str, data_dir: Path | None = None,
                tls: TlsMaterial | None = None) -> RelayProcess:
        tls_args: tuple[str, ...] = ()
        if tls is not None:
            tls_args = ("--tls-cert", str(tls.cert_path), "--tls-key", str(tls.key_path))
        relay = start_relay(data_dir or tmp_path / f"relay-{len(started)}",
                            *FAST_TEST_ARGS, *tls_args, *args,
                            ca_pem=None if tls is None else tls.ca_pem)
        started.append(relay)
        return relay

    yield factory
    for relay in started:
        relay.stop()


@pytest.fixture
def relay(start_relay_process: StartRelay) -> RelayProcess:
    return start_relay_process()
