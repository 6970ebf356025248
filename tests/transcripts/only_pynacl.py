"""Run the single-file verifier with nothing importable but the standard library and
PyNaCl (and its cffi runtime): ``python -S`` skips every site-packages directory,
and PYTHONPATH names a folder holding only links to ``nacl``, ``cffi`` and
``_cffi_backend``. So a verifier that imported Liaison (or anything else) fails
here as it would on a court expert's machine with only ``pip install pynacl``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nacl

_SITE = Path(nacl.__file__).resolve().parent.parent


def pynacl_only_path(into: Path) -> Path:
    """A folder with PyNaCl and its cffi runtime, nothing else."""
    path = into / "only-pynacl"
    if not path.exists():
        path.mkdir()
        for entry in _SITE.iterdir():
            if entry.name in ("nacl", "cffi") or entry.name.startswith("_cffi_backend"):
                (path / entry.name).symlink_to(entry)
    return path


def run_single_file(script: Path, folder: Path, *args: str,
                    scratch: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(pynacl_only_path(scratch)),
           "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-S", str(script), str(folder), *args],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=120,
                          check=False)
