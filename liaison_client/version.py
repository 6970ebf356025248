"""Which Liaison this is: the one place the version is read.

The version is written once, in ``pyproject.toml``; an installed Liaison (wheel,
editable checkout) carries it in its package metadata, which is read here rather
than copied into the code, so the About dialog can never name a release other
than the one installed. Used by the desktop app's About dialog and ``liaison --version``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: The distribution name in ``pyproject.toml``.
DISTRIBUTION = "liaison"
#: Shown when Liaison runs from a source tree that was never installed (no metadata):
#: a PEP 440 version that sorts below every release and says it is unknown.
UNKNOWN_VERSION = "0+unknown"


def app_version() -> str:
    """The installed Liaison's version, or :data:`UNKNOWN_VERSION` when not installed.

    A frozen bundle carries no package metadata: its version is the build record's.
    """
    if getattr(sys, "frozen", False):
        return build_info().version
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN_VERSION


#: Written into a frozen bundle's ``_internal`` by the release build (packaging/build).
BUILD_INFO_FILE = "build-info.json"
#: At the bundle's top: the SHA-256 of every other file of the bundle (sha256sum format).
MANIFEST_FILE = "MANIFEST.sha256"


@dataclass(frozen=True)
class BuildInfo:
    """What was built: baked in at build time, so a bundle names its own commit and date.

    ``commit``, ``build_date`` and ``manifest_sha256`` are ``None`` in a source install
    (a checkout or a wheel), which has no build record; the UI then says "source install".
    """

    version: str
    commit: str | None = None
    build_date: str | None = None
    manifest_sha256: str | None = None

    @property
    def bundled(self) -> bool:
        return self.commit is not None

    def describe(self) -> str:
        """``liaison --version``: one line, and a second with the bundle's manifest digest."""
        if not self.bundled:
            return f"liaison {self.version} (source install)"
        line = f"liaison {self.version} (commit {self.commit}, built {self.build_date})"
        # The same digest Help → About shows: IT compares it with the published manifest.
        if self.manifest_sha256 is not None:
            line += f"\nbundle manifest SHA-256 {self.manifest_sha256}"
        return line


def build_info() -> BuildInfo:
    """The running Liaison's build record: from the bundle when frozen, else the metadata."""
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or bundle_dir is None:
        return BuildInfo(version=app_version())
    record = json.loads((Path(bundle_dir) / BUILD_INFO_FILE).read_text(encoding="utf-8"))
    manifest = Path(sys.executable).resolve().parent / MANIFEST_FILE
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest.is_file() else None
    return BuildInfo(version=str(record["version"]), commit=str(record["commit"]),
                     build_date=str(record["build_date"]), manifest_sha256=digest)
