"""Notification and idle-lock preferences, kept in ``QSettings``.

Like language and theme (``ui/preferences.py``) they say nothing about the
officer's work, and the lock delay must be known before anything is unlocked.
Defaults are the cautious ones: notifications on, *without* message text (a
notification is visible on a locked screen and in the system's history), and a
lock after 10 idle minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings

from liaison_client.provisioning.config import load_system_provisioning
from liaison_client.provisioning.errors import ProvisioningError

ENABLED_KEY = "notifications/enabled"
SHOW_TEXT_KEY = "notifications/show_text"
LOCK_MINUTES_KEY = "lock/idle_minutes"
DEFAULT_LOCK_MINUTES = 10
#: 0 turns the idle lock off; more than a working day is not a lock.
MAX_LOCK_MINUTES = 480


@dataclass(frozen=True)
class NotificationPreferences:
    enabled: bool = True
    show_text: bool = False
    lock_after_minutes: int = DEFAULT_LOCK_MINUTES

    @classmethod
    def load(cls, settings: QSettings) -> NotificationPreferences:
        minutes = _as_int(settings.value(LOCK_MINUTES_KEY, DEFAULT_LOCK_MINUTES),
                          DEFAULT_LOCK_MINUTES)
        saved = cls(
            enabled=_as_bool(settings.value(ENABLED_KEY, True)),
            show_text=_as_bool(settings.value(SHOW_TEXT_KEY, False)),
            lock_after_minutes=min(max(minutes, 0), MAX_LOCK_MINUTES),
        )
        return saved.with_locked_provisioning()

    def with_locked_provisioning(self) -> NotificationPreferences:
        """What IT locked in /etc/liaison/config.toml wins over the saved preference, so
        the idle lock and notifications obey IT even if Settings was never opened. A
        malformed file changes nothing here: the wizard and Settings show its error."""
        try:
            provisioning = load_system_provisioning()
        except ProvisioningError:
            return self
        result = self
        if provisioning.locked("idle_lock_minutes"):
            result = replace(result,
                             lock_after_minutes=int(provisioning.value("idle_lock_minutes")))
        if provisioning.locked("notification_text"):
            result = replace(result, show_text=bool(provisioning.value("notification_text")))
        return result

    def save(self, settings: QSettings) -> None:
        settings.setValue(ENABLED_KEY, self.enabled)
        settings.setValue(SHOW_TEXT_KEY, self.show_text)
        settings.setValue(LOCK_MINUTES_KEY, self.lock_after_minutes)
        settings.sync()


def _as_bool(value: object) -> bool:
    """QSettings' INI backend gives booleans back as the strings "true"/"false"."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
