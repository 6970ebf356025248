"""One enrolled device cannot fill the relay's disk or buy fan-out cheaply (issue 10,
item 4), on a real relay (SQLite and PostgreSQL).

Before: attachments had a per-file cap only, so one device could upload until
the disk was full; and a batch cost one token per envelope, so an envelope to
1,000 recipients (1,000 queue rows, 1,000 wake-ups) cost what an envelope to
one did. Now a device's unexpired attachments are held to a byte quota (413
``attachment_quota_full``, the client's :class:`AttachmentQuotaError`), the
relay keeps a free-disk reserve (507 ``relay_storage_full``) and a request
costs one token per recipient.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from liaison_client.net.errors import (
    AttachmentQuotaError,
    RateLimitedError,
    RelayStorageFullError,
)
from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess, enroll_device


def _file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def _stored_blobs(relay: RelayProcess) -> set[str]:
    return {p.name for p in (relay.data_dir / "blobs").rglob("*") if p.is_file()}


def test_a_device_is_held_to_its_attachment_quota(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    relay = start_relay_process("--max-blob-bytes-per-device", "3000")
    hoarder, other = enroll_device(relay, attempts=1), enroll_device(relay, attempts=1)
    first = hoarder.client.upload_blob(_file(tmp_path / "a.enc", 2000), ttl_seconds=2)
    over = _file(tmp_path / "b.enc", 1500)
    with pytest.raises(AttachmentQuotaError) as refused:
        hoarder.client.upload_blob(over)
    assert (refused.value.status, refused.value.error) == (413, "attachment_quota_full")
    assert "3000" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert hashlib.sha256(over.read_bytes()).hexdigest() not in _stored_blobs(relay)
    # The quota is per device: another device's upload is untouched by it.
    other.client.upload_blob(_file(tmp_path / "c.enc", 2000))
    # The same bytes again cost nothing more: they are on disk once.
    hoarder.client.upload_blob(tmp_path / "a.enc", ttl_seconds=2)
    assert first.sha256 in _stored_blobs(relay)
    # Expired attachments give their space back.
    time.sleep(2.5)
    hoarder.client.upload_blob(over)


def test_an_upload_declared_beyond_the_quota_is_refused_before_its_body(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    relay = start_relay_process("--max-blob-bytes-per-device", "1000000")
    device = enroll_device(relay, attempts=1)
    with pytest.raises(AttachmentQuotaError):
        device.client.upload_blob(_file(tmp_path / "big.enc", 1_000_001))
    assert not _stored_blobs(relay)
    assert not list((relay.data_dir / "blobs").glob(".upload-*"))


def test_the_relay_keeps_its_free_disk_reserve(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    # A reserve larger than any disk: every new attachment would eat into it.
    relay = start_relay_process("--min-free-disk-bytes", str(2 ** 62))
    device = enroll_device(relay, attempts=1)
    with pytest.raises(RelayStorageFullError) as refused:
        device.client.upload_blob(_file(tmp_path / "a.enc", 100))
    assert (refused.value.status, refused.value.error) == (507, "relay_storage_full")
    assert not _stored_blobs(relay)
    recipient = enroll_device(relay, attempts=1)
    message = [OutgoingEnvelope("m0", (recipient.device_id,), b"x" * 100)]
    if relay.database_url is None:
        # SQLite: messages are stored on this disk too.
        with pytest.raises(RelayStorageFullError):
            device.client.send(message)
        assert not recipient.client.fetch().envelopes
    else:
        # PostgreSQL: messages go to the database server's disk, not watched here.
        device.client.send(message)


def test_a_batch_costs_one_token_per_recipient(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--rate", "0.5", "--burst", "20")
    sender = enroll_device(relay, attempts=1)
    recipients = tuple(enroll_device(relay, attempts=1).device_id for _ in range(10))
    # 1 for the request + 10 recipients: 11 of 20.
    sender.client.send([OutgoingEnvelope("e0", recipients, b"x")])
    with pytest.raises(RateLimitedError) as refused:  # 11 more do not fit in 9
        sender.client.send([OutgoingEnvelope("e1", recipients, b"x")])
    assert refused.value.status == 429


def test_a_batch_dearer_than_the_burst_leaves_the_device_in_debt(
        start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--rate", "0.5", "--burst", "20")
    sender = enroll_device(relay, attempts=1)
    recipients = tuple(enroll_device(relay, attempts=1).device_id for _ in range(10))
    # 1 + 3 × 10 = 31 tokens from a full bucket of 20: accepted, 11 in debt.
    sender.client.send([OutgoingEnvelope(f"e{i}", recipients, b"x") for i in range(3)])
    with pytest.raises(RateLimitedError) as refused:
        sender.client.send([OutgoingEnvelope("next", recipients[:1], b"x")])
    # The next request (2 tokens) waits for the debt too: (2 + 11) / 0.5 s.
    assert refused.value.retry_after >= 20
