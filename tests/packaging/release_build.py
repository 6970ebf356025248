"""Running ``packaging/build`` from a test: one build per test session, shared.

The full build takes about a minute on the 2-core CI machine (PyInstaller plus
compressing ~240 MB twice); the locked build environment (build/release-venv) is cached
between runs by the hash of the lock file, so only the first run on a machine installs it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "packaging" / "build"
#: Generous for a loaded 2-core machine; a build measures ~1 minute (docs/PERFORMANCE.md).
BUILD_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Release:
    out: Path
    log: str
    version: str

    def artefact(self, pattern: str) -> Path:
        (found,) = self.out.glob(pattern)
        return found


def run_build(out: Path, work: Path, key: Path | None) -> Release:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LIAISON_RELEASE_KEY", "LIAISON_RELEASE_KEY_PASSWORD")}
    env["LIAISON_BUILD_WORK"] = str(work)
    cmd = [str(BUILD), "--out", str(out)] + (["--key", str(key)] if key else [])
    done = subprocess.run(cmd, capture_output=True, text=True, env=env,
                          timeout=BUILD_TIMEOUT_SECONDS, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-4000:]
    (tarball,) = out.glob("liaison-desktop-*-linux-x86_64.tar.gz")
    version = tarball.name.removeprefix("liaison-desktop-").removesuffix("-linux-x86_64.tar.gz")
    return Release(out=out, log=done.stderr, version=version)
