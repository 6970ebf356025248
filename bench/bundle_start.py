"""Start time to the first window: the frozen bundle vs the source install.

Runs ``liaison-desktop --smoke-test`` (quits when the first window is shown) offscreen on a
fresh profile, N times each, and prints the median and the first run ("cold": the first
start after unpacking, with nothing of the bundle in the page cache yet unless an earlier
run loaded it). Usage::

    .venv/bin/python bench/bundle_start.py BUNDLE_DIR [--runs 5]

BUNDLE_DIR is an unpacked bundle (``tar -xzf dist/liaison-desktop-*.tar.gz``) or
``/opt/liaison`` of an unpacked .deb. Figures: docs/PERFORMANCE.md.
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


def one_start(command: list[str]) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_DATA_HOME": f"{home}/data",
               "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache",
               "QT_QPA_PLATFORM": "offscreen"}
        start = time.perf_counter()
        subprocess.run([*command, "--profile", f"{home}/profile", "--smoke-test"], env=env,
                       check=True, capture_output=True, timeout=120)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    commands = {
        "bundle": [str(args.bundle / "liaison-desktop")],
        "source": [sys.executable, "-m", "ui.app"],
    }
    for name, command in commands.items():
        times = [one_start(command) for _ in range(args.runs)]
        print(f"{name}: first {times[0]:.2f} s, median {statistics.median(times):.2f} s "
              f"over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
