"""Attachments: streamed up and down by SHA-256, capped, and expired like envelopes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from liaison_client.net.errors import RelayRefusedError
from tests.fixtures.waiting import wait_until
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess, enroll_device

# The session's relay (tests/fixtures/relay.py) where a test's blob is its own (random
# bytes, so its own SHA-256); the cap test starts a relay with its own limit.
pytestmark = pytest.mark.shared_relay


def _file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def test_blob_round_trip(relay: RelayProcess, tmp_path: Path) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    source = _file(tmp_path / "attachment.enc", 3 * 1024 * 1024 + 17)
    info = alice.client.upload_blob(source)
    assert info.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert info.size == source.stat().st_size
    target = tmp_path / "downloaded.enc"
    assert bob.client.download_blob(info.sha256, target) == info.size
    assert target.read_bytes() == source.read_bytes()


def test_blob_larger_than_the_cap_is_refused(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    relay = start_relay_process("--max-blob-bytes", "1024")
    alice = enroll_device(relay)
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.upload_blob(_file(tmp_path / "big.enc", 1025))
    assert refused.value.status == 413
    assert not list((relay.data_dir / "blobs").rglob("*"))


def test_unknown_blob_is_not_found(relay: RelayProcess, tmp_path: Path) -> None:
    alice = enroll_device(relay)
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.download_blob("0" * 64, tmp_path / "x")
    assert refused.value.status == 404
    assert not (tmp_path / "x").exists()


def test_blob_expires_with_its_ttl(relay: RelayProcess, tmp_path: Path) -> None:
    alice = enroll_device(relay)
    info = alice.client.upload_blob(_file(tmp_path / "a.enc", 100), ttl_seconds=1)
    stored = relay.data_dir / "blobs" / info.sha256[:2] / info.sha256
    wait_until(lambda: not stored.exists(), interval=0.1)  # the TTL, then a purge
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.download_blob(info.sha256, tmp_path / "b.enc")
    assert refused.value.status == 404
