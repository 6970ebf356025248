"""Sum the per-test durations a pytest run printed (``--durations=0``, or ``=25``).

Wall time says little on a machine shared with other work; the time the
tests themselves took (setup + call + teardown, as pytest measures them)
says more, and the sum of the slowest ones shows where the time goes. Used
for docs/PERFORMANCE.md, "Test suite"::

    scripts/run-tests --durations=0 -q > run.log
    python -m bench.suite_durations run.log
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

#: ``12.34s call     tests/x.py::test_y`` (xdist prints the same lines).
_DURATION = re.compile(r"^(\d+\.\d+)s (setup|call|teardown)\s+(\S+)")


def per_test(log: str) -> dict[str, float]:
    """Seconds per test id, its phases added up."""
    seconds: dict[str, float] = defaultdict(float)
    for line in log.splitlines():
        match = _DURATION.match(line)
        if match:
            seconds[match.group(3)] += float(match.group(1))
    return dict(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    log = args.log.read_text(errors="replace")
    phases = [float(m.group(1)) for m in map(_DURATION.match, log.splitlines()) if m]
    tests = sorted(per_test(log).items(), key=lambda item: item[1], reverse=True)
    top_phases = sorted(phases, reverse=True)[:args.top]
    summary = re.findall(r"=+ (.*in [\d.]+s.*?) =+", log)
    print(f"phases listed: {len(phases)}, sum {sum(phases):.1f} s")
    print(f"top {args.top} phases (as --durations={args.top} lists them): "
          f"sum {sum(top_phases):.1f} s")
    print(f"tests: {len(tests)}, top {args.top} tests (phases added): "
          f"sum {sum(s for _, s in tests[:args.top]):.1f} s")
    for test_id, seconds in tests[:args.top]:
        print(f"  {seconds:7.2f} s  {test_id}")
    if summary:
        print(f"pytest: {summary[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
