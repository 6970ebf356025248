"""Watch-list convergence over a real relay: three members make N concurrent edits
(none syncing while they edit), then sync until their lists are identical.

Run by hand:  .venv/bin/python -m bench.watchlist_converge [--edits 1000]

Everything is real: a ``liaison-relay`` process on 127.0.0.1, SQLCipher profiles
(passphrase-kept; opening is outside the timings), vodozemac Olm/Megolm, the
``watchlist.op`` folded kind and each member's op log folded with the merge.
Edits are adds of distinct container numbers into one list, a few of them the
same value on two members (refused on every member alike once both are known).
Figures go to docs/PERFORMANCE.md, "Watch-lists".
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from stdnum import iso6346

from bench.sync_relay import open_officer
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess, start_relay

LIST = "Bench containers"
MAX_ROUNDS = 200


def container(serial: int) -> str:
    """A valid ISO 6346 number in owner code BNCU (python-stdnum computes the digit)."""
    number = f"BNCU{serial:06d}"
    return number + iso6346.calc_check_digit(number)


def fingerprint(workspace: Workspace, channel_id: str) -> tuple[object, ...]:
    state = workspace.watchlists.state(channel_id)
    return (tuple(sorted((e.entry_id, e.value, str(e.status)) for w in state.lists.values()
                         for e in w.entries.values())),
            tuple(sorted((r.op_id, r.code) for r in state.refusals)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="liaison-wl-bench-") as tmp:
        root = Path(tmp)
        relay = start_relay(root / "relay", "--rate", "1000000000", "--burst", "1000000000")
        try:
            run(relay, root, args.edits)
        finally:
            relay.stop()


def run(relay: RelayProcess, root: Path, edits: int) -> None:
    profiles = [open_officer(relay, root / name, name, relay.enroll("Bench Customs"))
                for name in ("li", "anna", "tomas")]
    workspaces = [Workspace.for_profile(p) for p in profiles]
    li = workspaces[0]
    channel = li.channels.create("Bench").channel_id
    for other in profiles[1:]:
        assert li.channels.invite(channel, other.device_id, name="bench").accepted
    li.watchlists.add(channel, LIST, "keyword", "seed")
    for _ in range(2):
        for workspace in workspaces:
            workspace.sync()

    per_member = edits // 3
    start = time.perf_counter()
    for index, workspace in enumerate(workspaces):
        for i in range(per_member):
            # Every 50th edit is the value the next member adds as its next edit: a
            # concurrent duplicate, refused on every member once both are known.
            owner = index if i % 50 else (index + 1) % 3
            serial = (owner + 1) * 100_000 + (i if i % 50 else i + 1)
            workspace.watchlists.add(channel, LIST, "container", container(serial),
                                     deliver=False)
    authored = time.perf_counter() - start

    start = time.perf_counter()
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        for workspace in workspaces:
            workspace.sync()
        prints = [fingerprint(w, channel) for w in workspaces]
        if prints[0] == prints[1] == prints[2] and all(
                w.outbox_count() == 0 for w in workspaces):
            break
    converged = time.perf_counter() - start
    state = li.watchlists.state(channel)
    entries = sum(len(w.entries) for w in state.lists.values())
    print(f"{3 * per_member} concurrent edits by 3 members: authored (stored, queued) in "
          f"{authored:.1f} s; converged over the relay in {converged:.1f} s "
          f"({rounds} sync round(s) each); {entries} entries, "
          f"{len(state.refusals)} refused alike on all three")
    for workspace in workspaces:
        workspace.close()
    for profile in profiles:
        profile.close()


if __name__ == "__main__":
    main()
