"""The effective provisioning: defaults, then IT's system file, then the officer's override.

Why TOML and ``tomllib``: a format IT can write by hand, read by the standard library (no
new dependency), with types (strings, integers, booleans, lists). Files, lowest first:

1. built-in defaults (:data:`KEYS`);
2. the system file ``/etc/liaison/config.toml`` (``$LIAISON_SYSTEM_CONFIG`` overrides the
   path, for tests and for IT's staging);
3. the officer's file ``config.toml`` beside the profile directory, which may set only the
   keys the system file lists in ``officer_may_change``.

Every value keeps its source, so ``liaison config show`` says where it came from. Anything
wrong (TOML syntax, an unknown key, a wrong type or range, an override of a locked key) is
a :class:`ProvisioningError` naming the file, the line and the key: never a silent default.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liaison_client.provisioning.errors import ProvisioningError
from liaison_client.store.key_custody import MIN_PASSPHRASE_CHARS

SYSTEM_CONFIG = Path("/etc/liaison/config.toml")
SYSTEM_CONFIG_ENV = "LIAISON_SYSTEM_CONFIG"
USER_CONFIG_NAME = "config.toml"
DEFAULT_SOURCE = "default"
KEY_STORAGE_CHOICES = ("keyring", "keyring-or-passphrase")
#: The store's own floor (key_custody); ``min_passphrase_length`` can only raise it.
STORE_MIN_PASSPHRASE_LENGTH = MIN_PASSPHRASE_CHARS


def _url(value: Any) -> str | None:
    if not isinstance(value, str) or not value.startswith("https://") or " " in value:
        return "must be an https:// URL"
    return None


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "must be a non-empty string"


def _strings(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return "must be a list of non-empty strings"
    return None


def _int_range(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None
    return check


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _choice(value: Any) -> str | None:
    if value not in KEY_STORAGE_CHOICES:
        return "must be one of " + ", ".join(f'"{c}"' for c in KEY_STORAGE_CHOICES)
    return None


def _update_source(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be an https:// URL or an absolute folder path"
    if value.startswith(("https://", "/")):
        return None
    if re.match(r"http://(127\.0\.0\.1|\[::1\]|localhost)[:/]", value):
        return None  # loopback only, for tests: the manifest is signed either way
    return "must be an https:// URL or an absolute folder path"


def _publisher_key(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"RW[A-Za-z0-9+/]{54}", value):
        return "must be a minisign public key (the 56-character line starting with RW)"
    return None


@dataclass(frozen=True)
class Key:
    """One provisioning key: its default and its check (returns a reason, or None)."""

    name: str
    default: Any
    check: Callable[[Any], str | None]
    #: Whether the officer may ever change it (update settings are IT's only).
    officer_changeable: bool = True


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("relay_url", None, _url),
    Key("relay_ca", None, _string),
    Key("allowed_agencies", [], _strings),
    Key("key_storage", "keyring-or-passphrase", _choice),
    # The store's own rule is length (key_custody.check_passphrase_strength); IT may only
    # raise its floor.
    Key("min_passphrase_length", MIN_PASSPHRASE_CHARS, _int_range(MIN_PASSPHRASE_CHARS, 128)),
    # The app's own default and ceiling (ui/notifications/preferences.py); IT cannot turn it off.
    Key("idle_lock_minutes", 10, _int_range(1, 480)),
    Key("notification_text", False, _bool),
    Key("update_source", None, _update_source, officer_changeable=False),
    Key("update_publisher_key", None, _publisher_key, officer_changeable=False),
)}
LOCK_KEY = "officer_may_change"
#: With no system file, or a system file without ``officer_may_change``: everything the
#: officer could ever change stays changeable.
DEFAULT_CHANGEABLE = tuple(k.name for k in KEYS.values() if k.officer_changeable)


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str
    locked: bool


@dataclass(frozen=True)
class Provisioning:
    """The effective configuration: every key with its value, source and lock."""

    settings: dict[str, Setting]
    system_file: Path
    #: None when only the system file was read (:func:`load_system_provisioning`).
    user_file: Path | None

    def value(self, key: str) -> Any:
        return self.settings[key].value

    def locked(self, key: str) -> bool:
        return self.settings[key].locked


def system_config_path() -> Path:
    return Path(os.environ.get(SYSTEM_CONFIG_ENV) or SYSTEM_CONFIG)


def user_config_path(profile_dir: Path) -> Path:
    """Beside the profile directory (one per profile, never inside the encrypted store)."""
    return profile_dir.parent / USER_CONFIG_NAME


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _read(path: Path) -> tuple[dict[str, Any], str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        # No file there: none in the folder, or the folder is not one (a profile path
        # under a file fails later, where the profile is made, with that error).
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ProvisioningError(str(path), None, None, f"cannot be read ({error})") from error
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise ProvisioningError(str(path), int(line.group(1)) if line else None, None,
                                f"not valid TOML ({error})") from error


def _checked(path: Path, data: dict[str, Any], text: str,
             allowed: set[str]) -> dict[str, Any]:
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in allowed:
            known = key in KEYS or key == LOCK_KEY
            raise ProvisioningError(str(path), line, key,
                                    "locked by IT (not in officer_may_change)" if known
                                    else "unknown key (docs/INSTALL.md lists the keys)")
        if key == LOCK_KEY:
            reason = _strings(value)
            unknown = [] if reason else [v for v in value if v not in DEFAULT_CHANGEABLE]
            if reason or unknown:
                raise ProvisioningError(
                    str(path), line, key, reason or
                    f"names keys the officer can never change: {', '.join(unknown)}")
            continue
        reason = KEYS[key].check(value)
        if reason:
            raise ProvisioningError(str(path), line, key, reason)
    return data


def load_system_provisioning() -> Provisioning:
    """Defaults and the system file only: enough for the values IT locked (the officer's
    file can never change those), where no profile directory is at hand."""
    return load_provisioning(None)


def load_provisioning(profile_dir: Path | None) -> Provisioning:
    """Read and check both files; raises :class:`ProvisioningError` on any mistake."""
    system_path = system_config_path()
    user_path = None if profile_dir is None else user_config_path(profile_dir)
    settings = {k.name: Setting(k.default, DEFAULT_SOURCE, False) for k in KEYS.values()}
    changeable = set(DEFAULT_CHANGEABLE)
    system = _read(system_path)
    if system is not None:
        data = _checked(system_path, *system, allowed=set(KEYS) | {LOCK_KEY})
        changeable = set(data.get(LOCK_KEY, DEFAULT_CHANGEABLE))
        for key, value in data.items():
            if key != LOCK_KEY:
                settings[key] = Setting(value, str(system_path), False)
    for key, setting in settings.items():
        settings[key] = Setting(setting.value, setting.source, key not in changeable)
    user = None if user_path is None else _read(user_path)
    if user is not None and user_path is not None:
        data = _checked(user_path, *user, allowed=changeable)
        for key, value in data.items():
            settings[key] = Setting(value, str(user_path), False)
    return Provisioning(settings=settings, system_file=system_path, user_file=user_path)
