"""A late joiner's snapshot over a real relay: one member holds N watch-list
operations, invites another, and the joiner receives, verifies and folds them.

Run by hand:  .venv/bin/python -m bench.watchlist_snapshot [--operations 10000]

Everything is real: a ``liaison-relay`` process on 127.0.0.1, SQLCipher profiles
(passphrase-kept; creating them and authoring the log are outside the timings),
vodozemac, the ``watchlist.snapshot`` folded kind in parts under the relay's cap,
each forwarded operation's author signature checked against the joiner's signed
membership log. Figures go to docs/PERFORMANCE.md, "Watch-lists".
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.sync_relay import open_officer
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess, start_relay

LIST = "Bench keywords"
MAX_ROUNDS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--operations", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="liaison-wl-snapshot-") as tmp:
        root = Path(tmp)
        relay = start_relay(root / "relay", "--rate", "1000000000", "--burst", "1000000000")
        try:
            run(relay, root, args.operations)
        finally:
            relay.stop()


def run(relay: RelayProcess, root: Path, operations: int) -> None:
    profiles = [open_officer(relay, root / name, name, relay.enroll("Bench Customs"))
                for name in ("li", "chen")]
    li, chen = (Workspace.for_profile(p) for p in profiles)
    channel = li.channels.create("Bench").channel_id
    rows = root / "keywords.csv"
    rows.write_text("kind,value\n" + "".join(f"keyword,lot {n:06d}\n"
                                             for n in range(operations - 1)), encoding="utf-8")
    li.watchlists.import_file(channel, LIST, rows)  # N - 1 adds and the list's creation
    for _ in range(MAX_ROUNDS):  # signs them (nobody to send to yet)
        if li.outbox_count() == 0:
            break
        li.sync()

    start = time.perf_counter()
    assert li.channels.invite(channel, profiles[1].device_id, name="chen").accepted
    queued = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(MAX_ROUNDS):
        li.sync()
        if li.outbox_count() == 0:
            break
    sent = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(MAX_ROUNDS):
        chen.sync()
        parts = chen.watchlists.snapshot_parts(channel)
        if parts and len(parts) == parts[0].parts:
            break
    received = time.perf_counter() - start
    start = time.perf_counter()
    entries = len(chen.watchlists.entries(channel, LIST))
    folded = time.perf_counter() - start
    parts = chen.watchlists.snapshot_parts(channel)
    assert sum(p.added for p in parts) == operations
    print(f"{operations} operations: invite + snapshot queued in {queued:.1f} s "
          f"({len(parts)} parts); coordinator encrypted and sent them in {sent:.1f} s; "
          f"joiner received, verified and stored them in {received:.1f} s; first fold "
          f"{folded:.2f} s ({entries} entries)")
    for workspace in (li, chen):
        workspace.close()
    for profile in profiles:
        profile.close()


if __name__ == "__main__":
    main()
