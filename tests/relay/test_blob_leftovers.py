"""A starting relay removes only *stale* unfinished uploads from the blob directory.

Relay instances on PostgreSQL share one blob directory (docs/RELAY_POSTGRES.md,
"Attachments"): an instance restarting must not delete an upload another
instance is still writing, yet a crash's leftovers must not pile up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from liaison_client.relay.blob_files import STALE_UPLOAD_SECONDS, BlobFiles


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
