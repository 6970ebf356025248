"""The real ``minisign`` tool (Debian's ``minisign``, installed by scripts/bootstrap.sh)
and throwaway key pairs made with it, so every test checks interoperability."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class MinisignKeyPair:
    """An unencrypted key pair made by ``minisign -G -W`` for one test."""

    public: Path
    secret: Path


def run_minisign(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the minisign binary; it never prompts (keys are unencrypted, stdin closed)."""
    tool = shutil.which("minisign")
    if tool is None:
        pytest.fail("the minisign tool is missing: run scripts/bootstrap.sh as root, or "
                    "apt-get install minisign")
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=30, check=False)


def make_key_pair(directory: Path) -> MinisignKeyPair:
    directory.mkdir(parents=True, exist_ok=True)
    pair = MinisignKeyPair(directory / "test.pub", directory / "test.key")
    made = run_minisign("-G", "-W", "-p", pair.public, "-s", pair.secret)
    assert made.returncode == 0, made.stderr
    return pair


@pytest.fixture
def key_pair(tmp_path: Path) -> MinisignKeyPair:
    return make_key_pair(tmp_path / "keys")


@pytest.fixture
def other_key_pair(tmp_path: Path) -> MinisignKeyPair:
    return make_key_pair(tmp_path / "other-keys")
