"""The free-space floor counts what it allowed until it reads the disk again."""

from __future__ import annotations

import shutil
from pathlib import Path

from liaison_client.relay.disk_reserve import READING_MAX_AGE_SECONDS, DiskReserve

MIB = 1024 * 1024


def test_requests_within_one_reading_are_counted_together(tmp_path: Path) -> None:
    now = [0.0]
    # 64 MiB above the current free space is the reserve's margin: two 40 MiB
    # writes do not both fit, whatever else the machine writes in between.
    reserve = DiskReserve(tmp_path, shutil.disk_usage(tmp_path).free - 64 * MIB,
                          clock=lambda: now[0])
    assert reserve.allows(40 * MIB)
    assert not reserve.allows(40 * MIB)
    assert reserve.allows(1 * MIB)
    # A new reading forgets the estimate: nothing was actually written.
    now[0] += READING_MAX_AGE_SECONDS
    assert reserve.allows(40 * MIB)


def test_a_reserve_larger_than_the_disk_refuses_everything(tmp_path: Path) -> None:
    reserve = DiskReserve(tmp_path, 2 ** 62)
    assert not reserve.allows(0)
