"""Start time to the first window: frozen bundles vs the source install.

Runs ``liaison-desktop --smoke-test`` (quits when the first window is shown) offscreen on a
fresh profile, N times each, and prints the median and the first run ("cold": the first
start after unpacking, with nothing of the bundle in the page cache yet unless an earlier
run loaded it). Usage::

    .venv/bin/python bench/bundle_start.py BUNDLE_DIR [BUNDLE_DIR ...] [--runs 5] [--no-source]

A BUNDLE_DIR is an unpacked bundle (``tar -xzf dist/liaison-desktop-*.tar.gz``),
``/opt/liaison`` of an unpacked .deb, or another freezer's one-folder output (a Nuitka
``*.dist`` folder): the program run is the first of ``--program`` (default
``liaison-desktop``) or ``liaison-desktop.bin`` (Nuitka's name when not told one) found in
it. With several folders the runs are interleaved (one start of each, then the next round),
so a change in the machine's load falls on all of them alike. Figures: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Program names tried in each folder, after ``--program``.
DEFAULT_PROGRAMS = ("liaison-desktop", "liaison-desktop.bin")


def one_start(command: list[str]) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_DATA_HOME": f"{home}/data",
               "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache",
               "QT_QPA_PLATFORM": "offscreen"}
        start = time.perf_counter()
        subprocess.run([*command, "--profile", f"{home}/profile", "--smoke-test"], env=env,
                       check=True, capture_output=True, timeout=120)
        return time.perf_counter() - start


def bundle_program(bundle: Path, program: str | None) -> Path:
    """The desktop program inside ``bundle``: ``program`` if given, else the first default."""
    names = (program,) if program else DEFAULT_PROGRAMS
    for name in names:
        candidate = bundle / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit(f"bundle_start: no {' or '.join(names)} in {bundle}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE_DIR")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--program", help="the desktop program's name inside each folder")
    parser.add_argument("--no-source", action="store_true",
                        help="time the bundles only, not the source install")
    args = parser.parse_args()
    commands: dict[str, list[str]] = {}
    for bundle in args.bundles:
        commands[str(bundle)] = [str(bundle_program(bundle, args.program))]
    if not args.no_source:
        commands["source"] = [sys.executable, "-m", "ui.app"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(one_start(command))
    for name, runs in times.items():
        print(f"{name}: first {runs[0]:.2f} s, median {statistics.median(runs):.2f} s "
              f"over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
