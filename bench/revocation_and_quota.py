"""What the issue 10 item 4/5 checks cost: the coordinator's revocation sweep and the
per-device attachment quota.

Run by hand::

    .venv/bin/python -m bench.revocation_and_quota         # ~30 s

One real ``liaison-relay serve`` process on loopback (SQLite), limits lifted.

* Revocation sweep (``sync/revoked_members.py``): one round asks the relay's
  directory about at most 200 member devices, one signed
  ``GET /v1/devices/{id}`` each. Timed: 200 such look-ups, median of 7 rounds.
* Attachment quota (``routes/blobs.py``): every new upload sums the uploader's
  unexpired attachments twice (before the body, and in the recording
  transaction; index ``blobs_by_uploader``). Timed over HTTP: 1 KiB uploads by
  a device with no attachment yet, and by the same device once it stores 2,000
  (dominated by fsyncs, noisy on a shared machine); and at the storage, on
  their own: recording a blob with and without the quota check (SQLite keeps a
  running total per uploader), and the one full sum per uploader after a start
  or a purge, at 2,000 stored.

Figures go to docs/PERFORMANCE.md ("Revocation sweep and attachment quota").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import BlobRecord
from tests.relay.relay_process import start_relay

_NOW = 1_800_000_000_000


async def _storage_figures(path: Path, stored: int) -> dict[str, float]:
    storage = SqliteRelayStorage(path, readers=2)
    await storage.start()
    try:
        async def record(count: int, quota: int | None) -> float:
            started = time.perf_counter()
            for _ in range(count):
                await storage.add_blob(BlobRecord(os.urandom(32).hex(), 1024, _NOW + 10**9),
                                       "DEVICE", quota, _NOW)
            return (time.perf_counter() - started) / count * 1e6
        await record(stored, 10**12)
        with_quota = [await record(100, 10**12) for _ in range(3)]
        without = [await record(100, None) for _ in range(3)]
    finally:
        await storage.close()
    # The running total is summed once per uploader after a start or a purge:
    # time that first sum on a reopened database.
    storage = SqliteRelayStorage(path, readers=2)
    await storage.start()
    try:
        started = time.perf_counter()
        await storage.blob_bytes("DEVICE", _NOW)
        summed = (time.perf_counter() - started) * 1e6
    finally:
        await storage.close()
    return {"storage_record_us_with_quota": round(statistics.median(with_quota)),
            "storage_record_us_without_quota": round(statistics.median(without)),
            "storage_first_sum_us": round(summed)}


def _upload_ms(client: RelayClient, scratch: Path, count: int) -> list[float]:
    times = []
    for _ in range(count):
        path = scratch / "blob.enc"
        path.write_bytes(os.urandom(1024))
        started = time.perf_counter()
        client.upload_blob(path)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--stored", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="revocation-bench-") as scratch_name:
        scratch = Path(scratch_name)
        relay = start_relay(scratch / "relay", "--rate", "1000000000", "--burst", "1000000000")
        try:
            token = relay.enroll("Bench Customs", uses=args.members + 1)
            ids = []
            coordinator: tuple[str, DeviceIdentity] | None = None
            with RelayClient(relay.url) as registrar:
                for _ in range(args.members + 1):
                    identity, device_id = DeviceIdentity.generate(), new_device_id()
                    registrar.register(token, identity, device_id)
                    if coordinator is None:
                        coordinator = (device_id, identity)
                    else:
                        ids.append(device_id)
            assert coordinator is not None
            with RelayClient(relay.url, device_id=coordinator[0],
                             signer=identity_signer(coordinator[1])) as client:
                sweeps = []
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    for device_id in ids:
                        assert client.device(device_id).revoked_at_ms is None
                    sweeps.append((time.perf_counter() - started) * 1000)
                empty = _upload_ms(client, scratch, 100)
                _upload_ms(client, scratch, args.stored - 200)
                full = _upload_ms(client, scratch, 100)
        finally:
            relay.stop()
        figures = asyncio.run(_storage_figures(scratch / "quota.sqlite3", args.stored))
    print(json.dumps({
        "sweep_round_lookups": args.members,
        "sweep_round_ms": round(statistics.median(sweeps), 1),
        "lookup_ms_each": round(statistics.median(sweeps) / args.members, 2),
        "upload_1kib_ms_first_100": round(statistics.median(empty), 2),
        f"upload_1kib_ms_at_{args.stored}_stored": round(statistics.median(full), 2),
        **figures,
    }, indent=2))


if __name__ == "__main__":
    main()
