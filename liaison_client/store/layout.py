"""Where a profile's files live.

A profile is one directory. Only non-secret metadata and *wrapped* keys are
stored outside the SQLCipher database; every other byte of user data is inside
``liaison.db``. The directory is resolved from ``--profile``, then
``LIAISON_PROFILE``, then the platform's user data directory (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

PROFILE_ENV = "LIAISON_PROFILE"


@dataclass(frozen=True)
class ProfileLayout:
    """The paths of one profile directory."""

    root: Path

    @property
    def manifest(self) -> Path:
        """Non-secret description: profile id, how the keys are kept."""
        return self.root / "profile.json"

    @property
    def database(self) -> Path:
        return self.root / "liaison.db"

    @property
    def passphrase_wrapped_keys(self) -> Path:
        return self.root / "keys.passphrase.json"

    @property
    def recovery_wrapped_keys(self) -> Path:
        return self.root / "keys.recovery.json"

    @property
    def lock_file(self) -> Path:
        """Held (OS file lock) by the one process that has the profile open."""
        return self.root / "profile.lock"

    def exists(self) -> bool:
        return self.manifest.exists()


def resolve_profile_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The profile directory: explicit argument, then env, then the user data dir."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    from_env = os.environ.get(PROFILE_ENV)
    if from_env:
        return Path(from_env).expanduser().absolute()
    return Path(platformdirs.user_data_dir("liaison", appauthor=False)) / "profile"
