"""Watch-list benchmark: match a 100,000-row manifest against 10,000 entries; import 10,000.

Run by hand:  .venv/bin/python -m bench.watchlist_match [--rows 100000] [--entries 10000]
              [--parties 20000 | --unique-parties]

The parent generates the data (tests/watchlists/planted_manifest.py: half the
entries companies, Latin and Chinese; planted hits of every kind) and writes a
manifest as CSV and as XLSX and the entries as an export CSV. Each measured
phase then runs in a fresh interpreter, so its peak RSS (``ru_maxrss``) is the
phase's own, interpreter and libraries included:
- ``import``: read and check the 10,000-entry file (all or nothing), then fold
  the 10,000 add operations into the list as every member does;
- ``match-csv`` / ``match-xlsx``: read the manifest, guess the mapping, index the
  list, match. Every planted hit is checked to be found.
Wall-clock and CPU seconds are both reported: the machine is shared, and CPU
time shows what the work costs when other processes compete for the cores.
Figures go to docs/PERFORMANCE.md ("Watch-lists").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from liaison_client.watchlists.manifest import load_manifest
from liaison_client.watchlists.matching import MatchIndex, match_manifest
from liaison_client.watchlists.merge import OperationLog, Role, fold, membership_by_epoch
from liaison_client.watchlists.operations import (
    EntryFields,
    LamportClock,
    Operation,
    OperationAuthor,
)
from liaison_client.watchlists.spreadsheets import export_entries, import_entries, write_xlsx
from tests.watchlists.planted_manifest import HEADER
from tests.watchlists.planted_manifest import generate as planted_manifest

TODAY = dt.date(2026, 12, 4)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_import(folder: Path) -> dict[str, float]:

    started, cpu = time.perf_counter(), time.process_time()
    fields = import_entries(folder / "entries.csv").all_or_nothing()
    checked, checked_cpu = time.perf_counter(), time.process_time()
    author = OperationAuthor("chan", "coord", LamportClock(), lambda: 0,
                             lambda: 1_796_342_400_000)
    log = OperationLog(membership_by_epoch({0: {"coord": Role.COORDINATOR}}))
    log.receive(author.create_list("Joint operation"))
    for entry_fields in fields:
        log.receive(author.add("Joint operation", entry_fields))
    folded, folded_cpu = time.perf_counter(), time.process_time()
    assert log.state.refusals == [], log.state.refusals[:3]
    log.refold()  # what a member does when an operation arrives out of order
    refolded, refolded_cpu = time.perf_counter(), time.process_time()
    return {"entries": float(len(fields)), "read_and_check_s": checked - started,
            "read_and_check_cpu_s": checked_cpu - cpu, "fold_s": folded - checked,
            "fold_cpu_s": folded_cpu - checked_cpu, "refold_s": refolded - folded,
            "refold_cpu_s": refolded_cpu - folded_cpu, "peak_rss_mb": peak_rss_mb()}


def measure_match(folder: Path, suffix: str) -> dict[str, float]:

    document = json.loads((folder / "operations.json").read_text(encoding="utf-8"))
    state = fold([Operation.from_dict(op) for op in document],
                 membership_by_epoch({0: {"coord": Role.COORDINATOR}}))
    (watch_list,) = state.lists.values()
    expected = {tuple(hit) for hit in json.loads((folder / "expected.json").read_text())}
    baseline = peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    manifest = load_manifest(folder / f"manifest{suffix}")
    read = time.perf_counter()
    index = MatchIndex(watch_list.entries.values(), TODAY)
    indexed = time.perf_counter()
    hits = match_manifest(manifest, index)
    matched, matched_cpu = time.perf_counter(), time.process_time()
    found = {(hit.row, hit.column, hit.entry_id) for hit in hits}
    missing = len(expected - found)
    assert missing == 0, f"{missing} planted hits not found"
    return {"rows": len(manifest.table.rows), "read_s": read - started,
            "index_s": indexed - read, "match_s": matched - indexed,
            "total_s": matched - started, "total_cpu_s": matched_cpu - cpu,
            "hits": len(hits), "planted": len(expected),
            "peak_rss_mb": peak_rss_mb(), "rss_before_mb": baseline}


def generate(folder: Path, rows: int, entries: int, parties: int | None) -> None:

    planted = planted_manifest(rows, entries, parties=parties)
    planted.write_csv(folder / "manifest.csv")
    write_xlsx([HEADER, *planted.rows], folder / "manifest.xlsx")
    export_entries(planted.entries, folder / "entries.csv")
    author = OperationAuthor("chan", "coord", LamportClock(), lambda: 0,
                             lambda: 1_796_342_400_000)
    ops = [author.create_list("Joint operation").to_dict()]
    for entry in planted.entries:  # the same entry ids, so planted hits can be checked
        op = author.add("Joint operation", EntryFields(
            str(entry.kind), entry.value, dict(entry.identifiers), entry.note, entry.tags,
            entry.expires.isoformat() if entry.expires else None)).to_dict()
        op["entry_id"] = entry.entry_id
        ops.append(op)
    (folder / "operations.json").write_text(json.dumps(ops), encoding="utf-8")
    (folder / "expected.json").write_text(json.dumps(sorted(planted.expected)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--parties", type=int, default=20_000)
    parser.add_argument("--unique-parties", action="store_true")
    parser.add_argument("--phase", choices=["import", "match-csv", "match-xlsx"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.phase:
        result = (measure_import(args.folder) if args.phase == "import"
                  else measure_match(args.folder, ".csv" if args.phase == "match-csv"
                                     else ".xlsx"))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        generate(folder, args.rows, args.entries, None if args.unique_parties else args.parties)
        print(f"generated in {time.perf_counter() - started:.1f} s "
              f"(manifest.csv {(folder / 'manifest.csv').stat().st_size / 1e6:.1f} MB, "
              f"manifest.xlsx {(folder / 'manifest.xlsx').stat().st_size / 1e6:.1f} MB)")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for phase in ("import", "match-csv", "match-xlsx"):
            run = subprocess.run([sys.executable, "-m", "bench.watchlist_match", "--phase", phase,
                                  "--folder", str(folder)], capture_output=True, text=True,
                                 check=True, timeout=600)
            result = json.loads(run.stdout)
            print(phase, " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in result.items()))


if __name__ == "__main__":
    main()
