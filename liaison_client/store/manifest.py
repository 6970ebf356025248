"""``profile.json``: the only plaintext file in a profile, and it holds no user data.

It names the profile (a random id, also the keyring entry's user name) and how
the database key is kept, so that ``open`` knows whether to ask the keyring or
for a passphrase before it touches the database.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from liaison_client.errors import ProfileNotFoundError, StoreCorruptError
from liaison_client.store.atomic_file import write_atomic

MANIFEST_FORMAT = 1


class KeyStorage(StrEnum):
    """Where the profile's keys are kept between runs."""

    KEYRING = "keyring"
    PASSPHRASE = "passphrase"


@dataclass(frozen=True)
class ProfileManifest:
    profile_id: str
    key_storage: KeyStorage
    created_at: str
    format: int = MANIFEST_FORMAT

    @classmethod
    def new(cls, key_storage: KeyStorage) -> ProfileManifest:
        return cls(
            profile_id=str(uuid.uuid4()),
            key_storage=key_storage,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(asdict(self), indent=2).encode() + b"\n", mode=0o644)

    @classmethod
    def load(cls, path: Path) -> ProfileManifest:
        try:
            raw = json.loads(path.read_bytes())
        except FileNotFoundError as exc:
            raise ProfileNotFoundError(
                f"no Liaison profile in {path.parent} (create one with 'liaison init')"
            ) from exc
        except (OSError, ValueError) as exc:
            raise StoreCorruptError(f"profile manifest {path} is unreadable: {exc}") from exc
        try:
            if raw["format"] != MANIFEST_FORMAT:
                raise StoreCorruptError(
                    f"profile manifest {path} has format {raw['format']!r}; "
                    f"this version of Liaison reads format {MANIFEST_FORMAT}"
                )
            return cls(
                profile_id=str(uuid.UUID(raw["profile_id"])),
                key_storage=KeyStorage(raw["key_storage"]),
                created_at=str(raw["created_at"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreCorruptError(f"profile manifest {path} is damaged: {exc}") from exc
