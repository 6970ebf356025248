"""Relay cost per envelope as its history grows (issue 13, item 1: "keep it flat").

Run by hand (figures in docs/PERFORMANCE.md, "Relay cost as history grows")::

    .venv/bin/python -m bench.relay_history                 # SQLite, 5 rounds, ~3 minutes
    .venv/bin/python -m bench.relay_history --postgresql    # the same on PostgreSQL

One real ``liaison-relay serve`` on 127.0.0.1 (SQLite in a temporary
directory, or one instance on a PostgreSQL started from the installed
binaries), the relay scale-out bench's 50 senders → 50 receivers. Each round
sends ``--batches-per-sender`` × ``--batch`` envelopes per sender (20,000 in
all by default) while the receivers drain and acknowledge them, so every
round starts on queues already empty, with the previous rounds' delivered
envelopes still retained (the status retention keeps them 7 days). A flat
cost means the relay's CPU and bytes written per envelope do not rise from
round to round as that history grows. Results: ``bench/results/relay_history.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import uvloop

from bench.relay_bench import CONCURRENCY
from bench.relay_scaleout import Usage, _register, deploy, throughput
from tests.fixtures.postgres import start_cluster


def rounds(args: argparse.Namespace, scratch: Path) -> list[dict[str, Any]]:
    postgres = start_cluster() if args.postgresql else None
    figures: list[dict[str, Any]] = []
    try:
        name = "postgresql" if postgres is not None else "sqlite"
        with deploy(name, scratch, 1, postgres) as deployment:
            devices = _register(deployment, 2 * CONCURRENCY)
            senders, receivers = devices[:CONCURRENCY], devices[CONCURRENCY:]
            for number in range(1, args.rounds + 1):
                before = Usage.of(deployment)
                result = uvloop.run(throughput(deployment, senders, receivers,
                                               args.batches_per_sender, args.batch,
                                               label=f"h{number}"))
                after = Usage.of(deployment)
                envelopes = result["envelopes"]
                row = {"round": number, **result,
                       "cpu_us_per_envelope": round((after.cpu_s - before.cpu_s)
                                                    / envelopes * 1e6, 1),
                       "written_bytes_per_envelope": round((after.written - before.written)
                                                           / envelopes)}
                if postgres is None:
                    database = scratch / f"{name}-0" / "relay.sqlite3"
                    row["database_mib"] = round(database.stat().st_size / 2**20, 1)
                figures.append(row)
                print(row, flush=True)
    finally:
        if postgres is not None:
            postgres.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches-per-sender", type=int, default=4)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relay-history-") as scratch:
        figures = rounds(args, Path(scratch))
    results = {"date": time.strftime("%Y-%m-%d"), "cpu_count": os.cpu_count(),
               "backend": "postgresql" if args.postgresql else "sqlite", "rounds": figures}
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    suffix = "-postgresql" if args.postgresql else ""
    (out / f"relay_history{suffix}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
