"""A starting relay removes only *stale* unfinished uploads from the blob directory.

Relay instances on PostgreSQL share one blob directory (docs/RELAY_POSTGRES.md,
"Attachments"): an instance restarting must not delete an upload another
instance is still writing, yet a crash's leftovers must not pile up.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from pathlib import Path

from liaison_client.relay.app import sweep_orphan_blobs
from liaison_client.relay.blob_files import ORPHAN_MIN_AGE_SECONDS, STALE_UPLOAD_SECONDS, BlobFiles
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import BlobRecord, EnrollmentToken, NewDevice


def test_a_start_removes_stale_upload_leftovers_and_keeps_live_uploads(tmp_path: Path) -> None:
    root = tmp_path / "blobs"
    root.mkdir()
    stale, live = root / ".upload-crashed", root / ".upload-in-progress"
    stale.write_bytes(b"half an attachment")
    live.write_bytes(b"another instance is writing this")
    now = time.time()
    os.utime(stale, (now - STALE_UPLOAD_SECONDS - 5, now - STALE_UPLOAD_SECONDS - 5))
    BlobFiles(root).start(now=now)
    assert not stale.exists()
    assert live.exists()


def _stored(files: BlobFiles, content: bytes, age: float, now: float) -> str:
    """A blob file as a finished upload leaves it, last written ``age`` s before ``now``."""
    sha256 = hashlib.sha256(content).hexdigest()
    path = files.path(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (now - age, now - age))
    return sha256


def test_the_sweep_removes_settled_files_no_record_owns_and_nothing_else(
        tmp_path: Path) -> None:
    """A crash (or an unreachable database) between an upload's rename and its record
    leaves a file the purge never expires: the hourly sweep removes it."""
    files = BlobFiles(tmp_path / "blobs")
    files.start()
    storage = SqliteRelayStorage(tmp_path / "relay.sqlite3")
    now = time.time()
    hour = ORPHAN_MIN_AGE_SECONDS

    async def scenario() -> tuple[int, int]:
        await storage.start()
        try:
            orphan = _stored(files, b"recorded nowhere", hour + 60, now)
            young = _stored(files, b"its record is being written", hour - 60, now)
            owned = _stored(files, b"an attachment in use", hour + 60, now)
            expired = _stored(files, b"expired, the purge's to remove", hour + 60, now)
            await storage.add_enrollment_token(
                EnrollmentToken("token-sha", "Zoll Hamburg", 1, int(now * 1000) + 60_000),
                int(now * 1000))
            owner = await storage.register_device("token-sha", NewDevice(
                device_id="DEVICEUPLOADS", ed25519_key="ed", curve25519_key="cv",
                registration_signature="sig", registered_at_ms=int(now * 1000)))
            for sha256, expires in ((owned, now + 3600), (expired, now - 60)):
                await storage.add_blob(BlobRecord(sha256, 20, int(expires * 1000)),
                                       owner.device_id, None, int(now * 1000))
            removed = await sweep_orphan_blobs(storage, files, now)
            left = {p.name for p in (tmp_path / "blobs").rglob("*") if p.is_file()}
            assert left == {young, owned, expired}
            assert orphan not in left
            return removed, await sweep_orphan_blobs(storage, files, now)
        finally:
            await storage.close()

    assert asyncio.run(scenario()) == (1, 0)


def test_a_file_rewritten_after_the_sweep_began_is_kept(tmp_path: Path) -> None:
    files = BlobFiles(tmp_path / "blobs")
    files.start()
    now = time.time()
    sha256 = _stored(files, b"uploaded again just now", -1.0, now)  # written after `now`
    assert not files.remove_if_settled(sha256, now)
    assert files.path(sha256).exists()
