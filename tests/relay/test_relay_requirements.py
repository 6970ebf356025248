"""The relay's hash-pinned requirements agree with the constraints (issue 10, item 11).

``pip install 'liaison[relay]'`` ignored requirements/constraints.txt (pyproject
has lower bounds only); requirements/relay.txt pins the whole relay install with
sha256 hashes for ``pip install --require-hashes``. Checked offline here (the
test suite talks to loopback only): every line pinned and hashed, every version
the constraints file's, and every relay dependency of pyproject.toml present.
The vulnerability audit of the same file is scripts/audit-dependencies (network,
opt-in, CI).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    text = path.read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", line)
            assert match, line
            pins[_canonical(match.group(1))] = match.group(2)
    return pins


def test_every_relay_requirement_is_pinned_with_a_hash() -> None:
    text = (ROOT / "requirements/relay.txt").read_text().replace("\\\n", " ")
    entries = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(entries) > 20
    for entry in entries:
        assert re.fullmatch(r"\S+==\S+( +--hash=sha256:[0-9a-f]{64})+", entry.strip()), entry


def test_the_pins_are_the_constraints_and_cover_the_relay_extra() -> None:
    relay = _pins(ROOT / "requirements/relay.txt")
    constraints = _pins(ROOT / "requirements/constraints.txt")
    assert {n: v for n, v in relay.items() if constraints.get(n) != v} == {}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["relay"]]
    names = {_canonical(re.split(r"[<>=!\[ ;]", w, maxsplit=1)[0]) for w in wanted}
    assert names - set(relay) == set()
