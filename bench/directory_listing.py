"""Officer directory benchmark: what reading the whole relay directory costs a client.

Run by hand::

    .venv/bin/python -m bench.directory_listing            # 1,000 officers, ~1 minute

One real ``liaison-relay serve`` process on loopback. ``--officers`` devices
register with signed profiles (as ``liaison init`` does), then one of them
reads the whole directory the way ``Workspace.directory.search`` does — pages of 200
through :meth:`RelayClient.list_devices`, every profile checked against its
listed key — several times; a filtered search (``q``) is timed the same way.
Reported: the median wall time of a full read, split into the HTTP pages and
the signature checks, and the relay's answer size per device. Figures go to
docs/PERFORMANCE.md ("Officer directory").
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import requests

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.device_profile import profile_problem, sign_profile
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.net.wire import DeviceInfo
from tests.relay.relay_process import start_relay

_PAGE = 200


def read_all(client: RelayClient, query: str | None = None) -> tuple[list[DeviceInfo], float]:
    """Every page of the directory, and the seconds spent on HTTP."""
    devices: list[DeviceInfo] = []
    cursor: str | None = None
    started = time.perf_counter()
    while True:
        page = client.list_devices(cursor=cursor, limit=_PAGE, query=query)
        devices += page.devices
        if page.next_cursor is None:
            return devices, time.perf_counter() - started
        cursor = page.next_cursor


def check_all(devices: list[DeviceInfo]) -> float:
    started = time.perf_counter()
    for info in devices:
        assert info.profile is not None
        assert profile_problem(info.profile, device_id=info.device_id,
                               ed25519_key=info.ed25519_key, agency=info.agency) is None
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="directory-bench-") as scratch:
        relay = start_relay(Path(scratch) / "relay", "--rate", "100000", "--burst", "100000")
        try:
            token = relay.enroll("Bench Customs", uses=args.officers)
            reader: tuple[str, DeviceIdentity] | None = None
            started = time.perf_counter()
            with RelayClient(relay.url) as registrar:
                for n in range(args.officers):
                    identity, device_id = DeviceIdentity.generate(), new_device_id()
                    registrar.register(token, identity, device_id, sign_profile(
                        identity, device_id, name=f"Officer {n:04d} 关员",
                        agency="Bench Customs", issued_at_ms=n))
                    reader = reader or (device_id, identity)
            registration_s = time.perf_counter() - started
            assert reader is not None
            signer = identity_signer(reader[1])
            with RelayClient(relay.url, device_id=reader[0], signer=signer) as client:
                http, checks = [], []
                for _ in range(args.rounds):
                    devices, seconds = read_all(client)
                    assert len(devices) == args.officers
                    http.append(seconds)
                    checks.append(check_all(devices))
                searches = [read_all(client, "officer 00")[1] for _ in range(args.rounds)]
            page_bytes = len(requests.get(
                f"{relay.url}/v1/devices", params={"limit": str(_PAGE)}, timeout=30,
                auth=RequestSigner(reader[0], signer)).content)
        finally:
            relay.stop()
    result = {
        "officers": args.officers,
        "registration_ms_each": round(registration_s / args.officers * 1000, 2),
        "full_read_http_ms": round(statistics.median(http) * 1000, 1),
        "profile_checks_ms": round(statistics.median(checks) * 1000, 1),
        "per_officer_check_us": round(statistics.median(checks) / args.officers * 1e6, 1),
        "search_ms": round(statistics.median(searches) * 1000, 1),
        "bytes_per_device": round(page_bytes / _PAGE),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
